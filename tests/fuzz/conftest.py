"""Inputs for the fuzz matrix over the nine algorithms: one small valid data set (EPSG:4548, central
Beijing) written once per session with GDAL, bad variants of every layer written on demand, valid
parameters for each algorithm, and the checks of a refusal (clear message, nothing written, inputs
untouched)."""

import hashlib
import os
from datetime import datetime, timedelta

import pytest

X0, Y0 = 448000.0, 4418000.0
EPSG = 4548
AREA_CODES = ("110101001001", "110101001002")
CASE_FIELDS = (
    ("case_code", "str"),
    ("kind", "str"),
    ("class_code", "str"),
    ("state", "str"),
    ("department", "str"),
    ("grid_code", "str"),
    ("reported_at", "datetime"),
    ("registered_at", "datetime"),
    ("dispatched_at", "datetime"),
    ("deadline_at", "datetime"),
    ("handled_at", "datetime"),
    ("closed_at", "datetime"),
    ("rework_count", "int"),
    ("extension_count", "int"),
)


def box(x0, y0, x1, y1):
    return "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=x0, b=y0, c=x1, d=y1)


def write_layer(path, name, geometry, fields, rows, epsg=EPSG, driver="GPKG"):
    """rows: [(wkt or None, {field: value})]; geometry: an ogr.wkb* constant; epsg None = no CRS."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    srs = None
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = ds.CreateLayer(name, srs, geometry)
    kinds = {"str": ogr.OFTString, "int": ogr.OFTInteger64, "real": ogr.OFTReal, "datetime": ogr.OFTDateTime}
    for field, kind in fields:
        layer.CreateField(ogr.FieldDefn(field, kinds[kind]))
    for wkt, attrs in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in attrs.items():
            if value is None:
                feature.SetFieldNull(field)
            elif isinstance(value, datetime) and dict(fields)[field] == "str":
                feature.SetField(field, value.isoformat())
            elif isinstance(value, datetime):
                feature.SetField(field, value.year, value.month, value.day, value.hour, value.minute, value.second, 0)
            else:
                feature.SetField(field, value)
        if wkt is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    ds = None
    return path


class Data:
    """The valid layers (dict of name -> {"path", "layer", "geometry", "fields", "rows"}) and their variants."""

    def __init__(self, folder):
        from osgeo import ogr

        self.folder = folder
        self.specs = {}
        areas = [box(X0 + 200 * i, Y0, X0 + 200 * (i + 1), Y0 + 200) for i in range(2)]
        self.add(
            "areas",
            ogr.wkbPolygon,
            [("community_code", "str"), ("name", "str")],
            [(areas[i], {"community_code": AREA_CODES[i], "name": "社区{}".format(i)}) for i in range(2)],
        )
        buildings = []
        for i in range(2):
            for j in range(4):
                for k in range(2):
                    x = X0 + 200 * i + 20 + 45 * j
                    y = Y0 + 30 + 100 * k
                    buildings.append(
                        (box(x, y, x + 25, y + 40), {"households": 50, "hh_text": "50", "name": "楼{}".format(j)})
                    )
        self.add("buildings", ogr.wkbPolygon, [("households", "int"), ("hh_text", "str"), ("name", "str")], buildings)
        self.add(
            "roads",
            ogr.wkbLineString,
            [("name", "str")],
            [("LINESTRING({} {},{} {})".format(X0, Y0 + 100, X0 + 400, Y0 + 100), {"name": "胡同"})],
        )
        grids = []
        for i in range(2):
            for k in range(2):
                grids.append(
                    (
                        box(X0 + 200 * i, Y0 + 100 * k, X0 + 200 * (i + 1), Y0 + 100 * (k + 1)),
                        {
                            "grid_code": "{}{:03d}".format(AREA_CODES[i], k + 1),
                            "households": 200,
                            "name": "网格",
                        },
                    )
                )
        self.add("grids", ogr.wkbPolygon, [("grid_code", "str"), ("households", "int"), ("name", "str")], grids)
        cases = []
        t0 = datetime(2025, 1, 6, 9, 0, 0)
        for n in range(24):
            g = grids[n % 4][1]["grid_code"]
            i, k = (n % 4) // 2, (n % 4) % 2
            x = X0 + 200 * i + 20 + 7 * (n // 4)
            y = Y0 + 100 * k + 30 + 5 * (n // 4)
            t = t0 + timedelta(days=5 * n)
            attrs = {
                "case_code": "C{:03d}".format(n),
                "kind": "event" if n % 3 else "part",
                "class_code": "0102",
                "state": "closed",
                "department": "环卫",
                "grid_code": g,
                "reported_at": t,
                "registered_at": t + timedelta(hours=1),
                "dispatched_at": t + timedelta(hours=2),
                "deadline_at": t + timedelta(days=1),
                "handled_at": t + timedelta(hours=20),
                "closed_at": t + timedelta(days=2),
                "rework_count": 0,
                "extension_count": 0,
                "weight": 1.0,
            }
            cases.append(("POINT({} {})".format(x, y), attrs))
        self.add("cases", ogr.wkbPoint, list(CASE_FIELDS) + [("weight", "real")], cases)
        parts = []
        for n in range(8):
            i, k = n % 2, (n // 2) % 2
            attrs = {
                "code": "0101{:08d}".format(n + 1),
                "class_code": "0101",
                "name": "上水井盖",
                "status": "完好",
                "owner_dept": "水务局",
                "grid_code": "{}{:03d}".format(AREA_CODES[i], k + 1),
                "source_row": n + 1,
            }
            parts.append(("POINT({} {})".format(X0 + 200 * i + 50 + 10 * n, Y0 + 100 * k + 50), attrs))
        self.add(
            "parts",
            ogr.wkbPoint,
            [
                ("code", "str"),
                ("class_code", "str"),
                ("name", "str"),
                ("status", "str"),
                ("owner_dept", "str"),
                ("grid_code", "str"),
                ("source_row", "int"),
            ],
            parts,
        )
        self.add(
            "wgs",
            ogr.wkbPoint,
            [("name", "str")],
            [("POINT(116.40{} 39.91{})".format(n, n), {"name": "p{}".format(n)}) for n in range(4)],
            epsg=4326,
        )
        self.add(
            "wgs_lines",
            ogr.wkbLineString,
            [("name", "str")],
            [
                ("LINESTRING(116.40{0} 39.91{0},116.41{0} 39.92{0})".format(n), {"name": "l{}".format(n)})
                for n in range(3)
            ],
            epsg=4326,
        )

    def write_csv(self, name, rows):
        """The attributes of layer `name` as a CSV without geometry (a table)."""
        import csv

        path = os.path.join(self.folder, "variants", name + "_table.csv")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.path.exists(path):
            fields = [f for f, _ in self.specs[name]["fields"]]
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(fields)
                for _, attrs in rows or self.specs[name]["rows"]:
                    writer.writerow(
                        [
                            v.isoformat() if isinstance(v, datetime) else ("" if v is None else v)
                            for v in (attrs.get(f) for f in fields)
                        ]
                    )
        return path

    def add(self, name, geometry, fields, rows, epsg=EPSG):
        path = os.path.join(self.folder, name + ".gpkg")
        write_layer(path, name, geometry, fields, rows, epsg)
        self.specs[name] = {"geometry": geometry, "fields": fields, "rows": rows, "epsg": epsg}

    def path(self, name):
        return os.path.join(self.folder, name + ".gpkg") + "|layername=" + name

    def variant(self, name, kind, **options):
        """A bad copy of layer `name`, written once: its source string."""
        from osgeo import ogr

        spec = self.specs[name]
        tag = kind + "".join("_{}{}".format(k, v) for k, v in sorted(options.items()))
        folder = os.path.join(self.folder, "variants")
        os.makedirs(folder, exist_ok=True)
        geometry, fields, rows, epsg = spec["geometry"], list(spec["fields"]), list(spec["rows"]), spec["epsg"]
        driver, ext = "GPKG", ".gpkg"
        if kind == "curved":
            geometry, rows = _curved(geometry, rows)
        elif kind == "nocrs":
            epsg = None
        elif kind == "noprj":  # a shapefile without .prj: no CRS at all
            driver, ext = "ESRI Shapefile", ".shp"
            epsg = None
            fields = [(f[:10], k) for f, k in fields]
            rows = [(w, {k[:10]: v for k, v in a.items()}) for w, a in rows]
        elif kind == "z":  # every vertex with a height
            geometry = geometry + 1000  # ISO wkb*Z codes
            rows = [(_with_z(w) if w else w, a) for w, a in rows]
        elif kind == "empty_layer":
            rows = []
        elif kind == "duplicate":  # the feature at `index` twice
            rows = rows + [rows[options.get("index", 0)]]
        elif kind == "null_geometry":
            rows = [(None if i == options.get("index", 1) else w, a) for i, (w, a) in enumerate(rows)]
        elif kind == "empty_geometry":
            empty = {
                ogr.wkbPolygon: "POLYGON EMPTY",
                ogr.wkbPoint: "POINT EMPTY",
                ogr.wkbLineString: "LINESTRING EMPTY",
            }
            rows = [(empty[geometry] if i == 1 else w, a) for i, (w, a) in enumerate(rows)]
        elif kind == "value":  # options: field, value, index
            rows = [
                (w, dict(a, **{options["field"]: options["value"]}) if i == options.get("index", 2) else a)
                for i, (w, a) in enumerate(rows)
            ]
            kind_of = "real" if isinstance(options["value"], float) else "str"
            fields = [(f, kind_of if f == options["field"] else k) for f, k in fields]
            if options["field"] not in dict(fields):
                fields.append((options["field"], kind_of))
        elif kind == "retype":  # options: field, type (every value as that type)
            fields = [(f, options["type"] if f == options["field"] else k) for f, k in fields]
            rows = [(w, dict(a, **{options["field"]: str(a[options["field"]])})) for w, a in rows]
        elif kind == "drop_fields":
            rows = [(w, {k: v for k, v in a.items() if k not in options["fields"]}) for w, a in rows]
            fields = [(f, k) for f, k in fields if f not in options["fields"]]
        elif kind == "as_polygons":
            geometry = ogr.wkbPolygon
            rows = [(_point_box(w), a) for w, a in rows]
        elif kind == "self_intersecting":
            rows = [(_bowtie(w) if i == 0 else w, a) for i, (w, a) in enumerate(rows)]
        else:
            raise ValueError(kind)
        path = os.path.join(folder, "{}_{}{}".format(name, tag, ext))
        if not os.path.exists(path):
            write_layer(path, name, geometry, fields, rows, epsg, driver)
        return path + ("|layername=" + name if driver == "GPKG" else "")


def _curved(geometry, rows):
    """Curved types holding the same shapes: CurvePolygon/MultiSurface with straight rings (one with a
    real circular arc on an outer edge would change the areas), CompoundCurve lines."""
    from osgeo import ogr

    out = []
    for i, (wkt, attrs) in enumerate(rows):
        if wkt is None:
            out.append((wkt, attrs))
        elif wkt.startswith("POLYGON"):
            ring = wkt[len("POLYGON") :]
            out.append(("MULTISURFACE(CURVEPOLYGON{})".format(ring) if i % 2 else "CURVEPOLYGON{}".format(ring), attrs))
        elif wkt.startswith("LINESTRING"):
            out.append(("COMPOUNDCURVE({})".format(wkt[len("LINESTRING") :]), attrs))
        else:
            out.append((wkt, attrs))
    kind = {ogr.wkbPolygon: ogr.wkbMultiSurface, ogr.wkbLineString: ogr.wkbCompoundCurve}.get(geometry, geometry)
    return kind, out


def _with_z(wkt):
    import re

    head, _, body = wkt.partition("(")
    body = re.sub(r"(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)", r"\1 \2 12.5", "(" + body)
    return head.strip() + " Z " + body


def _point_box(wkt):
    x, y = (float(v) for v in wkt[wkt.index("(") + 1 : wkt.index(")")].split())
    return box(x - 2, y - 2, x + 2, y + 2)


def _bowtie(wkt):
    coords = wkt[wkt.index("((") + 2 : wkt.index("))")].split(",")
    (a, b), (c, d) = (float(v) for v in coords[0].split()), (float(v) for v in coords[2].split())
    return "POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))".format(a=a, b=b, c=c, d=d)


@pytest.fixture(scope="session")
def data(tmp_path_factory):
    return Data(str(tmp_path_factory.mktemp("fuzzdata")))


def part_store(path):
    """A GeoPackage store with the sample inventory (addpartlayer's input), made once per folder."""
    if not os.path.exists(path):
        from gridmanager.grid_manager.store.gpkg import GpkgStore
        from gridmanager.grid_manager.store.sample import seed_reference

        store = GpkgStore(path, user="planner")
        store.migrate()
        seed_reference(store)
        store.close()
    return path


def base_parameters(alg_id, data, out):
    """Valid parameters of each algorithm, outputs in folder `out`."""
    o = lambda name: os.path.join(out, name)  # noqa: E731
    if alg_id == "gridmanager:workingtime":  # the store is made only for this algorithm
        return {
            "STORE": working_time_store(out),
            "CALENDAR": os.path.join(CALENDAR_FOLDER, "cn_2026.csv"),
            "WORKING_HOURS": "08:30-12:00,13:30-17:30",
            "TIME_LIMITS": os.path.join(CALENDAR_FOLDER, "time_limits_example.csv"),
        }
    if alg_id == "gridmanager:addpartlayer":
        return {"GEOPACKAGE": part_store(o("part_store.gpkg")), "SAVE_STYLE": False}
    partition = {
        "BUILDINGS": data.path("buildings"),
        "HOUSEHOLD_FIELD": "households",
        "BARRIERS": data.path("roads"),
        "BALANCE_BY": 1,
        "TARGET_HOUSEHOLDS": 200,
        "TOLERANCE": 10,
    }
    return {
        "gridmanager:partitiongrids": dict(
            partition,
            AREAS=data.path("areas"),
            AREA_CODE_FIELD="community_code",
            OUTPUT=o("grids_out.gpkg"),
            REPORT=o("report.html"),
        ),
        "gridmanager:revisegrids": dict(
            partition,
            GRIDS=data.path("grids"),
            CODE_FIELD="grid_code",
            REVISE=0,
            EXPRESSION="\"grid_code\" LIKE '110101001001%'",
            OUTPUT=o("revised.gpkg"),
            CHANGES=o("changes.gpkg"),
        ),
        "gridmanager:checkgrids": {
            "GRIDS": data.path("grids"),
            "CODE_FIELD": "grid_code",
            "AREAS": data.path("areas"),
            "AREA_CODE_FIELD": "community_code",
            "BUILDINGS": data.path("buildings"),
            "HOUSEHOLD_FIELD": "households",
            "BALANCE_BY": 1,
            "TARGET_HOUSEHOLDS": 200,
            "OUTPUT": o("problems.gpkg"),
            "REPORT": o("check.html"),
        },
        "gridmanager:convertchinacoords": {"INPUT": data.path("wgs"), "FROM": 1, "TO": 0, "OUTPUT": o("wgs_out.gpkg")},
        "gridmanager:importparts": {
            "INPUT": data.path("parts"),
            "CODE_FIELD": "code",
            "GRIDS": data.path("grids"),
            "OUTPUT": o("imported.gpkg"),
            "REJECTED": o("rejected.gpkg"),
        },
        "gridmanager:updateinventory": {
            "INPUT": data.path("parts"),
            "INVENTORY": o("inventory.gpkg"),
            "MOVE_THRESHOLD": 5.0,
            "APPLY": True,
            "OUTPUT": o("changes_report.gpkg"),
        },
        "gridmanager:casedensity": {
            "INPUT": data.path("cases"),
            "RADIUS": 100.0,
            "PIXEL_SIZE": 10.0,
            "WEIGHT_FIELD": "weight",
            "OUTPUT": o("heat.tif"),
        },
        "gridmanager:gridcasestats": {
            "CASES": data.path("cases"),
            "GRIDS": data.path("grids"),
            "GRID_CODE_FIELD": "grid_code",
            "HOUSEHOLD_FIELD": "households",
            "PERMUTATIONS": 99,
            "OUTPUT": o("stats.gpkg"),
        },
        "gridmanager:localmoran": {"INPUT": data.path("grids"), "FIELD": "households", "OUTPUT": o("lisa.gpkg")},
        "gridmanager:emerginghotspots": {
            "CASES": data.path("cases"),
            "GRIDS": data.path("grids"),
            "GRID_CODE_FIELD": "grid_code",
            "PERIOD": 0,
            "OUTPUT": o("emerging.gpkg"),
        },
        "gridmanager:evaluate": {
            "CASES": data.path("cases"),
            "GRIDS": data.path("grids"),
            "UNIT": 0,
            "OUTPUT": o("evaluation.gpkg"),
            "OUTPUT_TABLE": o("evaluation_table.gpkg"),
        },
    }[alg_id]


CALENDAR_FOLDER = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources", "calendars"
)


def working_time_store(out):
    """A GeoPackage case store with the sample catalogue (made once per output folder, next to it)."""
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.sample import seed_reference

    path = os.path.join(os.path.dirname(out), os.path.basename(out) + "_store.gpkg")
    if not os.path.exists(path):
        store = GpkgStore(path, user="fuzz")
        store.migrate()
        seed_reference(store)
        store.close()
    return path


ALGORITHMS = (
    "gridmanager:partitiongrids",
    "gridmanager:revisegrids",
    "gridmanager:checkgrids",
    "gridmanager:convertchinacoords",
    "gridmanager:importparts",
    "gridmanager:updateinventory",
    "gridmanager:addpartlayer",
    "gridmanager:casedensity",
    "gridmanager:gridcasestats",
    "gridmanager:evaluate",
    "gridmanager:localmoran",  # on main (issue 12): the tests of an algorithm not registered here are skipped
    "gridmanager:emerginghotspots",
    "gridmanager:workingtime",  # issue 15: loads into a case store, writes no file
)

# The case store administration (issue 15) reads no layer, field or geometry: the matrix has nothing to vary;
# its bad input (codes, names, tables, roles) is tested in tests/store/test_admin_algorithms.py.
STORE_ADMIN_ALGORITHMS = (
    "gridmanager:managedepartments",
    "gridmanager:manageclasses",
    "gridmanager:manageusers",
)


def snapshot(folder):
    """{file: (sha256, mtime_ns)} of every file below `folder`."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            out[path] = (digest, os.stat(path).st_mtime_ns)
    return out


class Runner:
    """Runs an algorithm and checks the outcome of bad input."""

    def __init__(self, run_alg, data, out):
        self.run_alg = run_alg
        self.data = data
        self.out = out

    def params(self, alg_id, **changes):
        from qgis.core import QgsApplication

        if QgsApplication.processingRegistry().algorithmById(alg_id) is None:
            pytest.skip("{} is not on this branch".format(alg_id))
        params = base_parameters(alg_id, self.data, self.out)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params

    def ok(self, alg_id, params, context=None):
        from qgis.core import QgsProcessingException

        try:
            return self.run_alg(alg_id, params, context=context)
        except QgsProcessingException as error:  # pragma: no cover - the message is the failure
            pytest.fail("{} refused valid input: {}".format(alg_id, error))

    def refused(self, alg_id, params, *names, context=None):
        """The run raises QgsProcessingException whose message names every one of `names`; no file
        is written in the output folder; no input file changes (content and mtime)."""
        from qgis.core import QgsProcessingException

        before_in = snapshot(self.data.folder)
        before_out = snapshot(self.out)
        with pytest.raises(QgsProcessingException) as info:
            self.run_alg(alg_id, params, context=context)
        message = str(info.value)
        assert "Traceback" not in message and "Error" not in message.split(":")[0], message
        for name in names:
            assert str(name) in message, "{!r} not named in: {}".format(name, message)
        assert snapshot(self.data.folder) == before_in, "an input file changed"
        assert snapshot(self.out) == before_out, "something was written: {}".format(
            sorted(set(snapshot(self.out)) - set(before_out))
        )
        return message


@pytest.fixture
def runner(run_alg, data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    return Runner(run_alg, data, str(out))
