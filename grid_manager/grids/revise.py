"""Revision of part of a grid layer (gridmanager:revisegrids).

The grids to revise are dissolved per area and partitioned again with the same engine; every other
grid keeps its geometry and code.  New grids inherit the code of the old grid they mostly replace
(more than half of each other's area), the rest get serials after the highest serial in the area.
"""

import re
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..common.errors import InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from . import atoms as atoms_mod
from .codes import reading_order, valid_area_code
from .partition import AREA, BOTH, HOUSEHOLDS, PartitionOptions, partition
from .quality import buildings_per_grid

SERIAL_RE = re.compile(r"(\d{3})$")


@dataclass
class RevisedGrid:
    geometry: object
    code: str
    area_code: str
    status: str  # locked, unchanged, changed, added
    households: float = 0.0
    n_buildings: int = 0
    flag: str = ""


@dataclass
class Change:
    code: str
    change: str  # added, removed, changed, unchanged
    households_before: float
    households_after: float
    area_before: float
    area_after: float


@dataclass
class RevisionResult:
    grids: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    revised_count: int = 0


def area_code_of(code, explicit):
    if explicit:
        return str(explicit).strip()
    code = "" if code is None else str(code).strip()
    if len(code) in (14, 15) and code.isdigit():
        return code[:12]
    return code.rsplit("-", 1)[0] if "-" in code else code


def serial_of(code):
    m = SERIAL_RE.search(code or "")
    return int(m.group(1)) if m else 0


def make_code(area_code, serial):
    return f"{area_code}{serial:03d}" if valid_area_code(area_code) else f"{area_code}-{serial:03d}"


def out_of_tolerance_with_neighbours(geoms, area_codes, hh, options):
    """Grids outside the tolerance, plus their edge neighbours in the same area."""
    area = shapely.area(geoms)
    devs = []
    if options.balance_by in (AREA, BOTH):
        devs.append(np.abs(area - options.target_area) / options.target_area)
    if options.balance_by in (HOUSEHOLDS, BOTH):
        devs.append(np.abs(hh - options.target_households) / options.target_households)
    bad = np.max(np.vstack(devs), axis=0) > options.tolerance + 1e-9
    mask = bad.copy()
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms[bad], predicate="intersects")
    src = np.flatnonzero(bad)[i]
    shared = shapely.length(shapely.intersection(shapely.boundary(geoms[src]), shapely.boundary(geoms[j])))
    for s, t, length in zip(src, j, shared):
        if length > atoms_mod.MIN_SHARED_EDGE and area_codes[s] == area_codes[t]:
            mask[t] = True
    return mask, bad


def revise(
    grid_geoms,
    grid_codes,
    grid_ids,
    revise_mask,
    grid_area_codes=None,
    building_geoms=None,
    households=None,
    barrier_geoms=None,
    options=None,
    out_of_tolerance=False,
    progress=NULL_PROGRESS,
    layer_name="GRIDS",
):
    options = options or PartitionOptions()
    geoms = shapely.make_valid(np.asarray(grid_geoms, dtype=object))
    codes = ["" if c is None else str(c).strip() for c in grid_codes]
    n = len(geoms)
    if n == 0:
        raise InputError(translate("Revise", "{layer}: the layer has no features.").format(layer=layer_name))
    area_codes = [area_code_of(c, grid_area_codes[i] if grid_area_codes else None) for i, c in enumerate(codes)]
    seen = {}
    for i, c in enumerate(codes):
        if not c:
            raise InputError(
                translate(
                    "Revise",
                    "{layer}: feature {fid} has no grid code; codes are needed to keep unchanged grids stable.",
                ).format(layer=layer_name, fid=grid_ids[i])
            )
        if c in seen:
            raise InputError(
                translate("Revise", "{layer}: grid code {code} is used by features {a} and {b}.").format(
                    layer=layer_name, code=c, a=seen[c], b=grid_ids[i]
                )
            )
        seen[c] = grid_ids[i]
    bgeoms = None
    if building_geoms is not None and len(building_geoms):
        bgeoms = shapely.make_valid(np.asarray(building_geoms, dtype=object))
    hh_before, nb_before, _ = (
        buildings_per_grid(geoms, bgeoms, households) if bgeoms is not None else (np.zeros(n), np.zeros(n, int), [])
    )
    mask = np.zeros(n, dtype=bool) if revise_mask is None else np.asarray(revise_mask, dtype=bool).copy()
    if out_of_tolerance:
        extra, bad = out_of_tolerance_with_neighbours(geoms, area_codes, hh_before, options)
        mask |= extra
    result = RevisionResult()
    if not mask.any():
        raise InputError(
            translate(
                "Revise",
                "No grid to revise: select grids, or let the algorithm pick those outside the tolerance (none are).",
            )
        )
    result.revised_count = int(mask.sum())

    # one region per area code: the union of its grids to revise
    groups = {}
    for i in np.flatnonzero(mask):
        groups.setdefault(area_codes[i], []).append(i)
    region_codes = sorted(groups)
    regions = [shapely.union_all(geoms[groups[c]], grid_size=atoms_mod.GRID_SIZE) for c in region_codes]
    sel_b = np.zeros(0, dtype=int)
    if bgeoms is not None:
        rtree = shapely.STRtree(regions)
        bi, rj = rtree.query(bgeoms, predicate="intersects")
        inside = shapely.area(shapely.intersection(bgeoms[bi], np.asarray(regions, dtype=object)[rj]))
        # a building belongs to the revision when most of it lies in the grids being revised;
        # one that only touches them stays with its locked grid
        sel_b = np.unique(bi[inside > 0.5 * shapely.area(bgeoms[bi])])
    res = partition(
        regions,
        region_codes,
        [c if valid_area_code(c) else None for c in region_codes]
        if all(valid_area_code(c) for c in region_codes)
        else None,
        bgeoms[sel_b] if bgeoms is not None else None,
        list(sel_b),
        None if households is None else np.asarray(households, dtype=float)[sel_b],
        barrier_geoms,
        options,
        progress.span(0.05, 0.9),
        layer_name,
    )
    result.messages = [m for m in res.messages]

    # keep every other grid as it is
    for i in np.flatnonzero(~mask):
        result.grids.append(
            RevisedGrid(geoms[i], codes[i], area_codes[i], "locked", float(hh_before[i]), int(nb_before[i]))
        )
    for ri, acode in enumerate(region_codes):
        old = groups[acode]
        new = [g for g in res.grids if g.area_index == ri]
        used_serials = [serial_of(codes[i]) for i in range(n) if area_codes[i] == acode]
        next_serial = max(used_serials, default=0) + 1
        new_geoms = np.array([g.geometry for g in new], dtype=object)
        old_geoms = geoms[old]
        pairs = []
        if len(new) and len(old):
            tree = shapely.STRtree(old_geoms)
            a, b = tree.query(new_geoms, predicate="intersects")
            ov = shapely.area(shapely.intersection(new_geoms[a], old_geoms[b]))
            pairs = sorted(zip(ov, a, b), reverse=True)
        new_code = [None] * len(new)
        old_taken = set()
        status = ["added"] * len(new)
        for ov, a, b in pairs:
            if new_code[a] is not None or b in old_taken:
                continue
            if ov >= 0.5 * new_geoms[a].area and ov >= 0.5 * old_geoms[b].area:
                new_code[a] = codes[old[b]]
                old_taken.add(b)
                same = shapely.symmetric_difference(new_geoms[a], old_geoms[b]).area <= 1e-6 * old_geoms[b].area
                status[a] = "unchanged" if same else "changed"
        for k in reading_order(new_geoms):
            if new_code[k] is None:
                new_code[k] = make_code(acode, next_serial)
                next_serial += 1
        old_hh = {codes[old[b]]: (hh_before[old[b]], old_geoms[b].area) for b in range(len(old))}
        for k, g in enumerate(new):
            result.grids.append(
                RevisedGrid(g.geometry, new_code[k], acode, status[k], g.households, g.n_buildings, g.flag)
            )
            before = old_hh.get(new_code[k], (0.0, 0.0))
            result.changes.append(
                Change(
                    new_code[k],
                    status[k],
                    float(before[0]),
                    float(g.households),
                    float(before[1]),
                    float(g.geometry.area),
                )
            )
        for b in range(len(old)):
            if b not in old_taken:
                result.changes.append(
                    Change(codes[old[b]], "removed", float(hh_before[old[b]]), 0.0, float(old_geoms[b].area), 0.0)
                )
    return result
