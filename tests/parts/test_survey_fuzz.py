"""Property-based fuzzing of the survey readers: malformed encodings, ragged rows, formulas, empty
sheets, huge fields — never a crash, always the row accounting."""

import csv
import io

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

CODES = st.sampled_from(
    [
        "010100000001",
        "010200000002",
        "3205080101000001",
        "",
        "01x",
        "０１０１０００００００９",
        "019900000001",
        "=A1",
        "1.0101e11",
    ]
)
COORDS = st.sampled_from(["116.40", "39.91", "", "abc", "1e999", "-0", "116,4", "３９．９", "nan", "inf", "-999"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
CELL = st.one_of(CODES, COORDS, TEXT, st.just("x" * 40000), st.just("=SUM(A1:A3)"), st.just('"quoted, "" cell'))
ROW = st.lists(CELL, min_size=0, max_size=7)


@pytest.fixture(scope="module")
def grids():
    from gridmanager.grid_manager.parts.survey_import import GridSet

    return GridSet.build(
        ["110101001001001", "110101001001002"],
        [shapely.box(116.3, 39.8, 116.4, 40.0), shapely.box(116.4, 39.8, 116.5, 40.0)],
        "EPSG:4326",
    )


def check_accounting(table, grids):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.parts.survey_import import ImportOptions, import_survey

    try:
        result = import_survey(table, grids, ImportOptions(x_field="x", y_field="y", code_field="code", coordinates=1))
    except InputError:
        return None
    assert len(result.accepted) + len(result.rejected) == table.n
    rows = np.sort(np.concatenate([result.accepted["source_row"].values, result.rejected["row"].values]))
    assert rows.tolist() == list(range(1, table.n + 1))
    assert result.rejected["reason"].map(lambda r: isinstance(r, str) and len(r) > 0).all()
    return result


def header_ok(table):
    """The import may refuse a table only when it lacks the chosen fields."""
    return all(name in table.data for name in ("code", "x", "y"))


def expected_rows(rows):
    body = list(rows)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()
    return len(body)


@FUZZ
@given(
    rows=st.lists(ROW, max_size=25),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]),
    garbage=st.binary(max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_reader_never_crashes_and_accounts_for_every_row(
    tmp_path_factory, grids, rows, encoding, garbage, delimiter
):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["code", "x", "y", "name"])
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    if garbage and encoding != "utf-16":
        middle = len(data) // 2
        data = data[:middle] + garbage + data[middle:]  # malformed bytes somewhere in the file
    path = tmp_path_factory.mktemp("fuzz") / "survey.csv"
    path.write_bytes(data)
    try:
        table = read_survey(str(path))
    except InputError:
        return
    if (
        not garbage
        and encoding != "utf-16"
        and delimiter == ","
        and "\x00" not in buffer.getvalue()
        and "\r" not in buffer.getvalue()
    ):
        assert table.n == expected_rows(rows)
    assert check_accounting(table, grids) is not None or not header_ok(table)


XLSX_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
XLSX_CELL = st.one_of(
    CODES,
    COORDS,
    XLSX_TEXT,
    st.none(),
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=True, allow_infinity=False),
    st.just("=A2&B2"),
    st.just("y" * 33000),
)


@FUZZ
@given(rows=st.lists(st.lists(XLSX_CELL, max_size=6), max_size=20), empty_first=st.booleans(), header=st.booleans())
def test_xlsx_reader_never_crashes_and_accounts_for_every_row(tmp_path_factory, grids, rows, empty_first, header):
    from openpyxl import Workbook

    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey

    wb = Workbook()
    ws = wb.active
    if empty_first:
        ws.title = "empty"
        ws = wb.create_sheet("data")
    if header:
        ws.append(["code", "x", "y", "name"])
    for row in rows:
        ws.append(row)
    path = tmp_path_factory.mktemp("fuzz") / "survey.xlsx"
    wb.save(str(path))
    try:
        table = read_survey(str(path))
    except InputError:
        return
    assert check_accounting(table, grids) is not None or not header_ok(table)


def test_a_truncated_workbook_is_a_clear_error(tmp_path):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError, match=r"broken\.xlsx as an Excel workbook"):
        read_survey(str(path))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.csv: the file has no data"):
        read_survey(str(empty))
