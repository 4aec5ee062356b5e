"""Issue 13 items 6–7: checkgrids' output styled by problem kind in the UI language and a report listing
every problem with its codes and coordinates; partition/revise/check dialogs: integer targets, usual field
names pre-picked, numeric results declared as outputs, the revise output styled by status."""

import re

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingParameterNumber,
    QgsProject,
)

from .test_check_fixes import SELF_TOUCHING, layer


def run_loaded(run_alg, alg_id, params, outputs=("OUTPUT",)):
    """Run with the outputs to be loaded into the project (as the dialog does), then apply each output's
    post-processor; returns (results, {output name: loaded layer})."""
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    for name in outputs:
        params[name] = QgsProcessingOutputLayerDefinition("memory:", QgsProject.instance())
    results, _ = run_alg(alg_id, params, context=context)
    loaded = {}
    for name in outputs:
        dest = results[name]
        out = context.getMapLayer(dest) if isinstance(dest, str) else dest
        details = context.layerToLoadOnCompletionDetails(out.id() if not isinstance(dest, str) else dest)
        if name == "OUTPUT":
            assert details.postProcessor() is not None
            details.postProcessor().postProcessLayer(out, context, QgsProcessingFeedback())
        loaded[name] = out
    return results, loaded


def check_params(tmp_path, grids):
    areas = layer([("POLYGON((0 0, 300 0, 300 100, 0 100, 0 0))", "440305001001")], "community_code:string(12)")
    buildings = layer([("POLYGON((10 60, 30 60, 30 80, 10 80, 10 60))", 400.0)], "households:double")
    return {
        "GRIDS": grids,
        "AREAS": areas,
        "BUILDINGS": buildings,
        "REPORT": str(tmp_path / "report.html"),
    }


def hand_drawn():
    return layer(
        [
            (SELF_TOUCHING, "440305001001001"),
            ("POLYGON((160 0, 300 0, 300 100, 160 100, 160 0))", "440305001001001"),
        ]
    )


def test_check_output_is_categorized_by_problem_and_report_lists_every_problem(run_alg, tmp_path):
    results, loaded = run_loaded(run_alg, "gridmanager:checkgrids", check_params(tmp_path, hand_drawn()))
    problems = loaded["OUTPUT"]
    renderer = problems.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "problem"
    cats = {c.value(): c.label() for c in renderer.categories()}
    assert cats["invalid_geometry"] == "Invalid geometry"
    assert cats["duplicate_code"] == "Duplicate grid code"
    colours = {c.symbol().color().name() for c in renderer.categories()}
    assert len(colours) == len(cats)  # one colour per kind
    found = list(problems.getFeatures())
    kinds = {f["problem"] for f in found}
    assert {"invalid_geometry", "duplicate_code", "gap"} <= kinds
    assert kinds <= set(cats)  # every problem written has its category
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-x='([-0-9.]+)' data-y='([-0-9.]+)'>(.*?)</tr>", report)
    assert len(rows) == len(found) == results["PROBLEM_COUNT"]
    assert "EPSG:32650" in report
    for f in found:
        point = f.geometry().pointOnSurface().asPoint()
        assert any(
            abs(float(x) - point.x()) < 0.01 and abs(float(y) - point.y()) < 0.01 and f["problem_label"] in cells
            for x, y, cells in rows
        )
    assert sum("440305001001001" in cells for _, _, cells in rows) >= 3  # invalid, duplicate, gap …


def test_check_categories_and_report_speak_chinese(run_alg, tmp_path, zh_cn):
    _, loaded = run_loaded(run_alg, "gridmanager:checkgrids", check_params(tmp_path, hand_drawn()))
    cats = {c.value(): c.label() for c in loaded["OUTPUT"].renderer().categories()}
    assert cats["invalid_geometry"] == "无效几何"
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "无效几何" in report


def test_check_fields_are_pre_picked_by_their_usual_names(run_alg, tmp_path):
    # neither AREA_CODE_FIELD nor HOUSEHOLD_FIELD given: community_code and households are used
    grids = layer([("POLYGON((0 0, 300 0, 300 100, 0 100, 0 0))", "440305001002001")])
    results, _ = run_alg("gridmanager:checkgrids", dict(check_params(tmp_path, grids), OUTPUT="memory:"))
    kinds = [f["problem"] for f in results["OUTPUT"].getFeatures()]
    assert "code_area_mismatch" in kinds  # the community code was read from community_code
    assert "out_of_tolerance" not in kinds  # balanced by households (400 = target), not by area (+200 %)
    # a buildings layer without a 'households' field: no household field, balance by area, no error
    params = check_params(tmp_path, grids)
    params["BUILDINGS"] = layer([("POLYGON((10 60, 30 60, 30 80, 10 80, 10 60))", 4.0)], "hh:double")
    results, _ = run_alg("gridmanager:checkgrids", dict(params, OUTPUT="memory:"))
    assert "out_of_tolerance" in [f["problem"] for f in results["OUTPUT"].getFeatures()]


def test_dialogs_show_integer_targets_pre_picked_fields_and_numeric_outputs(provider):
    from qgis.core import QgsApplication

    expected = {
        "gridmanager:partitiongrids": (
            {"AREA_CODE_FIELD": "community_code", "HOUSEHOLD_FIELD": "households"},
            {"GRID_COUNT", "WITHIN_TOLERANCE"},
        ),
        "gridmanager:revisegrids": (
            {"AREA_CODE_FIELD": "area_code", "HOUSEHOLD_FIELD": "households", "CODE_FIELD": "grid_code"},
            {"REVISED_COUNT"},
        ),
        "gridmanager:checkgrids": (
            {"AREA_CODE_FIELD": "community_code", "HOUSEHOLD_FIELD": "households", "CODE_FIELD": "grid_code"},
            {"PROBLEM_COUNT", "INVALID_GEOMETRY", "OUT_OF_TOLERANCE", "SPLIT_BUILDING"},
        ),
    }
    registry = QgsApplication.processingRegistry()
    for alg_id, (fields, numbers) in expected.items():
        alg = registry.algorithmById(alg_id)
        target = alg.parameterDefinition("TARGET_HOUSEHOLDS")
        assert target.dataType() == QgsProcessingParameterNumber.Type.Integer, alg_id
        assert target.defaultValue() == 400
        for name, default in fields.items():
            assert alg.parameterDefinition(name).defaultValue() == default, (alg_id, name)
        declared = {o.name() for o in alg.outputDefinitions() if isinstance(o, QgsProcessingOutputNumber)}
        assert numbers <= declared, alg_id


def test_revise_output_is_categorized_by_status(run_alg, sample_gpkg, tmp_path):
    from qgis.core import QgsVectorLayer

    src = f"{sample_gpkg}|layername="
    results, _ = run_alg(
        "gridmanager:partitiongrids",
        {
            "AREAS": src + "communities",
            "BARRIERS": src + "roads",
            "BUILDINGS": src + "buildings",
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
            "OUTPUT": str(tmp_path / "grids.gpkg"),
        },
    )
    assert results["GRID_COUNT"] > 0
    grids = QgsVectorLayer(results["OUTPUT"], "grids", "ogr")
    first = next(grids.getFeatures())
    assert first["area_code"]  # AREA_CODE_FIELD left out: community_code was pre-picked
    grids.selectByIds([first.id()])
    results, loaded = run_loaded(
        run_alg,
        "gridmanager:revisegrids",
        {
            "GRIDS": grids,
            "CODE_FIELD": "grid_code",
            "REVISE": 0,
            "BARRIERS": src + "roads",
            "BUILDINGS": src + "buildings",
            "HOUSEHOLD_FIELD": "households_est",
            "BALANCE_BY": 1,
        },
        outputs=("OUTPUT", "CHANGES"),
    )
    renderer = loaded["OUTPUT"].renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "status"
    assert {c.value() for c in renderer.categories()} == {"locked", "unchanged", "changed", "added"}
    statuses = {f["status"] for f in loaded["OUTPUT"].getFeatures()}
    assert "locked" in statuses and statuses <= {"locked", "unchanged", "changed", "added"}
    assert results["REVISED_COUNT"] >= 1
