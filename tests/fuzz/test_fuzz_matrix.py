"""The fuzz matrix of issue 17 over the nine algorithms: every class of bad input either gets a clear
QgsProcessingException naming the layer / field / parameter / path, with nothing written and the
inputs untouched (content and mtime), or a correct result."""

import os

import pyogrio
import pytest

from .conftest import ALGORITHMS, STORE_ADMIN_ALGORITHMS


def definitions(provider, alg_id):
    return {d.name(): d for d in provider.algorithmById(alg_id.split(":")[1]).parameterDefinitions()}


def project_context():
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return context


def layer_label(source):
    return source.split("|layername=")[-1] if "|layername=" in source else os.path.splitext(os.path.basename(source))[0]


def test_every_algorithm_is_in_the_matrix(provider):
    registered = {"gridmanager:" + a.name() for a in provider.algorithms()} - set(STORE_ADMIN_ALGORITHMS)
    assert registered <= set(ALGORITHMS), "add to ALGORITHMS and base_parameters: {}".format(
        registered - set(ALGORITHMS)
    )
    assert len(registered) >= 9


@pytest.mark.parametrize("alg_id", ALGORITHMS)
def test_valid_input_runs(runner, alg_id):
    results, _ = runner.ok(alg_id, runner.params(alg_id))
    assert results


# ---- fields -------------------------------------------------------------------------------------


FIELD_CASES = [
    ("gridmanager:partitiongrids", "AREA_CODE_FIELD", "AREAS"),
    ("gridmanager:partitiongrids", "HOUSEHOLD_FIELD", "BUILDINGS"),
    ("gridmanager:revisegrids", "CODE_FIELD", "GRIDS"),
    ("gridmanager:revisegrids", "AREA_CODE_FIELD", "GRIDS"),
    ("gridmanager:revisegrids", "HOUSEHOLD_FIELD", "BUILDINGS"),
    ("gridmanager:checkgrids", "CODE_FIELD", "GRIDS"),
    ("gridmanager:checkgrids", "AREA_CODE_FIELD", "AREAS"),
    ("gridmanager:checkgrids", "HOUSEHOLD_FIELD", "BUILDINGS"),
    ("gridmanager:importparts", "X_FIELD", "INPUT"),
    ("gridmanager:importparts", "Y_FIELD", "INPUT"),
    ("gridmanager:importparts", "CODE_FIELD", "INPUT"),
    ("gridmanager:casedensity", "WEIGHT_FIELD", "INPUT"),
    ("gridmanager:gridcasestats", "GRID_CODE_FIELD", "GRIDS"),
    ("gridmanager:gridcasestats", "HOUSEHOLD_FIELD", "GRIDS"),
    ("gridmanager:evaluate", "GRID_CODE_FIELD", "GRIDS"),
    ("gridmanager:localmoran", "FIELD", "INPUT"),
    ("gridmanager:localmoran", "BASE_FIELD", "INPUT"),
    ("gridmanager:emerginghotspots", "GRID_CODE_FIELD", "GRIDS"),
]


def test_field_matrix_lists_every_field_parameter(provider):
    from qgis.core import QgsProcessingParameterField

    found = {
        ("gridmanager:" + a.name(), d.name(), d.parentLayerParameterName())
        for a in provider.algorithms()
        for d in a.parameterDefinitions()
        if isinstance(d, QgsProcessingParameterField)
    }
    assert found <= set(FIELD_CASES), found - set(FIELD_CASES)


@pytest.mark.parametrize("alg_id,field,parent", FIELD_CASES)
@pytest.mark.parametrize("bad", ["no_such_field", "户数 (旧)"])
def test_missing_field_is_named_with_its_layer(runner, alg_id, field, parent, bad):
    changes = {field: bad}
    if field in ("X_FIELD", "Y_FIELD"):  # coordinates come from a pair of columns
        changes = {"X_FIELD": bad, "Y_FIELD": bad}
    params = runner.params(alg_id, **changes)
    runner.refused(alg_id, params, bad, layer_label(params[parent]))


NUMERIC_FIELDS = [
    ("gridmanager:partitiongrids", "HOUSEHOLD_FIELD", "name"),
    ("gridmanager:revisegrids", "HOUSEHOLD_FIELD", "name"),
    ("gridmanager:checkgrids", "HOUSEHOLD_FIELD", "name"),
    ("gridmanager:casedensity", "WEIGHT_FIELD", "state"),
    ("gridmanager:gridcasestats", "HOUSEHOLD_FIELD", "grid_code"),
    ("gridmanager:localmoran", "FIELD", "grid_code"),
]


@pytest.mark.parametrize("alg_id,field,text_field", NUMERIC_FIELDS)
def test_non_numeric_household_or_weight_field(runner, alg_id, field, text_field):
    params = runner.params(alg_id, **{field: text_field})
    runner.refused(alg_id, params, text_field)


def test_household_numbers_as_text_are_accepted(runner):
    results, _ = runner.ok(
        "gridmanager:partitiongrids", runner.params("gridmanager:partitiongrids", HOUSEHOLD_FIELD="hh_text")
    )
    assert results["GRID_COUNT"] == 4


HOUSEHOLD_VALUES = [
    ("gridmanager:partitiongrids", "buildings", "BUILDINGS", "HOUSEHOLD_FIELD", "households"),
    ("gridmanager:revisegrids", "buildings", "BUILDINGS", "HOUSEHOLD_FIELD", "households"),
    ("gridmanager:checkgrids", "buildings", "BUILDINGS", "HOUSEHOLD_FIELD", "households"),
    ("gridmanager:gridcasestats", "grids", "GRIDS", "HOUSEHOLD_FIELD", "households"),
    ("gridmanager:casedensity", "cases", "INPUT", "WEIGHT_FIELD", "weight"),
]


@pytest.mark.parametrize("alg_id,layer,parameter,field_parameter,field", HOUSEHOLD_VALUES)
@pytest.mark.parametrize("value", [1e300, float("inf"), -float("inf")])
def test_huge_or_infinite_values_name_feature_and_field(
    runner, data, alg_id, layer, parameter, field_parameter, field, value
):
    if value < 0 and field_parameter == "HOUSEHOLD_FIELD":
        pass  # negative households: refused too (named below)
    source = data.variant(layer, "value", field=field, value=value, index=2)
    params = runner.params(alg_id, **{parameter: source})
    if alg_id == "gridmanager:gridcasestats" and value == 1e300:
        params[field_parameter] = field
    message = runner.refused(alg_id, params, field, "3")
    assert "feature 3" in message or "feature 3," in message or " 3 " in message


# ---- geometry types -----------------------------------------------------------------------------

CURVED = [
    ("gridmanager:partitiongrids", "AREAS", "areas"),
    ("gridmanager:partitiongrids", "BUILDINGS", "buildings"),
    ("gridmanager:partitiongrids", "BARRIERS", "roads"),
    ("gridmanager:revisegrids", "GRIDS", "grids"),
    ("gridmanager:revisegrids", "BUILDINGS", "buildings"),
    ("gridmanager:checkgrids", "GRIDS", "grids"),
    ("gridmanager:checkgrids", "AREAS", "areas"),
    ("gridmanager:checkgrids", "BUILDINGS", "buildings"),
    ("gridmanager:importparts", "GRIDS", "grids"),
    ("gridmanager:gridcasestats", "GRIDS", "grids"),
    ("gridmanager:evaluate", "GRIDS", "grids"),
]  # convertchinacoords keeps curves as curves (converting their vertices): issue 17 part B, its own tests

#: one number of each run that must not change when the same shapes arrive as curved types
SAME_RESULT = {
    "gridmanager:partitiongrids": "GRID_COUNT",
    "gridmanager:revisegrids": "REVISED_COUNT",
    "gridmanager:checkgrids": "PROBLEM_COUNT",
    "gridmanager:importparts": "ACCEPTED",
    "gridmanager:gridcasestats": "TOTAL_CASES",
    "gridmanager:evaluate": "UNITS",
}


@pytest.mark.parametrize("alg_id,parameter,layer", CURVED)
def test_curved_geometries_are_segmentized_with_a_note(runner, data, alg_id, parameter, layer):
    plain, _ = runner.ok(alg_id, runner.params(alg_id, OUTPUT=runner.out + "/plain.gpkg"))
    results, feedback = runner.ok(alg_id, runner.params(alg_id, **{parameter: data.variant(layer, "curved")}))
    assert any("curved" in line for line in feedback.log), feedback.log
    assert results[SAME_RESULT[alg_id]] == plain[SAME_RESULT[alg_id]]


@pytest.mark.parametrize("alg_id", ["gridmanager:importparts", "gridmanager:updateinventory"])
def test_curves_stay_curves_in_qgis_after_a_run(runner, data, alg_id):
    """pyogrio switches GDAL's curve support off process-wide; after any algorithm QGIS must still read
    (and so save) curved layers as curves."""
    from osgeo import ogr
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    runner.ok(alg_id, runner.params(alg_id))
    assert ogr.GetNonLinearGeometriesEnabledFlag() == 1
    layer = QgsVectorLayer(data.variant("areas", "curved"), "curved", "ogr")
    assert QgsWkbTypes.isCurvedType(layer.wkbType())
    assert QgsWkbTypes.isCurvedType(next(layer.getFeatures()).geometry().wkbType())


def test_a_real_arc_is_followed(runner, data, tmp_path):
    """An area bounded by a circular arc: the grids cover the segmentized arc (area within 0.1 %)."""
    from osgeo import ogr

    from .conftest import X0, Y0, write_layer

    arc = "CURVEPOLYGON(COMPOUNDCURVE(({x0} {y0},{x1} {y0}),CIRCULARSTRING({x1} {y0},{xm} {ym},{x0} {y0})))".format(
        x0=X0, y0=Y0, x1=X0 + 200, xm=X0 + 100, ym=Y0 - 100
    )
    path = write_layer(
        str(tmp_path / "arc.gpkg"),
        "arc",
        ogr.wkbCurvePolygon,
        [("community_code", "str")],
        [(arc, {"community_code": "110101001009"})],
    )
    params = runner.params(
        "gridmanager:partitiongrids",
        AREAS=path + "|layername=arc",
        BUILDINGS=None,
        HOUSEHOLD_FIELD=None,
        BALANCE_BY=0,
        TARGET_AREA=5000,
        BARRIERS=None,
        REPORT=None,
    )
    results, feedback = runner.ok("gridmanager:partitiongrids", params)
    grids = pyogrio.read_dataframe(results["OUTPUT"])
    half_disc = 3.141592653589793 * 100**2 / 2
    assert grids.geometry.area.sum() == pytest.approx(half_disc, rel=1e-3)
    assert any("curved" in line for line in feedback.log), feedback.log


WRONG_GEOMETRY = [
    ("gridmanager:partitiongrids", "AREAS", "roads"),
    ("gridmanager:revisegrids", "GRIDS", "cases"),
    ("gridmanager:checkgrids", "GRIDS", "roads"),
    ("gridmanager:importparts", "GRIDS", "parts"),
    ("gridmanager:casedensity", "INPUT", "grids"),
    ("gridmanager:gridcasestats", "CASES", "grids"),
    ("gridmanager:gridcasestats", "GRIDS", "cases"),
    ("gridmanager:evaluate", "GRIDS", "roads"),
]


@pytest.mark.parametrize("alg_id,parameter,layer", WRONG_GEOMETRY)
def test_wrong_geometry_type_is_refused(runner, data, alg_id, parameter, layer):
    params = runner.params(alg_id, **{parameter: data.path(layer)})
    runner.refused(alg_id, params, layer, parameter)


@pytest.mark.parametrize(
    "alg_id,parameter",
    [
        ("gridmanager:casedensity", "INPUT"),
        ("gridmanager:gridcasestats", "CASES"),
        ("gridmanager:updateinventory", "INPUT"),
    ],
)
def test_polygon_cases_or_parts_are_refused_not_counted_as_zero(runner, data, alg_id, parameter):
    layer = "parts" if "inventory" in alg_id else "cases"
    from qgis.core import QgsProject, QgsVectorLayer

    source = data.variant(layer, "as_polygons")
    if alg_id == "gridmanager:updateinventory":  # a loaded layer (a file is read as a survey table)
        loaded = QgsVectorLayer(source, "polygon parts", "ogr")
        QgsProject.instance().addMapLayer(loaded)
        try:
            message = runner.refused(alg_id, runner.params(alg_id, INPUT=loaded.id()), context=project_context())
            assert "polygon parts" in message or "INPUT" in message, message
        finally:
            QgsProject.instance().removeMapLayer(loaded.id())
        return
    runner.refused(alg_id, runner.params(alg_id, **{parameter: source}), layer, "polygons")


NULL_REFUSED = [
    ("gridmanager:partitiongrids", "AREAS", "areas"),
    ("gridmanager:revisegrids", "GRIDS", "grids"),
    ("gridmanager:importparts", "GRIDS", "grids"),
    ("gridmanager:gridcasestats", "GRIDS", "grids"),
]


@pytest.mark.parametrize("kind", ["null_geometry", "empty_geometry"])
@pytest.mark.parametrize("alg_id,parameter,layer", NULL_REFUSED)
def test_null_or_empty_geometry_named_by_feature_id(runner, data, alg_id, parameter, layer, kind):
    params = runner.params(alg_id, **{parameter: data.variant(layer, kind)})
    runner.refused(alg_id, params, layer, "feature 2")


NULL_TOLERATED = [
    ("gridmanager:partitiongrids", "BUILDINGS", "buildings"),
    ("gridmanager:partitiongrids", "BARRIERS", "roads"),
    ("gridmanager:revisegrids", "BUILDINGS", "buildings"),
    ("gridmanager:checkgrids", "AREAS", "areas"),
    ("gridmanager:checkgrids", "GRIDS", "grids"),
    ("gridmanager:checkgrids", "BUILDINGS", "buildings"),
    ("gridmanager:convertchinacoords", "INPUT", "wgs"),
    ("gridmanager:casedensity", "INPUT", "cases"),
    ("gridmanager:gridcasestats", "CASES", "cases"),
    ("gridmanager:evaluate", "GRIDS", "grids"),
    ("gridmanager:evaluate", "CASES", "cases"),
]


@pytest.mark.parametrize("kind", ["null_geometry", "empty_geometry"])
@pytest.mark.parametrize("alg_id,parameter,layer", NULL_TOLERATED)
def test_null_or_empty_geometry_elsewhere_is_reported_or_refused_never_a_traceback(
    runner, data, alg_id, parameter, layer, kind
):
    from qgis.core import QgsProcessingException

    params = runner.params(alg_id, **{parameter: data.variant(layer, kind)})
    try:
        results, feedback = runner.run_alg(alg_id, params)
    except QgsProcessingException as error:
        assert layer in str(error) and "2" in str(error), str(error)
        return
    assert results


# ---- coordinate systems -------------------------------------------------------------------------

CRS_INPUTS = [
    ("gridmanager:partitiongrids", "AREAS", "areas"),
    ("gridmanager:partitiongrids", "BUILDINGS", "buildings"),
    ("gridmanager:partitiongrids", "BARRIERS", "roads"),
    ("gridmanager:revisegrids", "GRIDS", "grids"),
    ("gridmanager:revisegrids", "BUILDINGS", "buildings"),
    ("gridmanager:checkgrids", "GRIDS", "grids"),
    ("gridmanager:checkgrids", "AREAS", "areas"),
    ("gridmanager:checkgrids", "BUILDINGS", "buildings"),
    ("gridmanager:convertchinacoords", "INPUT", "wgs"),
    ("gridmanager:importparts", "GRIDS", "grids"),
    ("gridmanager:importparts", "INPUT", "parts"),
    ("gridmanager:updateinventory", "INPUT", "parts"),
    ("gridmanager:casedensity", "INPUT", "cases"),
    ("gridmanager:gridcasestats", "CASES", "cases"),
    ("gridmanager:gridcasestats", "GRIDS", "grids"),
    ("gridmanager:evaluate", "GRIDS", "grids"),
]


@pytest.mark.parametrize("kind", ["nocrs", "noprj"])
@pytest.mark.parametrize("alg_id,parameter,layer", CRS_INPUTS)
def test_layer_without_crs_is_refused_naming_it(runner, data, alg_id, parameter, layer, kind):
    source = data.variant(layer, kind)
    message = runner.refused(alg_id, runner.params(alg_id, **{parameter: source}), layer_label(source))
    assert "coordinate" in message


def test_evaluate_does_not_need_the_crs_of_the_cases(runner, data):
    results, _ = runner.ok(
        "gridmanager:evaluate", runner.params("gridmanager:evaluate", CASES=data.variant("cases", "nocrs"))
    )
    assert results["UNITS"] == 4


def test_importparts_with_given_coordinates_does_not_need_the_layer_crs(runner, data):
    from qgis.core import QgsProject, QgsVectorLayer

    loaded = QgsVectorLayer(data.variant("parts", "nocrs"), "parts without crs", "ogr")
    QgsProject.instance().addMapLayer(loaded)
    try:
        results, _ = runner.ok(
            "gridmanager:importparts",
            runner.params("gridmanager:importparts", INPUT=loaded.id(), COORDINATES=4, SOURCE_CRS="EPSG:4548"),
            context=project_context(),
        )
    finally:
        QgsProject.instance().removeMapLayer(loaded.id())
    assert results["ACCEPTED"] == 8


# ---- empty layers and missing files -------------------------------------------------------------

INPUTS = [
    ("gridmanager:partitiongrids", "AREAS", "areas"),
    ("gridmanager:partitiongrids", "BUILDINGS", "buildings"),
    ("gridmanager:partitiongrids", "BARRIERS", "roads"),
    ("gridmanager:revisegrids", "GRIDS", "grids"),
    ("gridmanager:revisegrids", "BUILDINGS", "buildings"),
    ("gridmanager:checkgrids", "GRIDS", "grids"),
    ("gridmanager:checkgrids", "AREAS", "areas"),
    ("gridmanager:checkgrids", "BUILDINGS", "buildings"),
    ("gridmanager:convertchinacoords", "INPUT", "wgs"),
    ("gridmanager:importparts", "INPUT", "parts"),
    ("gridmanager:importparts", "GRIDS", "grids"),
    ("gridmanager:updateinventory", "INPUT", "parts"),
    ("gridmanager:casedensity", "INPUT", "cases"),
    ("gridmanager:gridcasestats", "CASES", "cases"),
    ("gridmanager:gridcasestats", "GRIDS", "grids"),
    ("gridmanager:evaluate", "CASES", "cases"),
    ("gridmanager:evaluate", "GRIDS", "grids"),
]


@pytest.mark.parametrize("alg_id,parameter,layer", INPUTS)
def test_empty_layer_is_refused_naming_it_or_gives_a_correct_result(runner, data, alg_id, parameter, layer):
    from qgis.core import QgsProcessingException

    params = runner.params(alg_id, **{parameter: data.variant(layer, "empty_layer")})
    try:
        results, feedback = runner.run_alg(alg_id, params)
    except QgsProcessingException as error:
        assert layer in str(error) and "Traceback" not in str(error), str(error)
        return
    assert results  # an optional layer without features: a run without it


@pytest.mark.parametrize("alg_id,parameter,layer", INPUTS)
def test_missing_input_file_is_named(runner, alg_id, parameter, layer):
    missing = os.path.join(runner.out, "gone", layer + ".gpkg")
    message = runner.refused(alg_id, runner.params(alg_id, **{parameter: missing}), parameter)
    assert "Traceback" not in message


@pytest.mark.parametrize("code_field", ["community_code", None])
def test_duplicated_area_is_refused_naming_both(runner, data, code_field):
    params = runner.params(
        "gridmanager:partitiongrids", AREAS=data.variant("areas", "duplicate", index=0), AREA_CODE_FIELD=code_field
    )
    runner.refused("gridmanager:partitiongrids", params, "areas", "1", "3")


def test_polygon_inventory_is_never_rewritten_as_points(runner, data, tmp_path):
    import shutil

    inventory = str(tmp_path / "inventory.gpkg")
    shutil.copy(data.variant("parts", "as_polygons").split("|")[0], inventory)
    from .conftest import snapshot

    before = snapshot(str(tmp_path / "out")) if (tmp_path / "out").exists() else None
    message = runner.refused(
        "gridmanager:updateinventory",
        runner.params("gridmanager:updateinventory", INVENTORY=inventory, LAYER="parts"),
        "parts",
    )
    assert "polygon" in message.lower()
    del before


# ---- odd but possible layers: never a traceback ----------------------------------------------------


def outcome(runner, alg_id, params, *names):
    """A correct run (returns its results) or a clear refusal naming `names` (returns None)."""
    from qgis.core import QgsProcessingException

    try:
        results, _ = runner.run_alg(alg_id, params)
    except QgsProcessingException as error:
        text = str(error)
        assert "Traceback" not in text and "Exception" not in text, text
        for name in names:
            assert str(name) in text, text
        return None
    assert results
    return results


POLYGON_INPUTS = [case for case in INPUTS if case[2] in ("areas", "grids", "buildings")]


@pytest.mark.parametrize("alg_id,parameter,layer", POLYGON_INPUTS)
def test_self_intersecting_polygon(runner, data, alg_id, parameter, layer):
    """Repaired by the algorithms (and reported) — or, where an algorithm does not repair it, refused
    naming the layer, the feature and where it crosses itself."""
    params = runner.params(alg_id, **{parameter: data.variant(layer, "self_intersecting")})
    if (alg_id, parameter) == ("gridmanager:checkgrids", "AREAS"):
        outcome(runner, alg_id, params, layer, "feature 1", "448100")  # repaired on badinput-io
    else:
        assert outcome(runner, alg_id, params) is not None


@pytest.mark.parametrize("alg_id,parameter,layer", INPUTS)
def test_geometries_with_z(runner, data, alg_id, parameter, layer):
    results = outcome(runner, alg_id, runner.params(alg_id, **{parameter: data.variant(layer, "z")}))
    assert results is not None  # heights are no reason to refuse


CODE_FIELDS = [
    ("gridmanager:partitiongrids", "AREAS", "areas", "community_code"),
    ("gridmanager:revisegrids", "GRIDS", "grids", "grid_code"),
    ("gridmanager:checkgrids", "GRIDS", "grids", "grid_code"),
    ("gridmanager:importparts", "GRIDS", "grids", "grid_code"),
    ("gridmanager:importparts", "INPUT", "parts", "code"),
    ("gridmanager:updateinventory", "INPUT", "parts", "code"),
    ("gridmanager:gridcasestats", "GRIDS", "grids", "grid_code"),
    ("gridmanager:evaluate", "GRIDS", "grids", "grid_code"),
    ("gridmanager:evaluate", "CASES", "cases", "grid_code"),
]


@pytest.mark.parametrize("value", [None, "", "网格", "1.10101001001001e14"])
@pytest.mark.parametrize("alg_id,parameter,layer,field", CODE_FIELDS)
def test_empty_or_malformed_codes(runner, data, alg_id, parameter, layer, field, value):
    source = data.variant(layer, "value", field=field, value=value, index=1)
    outcome(runner, alg_id, runner.params(alg_id, **{parameter: source}))


@pytest.mark.parametrize("alg_id,parameter,layer", INPUTS)
def test_inputs_in_a_folder_with_spaces_and_chinese(runner, data, tmp_path, alg_id, parameter, layer):
    import shutil

    folder = tmp_path / "输入 数据 (2025)"
    folder.mkdir()
    path = str(folder / "图层 {}.gpkg".format(layer))
    shutil.copy(data.path(layer).split("|")[0], path)
    results = outcome(runner, alg_id, runner.params(alg_id, **{parameter: path + "|layername=" + layer}))
    assert results is not None


CASE_FIELDS_GIVEN = [
    c
    for c in FIELD_CASES
    if c[0] != "gridmanager:importparts"
    and c[:2] not in (("gridmanager:revisegrids", "AREA_CODE_FIELD"), ("gridmanager:localmoran", "BASE_FIELD"))
]


@pytest.mark.parametrize("alg_id,field,parent", CASE_FIELDS_GIVEN)
def test_field_names_in_another_case_are_found(runner, alg_id, field, parent):
    params = runner.params(alg_id)
    params[field] = params.get(field, "grid_code").upper()
    assert outcome(runner, alg_id, params) is not None
