"""Issue 17 (item 5): importparts reads merged XLSX cells as the merged value, and a CSV cell over the
csv module's 131,072-character limit is cut to 32,767 and reported (no ``_csv.Error``) — every row still
accepted or rejected."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "gm_test_import_parts_cells", Path(__file__).with_name("test_import_parts.py")
)
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)


@pytest.fixture(scope="module")
def grids(tmp_path_factory):
    return _base.make_grids(str(tmp_path_factory.mktemp("grids") / "grids.gpkg"))


def test_merged_xlsx_cells_read_as_the_merged_value(run_alg, tmp_path, grids):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["东城区部件普查表"])  # a title merged across the table: still skipped as a title
    ws.merge_cells("A1:F1")
    ws.append(_base.HEADER)
    rows = _base.good_rows(7)
    for row in rows:
        ws.append(row)
    # 主管部门 (owner department) typed once and merged over rows 3–6, 状态 merged over rows 7–9
    for r in range(4, 7):
        ws.cell(row=r, column=6).value = None
    ws.merge_cells("F3:F6")
    ws.cell(row=3, column=6).value = "区水务局"
    for r in range(8, 10):
        ws.cell(row=r, column=5).value = None
    ws.cell(row=7, column=5).value = "破损"
    ws.merge_cells("E7:E9")
    path = str(tmp_path / "survey.xlsx")
    wb.save(path)
    results, feedback, parts, rej = _base.run_import(run_alg, tmp_path, path, grids)
    assert results["ROWS"] == 7 and len(parts) == 7 and len(rej) == 0
    by_row = parts.set_index("source_row")
    assert by_row.loc[[1, 2, 3, 4], "owner_dept"].tolist() == ["区水务局"] * 4
    assert by_row.loc[[5, 6, 7], "status"].tolist() == ["破损"] * 3
    assert by_row.loc[[1, 2, 3, 4], "status"].tolist() == ["完好"] * 4
    assert any(
        "2 merged cell range(s) were read as their value" in line and "F3:F6: '区水务局'" in line
        for line in feedback.log
    )


def test_csv_cell_longer_than_the_csv_limit_is_cut_and_reported(run_alg, tmp_path, grids):
    import csv

    rows = _base.good_rows(5)
    rows[2][1] = "很长的名称" * 40000  # 200,000 characters, over csv's 131,072 field limit
    rows[3][1] = 'quoted, "with" separators'
    path = _base.write_csv(tmp_path / "survey.csv", rows)
    limit = csv.field_size_limit()
    results, feedback, parts, rej = _base.run_import(run_alg, tmp_path, path, grids)
    assert csv.field_size_limit() == limit  # the process-wide limit is put back
    assert results["ROWS"] == 5 and len(parts) + len(rej) == 5 and len(parts) == 5
    name = parts.set_index("source_row").loc[3, "name"]
    assert len(name) == 32767 and name == ("很长的名称" * 40000)[:32767]
    assert parts.set_index("source_row").loc[4, "name"] == 'quoted, "with" separators'
    assert any(
        "1 cell(s) longer than 32,767 characters were cut to 32,767 (the first: row 3, field '部件名称', "
        "200,000 characters)" in line
        for line in feedback.log
    )
