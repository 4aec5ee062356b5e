"""gridmanager:importparts — every rejection reason, every input format, accepted + rejected = rows."""

import csv
import os

import numpy as np
import pyogrio
import pyproj
import pytest
import shapely

GK = "EPSG:4548"  # CGCS2000 / 3-degree Gauss-Kruger CM 117E (Beijing)
X0, Y0 = 448000.0, 4418000.0  # near 东城区
CELL = 100.0
COMMUNITY = "110101001001"
TO_LONLAT = pyproj.Transformer.from_crs(GK, "EPSG:4326", always_xy=True)


def grid_code(i, j):
    return "{}{:03d}".format(COMMUNITY, i * 10 + j + 1)


def cell_centre(i, j, dx=0.5, dy=0.5):
    return X0 + (i + dx) * CELL, Y0 + (j + dy) * CELL


def make_grids(path, n=10):
    """n×n square 100 m grids with 15-digit grid codes, in EPSG:4548."""
    import geopandas as gpd

    boxes, codes = [], []
    for i in range(n):
        for j in range(n):
            boxes.append(shapely.box(X0 + i * CELL, Y0 + j * CELL, X0 + (i + 1) * CELL, Y0 + (j + 1) * CELL))
            codes.append(grid_code(i, j))
    gdf = gpd.GeoDataFrame({"grid_code": codes}, geometry=boxes, crs=GK)
    pyogrio.write_dataframe(gdf, path, layer="grids", driver="GPKG", dataset_options={"VERSION": "1.3"})
    return path


@pytest.fixture(scope="module")
def grids(tmp_path_factory):
    return make_grids(str(tmp_path_factory.mktemp("grids") / "grids.gpkg"))


def lonlat(i, j, dx=0.5, dy=0.5):
    return TO_LONLAT.transform(*cell_centre(i, j, dx, dy))


HEADER = ["部件编码", "部件名称", "经度", "纬度", "状态", "主管部门"]


def write_csv(path, rows, encoding="utf-8", header=HEADER):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def run_import(run_alg, tmp_path, input_value, grids, context=None, **params):
    out = str(tmp_path / "parts.gpkg")
    rejected = str(tmp_path / "rejected.gpkg")
    base = {"INPUT": input_value, "GRIDS": grids + "|layername=grids", "OUTPUT": out, "REJECTED": rejected}
    base.update(params)
    results, feedback = run_alg("gridmanager:importparts", base, context=context)
    parts = pyogrio.read_dataframe(results["OUTPUT"])
    rej = pyogrio.read_dataframe(results["REJECTED"], read_geometry=False)
    return results, feedback, parts, rej


def fmt(v):
    return "{:.8f}".format(v)


def good_rows(n, start=1, cls="0101"):
    rows = []
    for k in range(n):
        i, j = k % 10, (k // 10) % 10
        lon, lat = lonlat(i, j)
        code = "{}{:08d}".format(cls, start + k)
        rows.append([code, "井盖{}".format(k), fmt(lon), fmt(lat), "完好", "水务局"])
    return rows


def test_every_rejection_reason(run_alg, tmp_path, grids):
    lon, lat = lonlat(3, 4)
    far_lon, far_lat = lonlat(3, 4, dx=5.5)
    out_lon, out_lat = lonlat(20, 20)
    rows = good_rows(5)
    rows += [
        ["010100000001", "dup same", fmt(lon), fmt(lat), "", ""],  # 6: duplicate of row 1? (see below)
        ["", "no code", fmt(lon), fmt(lat), "", ""],  # 7
        ["0101000A0001", "letters", fmt(lon), fmt(lat), "", ""],  # 8
        ["01010000001", "11 digits", fmt(lon), fmt(lat), "", ""],  # 9
        ["019900000001", "unknown class", fmt(lon), fmt(lat), "", ""],  # 10
        ["3205080101000001", "other county", fmt(lon), fmt(lat), "", ""],  # 11
        ["9905080101000001", "no such province", fmt(lon), fmt(lat), "", ""],  # 12
        ["010100000099", "no coords", "", "", "", ""],  # 13
        ["010100000098", "bad coords", "东经116", fmt(lat), "", ""],  # 14
        ["010100000097", "out of range", "316.4", fmt(lat), "", ""],  # 15
        ["010100000096", "outside", fmt(out_lon), fmt(out_lat), "", ""],  # 16
        ["", "", "", "", "", ""],  # 17: empty row in the middle
        ["010100000002", "dup other", fmt(far_lon), fmt(far_lat), "", ""],  # 18
        ["1101010101000007", "ok 16 digits", fmt(lon), fmt(lat), "", ""],  # 19
        ["11010101001000008", "ok 17 digits", fmt(lon), fmt(lat), "", ""],  # 20
    ]
    # row 6 repeats row 1's code at row 1's location
    rows[5][2], rows[5][3] = rows[0][2], rows[0][3]
    path = write_csv(tmp_path / "survey.csv", rows)
    results, feedback, parts, rej = run_import(run_alg, tmp_path, path, grids, COUNTY_CODE="110101")
    assert results["ROWS"] == len(rows) == 20
    assert len(parts) + len(rej) == len(rows)
    assert results["ACCEPTED"] == len(parts) == 7
    reasons = dict(zip(rej["row"].tolist(), rej["reason_code"].tolist()))
    assert reasons == {
        6: "duplicate_same_location",
        7: "code_missing",
        8: "code_not_digits",
        9: "code_length",
        10: "unknown_class",
        11: "county_mismatch",
        12: "county_invalid",
        13: "coordinates_missing",
        14: "coordinates_unparseable",
        15: "coordinates_out_of_range",
        16: "outside_grids",
        17: "empty_row",
        18: "duplicate_other_location",
    }
    text = dict(zip(rej["row"].tolist(), rej["reason"].tolist()))
    assert text[6] == "the code 010100000001 repeats row 1 at the same location"
    assert text[7] == "the part code is empty"
    assert text[8] == "the part code '0101000A0001' contains characters other than digits"
    assert text[9] == "the part code '01010000001' has 11 digits; expected 12, 16 or 17"
    assert text[10] == "the class 01-99 of the part code '019900000001' is not in the catalogue"
    assert text[11] == (
        "the county segment '320508' of the part code '3205080101000001' does not match the district 110101"
    )
    assert text[13] == "the coordinates are missing"
    assert text[14] == "the coordinates are not numbers"
    assert text[16] == "the part lies outside every grid"
    assert text[18].startswith("the code 010100000002 was already used in row 2, ")
    assert text[18].endswith(" m away")
    # the original values travel with the rejection
    assert rej.loc[rej["row"] == 10, "部件名称"].iloc[0] == "unknown class"
    # accepted parts: grid, community, street, classes, 12 → 16 conversion
    first = parts.loc[parts["code"] == "010100000001"].iloc[0]
    assert first["grid_code"] == grid_code(0, 0)
    assert first["community_code"] == COMMUNITY and first["street_code"] == COMMUNITY[:9]
    assert first["class_zh"] == "上水井盖" and first["major_zh"] == "公用设施"
    assert first["code_16"] == "1101010101000001"
    assert first["source_row"] == 1 and first["owner_dept"] == "水务局"
    assert set(parts.loc[parts["code"].str.len() > 12, "code"]) == {"1101010101000007", "11010101001000008"}
    assert parts["source_file"].unique().tolist() == ["survey.csv"]
    assert parts.crs.to_epsg() == 4548
    # every accepted part is inside its grid
    x, y = shapely.get_x(parts.geometry.values), shapely.get_y(parts.geometry.values)
    i = ((x - X0) // CELL).astype(int)
    j = ((y - Y0) // CELL).astype(int)
    assert [grid_code(a, b) for a, b in zip(i, j)] == parts["grid_code"].tolist()
    assert any("13 rejected" in line for line in feedback.log)


def test_fixed_scheme_and_length_message(run_alg, tmp_path, grids):
    rows = good_rows(3) + [["1101010101000007", "16", *good_rows(1)[0][2:4], "", ""]]
    path = write_csv(tmp_path / "s.csv", rows)
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, CODE_SCHEME=1)
    assert len(parts) == 3 and rej["reason_code"].tolist() == ["code_length"]
    assert rej["reason"].iloc[0] == ("the part code '1101010101000007' has 16 digits; the chosen scheme needs 12")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(run_alg, tmp_path, grids, encoding):
    rows = good_rows(12)
    rows[3][1] = "雨水箅子㐀" if encoding == "gb18030" else "雨水箅子"
    path = write_csv(tmp_path / "s.csv", rows, encoding=encoding)
    _r, feedback, parts, rej = run_import(run_alg, tmp_path, path, grids)
    assert len(parts) == 12 and len(rej) == 0
    assert parts.loc[parts["source_row"] == 4, "name"].iloc[0] == rows[3][1]
    assert parts["status"].unique().tolist() == ["完好"]


def test_semicolon_title_row_and_ragged(run_alg, tmp_path, grids):
    lines = ["东城区部件普查表"] + [";".join(HEADER)] + [";".join(r) for r in good_rows(4)]
    lines[3] += ";extra;cells"
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n\n", encoding="gbk")
    _r, feedback, parts, rej = run_import(run_alg, tmp_path, str(path), grids)
    assert len(parts) == 4 and len(rej) == 0
    assert any("above the header" in line for line in feedback.log)


def test_xlsx_with_numbers_and_title(run_alg, tmp_path, grids):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["部件普查"])
    ws.append(["编号", "名称", "X坐标", "Y坐标"])
    for k in range(6):
        x, y = cell_centre(k, 2)
        ws.append([int("1101010101{:06d}".format(k + 1)), "灯", x, y])
    ws.append(["=A3", "formula", 1.0, 2.0])
    path = str(tmp_path / "s.xlsx")
    wb.save(path)
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, COORDINATES=4, SOURCE_CRS=GK)
    assert len(parts) == 6 and parts["grid_code"].tolist() == [grid_code(k, 2) for k in range(6)]
    assert rej["row"].tolist() == [7] and rej["reason_code"].tolist() == ["code_not_digits"]


def test_gcj02_and_bd09_land_in_the_right_grid(run_alg, tmp_path, grids):
    from gridmanager.grid_manager.parts import chinacoords

    rows = good_rows(20)
    lon = np.array([float(r[2]) for r in rows])
    lat = np.array([float(r[3]) for r in rows])
    for mode, func in ((2, chinacoords.wgs84_to_gcj02), (3, chinacoords.wgs84_to_bd09)):
        glon, glat = func(lon, lat)
        shifted = [r[:2] + [fmt(a), fmt(b)] + r[4:] for r, a, b in zip(rows, glon, glat)]
        path = write_csv(tmp_path / "s{}.csv".format(mode), shifted)
        # taken as WGS84 the web-map coordinates land hundreds of metres off, outside the grid
        _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, COORDINATES=1)
        assert (parts["grid_code"].tolist() != [grid_code(k % 10, k // 10) for k in range(20)]) or len(rej)
        _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, COORDINATES=mode)
        assert len(rej) == 0
        assert parts["grid_code"].tolist() == [grid_code(k % 10, k // 10) for k in range(20)]
        x, y = shapely.get_x(parts.geometry.values), shapely.get_y(parts.geometry.values)
        cx = np.array([cell_centre(k % 10, k // 10)[0] for k in range(20)])
        cy = np.array([cell_centre(k % 10, k // 10)[1] for k in range(20)])
        assert np.max(np.hypot(x - cx, y - cy)) < 0.1


def test_cgcs2000_lat_lon_order_is_detected(run_alg, tmp_path, grids):
    rows = good_rows(6)
    swapped = [[r[0], r[1], r[3], r[2], r[4], r[5]] for r in rows]  # latitude first, as EPSG:4490 orders it
    path = write_csv(tmp_path / "s.csv", swapped)
    _r, feedback, parts, rej = run_import(run_alg, tmp_path, path, grids, COORDINATES=4, SOURCE_CRS="EPSG:4490")
    assert len(parts) == 6 and len(rej) == 0
    assert parts["grid_code"].tolist() == [grid_code(k, 0) for k in range(6)]
    assert any("exchanged" in line for line in feedback.log)


def test_gauss_kruger_northing_first(run_alg, tmp_path, grids):
    rows = []
    for k in range(5):
        x, y = cell_centre(k, 7)
        rows.append(["0118{:08d}".format(k + 1), "路灯", "{:.3f}".format(y), "{:.3f}".format(x), "", ""])
    path = write_csv(tmp_path / "s.csv", rows, header=["code", "name", "X", "Y", "status", "owner"])
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, COORDINATES=4, SOURCE_CRS=GK)
    assert len(rej) == 0 and parts["grid_code"].tolist() == [grid_code(k, 7) for k in range(5)]
    assert parts["class_en"].unique().tolist() == ["Street lamp"]


def _points_frame(n):
    import geopandas as gpd

    codes = ["0305{:08d}".format(k + 1) for k in range(n)]
    pts = [shapely.Point(*lonlat(k % 10, 5)) for k in range(n)]
    return gpd.GeoDataFrame({"bjbm": codes, "名称": ["垃圾箱"] * n}, geometry=pts, crs="EPSG:4326")


def test_shapefile_without_cpg_gbk(run_alg, tmp_path, grids):
    frame = _points_frame(8)
    path = str(tmp_path / "parts.shp")
    pyogrio.write_dataframe(frame, path, encoding="GBK")
    for ext in (".cpg", ".CPG"):
        if os.path.exists(str(tmp_path / "parts") + ext):
            os.remove(str(tmp_path / "parts") + ext)
    # also clear the DBF language driver byte so only the bytes tell the encoding
    with open(str(tmp_path / "parts.dbf"), "r+b") as handle:
        handle.seek(29)
        handle.write(b"\x00")
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids)
    assert len(parts) == 8 and len(rej) == 0
    assert parts["name"].unique().tolist() == ["垃圾箱"]
    assert parts["class_zh"].unique().tolist() == ["垃圾箱"]


@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
def test_gpkg_and_geojson(run_alg, tmp_path, grids, ext):
    frame = _points_frame(7)
    frame.loc[3, "geometry"] = None
    path = str(tmp_path / "survey.{}".format(ext))  # not parts.gpkg: the output would replace it (refused)
    pyogrio.write_dataframe(frame, path)
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids)
    assert len(parts) == 6 and rej["row"].tolist() == [4]
    assert rej["reason_code"].tolist() == ["coordinates_missing"]


def test_loaded_layer_input(run_alg, tmp_path, grids):
    from qgis.core import QgsProcessingContext, QgsProject, QgsVectorLayer

    path = str(tmp_path / "layer.gpkg")
    pyogrio.write_dataframe(_points_frame(5), path)
    layer = QgsVectorLayer(path, "survey layer", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    try:
        _r, _f, parts, rej = run_import(run_alg, tmp_path, layer.id(), grids, context=context)
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert len(parts) == 5 and len(rej) == 0
    assert parts["source_file"].unique().tolist() == ["survey layer"]


def test_local_catalogue_extends(run_alg, tmp_path, grids):
    catalogue = tmp_path / "local.csv"
    catalogue.write_text(
        "code,major,minor,name_zh,name_en\n2101,21,01,共享单车停放点,Shared bike parking\n", encoding="gbk"
    )
    rows = good_rows(2, cls="2101")
    path = write_csv(tmp_path / "s.csv", rows)
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids)
    assert rej["reason_code"].tolist() == ["unknown_class", "unknown_class"]
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, CATALOG=str(catalogue))
    assert len(parts) == 2 and parts["class_zh"].unique().tolist() == ["共享单车停放点"]


def test_bad_inputs_give_clear_messages(run_alg, tmp_path, grids):
    from qgis.core import QgsProcessingException

    path = write_csv(tmp_path / "s.csv", good_rows(2))
    with pytest.raises(QgsProcessingException, match="has no field 'NOPE'"):
        run_import(run_alg, tmp_path, path, grids, CODE_FIELD="NOPE")
    nocoords = write_csv(tmp_path / "n.csv", [["010100000001", "a"]], header=["code", "name"])
    with pytest.raises(QgsProcessingException, match=r"n\.csv: no field for the X coordinate"):
        run_import(run_alg, tmp_path, nocoords, grids)
    with pytest.raises(QgsProcessingException, match="SOURCE_CRS"):
        run_import(run_alg, tmp_path, path, grids, COORDINATES=4)
    # grids without grid_code
    import geopandas as gpd

    bad = str(tmp_path / "badgrids.gpkg")
    frame = gpd.GeoDataFrame({"code": ["1"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=GK)
    pyogrio.write_dataframe(frame, bad, layer="grids")
    with pytest.raises(QgsProcessingException, match="has no field 'grid_code'"):
        run_import(run_alg, tmp_path, path, bad)
    assert not os.path.exists(str(tmp_path / "parts.gpkg"))


def test_rejection_reasons_in_chinese(run_alg, tmp_path, grids, zh_cn):
    rows = good_rows(2) + [["1101010101000007", "16", *good_rows(1)[0][2:4], "", ""]]
    path = write_csv(tmp_path / "zh.csv", rows)
    _r, _f, parts, rej = run_import(run_alg, tmp_path, path, grids, CODE_SCHEME=1)
    assert len(parts) + len(rej) == 3  # nothing lost
    reason = rej["reason"].iloc[0]
    assert "1101010101000007" in reason and "16" in reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), reason  # the reason is in Chinese
