"""importparts' X / Y / code drop-downs with a GBK CSV (issue 14, item 8): the dialog's field model lists
the real Chinese column names, a picked one imports every row; a mojibake name that QGIS itself showed
(GBK bytes read as UTF-8) is matched back to its column when given through processing.run."""

import csv

import pyogrio
import pytest
from qgis.core import QgsProcessingContext, QgsProject, QgsVectorLayer

from .test_import_parts import good_rows, make_grids

# headers that the import cannot guess: without a picked field nothing is imported
HEADER = ["标识号", "名称", "位置甲", "位置乙", "状态", "主管部门"]


@pytest.fixture(scope="module")
def grids(tmp_path_factory):
    return make_grids(str(tmp_path_factory.mktemp("grids") / "grids.gpkg"))


def gbk_csv(path, n=12, encoding="gbk"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(good_rows(n))
    return str(path)


@pytest.fixture
def dialog_iface(qgis_iface, provider, monkeypatch):
    """pytest-qgis's iface lacks browserModel(), which the parameters panel asks for."""
    from qgis.gui import QgsBrowserGuiModel

    model = QgsBrowserGuiModel()
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: model, raising=False)
    return qgis_iface


def dialog_for(path, grids=None):
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById("gridmanager:importparts")
    dialog = AlgorithmDialog(alg)
    panel = dialog.mainWidget()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    panel.wrappers["INPUT"].setParameterValue(path, context)
    if grids:
        panel.wrappers["GRIDS"].setParameterValue(grids + "|layername=grids", context)
    return dialog, panel


def shown(combo):
    model = combo.model()
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def outputs(tmp_path):
    return {"OUTPUT": str(tmp_path / "parts.gpkg"), "REJECTED": str(tmp_path / "rejected.gpkg")}


def test_qgis_alone_shows_mojibake(tmp_path):
    """The problem this fixes: QGIS opens the GBK CSV as UTF-8 (so a standard drop-down is unreadable)."""
    path = gbk_csv(tmp_path / "s.csv")
    names = [f.name() for f in QgsVectorLayer(path, "s", "ogr").fields()]
    assert "位置甲" not in names and any("\ufffd" in n for n in names)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_dialog_field_model_lists_real_names_and_picked_ones_import(dialog_iface, run_alg, tmp_path, grids, encoding):
    path = gbk_csv(tmp_path / "survey.csv", encoding=encoding)
    dialog, panel = dialog_for(path, grids)
    try:
        combos = {name: panel.wrappers[name].widget for name in ("X_FIELD", "Y_FIELD", "CODE_FIELD")}
        for combo in combos.values():
            assert [n for n in shown(combo) if n] == HEADER  # (the empty entry: optional)
        combos["X_FIELD"].setField("位置甲")
        combos["Y_FIELD"].setField("位置乙")
        combos["CODE_FIELD"].setField("标识号")
        params = dialog.createProcessingParameters()
    finally:
        dialog.close()
    assert (params["X_FIELD"], params["Y_FIELD"], params["CODE_FIELD"]) == ("位置甲", "位置乙", "标识号")
    params = {k: params[k] for k in ("INPUT", "X_FIELD", "Y_FIELD", "CODE_FIELD")}
    params.update(outputs(tmp_path), GRIDS=grids + "|layername=grids")
    results, _feedback = run_alg("gridmanager:importparts", params)
    parts = pyogrio.read_dataframe(results["OUTPUT"])
    assert results["ACCEPTED"] == 12 and results["REJECTED_COUNT"] == 0
    assert sorted(parts["code"]) == sorted(r[0] for r in good_rows(12))


def test_dialog_keeps_qgis_fields_for_a_loaded_layer(dialog_iface, tmp_path):
    """A loaded layer is read through QGIS: its drop-down shows the layer's own field names."""
    path = gbk_csv(tmp_path / "survey.csv")
    layer = QgsVectorLayer(path, "survey", "ogr")
    layer.setProviderEncoding("GBK")
    QgsProject.instance().addMapLayer(layer)
    try:
        dialog, panel = dialog_for(layer.id())
        try:
            assert [n for n in shown(panel.wrappers["X_FIELD"].widget) if n] == HEADER
        finally:
            dialog.close()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_unreadable_file_leaves_the_standard_drop_down(dialog_iface, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    dialog, panel = dialog_for(str(path))  # no exception: the algorithm names the problem when run
    dialog.close()


def test_mojibake_name_from_qgis_is_matched_back(run_alg, tmp_path, grids):
    """Through processing.run (models, qgis_process): the names a standard drop-down offered ('����')."""
    path = gbk_csv(tmp_path / "s.csv")
    wrong = [f.name() for f in QgsVectorLayer(path, "s", "ogr").fields()]
    params = {"INPUT": path, "GRIDS": grids + "|layername=grids", **outputs(tmp_path)}
    params.update(X_FIELD=wrong[2], Y_FIELD=wrong[3], CODE_FIELD=wrong[0])
    results, _feedback = run_alg("gridmanager:importparts", params)
    assert results["ACCEPTED"] == 12 and results["REJECTED_COUNT"] == 0


def test_batch_and_model_dialogs_build_with_the_survey_drop_downs(dialog_iface):
    """The field drop-downs are Python widget wrappers: the batch and modeler dialogs take them too."""
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from processing.modeler.ModelerParametersDialog import ModelerParametersDialog
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm

    alg = QgsApplication.processingRegistry().createAlgorithmById("gridmanager:importparts")
    batch = BatchAlgorithmDialog(alg)
    batch.close()
    model = QgsProcessingModelAlgorithm("m", "g")
    child = QgsProcessingModelChildAlgorithm("gridmanager:importparts")
    child.generateChildId(model)
    model.addChildAlgorithm(child)
    dialog = ModelerParametersDialog(alg, model, child.childId())  # builds (no exception)
    dialog.close()


def test_dialog_lists_the_header_of_a_sheet_with_a_title_row(dialog_iface, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["东城区部件普查表"])
    sheet.append(HEADER)
    for row in good_rows(3):
        sheet.append(row)
    path = str(tmp_path / "survey.xlsx")
    workbook.save(path)
    dialog, panel = dialog_for(path)
    try:
        assert [n for n in shown(panel.wrappers["CODE_FIELD"].widget) if n] == HEADER
    finally:
        dialog.close()


def test_dialog_lists_gbk_shapefile_fields_without_cpg(dialog_iface, tmp_path):
    import os

    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame(
        {"标识号": ["030500000001"], "名称": ["垃圾箱"]}, geometry=[shapely.Point(116.4, 39.9)], crs="EPSG:4326"
    )
    path = str(tmp_path / "parts.shp")
    pyogrio.write_dataframe(frame, path, encoding="GBK")
    for ext in (".cpg", ".CPG"):
        if os.path.exists(str(tmp_path / "parts") + ext):
            os.remove(str(tmp_path / "parts") + ext)
    with open(str(tmp_path / "parts.dbf"), "r+b") as handle:  # no language driver byte either
        handle.seek(29)
        handle.write(b"\x00")
    dialog, panel = dialog_for(path)
    try:
        assert [n for n in shown(panel.wrappers["CODE_FIELD"].widget) if n] == ["标识号", "名称"]
    finally:
        dialog.close()
