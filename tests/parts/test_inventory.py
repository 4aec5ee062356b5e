"""gridmanager:updateinventory — re-import against the inventory; all or nothing."""

import os

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

GK = "EPSG:4548"
X0, Y0 = 448000.0, 4418000.0


def survey(path, parts):
    """parts: [(code, x, y, status, grid_code)] written like an importparts output."""
    frame = gpd.GeoDataFrame(
        {
            "code": [p[0] for p in parts],
            "class_code": [p[0][:4] for p in parts],
            "name": ["井盖"] * len(parts),
            "status": [p[3] for p in parts],
            "owner_dept": ["水务局"] * len(parts),
            "grid_code": [p[4] for p in parts],
            "source_row": list(range(1, len(parts) + 1)),
        },
        geometry=[shapely.Point(p[1], p[2]) for p in parts],
        crs=GK,
    )
    pyogrio.write_dataframe(frame, path, layer="parts", dataset_options={"VERSION": "1.3"})
    return path


FIRST = [
    ("010100000001", X0 + 10, Y0 + 10, "完好", "110101001001001"),
    ("010100000002", X0 + 20, Y0 + 20, "完好", "110101001001001"),
    ("010100000003", X0 + 30, Y0 + 30, "完好", "110101001001001"),
    ("010100000004", X0 + 40, Y0 + 40, "完好", "110101001001001"),
    ("010100000005", X0 + 50, Y0 + 50, "完好", "110101001001001"),
]
SECOND = [
    ("010100000001", X0 + 10, Y0 + 11, "完好", "110101001001001"),  # 1 m: unchanged
    ("010100000002", X0 + 20, Y0 + 32, "完好", "110101001001001"),  # 12 m: moved
    ("010100000003", X0 + 30, Y0 + 30, "破损", "110101001001001"),  # status changed
    ("010100000004", X0 + 140, Y0 + 40, "完好", "110101001001002"),  # moved into another grid
    ("010100000006", X0 + 60, Y0 + 60, "完好", "110101001001001"),  # new
]  # 000005 missing


def inventory_frame(path):
    frame = pyogrio.read_dataframe(path, layer="parts", fid_as_index=True)
    frame["wkt"] = shapely.to_wkt(frame.geometry.values, rounding_precision=3)
    return pd.DataFrame(frame.drop(columns="geometry")).sort_index()


def run_update(run_alg, tmp_path, survey_path, inventory, apply=True, feedback=None, name="report"):
    params = {
        "INPUT": survey_path,
        "INVENTORY": inventory,
        "MOVE_THRESHOLD": 5.0,
        "APPLY": apply,
        "OUTPUT": str(tmp_path / "{}.gpkg".format(name)),
    }
    return run_alg("gridmanager:updateinventory", params, feedback=feedback)


def test_first_survey_creates_the_inventory_then_changes_are_classified(run_alg, tmp_path):
    inventory = str(tmp_path / "inventory.gpkg")
    first = survey(str(tmp_path / "s1.gpkg"), FIRST)
    results, _fb = run_update(run_alg, tmp_path, first, inventory, name="r1")
    assert results["NEW"] == 5 and os.path.exists(inventory)
    before = inventory_frame(inventory)
    assert before["inv_state"].tolist() == ["active"] * 5

    second = survey(str(tmp_path / "s2.gpkg"), SECOND)
    dry, _fb = run_update(run_alg, tmp_path, second, inventory, apply=False, name="dry")
    pd.testing.assert_frame_equal(inventory_frame(inventory), before)  # a dry run changes nothing

    results, feedback = run_update(run_alg, tmp_path, second, inventory, name="r2")
    counts = {k: results[k] for k in ("NEW", "UNCHANGED", "MOVED", "CHANGED", "MOVED_CHANGED", "MISSING")}
    assert counts == {"NEW": 1, "UNCHANGED": 1, "MOVED": 1, "CHANGED": 1, "MOVED_CHANGED": 1, "MISSING": 1}
    assert {k: dry[k] for k in counts} == counts
    report = pyogrio.read_dataframe(results["OUTPUT"]).set_index("code")
    assert report.loc["010100000002", "change"] == "moved"
    assert report.loc["010100000002", "distance_m"] == pytest.approx(12.0)
    assert report.loc["010100000003", "changed_fields"] == "status"
    assert report.loc["010100000004", "change"] == "moved_changed"
    assert report.loc["010100000004", "changed_fields"] == "grid_code"
    assert report.loc["010100000004", "old_grid_code"] == "110101001001001"
    assert report.loc["010100000005", "change"] == "missing"
    assert report.loc["010100000005", "change_label"] == "missing from the new survey"

    after = inventory_frame(inventory).set_index("code")
    assert len(after) == 6  # nothing deleted
    assert after.loc["010100000005", "inv_state"] == "missing" and after.loc["010100000005", "missing_since"]
    assert after.loc["010100000002", "wkt"] == "POINT ({} {})".format(int(X0 + 20), int(Y0 + 32))
    assert after.loc["010100000003", "status"] == "破损"
    assert after.loc["010100000006", "inv_state"] == "active"
    assert after.loc["010100000001", "wkt"] == "POINT ({} {})".format(int(X0 + 10), int(Y0 + 10))

    # the missing part comes back next year
    third = survey(str(tmp_path / "s3.gpkg"), SECOND + [FIRST[4]])
    results, _fb = run_update(run_alg, tmp_path, third, inventory, name="r3")
    assert results["CHANGED"] == 1 and results["UNCHANGED"] == 5 and results["MISSING"] == 0
    assert inventory_frame(inventory).set_index("code").loc["010100000005", "inv_state"] == "active"


def test_failure_half_way_leaves_the_inventory_untouched(tmp_path, monkeypatch):
    from gridmanager.grid_manager.formats.survey_io import read_survey
    from gridmanager.grid_manager.parts import inventory as inv

    path = str(tmp_path / "inventory.gpkg")
    first = inv.survey_frame(read_survey(survey(str(tmp_path / "s1.gpkg"), FIRST)))
    inv.update_inventory(path, first, GK)
    before = inventory_frame(path)
    second = inv.survey_frame(read_survey(survey(str(tmp_path / "s2.gpkg"), SECOND)))

    calls = {"n": 0}
    original = inv._set_fields

    def failing(feature, values, defn):
        calls["n"] += 1
        if calls["n"] == 3:  # after two parts were already written in the transaction
            raise OSError("disk full")
        return original(feature, values, defn)

    monkeypatch.setattr(inv, "_set_fields", failing)
    with pytest.raises(OSError, match="disk full"):
        inv.update_inventory(path, second, GK)
    assert calls["n"] == 3
    pd.testing.assert_frame_equal(inventory_frame(path), before)
    monkeypatch.setattr(inv, "_set_fields", original)
    report, _crs = inv.update_inventory(path, second, GK)
    assert inventory_frame(path).shape[0] == 6


def test_cancel_half_way_through_processing_leaves_the_inventory_untouched(run_alg, tmp_path):
    from qgis.core import QgsProcessingFeedback

    inventory = str(tmp_path / "inventory.gpkg")
    n = 3000
    rng = np.random.default_rng(1)
    xs, ys = X0 + rng.uniform(0, 900, n), Y0 + rng.uniform(0, 900, n)
    first = [("0101{:08d}".format(k), xs[k], ys[k], "完好", "110101001001001") for k in range(n)]
    run_update(run_alg, tmp_path, survey(str(tmp_path / "s1.gpkg"), first), inventory, name="r1")
    before = inventory_frame(inventory)
    second = [(c, x + 20, y, "破损", g) for c, x, y, s, g in first]

    class Cancelling(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.log = []
            self.seen = []

        def setProgress(self, value):
            self.seen.append(value)
            if value > 60:
                self.cancel()
            super().setProgress(value)

        def pushInfo(self, text):
            self.log.append(text)

        def pushWarning(self, text):
            self.log.append(text)

    feedback = Cancelling()
    results, _fb = run_update(
        run_alg, tmp_path, survey(str(tmp_path / "s2.gpkg"), second), inventory, feedback=feedback, name="r2"
    )
    assert feedback.isCanceled() and any(v > 60 for v in feedback.seen)
    assert any("was not changed" in line for line in feedback.log)
    pd.testing.assert_frame_equal(inventory_frame(inventory), before)


def test_bad_survey_is_refused_with_a_clear_message(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    dup = survey(str(tmp_path / "dup.gpkg"), FIRST + [FIRST[0]])
    with pytest.raises(QgsProcessingException, match="the code 010100000001 appears in features 1 and 6"):
        run_update(run_alg, tmp_path, dup, str(tmp_path / "inventory.gpkg"))
    assert not os.path.exists(str(tmp_path / "inventory.gpkg"))
    nocode = str(tmp_path / "nocode.gpkg")
    pyogrio.write_dataframe(gpd.GeoDataFrame({"x": [1]}, geometry=[shapely.Point(X0, Y0)], crs=GK), nocode)
    with pytest.raises(QgsProcessingException, match="has no field 'code'"):
        run_update(run_alg, tmp_path, nocode, str(tmp_path / "inventory.gpkg"))


def test_survey_in_another_crs_is_compared_in_the_inventory_crs(run_alg, tmp_path):
    inventory = str(tmp_path / "inventory.gpkg")
    run_update(run_alg, tmp_path, survey(str(tmp_path / "s1.gpkg"), FIRST), inventory, name="r1")
    lonlat = gpd.read_file(str(tmp_path / "s1.gpkg")).to_crs(4326)
    path = str(tmp_path / "s1_wgs84.gpkg")
    pyogrio.write_dataframe(lonlat, path, layer="parts")
    results, _fb = run_update(run_alg, tmp_path, path, inventory, apply=False, name="r2")
    assert results["UNCHANGED"] == 5 and results["MOVED"] == 0 and results["NEW"] == 0


def test_a_second_desk_cannot_change_the_inventory_during_an_update(tmp_path, monkeypatch):
    """The GeoPackage is locked for writing before it is read: a desk that writes while another
    compares is refused (SQLite 'database is locked'), and an update that finds the file locked by
    someone else is refused with a clear message — in both cases nothing is lost or applied twice."""
    import sqlite3

    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey
    from gridmanager.grid_manager.parts import inventory as inv

    path = str(tmp_path / "inventory.gpkg")
    inv.update_inventory(path, inv.survey_frame(read_survey(survey(str(tmp_path / "s1.gpkg"), FIRST))), GK)
    before = inventory_frame(path)
    second = inv.survey_frame(read_survey(survey(str(tmp_path / "s2.gpkg"), SECOND)))

    def connect():  # another desk's plain SQLite connection (GeoPackage R-tree triggers need these)
        con = sqlite3.connect(path, timeout=0)
        con.create_function("ST_IsEmpty", 1, lambda geom: 0 if geom else 1)
        for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            con.create_function(name, 1, lambda geom: 0.0)
        return con

    # someone else is in the middle of writing: the update is refused and changes nothing
    other = connect()
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE parts SET status = '丢失' WHERE code = '010100000005'")
    with pytest.raises(InputError, match="is being changed by someone else.*Nothing was changed"):
        inv.update_inventory(path, second, GK)
    other.rollback()
    other.close()
    pd.testing.assert_frame_equal(inventory_frame(path), before)
    dry, _crs = inv.update_inventory(path, second, GK, apply=False)  # a dry run needs no lock
    assert (dry["change"] == "new").sum() == 1

    # while this desk compares, a second desk's write is refused; the comparison is what gets applied
    original = inv.compare
    refused = []

    def compare_while_another_desk_writes(*args, **kwargs):
        desk = connect()
        try:
            desk.execute("INSERT INTO parts (code, inv_state) VALUES ('010100000006', 'active')")
            desk.commit()
        except sqlite3.OperationalError as error:
            refused.append(str(error))
        finally:
            desk.close()
        return original(*args, **kwargs)

    monkeypatch.setattr(inv, "compare", compare_while_another_desk_writes)
    report, _crs = inv.update_inventory(path, second, GK)
    assert refused and "locked" in refused[0]
    after = inventory_frame(path)
    assert len(after) == 6 and (after["code"] == "010100000006").sum() == 1  # added once, by this desk


def test_two_first_imports_at_once_never_overwrite_each_other(tmp_path):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey
    from gridmanager.grid_manager.parts import inventory as inv

    path = str(tmp_path / "inventory.gpkg")
    first = inv.survey_frame(read_survey(survey(str(tmp_path / "s1.gpkg"), FIRST)))
    inv.update_inventory(path, first, GK)
    before = inventory_frame(path)
    tmp = str(tmp_path / "other.gpkg")
    survey(tmp, SECOND)  # the other desk's finished file, arriving second
    with pytest.raises(InputError, match="was created by someone else.*Nothing was changed"):
        inv._place_new_file(tmp, path)
    pd.testing.assert_frame_equal(inventory_frame(path), before)
