"""Grid quality checks (gridmanager:checkgrids) for any grid layer, hand-drawn ones included."""

from dataclasses import dataclass

import numpy as np
import shapely

from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from .codes import valid_grid_code
from .geometry import polygonal
from .measures import compactness, deviation

OVERLAP_EPS = 0.01  # m²: smaller intersections are numerical noise, not overlaps
GAP_EPS = 0.01  # m²

PROBLEM_KINDS = (
    "empty_geometry",
    "invalid_geometry",
    "multipart",
    "overlap",
    "gap",
    "crosses_area",
    "outside_areas",
    "duplicate_area",
    "overlapping_areas",
    "split_building",
    "missing_code",
    "malformed_code",
    "duplicate_code",
    "code_area_mismatch",
    "out_of_tolerance",
    "low_compactness",
)


@dataclass
class Problem:
    kind: str
    grid_code: str
    other: str
    detail: str
    value: float
    geometry: object
    feature_id: object = None


def problem_labels():
    """Translated one-line names of the problem kinds (for the report)."""
    return {
        "empty_geometry": translate("Quality", "Grid without geometry"),
        "invalid_geometry": translate("Quality", "Invalid geometry"),
        "multipart": translate("Quality", "Grid in several parts"),
        "overlap": translate("Quality", "Grids overlap"),
        "gap": translate("Quality", "Gap between grids"),
        "crosses_area": translate("Quality", "Grid crosses an area boundary"),
        "outside_areas": translate("Quality", "Grid outside every area"),
        "duplicate_area": translate("Quality", "Area given twice"),
        "overlapping_areas": translate("Quality", "Areas overlap"),
        "split_building": translate("Quality", "Building split between grids"),
        "missing_code": translate("Quality", "Grid code missing"),
        "malformed_code": translate("Quality", "Malformed grid code"),
        "duplicate_code": translate("Quality", "Duplicate grid code"),
        "code_area_mismatch": translate("Quality", "Grid code does not start with its area's code"),
        "out_of_tolerance": translate("Quality", "Outside the balance tolerance"),
        "low_compactness": translate("Quality", "Low compactness"),
    }


def polsby_popper(geoms):
    geoms = np.asarray(geoms, dtype=object)
    return np.asarray(compactness(shapely.area(geoms), shapely.length(geoms)))


def buildings_per_grid(grid_geoms, building_geoms, households=None, tree=None):
    """(households per grid, buildings per grid, [(building, [grids])] of split buildings).

    A building counts for the grid holding most of it; it is split when more than one grid holds a
    real part of it (> 0.01 m² and > 0.1 % of the building)."""
    n = len(grid_geoms)
    hh = np.zeros(n)
    nbld = np.zeros(n, dtype=int)
    splits = []
    tree = tree or shapely.STRtree(grid_geoms)
    bi, gj = tree.query(building_geoms, predicate="intersects")
    if len(bi) == 0:
        return hh, nbld, splits
    ov = shapely.area(shapely.intersection(building_geoms[bi], np.asarray(grid_geoms, dtype=object)[gj]))
    barea = shapely.area(building_geoms)
    real = (ov > 0.01) & (ov > 1e-3 * barea[bi])
    bi, gj, ov = bi[real], gj[real], ov[real]
    counts = np.bincount(bi, minlength=len(building_geoms))
    for b in np.flatnonzero(counts > 1):
        splits.append((b, list(gj[bi == b])))
    order = np.lexsort((-ov, bi))
    first = np.unique(bi[order], return_index=True)[1]
    owner_b, owner_g = bi[order][first], gj[order][first]
    if households is not None:
        np.add.at(hh, owner_g, np.asarray(households, dtype=float)[owner_b])
    np.add.at(nbld, owner_g, 1)
    return hh, nbld, splits


def _polygonal(geom):
    """``geom`` as a MultiPolygon of its polygonal parts (empty when it has none): what a polygon layer
    of problems can hold, whatever GEOS returned (an overlap that also touches along a line is a
    GeometryCollection)."""
    if geom is None or shapely.is_missing(geom):
        return shapely.MultiPolygon()
    if geom.geom_type == "MultiPolygon":
        return geom
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom]) if not geom.is_empty else shapely.MultiPolygon()
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    return shapely.MultiPolygon(polygons) if polygons else shapely.MultiPolygon()


def _polygonal_all(geoms):
    return np.array([_polygonal(g) for g in geoms], dtype=object)


def _area_overlaps(area_geoms, area_codes, area_ids):
    """Areas given twice (one covers ≥ 99 % of the other: a duplicated community) or overlapping: every
    grid must lie in exactly one area, so their grids would overlap.  One problem per pair, naming both
    features (and codes)."""
    problems = []
    n = len(area_geoms)
    ids = list(area_ids) if area_ids is not None else list(range(1, n + 1))
    codes = list(area_codes) if area_codes else [""] * n
    a, b = shapely.STRtree(area_geoms).query(area_geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if not len(a):
        return problems
    inter = shapely.intersection(area_geoms[a], area_geoms[b])
    shared = shapely.area(inter)
    smaller = np.minimum(shapely.area(area_geoms[a]), shapely.area(area_geoms[b]))
    for k in np.flatnonzero(shared > OVERLAP_EPS):
        i, j = int(a[k]), int(b[k])
        twice = shared[k] >= 0.99 * smaller[k]
        text = (
            translate("Quality", "areas (features {a} and {b}) are the same area given twice")
            if twice
            else translate("Quality", "areas (features {a} and {b}) overlap by {area} m²")
        ).format(a=ids[i], b=ids[j], area=f"{shared[k]:,.2f}")
        kind = "duplicate_area" if twice else "overlapping_areas"
        problems.append(Problem(kind, codes[i] or "", codes[j] or "", text, float(shared[k]), inter[k], None))
    return problems


def check_grids(
    grid_geoms,
    grid_codes,
    grid_ids,
    area_geoms=None,
    area_codes=None,
    building_geoms=None,
    households=None,
    balance_by=None,
    target_area=10000.0,
    target_households=400.0,
    tolerance=0.10,
    min_compactness=0.2,
    progress=NULL_PROGRESS,
    area_ids=None,
):
    """All problems found, and a summary dict.  Geometries in metres.  ``area_ids`` name the areas'
    features in the messages (default: their position, from 1)."""
    problems = []
    geoms = np.asarray(grid_geoms, dtype=object)
    codes = ["" if c is None else str(c).strip() for c in grid_codes]
    n = len(geoms)
    missing = shapely.is_missing(geoms)
    geoms = np.where(missing, shapely.Polygon(), geoms)

    # 0. grids without geometry (NULL or empty): named by feature id, never an anonymous gap
    for i in np.flatnonzero(missing | shapely.is_empty(geoms)):
        detail = (
            translate("Quality", "feature {fid}: NULL geometry")
            if missing[i]
            else translate("Quality", "feature {fid}: empty geometry")
        ).format(fid=grid_ids[i])
        problems.append(Problem("empty_geometry", codes[i], "", detail, 0.0, shapely.MultiPolygon(), grid_ids[i]))

    # 1. validity (then work on repaired copies)
    valid = shapely.is_valid(geoms)
    for i in np.flatnonzero(~valid):
        reason = shapely.is_valid_reason(geoms[i])
        problems.append(Problem("invalid_geometry", codes[i], "", reason, 0.0, geoms[i], grid_ids[i]))
    geoms = np.where(valid, geoms, shapely.make_valid(geoms))
    # polygons at any depth: make_valid may return a GeometryCollection holding a MultiPolygon
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    progress.set(0.1)

    # 2. multi-part grids: report every part but the largest
    for i in range(n):
        parts = shapely.get_parts(geoms[i])
        if len(parts) > 1:
            areas = shapely.area(parts)
            rest = shapely.union_all(np.delete(parts, int(np.argmax(areas))))
            problems.append(
                Problem(
                    "multipart",
                    codes[i],
                    "",
                    translate("Quality", "{n} parts").format(n=len(parts)),
                    float(len(parts)),
                    rest,
                    grid_ids[i],
                )
            )

    # 3. overlaps
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if len(a):
        inter = shapely.intersection(geoms[a], geoms[b])
        area = shapely.area(inter)
        for k in np.flatnonzero(area > OVERLAP_EPS):
            i, j = a[k], b[k]
            problems.append(
                Problem(
                    "overlap",
                    codes[i],
                    codes[j],
                    translate("Quality", "{area} m² shared").format(area=f"{area[k]:,.2f}"),
                    float(area[k]),
                    inter[k],
                    grid_ids[i],
                )
            )
    progress.set(0.3)

    # 4. gaps, 5. crossing area boundaries
    union = shapely.union_all(geoms)
    if area_geoms is not None and len(area_geoms):
        area_geoms = np.asarray(area_geoms, dtype=object)
        area_geoms = np.where(shapely.is_missing(area_geoms), shapely.Polygon(), area_geoms)
        area_geoms = _polygonal_all(shapely.make_valid(area_geoms))  # a self-intersecting area: repaired
        problems.extend(_area_overlaps(area_geoms, area_codes, area_ids))
        areas_union = shapely.union_all(area_geoms)
        gaps = shapely.difference(areas_union, union)
        atree = shapely.STRtree(area_geoms)
        gi, aj = atree.query(geoms, predicate="intersects")
        ov = shapely.area(shapely.intersection(geoms[gi], area_geoms[aj])) if len(gi) else np.zeros(0)
        home = np.full(n, -1)
        best = np.zeros(n)
        for g, ar, o in zip(gi, aj, ov):
            if o > best[g]:
                best[g], home[g] = o, ar
        for i in range(n):
            if geoms[i].is_empty:
                continue
            if home[i] < 0:
                problems.append(Problem("outside_areas", codes[i], "", "", float(geoms[i].area), geoms[i], grid_ids[i]))
                continue
            outside = shapely.difference(geoms[i], area_geoms[home[i]])
            if outside.area > GAP_EPS:
                other = area_codes[home[i]] if area_codes else ""
                problems.append(
                    Problem(
                        "crosses_area",
                        codes[i],
                        other,
                        translate("Quality", "{area} m² lie outside its area").format(area=f"{outside.area:,.2f}"),
                        float(outside.area),
                        outside,
                        grid_ids[i],
                    )
                )
            if area_codes and valid_grid_code(codes[i]) and not codes[i].startswith(area_codes[home[i]]):
                problems.append(
                    Problem("code_area_mismatch", codes[i], area_codes[home[i]], "", 0.0, geoms[i], grid_ids[i])
                )
    else:
        # without areas: holes inside the union of all grids are gaps
        holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
        gaps = shapely.union_all(holes) if holes else shapely.Polygon()
    for piece in shapely.get_parts(gaps):
        if piece.area > GAP_EPS:
            problems.append(
                Problem(
                    "gap",
                    "",
                    "",
                    translate("Quality", "{area} m² not covered by any grid").format(area=f"{piece.area:,.2f}"),
                    float(piece.area),
                    piece,
                    None,
                )
            )
    progress.set(0.5)

    # 6. split buildings; households per grid
    hh = np.zeros(n)
    nbld = np.zeros(n, dtype=int)
    if building_geoms is not None and len(building_geoms):
        from .partition import address_footprints

        bgeoms = shapely.make_valid(address_footprints(building_geoms))
        hh, nbld, splits = buildings_per_grid(geoms, bgeoms, households, tree)
        for b, rows in splits:
            names = sorted(codes[g] for g in rows)
            problems.append(
                Problem(
                    "split_building",
                    names[0],
                    ",".join(names[1:]),
                    translate("Quality", "building split between {n} grids").format(n=len(rows)),
                    float(len(rows)),
                    bgeoms[b],
                    None,
                )
            )
    progress.set(0.7)

    # 7. codes
    seen = {}
    for i, code in enumerate(codes):
        if not code:
            problems.append(Problem("missing_code", "", "", "", 0.0, geoms[i], grid_ids[i]))
            continue
        if not valid_grid_code(code):
            problems.append(
                Problem(
                    "malformed_code",
                    code,
                    "",
                    translate("Quality", "{n} characters; a grid code has 15 digits").format(n=len(code)),
                    0.0,
                    geoms[i],
                    grid_ids[i],
                )
            )
        if code in seen:
            problems.append(
                Problem(
                    "duplicate_code",
                    code,
                    str(seen[code]),
                    translate("Quality", "also used by feature {fid}").format(fid=seen[code]),
                    0.0,
                    geoms[i],
                    grid_ids[i],
                )
            )
        else:
            seen[code] = grid_ids[i]

    # 8. balance, 9. compactness
    area_m2 = shapely.area(geoms)
    pp = polsby_popper(geoms)
    devs = np.zeros(n)
    if balance_by is not None:
        devs = np.asarray(deviation(area_m2, hh, balance_by, target_area, target_households), dtype=float)
        for i in np.flatnonzero(np.abs(devs) > tolerance + 1e-9):
            problems.append(
                Problem(
                    "out_of_tolerance",
                    codes[i],
                    "",
                    translate("Quality", "{dev} % from the target").format(dev=f"{100 * devs[i]:+.1f}"),
                    float(100 * devs[i]),
                    geoms[i],
                    grid_ids[i],
                )
            )
    for i in np.flatnonzero((pp < min_compactness) & (area_m2 > 0)):
        problems.append(
            Problem(
                "low_compactness",
                codes[i],
                "",
                translate("Quality", "Polsby-Popper {pp}").format(pp=f"{pp[i]:.3f}"),
                float(pp[i]),
                geoms[i],
                grid_ids[i],
            )
        )
    progress.set(1.0)
    for p in problems:  # one polygonal geometry per problem, whatever GEOS returned (lines of a touch…)
        p.geometry = _polygonal(p.geometry)

    summary = {
        "grids": n,
        "problems": len(problems),
        "by_kind": {k: sum(1 for p in problems if p.kind == k) for k in PROBLEM_KINDS},
        "households": hh,
        "n_buildings": nbld,
        "area_m2": area_m2,
        "compactness": pp,
        "deviation": devs,
        "pp_mean": float(pp.mean()) if n else 0.0,
        "within_share": float(np.mean(np.abs(devs) <= tolerance + 1e-9)) if n and balance_by is not None else None,
    }
    return problems, summary
