"""A 东城区-scale partitioning case, generated deterministically inside the real district boundary.

SYNTHETIC GEOMETRY: only the boundary (GCJ-02, converted to WGS 84 with the plugin's iterative
inverse) and the 169 community codes are real.  Communities are a Voronoi partition of the boundary,
streets a jittered network (main roads ~450 m apart, lanes ~130 m) plus the community boundaries,
buildings rectangles set back from the streets, households drawn from a heavy-tailed distribution
(courtyard houses, slabs and a few large estates) scaled to ~200,000.

    python bench/partition/dongcheng.py [out.gpkg]   → layers communities, roads, buildings (EPSG:4548)
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "grid_manager" / "parts"))
import chinacoords  # noqa: E402  (plain module: the generator needs no QGIS)

SAMPLE = REPO / "resources" / "sample"
EPSG = 4548  # CGCS2000 / 3-degree Gauss-Kruger CM 117E
N_BUILDINGS = 20_000
N_HOUSEHOLDS = 200_000


def boundary_metric():
    from pyproj import Transformer

    data = json.loads((SAMPLE / "dongcheng_boundary_gcj02.geojson").read_text(encoding="utf-8"))
    geom = shapely.geometry.shape(data["features"][0]["geometry"])
    to_m = Transformer.from_crs(4326, EPSG, always_xy=True)

    def convert(x, y):
        lon, lat = chinacoords.gcj02_to_wgs84(np.asarray(x), np.asarray(y))
        return to_m.transform(lon, lat)

    coords = shapely.get_coordinates(geom)
    lon, lat = chinacoords.gcj02_to_wgs84(coords[:, 0], coords[:, 1])
    x, y = to_m.transform(lon, lat)
    geom = shapely.set_coordinates(geom, np.column_stack([x, y]))
    geom = shapely.make_valid(geom)
    parts = shapely.get_parts(geom)
    return shapely.set_precision(parts[np.argmax(shapely.area(parts))], 0.01)


def community_codes():
    with open(SAMPLE / "dongcheng_communities.csv", encoding="utf-8") as handle:
        return [row["community_code"] for row in csv.DictReader(handle)]


def jittered_lines(bounds, spacing, jitter, rng, angle=0.0):
    minx, miny, maxx, maxy = bounds
    lines = []
    for horizontal in (True, False):
        lo, hi = (miny, maxy) if horizontal else (minx, maxx)
        a, b = (minx, maxx) if horizontal else (miny, maxy)
        pos = lo + spacing * 0.5
        while pos < hi:
            t = np.linspace(a - 50, b + 50, 12)
            off = pos + rng.normal(0, jitter, len(t)).cumsum() * 0.3
            pts = np.column_stack([t, off]) if horizontal else np.column_stack([off, t])
            lines.append(shapely.LineString(pts))
            pos += spacing * rng.uniform(0.8, 1.2)
    return lines


def generate(path, seed=2004):
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    area = boundary_metric()
    codes = community_codes()
    # communities: Voronoi of well-spread seeds (best of several candidates each)
    minx, miny, maxx, maxy = area.bounds
    seeds = []
    shapely.prepare(area)
    while len(seeds) < len(codes):
        cand = np.column_stack([rng.uniform(minx, maxx, 30), rng.uniform(miny, maxy, 30)])
        cand = cand[shapely.contains_xy(area, cand[:, 0], cand[:, 1])]
        if not len(cand):
            continue
        if seeds:
            d = np.min(
                np.hypot(
                    cand[:, None, 0] - np.array(seeds)[None, :, 0], cand[:, None, 1] - np.array(seeds)[None, :, 1]
                ),
                axis=1,
            )
            seeds.append(tuple(cand[np.argmax(d)]))
        else:
            seeds.append(tuple(cand[0]))
    seeds = np.array(seeds)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=area))
    cells = shapely.intersection(cells, area, grid_size=0.01)
    polys = []
    for c in cells:  # keep one polygon per community
        parts = shapely.get_parts(c)
        polys.append(parts[np.argmax(shapely.area(parts))] if len(parts) else c)
    polys = shapely.set_precision(np.array(polys, dtype=object), 0.01)
    # assign codes west→east, north→south so neighbouring codes are near each other
    cent = shapely.centroid(polys)
    order = np.lexsort((shapely.get_x(cent), -np.round(shapely.get_y(cent) / 800)))
    communities = gpd.GeoDataFrame(
        {"community_code": [codes[i] for i in range(len(order))]}, geometry=polys[order], crs=EPSG
    )
    # streets: main roads, lanes, and the community boundaries
    roads = jittered_lines(area.bounds, 450, 6, rng) + jittered_lines(area.bounds, 130, 4, rng)
    roads = shapely.intersection(np.array(roads, dtype=object), area.buffer(30))
    boundaries = shapely.line_merge(shapely.union_all(shapely.boundary(polys), grid_size=0.01))
    road_geoms = list(shapely.get_parts(roads)) + list(shapely.get_parts(boundaries))
    kinds = ["street"] * len(shapely.get_parts(roads)) + ["community_boundary"] * len(shapely.get_parts(boundaries))
    roads_gdf = gpd.GeoDataFrame({"kind": kinds}, geometry=road_geoms, crs=EPSG)
    # buildings: rectangles on a lattice inside each block, set back from the streets
    blocks = shapely.get_parts(
        shapely.polygonize(
            shapely.get_parts(shapely.union_all(np.concatenate([[area.boundary], road_geoms]), grid_size=0.01))
        )
    )
    blocks = blocks[shapely.contains(area, shapely.point_on_surface(blocks))]
    cand = []
    for block in blocks:
        inner = block.buffer(-7)
        if inner.is_empty:
            continue
        bx0, by0, bx1, by1 = inner.bounds
        w, h = rng.uniform(14, 34), rng.uniform(10, 18)
        gx, gy = np.meshgrid(np.arange(bx0, bx1, w + 6), np.arange(by0, by1, h + 6))
        xs, ys = gx.ravel(), gy.ravel()
        boxes = shapely.box(xs, ys, xs + w, ys + h)
        cand.extend(boxes[shapely.contains(inner, boxes)])
    cand = np.array(cand, dtype=object)
    pick = rng.choice(len(cand), size=min(N_BUILDINGS, len(cand)), replace=False)
    buildings = cand[np.sort(pick)]
    # households: most buildings small (courtyards), some slabs, a few estates of several hundred
    base = rng.lognormal(mean=1.6, sigma=0.9, size=len(buildings))
    estates = rng.random(len(buildings)) < 0.01
    base[estates] *= rng.uniform(20, 60, estates.sum())
    households = np.maximum(0, np.round(base * N_HOUSEHOLDS / base.sum())).astype(int)
    buildings_gdf = gpd.GeoDataFrame({"households": households}, geometry=buildings, crs=EPSG)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    communities.to_file(path, layer="communities", driver="GPKG")
    roads_gdf.to_file(path, layer="roads", driver="GPKG")
    buildings_gdf.to_file(path, layer="buildings", driver="GPKG")
    print(
        f"{path}: {len(communities)} communities, {len(roads_gdf)} roads, {len(buildings_gdf)} buildings, "
        f"{households.sum():,} households, {area.area / 1e6:.1f} km²"
    )
    return path


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else REPO / "bench" / "out" / "partition" / "dongcheng.gpkg")
