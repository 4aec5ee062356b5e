"""Issue 17 (item 2): updateinventory never loses the inventory — the change report is written inside the
transaction before the commit, a report that cannot be written (or that would land in the inventory file)
is refused before anything is committed, a dry run never writes the inventory, a cancel is reported
truthfully, and a polygon inventory is never rewritten as points."""

import hashlib
import importlib.util
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

_spec = importlib.util.spec_from_file_location("gm_test_inventory", Path(__file__).with_name("test_inventory.py"))
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
FIRST, SECOND, GK, X0, Y0 = _base.FIRST, _base.SECOND, _base.GK, _base.X0, _base.Y0
survey, inventory_frame = _base.survey, _base.inventory_frame


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def params(survey_path, inventory, output, apply=True):
    return {"INPUT": survey_path, "INVENTORY": inventory, "MOVE_THRESHOLD": 5.0, "APPLY": apply, "OUTPUT": output}


@pytest.fixture
def inventory(run_alg, tmp_path):
    """An inventory GeoPackage made by a first survey, plus a second survey to apply."""
    path = str(tmp_path / "inventory.gpkg")
    run_alg(
        "gridmanager:updateinventory", params(survey(str(tmp_path / "s1.gpkg"), FIRST), path, str(tmp_path / "r1.gpkg"))
    )
    return path, survey(str(tmp_path / "s2.gpkg"), SECOND)


@pytest.mark.parametrize("apply", [True, False])
@pytest.mark.parametrize(
    "form",
    ["{path}", "{path}|layername=report", "ogr:dbname='{path}' table=\"report\" (geom)", "{path}|layername=parts"],
)
def test_report_into_the_inventory_file_is_refused(run_alg, inventory, apply, form):
    from qgis.core import QgsProcessingException

    path, second = inventory
    before = digest(path)
    with pytest.raises(
        QgsProcessingException, match="would be written into the inventory .*inventory.gpkg.*Nothing was changed"
    ):
        run_alg("gridmanager:updateinventory", params(second, path, form.format(path=path), apply))
    assert digest(path) == before
    assert [str(n) for n, _k in pyogrio.list_layers(path)] == ["parts"]


def test_report_replacing_the_new_survey_is_refused(run_alg, inventory):
    from qgis.core import QgsProcessingException

    path, second = inventory
    before = digest(path), digest(second)
    with pytest.raises(QgsProcessingException, match="would replace the new survey"):
        run_alg("gridmanager:updateinventory", params(second, path, second))
    assert (digest(path), digest(second)) == before


def test_dry_run_never_writes_the_inventory_file(run_alg, inventory, tmp_path):
    path, second = inventory
    before, mtime = digest(path), os.stat(path).st_mtime_ns
    results, feedback = run_alg("gridmanager:updateinventory", params(second, path, str(tmp_path / "dry.gpkg"), False))
    assert results["NEW"] == 1 and results["MISSING"] == 1
    assert digest(path) == before and os.stat(path).st_mtime_ns == mtime
    assert not [f for f in os.listdir(tmp_path) if f.startswith("inventory.gpkg-")]  # no journal left either
    assert any("Dry run: the inventory was not changed." in line for line in feedback.log)
    assert len(pyogrio.read_dataframe(str(tmp_path / "dry.gpkg"))) == 6


@pytest.mark.parametrize("apply", [True, False])
def test_report_in_a_missing_folder_is_refused_before_anything(run_alg, inventory, tmp_path, apply):
    from qgis.core import QgsProcessingException

    path, second = inventory
    before = digest(path)
    missing = tmp_path / "no such folder" / "report.gpkg"
    with pytest.raises(QgsProcessingException, match="cannot be written: the folder .*no such folder does not exist"):
        run_alg("gridmanager:updateinventory", params(second, path, str(missing), apply))
    assert digest(path) == before
    # the first import does not create the inventory either
    fresh = str(tmp_path / "fresh.gpkg")
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run_alg("gridmanager:updateinventory", params(second, fresh, str(missing), apply))
    assert not os.path.exists(fresh)


def test_report_in_a_read_only_folder_is_refused(run_alg, inventory, tmp_path, monkeypatch):
    """A folder nobody may write in (simulated: the tests run as root, whom chmod does not stop)."""
    from qgis.core import QgsProcessingException

    path, second = inventory
    before = digest(path)
    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if str(p) == str(folder) else real_access(p, mode, **kw)
    )
    with pytest.raises(QgsProcessingException, match="cannot be written: no permission to write in .*locked"):
        run_alg("gridmanager:updateinventory", params(second, path, str(folder / "report.gpkg")))
    assert digest(path) == before and os.listdir(folder) == []


def test_report_that_fails_while_written_rolls_the_update_back(run_alg, inventory, tmp_path, monkeypatch):
    """The folder of the report vanishes after the checks, while the changes are being applied: the
    report cannot be written, so nothing is committed, and the message says so."""
    from qgis.core import QgsProcessingException

    from gridmanager.grid_manager.parts import inventory as inv

    path, second = inventory
    before = inventory_frame(path)
    folder = tmp_path / "reports"
    folder.mkdir()
    original = inv.apply_changes

    def apply_then_lose_the_folder(*args, **kwargs):
        original(*args, **kwargs)
        os.rmdir(folder)

    monkeypatch.setattr(inv, "apply_changes", apply_then_lose_the_folder)
    with pytest.raises(
        QgsProcessingException,
        match="report.gpkg cannot be written.*Nothing was applied: the inventory .* was not changed",
    ):
        run_alg("gridmanager:updateinventory", params(second, path, str(folder / "report.gpkg")))
    pd.testing.assert_frame_equal(inventory_frame(path), before)


def test_failed_commit_says_the_report_lists_what_was_not_applied(run_alg, inventory, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    from gridmanager.grid_manager.parts import inventory as inv

    path, second = inventory
    before = inventory_frame(path)

    def failing_commit(self):
        inv._fail("commit", self.path)

    monkeypatch.setattr(inv._WriteLock, "commit", failing_commit)
    report = str(tmp_path / "report.gpkg")
    with pytest.raises(
        QgsProcessingException,
        match="was written before the commit: it lists changes that were NOT applied; the inventory .* was not changed",
    ):
        run_alg("gridmanager:updateinventory", params(second, path, report))
    pd.testing.assert_frame_equal(inventory_frame(path), before)


class Feedback:
    """A feedback that records messages and cancels from inside the report writer."""

    @staticmethod
    def make():
        from qgis.core import QgsProcessingFeedback

        class Recording(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.log = []

            def pushInfo(self, text):
                self.log.append(text)

            def pushWarning(self, text):
                self.log.append(text)

        return Recording()


def test_cancel_while_the_report_is_written_is_reported_truthfully(run_alg, inventory, tmp_path, monkeypatch):
    """Past the last check before the commit nothing is cancelled: the update is committed and the log
    says so — never 'was not changed' for an inventory that changed."""
    from gridmanager.processing.algorithms import update_inventory as alg

    path, second = inventory
    before = inventory_frame(path)
    feedback = Feedback.make()
    original = alg.write_parts

    def cancel_while_writing(*args, **kwargs):
        feedback.cancel()
        return original(*args, **kwargs)

    monkeypatch.setattr(alg, "write_parts", cancel_while_writing)
    results, _fb = run_alg(
        "gridmanager:updateinventory", params(second, path, str(tmp_path / "r2.gpkg")), feedback=feedback
    )
    after = inventory_frame(path)
    assert feedback.isCanceled() and results["NEW"] == 1
    assert len(after) == len(before) + 1 and not after.equals(before)
    assert not any("was not changed" in line for line in feedback.log)
    assert any("came after the changes were committed" in line for line in feedback.log)
    assert len(pyogrio.read_dataframe(results["OUTPUT"])) == 6


def test_cancel_before_the_commit_leaves_inventory_and_says_so(run_alg, inventory, tmp_path, monkeypatch):
    from gridmanager.grid_manager.parts import inventory as inv

    path, second = inventory
    before = inventory_frame(path)
    feedback = Feedback.make()
    original = inv.apply_changes

    def cancel_after_applying(*args, **kwargs):
        original(*args, **kwargs)
        feedback.cancel()  # every change written in the transaction, report not yet

    monkeypatch.setattr(inv, "apply_changes", cancel_after_applying)
    report = tmp_path / "r2.gpkg"
    results, _fb = run_alg("gridmanager:updateinventory", params(second, path, str(report)), feedback=feedback)
    assert results == {} and not report.exists()
    assert any("Cancelled: the inventory" in line and "was not changed" in line for line in feedback.log)
    pd.testing.assert_frame_equal(inventory_frame(path), before)


@pytest.mark.parametrize("apply", [True, False])
def test_polygon_inventory_is_refused_not_rewritten_as_points(run_alg, tmp_path, apply):
    from qgis.core import QgsProcessingException

    path = str(tmp_path / "inventory.gpkg")
    frame = gpd.GeoDataFrame(
        {"code": [p[0] for p in FIRST], "inv_state": ["active"] * len(FIRST)},
        geometry=[shapely.box(p[1] - 1, p[2] - 1, p[1] + 1, p[2] + 1) for p in FIRST],
        crs=GK,
    )
    pyogrio.write_dataframe(frame, path, layer="parts")
    before = digest(path)
    second = survey(str(tmp_path / "s2.gpkg"), SECOND)
    with pytest.raises(
        QgsProcessingException, match="layer parts, is not a point layer .*Polygon.*Nothing was changed"
    ):
        run_alg("gridmanager:updateinventory", params(second, path, str(tmp_path / "r.gpkg"), apply))
    assert digest(path) == before
    assert pyogrio.read_info(path, layer="parts")["geometry_type"] == "Polygon"


def test_polygons_in_a_layer_of_no_declared_type_are_refused(tmp_path):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.formats.survey_io import read_survey
    from gridmanager.grid_manager.parts import inventory as inv

    path = str(tmp_path / "inventory.gpkg")
    frame = gpd.GeoDataFrame(
        {"code": ["010100000001", "010100000002"]},
        geometry=[shapely.Point(X0, Y0), shapely.box(X0, Y0, X0 + 1, Y0 + 1)],
        crs=GK,
    )
    pyogrio.write_dataframe(frame, path, layer="parts", geometry_type="Unknown")
    second = inv.survey_frame(read_survey(survey(str(tmp_path / "s2.gpkg"), SECOND)))
    before = digest(path)
    with pytest.raises(InputError, match="is not a point layer \\(feature 2 is a Polygon\\)"):
        inv.update_inventory(path, second, GK)
    assert digest(path) == before


def test_first_import_into_a_geopackage_keeps_its_other_layers(run_alg, tmp_path):
    path = str(tmp_path / "city.gpkg")
    other = gpd.GeoDataFrame({"name": ["东城区"]}, geometry=[shapely.box(X0, Y0, X0 + 900, Y0 + 900)], crs=GK)
    pyogrio.write_dataframe(other, path, layer="district")
    results, _fb = run_alg(
        "gridmanager:updateinventory", params(survey(str(tmp_path / "s1.gpkg"), FIRST), path, str(tmp_path / "r.gpkg"))
    )
    assert results["NEW"] == 5
    assert sorted(str(n) for n, _k in pyogrio.list_layers(path)) == ["district", "parts"]
    assert pyogrio.read_dataframe(path, layer="district")["name"].tolist() == ["东城区"]
    assert inventory_frame(path)["inv_state"].tolist() == ["active"] * 5


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_inventory_is_named_as_such_not_as_a_lock(run_alg, inventory, tmp_path, monkeypatch, what):
    """Issue 17: an inventory in a read-only folder was refused as 'locked by someone else' (simulated: the
    tests run as root, whom chmod does not stop)."""
    from qgis.core import QgsProcessingException

    path, second = inventory
    before = digest(path)
    denied = path if what == "file" else str(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == denied else real_access(p, mode, **kw))
    message = "is read-only" if what == "file" else "no permission to write in its folder"
    report = tmp_path / "reports"
    report.mkdir()
    with pytest.raises(QgsProcessingException, match=message + ".*Nothing was changed") as error:
        run_alg("gridmanager:updateinventory", params(second, path, str(report / "r.gpkg")))
    assert "someone else" not in str(error.value)
    assert digest(path) == before
    # a dry run only reads: not refused
    results, _fb = run_alg("gridmanager:updateinventory", params(second, path, str(report / "dry.gpkg"), False))
    assert results["NEW"] == 1 and digest(path) == before
