"""Issue 17 (item 6): the plugin's own GeoPackage writer (importparts' OUTPUT/REJECTED, updateinventory's
change report) follows QGIS's output conventions and never loses a layer:

* ``x.gpkg|layername=y`` and ``ogr:dbname='x.gpkg' table="y" (geom)`` add the layer ``y`` (or replace the
  layer of that name) and keep every other layer of ``x.gpkg``;
* a plain path to an existing GeoPackage that holds other layers is refused with a message saying so
  (and how to add the layer instead), the file untouched;
* OUTPUT = REJECTED, or an output that is the survey being read, is refused before any work."""

import hashlib
import importlib.util
import os
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

_spec = importlib.util.spec_from_file_location("gm_test_import_parts", Path(__file__).with_name("test_import_parts.py"))
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
GK, X0, Y0 = _base.GK, _base.X0, _base.Y0


@pytest.fixture(scope="module")
def grids(tmp_path_factory):
    return _base.make_grids(str(tmp_path_factory.mktemp("grids") / "grids.gpkg"))


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def layers(path):
    return sorted(str(name) for name, _kind in pyogrio.list_layers(str(path)))


def survey_csv(tmp_path, n_good=9, n_bad=3):
    rows = _base.good_rows(n_good)
    rows += [["", "no code", "", "", "", ""]] * n_bad
    return _base.write_csv(tmp_path / "survey.csv", rows)


def existing_gpkg(path):
    """A GeoPackage someone made: a district polygon and a table of notes."""
    district = gpd.GeoDataFrame({"name": ["东城区"]}, geometry=[shapely.box(X0, Y0, X0 + 900, Y0 + 900)], crs=GK)
    pyogrio.write_dataframe(district, str(path), layer="district")
    pyogrio.write_dataframe(pd.DataFrame({"note": ["保留", "keep"]}), str(path), layer="notes", driver="GPKG")
    return str(path)


def others_intact(path):
    district = pyogrio.read_dataframe(str(path), layer="district")
    notes = pyogrio.read_dataframe(str(path), layer="notes", read_geometry=False)
    return district["name"].tolist() == ["东城区"] and notes["note"].tolist() == ["保留", "keep"]


def run_import(run_alg, survey, grids, output, rejected):
    params = {"INPUT": survey, "GRIDS": grids + "|layername=grids", "OUTPUT": output, "REJECTED": rejected}
    return run_alg("gridmanager:importparts", params)


@pytest.mark.parametrize(
    "parts_form, rejected_form",
    [
        ("{path}|layername=parts", "{path}|layername=rejected"),
        ("ogr:dbname='{path}' table=\"parts\" (geom)", "ogr:dbname='{path}' table=\"rejected\""),
    ],
)
def test_named_layers_are_added_and_the_others_kept(run_alg, tmp_path, grids, parts_form, rejected_form):
    path = existing_gpkg(tmp_path / "城区 data.gpkg")  # a space and Chinese in the name
    survey = survey_csv(tmp_path)
    output, rejected = parts_form.format(path=path), rejected_form.format(path=path)
    for _run in range(2):  # the second run replaces the two layers, never duplicates them
        results, _fb = run_import(run_alg, survey, grids, output, rejected)
        assert (results["ACCEPTED"], results["REJECTED_COUNT"]) == (9, 3)
        assert layers(path) == ["district", "notes", "parts", "rejected"]
        assert others_intact(path)
        assert len(pyogrio.read_dataframe(path, layer="parts")) == 9
        assert len(pyogrio.read_dataframe(path, layer="rejected", read_geometry=False)) == 3
    info = pyogrio.read_info(path, layer="parts")
    assert info["geometry_type"] == "Point" and info["crs"] == GK
    con = sqlite3.connect(path)
    try:  # the added layer has its R-tree, complete and consistent
        assert con.execute("SELECT rtreecheck('rtree_parts_geom')").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM rtree_parts_geom").fetchone()[0] == 9
    finally:
        con.close()
    # what QGIS loads: the layer source of the written layer
    assert (results["OUTPUT"], results["REJECTED"]) == (path + "|layername=parts", path + "|layername=rejected")


def test_plain_path_to_a_geopackage_with_other_layers_is_refused(run_alg, tmp_path, grids):
    from qgis.core import QgsProcessingException

    path = existing_gpkg(tmp_path / "city.gpkg")
    before = digest(path)
    survey = survey_csv(tmp_path)
    with pytest.raises(
        QgsProcessingException,
        match=r"'Imported parts' .*city.gpkg is an existing GeoPackage holding other layers \(district, notes\).*"
        r"nothing was written.*city.gpkg\|layername=city",
    ):
        run_import(run_alg, survey, grids, path, str(tmp_path / "rejected.gpkg"))
    with pytest.raises(QgsProcessingException, match="'Rejected rows' .*holding other layers"):
        run_import(run_alg, survey, grids, str(tmp_path / "parts.gpkg"), path)
    assert digest(path) == before and others_intact(path)
    assert not os.path.exists(tmp_path / "parts.gpkg")  # refused before any work


def test_plain_path_to_an_earlier_output_is_replaced(run_alg, tmp_path, grids):
    survey = survey_csv(tmp_path)
    output, rejected = str(tmp_path / "parts.gpkg"), str(tmp_path / "rejected.gpkg")
    run_import(run_alg, survey, grids, output, rejected)
    survey = _base.write_csv(tmp_path / "survey.csv", _base.good_rows(4))
    results, _fb = run_import(run_alg, survey, grids, output, rejected)
    assert layers(output) == ["parts"] and len(pyogrio.read_dataframe(output)) == 4
    assert layers(rejected) == ["rejected"] and len(pyogrio.read_dataframe(rejected, read_geometry=False)) == 0


@pytest.mark.parametrize(
    "output, rejected",
    [
        ("{d}/out.gpkg", "{d}/out.gpkg"),
        ("{d}/out.gpkg|layername=x", "ogr:dbname='{d}/out.gpkg' table=\"x\" (geom)"),
        ("{d}/out.gpkg", "{d}/out.gpkg|layername=rejected"),  # the plain path would replace the whole file
    ],
)
def test_output_equal_to_rejected_is_refused(run_alg, tmp_path, grids, output, rejected):
    from qgis.core import QgsProcessingException

    survey = survey_csv(tmp_path)
    with pytest.raises(
        QgsProcessingException, match="would be written to the same place .* one would replace the other"
    ):
        run_import(run_alg, survey, grids, output.format(d=tmp_path), rejected.format(d=tmp_path))
    assert not os.path.exists(tmp_path / "out.gpkg")


def test_output_that_is_the_survey_is_refused(run_alg, tmp_path, grids):
    from qgis.core import QgsProcessingException

    frame = gpd.GeoDataFrame({"code": ["010100000001"]}, geometry=[shapely.Point(*_base.cell_centre(1, 1))], crs=GK)
    survey = str(tmp_path / "parts.gpkg")
    pyogrio.write_dataframe(frame, survey, layer="parts")
    before = digest(survey)
    for output in (survey, survey + "|layername=parts"):
        with pytest.raises(QgsProcessingException, match="would replace the survey .*parts.gpkg being imported"):
            run_import(run_alg, survey, grids, output, str(tmp_path / "rejected.gpkg"))
    assert digest(survey) == before
    # another layer of the survey's own GeoPackage is fine: the survey layer is kept
    results, _fb = run_import(run_alg, survey, grids, survey + "|layername=imported", str(tmp_path / "rejected.gpkg"))
    assert results["ACCEPTED"] == 1 and layers(survey) == ["imported", "parts"]


def test_destinations_that_are_not_files_are_refused(run_alg, tmp_path, grids):
    from qgis.core import QgsProcessingException

    survey = survey_csv(tmp_path)
    with pytest.raises(QgsProcessingException, match="is not a file"):
        run_import(run_alg, survey, grids, "postgres://dbname='gis' table=\"parts\"", str(tmp_path / "r.gpkg"))
    text = tmp_path / "notes.gpkg"
    text.write_text("not a GeoPackage")
    with pytest.raises(QgsProcessingException, match="notes.gpkg is not a GeoPackage: the layer parts cannot be added"):
        run_import(run_alg, survey, grids, str(text) + "|layername=parts", str(tmp_path / "r.gpkg"))
    assert text.read_text() == "not a GeoPackage"


def test_change_report_as_a_layer_of_another_geopackage(run_alg, tmp_path):
    path = existing_gpkg(tmp_path / "reports.gpkg")
    survey = gpd.GeoDataFrame(
        {"code": ["010100000001", "010100000002"], "class_code": ["0101", "0101"], "grid_code": ["", ""]},
        geometry=[shapely.Point(X0 + 1, Y0 + 1), shapely.Point(X0 + 2, Y0 + 2)],
        crs=GK,
    )
    survey_path = str(tmp_path / "s1.gpkg")
    pyogrio.write_dataframe(survey, survey_path, layer="parts")
    params = {
        "INPUT": survey_path,
        "INVENTORY": str(tmp_path / "inventory.gpkg"),
        "APPLY": True,
        "OUTPUT": "ogr:dbname='{}' table=\"changes_2025\" (geom)".format(path),
    }
    results, _fb = run_alg("gridmanager:updateinventory", params)
    assert results["NEW"] == 2
    assert layers(path) == ["changes_2025", "district", "notes"] and others_intact(path)
    assert pyogrio.read_dataframe(path, layer="changes_2025")["change"].tolist() == ["new", "new"]


def test_a_failure_while_adding_a_layer_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    from osgeo import ogr

    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.parts.survey_import import write_parts

    path = existing_gpkg(tmp_path / "city.gpkg")
    frame = pd.DataFrame({"code": ["a", "b"], "x": [X0, X0 + 1.0], "y": [Y0, Y0 + 1.0]})
    write_parts(frame, GK, path + "|layername=parts")
    before = pyogrio.read_dataframe(path, layer="parts")
    monkeypatch.setattr(ogr.Layer, "Rename", lambda self, name: 6)  # OGRERR_FAILURE, inside the transaction
    bigger = pd.DataFrame({"code": list("cdef"), "x": np.full(4, X0), "y": np.full(4, Y0)})
    with pytest.raises(InputError, match="Cannot write .*city.gpkg"):
        write_parts(bigger, GK, path + "|layername=parts")
    assert layers(path) == ["district", "notes", "parts"] and others_intact(path)  # no staging layer left
    pd.testing.assert_frame_equal(pyogrio.read_dataframe(path, layer="parts"), before)
    assert [f for f in os.listdir(tmp_path) if f.startswith(".")] == []


def test_ogr_destinations_are_loaded_by_their_layer_source(run_alg, tmp_path, grids):
    """QGIS 3.22 cannot load an ``ogr:dbname=… table=…`` string: the results and the layers to load on
    completion name the written layer as ``x.gpkg|layername=y``, which loads."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingOutputLayerDefinition,
        QgsProcessingUtils,
        QgsProject,
    )

    path = existing_gpkg(tmp_path / "city.gpkg")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {
        "INPUT": survey_csv(tmp_path),
        "GRIDS": grids + "|layername=grids",
        "OUTPUT": QgsProcessingOutputLayerDefinition(
            "ogr:dbname='{}' table=\"parts\" (geom)".format(path), QgsProject.instance()
        ),
        "REJECTED": QgsProcessingOutputLayerDefinition("{}|layername=rejected".format(path), QgsProject.instance()),
    }
    results, _fb = run_alg("gridmanager:importparts", params, context=context)
    assert results["OUTPUT"] == "{}|layername=parts".format(path)
    assert sorted(context.layersToLoadOnCompletion()) == sorted([results["OUTPUT"], results["REJECTED"]])
    layer = QgsProcessingUtils.mapLayerFromString(results["OUTPUT"], context)
    assert layer is not None and layer.isValid() and layer.featureCount() == 9
    assert layers(path) == ["district", "notes", "parts", "rejected"] and others_intact(path)
