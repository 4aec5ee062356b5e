"""Case layers, report times and expressions: the cause named, never a silent 0."""

import pytest


def test_evaluate_on_a_layer_without_case_fields_says_so(runner, data):
    message = runner.refused(
        "gridmanager:evaluate", runner.params("gridmanager:evaluate", CASES=data.path("grids")), "grids", "case"
    )
    assert "time window" not in message


@pytest.mark.parametrize(
    "unit,missing", [(0, ("grid_code",)), (1, ("grid_code",)), (3, ("department",)), (0, ("reported_at",))]
)
def test_evaluate_without_the_field_it_groups_or_dates_by(runner, data, unit, missing):
    """Refused naming the field — or, for grid_code where evaluate puts cases without one in the grid
    polygon containing them (main), a correct evaluation of the four grids."""
    from .test_fuzz_matrix import outcome

    source = data.variant("cases", "drop_fields", fields=missing)
    params = runner.params("gridmanager:evaluate", CASES=source, UNIT=unit)
    if missing == ("grid_code",):
        results = outcome(runner, "gridmanager:evaluate", params, "grid_code", "cases")
        assert results is None or results["UNITS"] == (4 if unit == 0 else 2)
        without_grids = runner.params("gridmanager:evaluate", CASES=source, UNIT=unit, GRIDS=None, OUTPUT=None)
        runner.refused("gridmanager:evaluate", without_grids, "grid_code", "cases")
    else:
        runner.refused("gridmanager:evaluate", params, missing[0], "cases")


def test_evaluate_on_a_csv_without_geometry(runner, data):
    results, _ = runner.ok(
        "gridmanager:evaluate", runner.params("gridmanager:evaluate", CASES=data.write_csv("cases", None))
    )
    assert results["UNITS"] == 4


def test_grid_statistics_on_a_table_without_geometry_by_location_is_refused(runner, data):
    csv = data.write_csv("cases", None)
    runner.refused(
        "gridmanager:gridcasestats", runner.params("gridmanager:gridcasestats", CASES=csv), "cases_table", "geometry"
    )


def test_grid_statistics_by_grid_code_without_the_field(runner, data):
    source = data.variant("cases", "drop_fields", fields=("grid_code",))
    runner.refused(
        "gridmanager:gridcasestats", runner.params("gridmanager:gridcasestats", CASES=source, ASSIGN=1), "grid_code"
    )


@pytest.mark.parametrize(
    "alg_id,extra",
    [
        ("gridmanager:gridcasestats", {"PERIOD": 2, "OUTPUT_SLICES": None}),
        ("gridmanager:casedensity", {"START": "2024-01-01T00:00:00"}),
        ("gridmanager:evaluate", {}),
    ],
)
@pytest.mark.parametrize("bad", ["yesterday", "2025-13-45 25:00"])
def test_unparseable_report_times_are_counted_and_named(runner, data, alg_id, extra, bad):
    source = data.variant("cases", "value", field="reported_at", value=bad, index=4)
    key = "INPUT" if alg_id == "gridmanager:casedensity" else "CASES"
    params = runner.params(alg_id, **{key: source}, **extra)
    message = runner.refused(alg_id, params, "reported_at", "feature 5")
    assert "cases" in message


@pytest.mark.parametrize(
    "alg_id,extra",
    [
        ("gridmanager:gridcasestats", {"PERIOD": 2}),
        ("gridmanager:casedensity", {"START": "2024-01-01T00:00:00"}),
        ("gridmanager:evaluate", {}),
    ],
)
def test_null_report_times_are_counted_and_reported(runner, data, alg_id, extra):
    source = data.variant("cases", "value", field="reported_at", value=None, index=4)
    key = "INPUT" if alg_id == "gridmanager:casedensity" else "CASES"
    results, feedback = runner.ok(alg_id, runner.params(alg_id, **{key: source}, **extra))
    notes = [line for line in feedback.log if "reported_at" in line]
    assert notes and "1" in notes[0] and "feature 5" in notes[0], feedback.log
    if alg_id == "gridmanager:gridcasestats":
        assert results["TOTAL_CASES"] == 24  # counted in the whole-window statistics


def test_time_slices_with_unparseable_times_are_never_zero_periods(runner, data):
    source = data.variant("cases", "retype", field="reported_at", type="str")
    params = runner.params(
        "gridmanager:gridcasestats", CASES=source, PERIOD=2, OUTPUT_SLICES=runner.out + "/slices.gpkg"
    )
    results, _ = runner.ok("gridmanager:gridcasestats", params)
    assert results["PERIODS"] > 0


# ---- expressions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression,named",
    [
        ('"grid_code" = ', "EXPRESSION"),
        ('"no_such" = 1', "no_such"),
        ("to_date('not a date') > now()", "to_date"),
        ('"grid_code" LIKE \'9%\' AND "missing field" > 3', "missing field"),
    ],
)
def test_invalid_expression_names_the_error_not_no_grid_to_revise(runner, expression, named):
    params = runner.params("gridmanager:revisegrids", EXPRESSION=expression)
    message = runner.refused("gridmanager:revisegrids", params, named)
    assert "No grid to revise" not in message


def test_revisegrids_with_a_null_geometry_grid(runner, data):
    params = runner.params("gridmanager:revisegrids", GRIDS=data.variant("grids", "null_geometry"))
    runner.refused("gridmanager:revisegrids", params, "grids", "feature 2")


def test_checkgrids_with_a_self_intersecting_area(runner, data):
    from qgis.core import QgsProcessingException

    params = runner.params("gridmanager:checkgrids", AREAS=data.variant("areas", "self_intersecting"))
    try:
        results, _ = runner.run_alg("gridmanager:checkgrids", params)
    except QgsProcessingException as error:
        assert "areas" in str(error) and "1" in str(error)
        return
    assert results["PROBLEM_COUNT"] >= 1
