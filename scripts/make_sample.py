"""Build resources/sample/ from ../shared/data (run once; the outputs are committed).

helsinki_sample.gpkg (EPSG:4326), OpenStreetMap data © OpenStreetMap contributors, ODbL 1.0:
  buildings    OSM footprints with `households_est`, an ESTIMATE (footprint × levels × 0.8 / 75 m²
               for residential or unspecified buildings; 0 for clearly non-residential ones)
  roads        OSM street network (vehicle + pedestrian streets; footways/steps/paths left out)
  communities  SYNTHETIC communities: the data extent cut along primary/secondary streets and
               merged until each holds at least 2,000 estimated households, with made-up 12-digit codes 990101001001… (not real codes)
"""

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
OUT = REPO / "resources" / "sample"

STREETS = {
    "primary",
    "primary_link",
    "secondary",
    "tertiary",
    "tertiary_link",
    "residential",
    "unclassified",
    "service",
    "pedestrian",
    "living_street",
}
MAJOR = {"primary", "secondary"}
NON_RESIDENTIAL = {
    "church",
    "chapel",
    "commercial",
    "office",
    "retail",
    "public",
    "school",
    "university",
    "kiosk",
    "utility",
    "shed",
    "pavilion",
    "roof",
    "tower",
    "entrance",
    "atrium",
    "train_station",
    "industrial",
    "warehouse",
    "hospital",
    "garage",
    "civic",
    "government",
    "transportation",
    "hotel",
    "cathedral",
    "museum",
}
DWELLING_M2 = 75.0
NET_FLOOR = 0.8


def estimate_households(b):
    levels = pd.to_numeric(b["building:levels"], errors="coerce")
    default = pd.Series(np.where(b["building"].isin(["apartments", "residential", "yes"]), 5, 1), index=b.index)
    levels = levels.fillna(default)
    residential = ~b["building"].isin(NON_RESIDENTIAL)
    hh = np.floor(b.geometry.area * levels * NET_FLOOR / DWELLING_M2 + 0.5)
    return np.where(residential, hh, 0).astype(int)


def main():
    src = SHARED / "helsinki_osm.gpkg"
    b = gpd.read_file(src, layer="buildings").to_crs(32635)
    r = gpd.read_file(src, layer="roads").to_crs(32635)
    b = b[b.geometry.area > 1.0].copy()
    b["geometry"] = shapely.make_valid(b.geometry.values)
    b["households_est"] = estimate_households(b)
    roads = r[r["highway"].isin(STREETS)].copy()

    extent = shapely.box(*b.total_bounds).buffer(40, join_style="mitre")
    majors = roads[roads["highway"].isin(MAJOR)].geometry.values
    lines = shapely.union_all(np.concatenate([[extent.boundary], shapely.intersection(majors, extent)]))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[shapely.contains(extent, shapely.point_on_surface(faces))]
    # merge the face with the fewest (estimated) households into the neighbour it shares most
    # boundary with, until every community has at least 2,000 households or four remain
    faces = list(shapely.set_precision(faces, 0.001))  # one precision for all: an exact coverage
    pts = b.geometry.representative_point()

    def households(face):
        return float(b.households_est[pts.within(face)].sum())

    hh = [households(f) for f in faces]
    while len(faces) > 4 and min(hh) < 2000:
        i = int(np.argmin(hh))
        best, best_len = None, -1.0
        for j, g in enumerate(faces):
            if j != i:
                shared = faces[i].boundary.intersection(g.boundary).length
                if shared > best_len:
                    best, best_len = j, shared
        faces[best] = shapely.coverage_union_all([faces[best], faces[i]])
        hh[best] += hh[i]
        del faces[i], hh[i]
    faces.sort(key=lambda f: (-round(f.centroid.y, -2), f.centroid.x))
    comm = gpd.GeoDataFrame(
        {
            "community_code": [f"990101001{i + 1:03d}" for i in range(len(faces))],
            "name": [f"Sample community {i + 1} (synthetic)" for i in range(len(faces))],
        },
        geometry=faces,
        crs=32635,
    )

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "helsinki_sample.gpkg"
    if path.exists():
        path.unlink()
    keep_b = ["id", "building", "building:levels", "name", "households_est", "geometry"]
    b[keep_b].to_crs(4326).to_file(path, layer="buildings", driver="GPKG")
    roads[["id", "highway", "name", "geometry"]].to_crs(4326).to_file(path, layer="roads", driver="GPKG")
    comm.to_crs(4326).to_file(path, layer="communities", driver="GPKG")
    # rewrite with the system GDAL (QGIS's), so older GDALs read it without version warnings
    tmp = path.with_suffix(".tmp.gpkg")
    path.rename(tmp)
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(path), str(tmp)], check=True)
    tmp.unlink()
    print(
        f"{path}: {len(b)} buildings ({int(b.households_est.sum())} estimated households), "
        f"{len(roads)} roads, {len(comm)} communities",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
