"""Balanced grid partitioning of areas (communities) — the engine behind gridmanager:partitiongrids.

Input is plain data in a metric CRS (shapely geometries, numpy arrays); the Processing algorithm
does the QGIS side.  Pipeline per area: atoms (street blocks cut between buildings, see
:mod:`atoms`) → one atom graph per connected piece → number of grids per piece → balanced,
contiguous partition (:mod:`graphpart`) → exact dissolve → codes (:mod:`gridcodes`).
"""

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse.csgraph import connected_components

from ..common import parallel
from ..common.errors import InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS
from . import atoms as atoms_mod
from .codes import number_grids, valid_area_code
from .graphpart import AtomGraph, Partitioner, edge_costs
from .measures import AREA, BOTH, HOUSEHOLDS, compactness, deviation
from .smooth import smooth_grids

MAX_GRIDS = 100_000
SHAPE_RESTARTS = 1  # extra partitions of every piece: the more compact one is kept when its balance is no worse
RESTARTS = 2  # extra partitions of a piece whose grids miss the tolerance (the best one is kept)
PARALLEL_MIN_GRIDS = 150  # below this many grids, starting worker processes costs more than it saves
# An area of at least this many grids (estimated) gets helper processes (see `parallel.Helpers`) when the
# areas cannot keep the workers busy on their own: its extra partition attempts run beside its main
# partition, and the small areas run there whole meanwhile.  Measured on the Helsinki sample (one area
# of ~20 grids in households mode at 750 households a grid): the parent's time drops ~17 % (3.9 → 3.2 s);
# with 38 or 169 grids by ~30 %.  A helper costs the parent ~20 ms (spawn) plus well under 1 ms a job.
HELPER_MIN_GRIDS = 20
# A piece's extra attempts go to the helpers from this many atoms on.  An attempt costs ~0.5 ms an atom
# (1,611 atoms: 0.85 s; 137: 0.08 s; 18: 5 ms); sending one costs the pickling of the area's atom graph
# (0.4 MB, 0.3 ms for 1,611 atoms; a few ms for the largest areas), so below this it is not worth it.
HELPER_MIN_ATOMS = 60

# Flags explaining why a grid misses the tolerance (stable keys; explained in the report and help).
FLAG_OVERSIZE = "oversize_building"
FLAG_INDIVISIBLE = "indivisible_area"
FLAG_DETACHED = "detached_piece"
FLAG_NO_HOUSEHOLDS = "no_households"
FLAG_GRANULARITY = "coarse_atoms"


# Seconds of computing per grid (the sample in area mode: 197 grids in 10–14 s on one core): the time
# estimate checked against the budget before a partition starts.
SECONDS_PER_GRID = 0.05


@dataclass
class PartitionOptions:
    balance_by: int = HOUSEHOLDS
    target_area: float = 10_000.0
    target_households: float = 400.0
    tolerance: float = 0.10  # fraction
    seed: int = 0
    max_grids: int = MAX_GRIDS
    workers: int = 1  # worker processes for areas (≤ 0: one per CPU); results do not depend on it
    budget: object = None  # a common.budget.Budget: refuse, before any work, a run over its time budget


@dataclass
class Grid:
    area_index: int
    geometry: object
    area_code: str
    households: float
    n_buildings: int
    area_m2: float = 0.0
    deviation_pct: float = 0.0
    compactness: float = 0.0
    flag: str = ""
    code: str = ""
    serial: int = 0


@dataclass
class PartitionResult:
    grids: list = field(default_factory=list)
    messages: list = field(default_factory=list)  # (level, text): level 'info' or 'warning'
    straddling: list = field(default_factory=list)  # building ids assigned by largest overlap
    area_notes: dict = field(default_factory=dict)  # area index -> list of texts
    n_atoms: int = 0
    n_blocks: int = 0

    def warn(self, text):
        self.messages.append(("warning", text))

    def info(self, text):
        self.messages.append(("info", text))


# -- input checks ---------------------------------------------------------------------------------
ADDRESS_SIDE = 1.0  # metres: the square footprint an address point stands for


def address_footprints(geoms):
    """Buildings given as address points (with household counts) as small square footprints, so they
    seed the cuts between buildings like outlines do and are never split; polygons pass unchanged."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms)
    points = (kinds == 0) | (kinds == 4)  # Point, MultiPoint
    if not points.any():
        return geoms
    out = geoms.copy()
    out[points] = shapely.buffer(geoms[points], ADDRESS_SIDE / 2.0, cap_style="square")
    return out


def repair_polygons(geoms, ids, what, result):
    """make_valid every geometry; keep polygonal parts. Returns (geoms, ok mask)."""
    geoms = np.asarray(geoms, dtype=object)
    missing = shapely.is_missing(geoms)
    fixed = geoms.copy()
    invalid = ~missing & ~shapely.is_valid(np.where(missing, None, geoms))
    if invalid.any():
        fixed[invalid] = shapely.make_valid(geoms[invalid])
        ids_txt = ", ".join(str(ids[i]) for i in np.flatnonzero(invalid)[:20])
        result.warn(
            translate("Partition", "{what}: {n} invalid geometries were repaired (feature ids {ids}).").format(
                what=what, n=int(invalid.sum()), ids=ids_txt
            )
        )
    ok = ~missing
    present = np.flatnonzero(ok)
    kinds = shapely.get_type_id(fixed[present])
    for i in present[(kinds != 3) & (kinds != 6)]:  # not a (Multi)Polygon: keep the polygonal parts
        parts = [p for p in shapely.get_parts(fixed[i]) if p.geom_type == "Polygon"]
        fixed[i] = shapely.MultiPolygon(parts) if parts else shapely.Polygon()
    ok[present] = ~shapely.is_empty(fixed[present]) & (shapely.area(fixed[present]) > 0)
    return fixed, ok


# More households than any one building (or address point) holds: a wrong field or a typing error
# (1e300 gave "would create about 3,125,000,… grids" instead of naming the feature).
MAX_HOUSEHOLDS_PER_FEATURE = 100_000


def parse_households(values, ids, field_name, layer_name):
    """Numbers from a household field; raises InputError naming the features with bad values."""
    out = np.zeros(len(values), dtype=float)
    missing, bad, negative, huge = [], [], [], []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            missing.append(ids[i])
            continue
        try:
            x = float(str(v).strip().replace(",", "")) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            bad.append((ids[i], v))
            continue
        if not math.isfinite(x):
            bad.append((ids[i], v))
        elif x < 0:
            negative.append((ids[i], v))
        elif x > MAX_HOUSEHOLDS_PER_FEATURE:
            huge.append((ids[i], v))
        else:
            out[i] = x
    if bad:
        raise InputError(
            translate(
                "Partition",
                "{layer}: field '{field}' is not a number in {n} features, e.g. feature {fid} "
                "has '{value}'. Households must be numbers ≥ 0.",
            ).format(layer=layer_name, field=field_name, n=len(bad), fid=bad[0][0], value=bad[0][1])
        )
    if negative:
        raise InputError(
            translate(
                "Partition",
                "{layer}: field '{field}' is negative in {n} features, e.g. feature {fid} has "
                "{value}. Households must be numbers ≥ 0.",
            ).format(layer=layer_name, field=field_name, n=len(negative), fid=negative[0][0], value=negative[0][1])
        )
    if huge:
        raise InputError(
            translate(
                "Partition",
                "{layer}: field '{field}' holds more households than any building has ({max}) in {n} features, "
                "e.g. feature {fid} has {value}. Check that it is the household field and that its values are right.",
            ).format(
                layer=layer_name,
                field=field_name,
                max=f"{MAX_HOUSEHOLDS_PER_FEATURE:,}",
                n=len(huge),
                fid=huge[0][0],
                value=huge[0][1],
            )
        )
    if missing:
        raise InputError(
            translate(
                "Partition",
                "{layer}: field '{field}' is empty (NULL) in {n} features, e.g. feature {fid}. "
                "Fill in the households (0 for non-residential buildings).",
            ).format(layer=layer_name, field=field_name, n=len(missing), fid=missing[0])
        )
    return out


def check_area_codes(codes, ids, layer_name, field_name):
    """Codes stripped to str; raises InputError for malformed or duplicate 12-digit codes."""
    clean = []
    seen = {}
    for fid, code in zip(ids, codes):
        text = "" if code is None else str(code).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # numeric field read as float
            text = text[:-2]
        if not valid_area_code(text):
            raise InputError(
                translate(
                    "Partition",
                    "{layer}: feature {fid} has area code '{code}' in field '{field}'; a community "
                    "code must have exactly 12 digits (6 county + 3 street + 3 community).",
                ).format(layer=layer_name, fid=fid, code=text, field=field_name)
            )
        if text in seen:
            raise InputError(
                translate(
                    "Partition",
                    "{layer}: area code {code} in field '{field}' is used by features {a} and {b}; "
                    "every area needs its own code.",
                ).format(layer=layer_name, code=text, field=field_name, a=seen[text], b=fid)
            )
        seen[text] = fid
        clean.append(text)
    return clean


def check_area_overlaps(area_geoms, ids, layer_name, share=0.01):
    """Refuse areas that overlap (more than ``share`` of the smaller one): every grid lies in exactly
    one area, so a community given twice (or two overlapping ones) would give overlapping grids."""
    a, b = shapely.STRtree(area_geoms).query(area_geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if not len(a):
        return
    shared = shapely.area(shapely.intersection(area_geoms[a], area_geoms[b]))
    smaller = np.minimum(shapely.area(area_geoms[a]), shapely.area(area_geoms[b]))
    bad = np.flatnonzero(shared > share * smaller)
    if not len(bad):
        return
    k = bad[0]
    i, j = int(a[k]), int(b[k])
    if shared[k] >= 0.99 * smaller[k]:
        message = translate(
            "Partition",
            "{layer}: features {a} and {b} are the same area given twice; every grid must lie in exactly one "
            "area, so their grids would overlap. Remove one of them.",
        )
    else:
        message = translate(
            "Partition",
            "{layer}: features {a} and {b} overlap ({area} m²); every grid must lie in exactly one area, so "
            "their grids would overlap. Fix the area boundaries (gridmanager:checkgrids names every overlap).",
        )
    raise InputError(message.format(layer=layer_name, a=ids[i], b=ids[j], area=f"{shared[k]:,.0f}"))


def choose_k(totals, targets, tol):
    """Number of grids for a piece with `totals` per criterion: minimises the worst relative
    deviation from the targets.  Returns (k, worst deviation)."""
    ratio = max(t / g for t, g in zip(totals, targets))
    cands = {max(1, int(math.floor(ratio))), max(1, int(math.ceil(ratio)))}
    best = None
    for k in sorted(cands):
        dev = max(abs(t / k - g) / g for t, g in zip(totals, targets))
        if best is None or dev < best[1] - 1e-12:
            best = (k, dev)
    return best


def estimate_grid_count(area_totals, hh_totals, options):
    n = 0
    for a, h in zip(area_totals, hh_totals):
        if options.balance_by == AREA:
            n += max(1, round(a / options.target_area))
        elif options.balance_by == HOUSEHOLDS:
            n += max(1, round(h / options.target_households))
        else:
            n += max(1, round(a / options.target_area), round(h / options.target_households))
    return n


# -- buildings --------------------------------------------------------------------------------------
def assign_buildings(area_geoms, bgeoms, result, building_ids):
    """Area index for each building (largest overlap; -1 outside all). Records straddlers."""
    owner = np.full(len(bgeoms), -1)
    if len(bgeoms) == 0:
        return owner
    tree = shapely.STRtree(area_geoms)
    bi, aj = tree.query(bgeoms, predicate="intersects")
    if len(bi) == 0:
        return owner
    ov = shapely.area(shapely.intersection(bgeoms[bi], area_geoms[aj]))
    pos = ov > 0
    bi, aj, ov = bi[pos], aj[pos], ov[pos]
    order = np.lexsort((-ov, bi))
    bi, aj, ov = bi[order], aj[order], ov[order]
    first = np.unique(bi, return_index=True)[1]
    owner[bi[first]] = aj[first]
    counts = np.bincount(bi, minlength=len(bgeoms))
    barea = shapely.area(bgeoms)
    # straddling: a second area holds a real share of the building (> 1 % and > 0.5 m²)
    second = np.zeros(len(bgeoms))
    multi = np.flatnonzero(counts > 1)
    for b in multi:
        rows = np.flatnonzero(bi == b)
        second[b] = ov[rows[1]]
    strad = np.flatnonzero((second > 0.01 * barea) & (second > 0.5))
    result.straddling = [building_ids[i] for i in strad]
    if len(strad):
        result.warn(
            translate(
                "Partition",
                "{n} buildings straddle two areas; each was assigned to the area holding most of it "
                "(feature ids {ids}).",
            ).format(n=len(strad), ids=", ".join(str(building_ids[i]) for i in strad[:20]))
        )
    return owner


def building_groups(geoms, households):
    """Merge overlapping buildings (touching is fine) into groups: (group geoms, households, members)."""
    n = len(geoms)
    if n == 0:
        return np.zeros(0, dtype=object), np.zeros(0), []
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i):
        ov = shapely.area(shapely.intersection(geoms[i], geoms[j]))
        keep = ov > 0.01
        i, j = i[keep], j[keep]
    from scipy.sparse import coo_matrix

    m = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    ncomp, lab = connected_components(m, directed=False)
    order = np.argsort(lab, kind="stable")
    splits = np.split(order, np.flatnonzero(np.diff(lab[order])) + 1)
    gg, gh, members = [], [], []
    for g in splits:
        geom = geoms[g[0]] if len(g) == 1 else shapely.union_all(geoms[g], grid_size=atoms_mod.GRID_SIZE)
        gg.append(geom)
        gh.append(households[g].sum())
        members.append(g)
    return np.array(gg, dtype=object), np.array(gh, dtype=float), members


# -- main entry --------------------------------------------------------------------------------------
def partition(
    area_geoms,
    area_ids,
    area_codes,
    building_geoms=None,
    building_ids=None,
    households=None,
    barrier_geoms=None,
    options=None,
    progress=NULL_PROGRESS,
    area_layer_name="AREAS",
    building_layer_name="BUILDINGS",
):
    """Split every area into balanced grids.  Geometries are shapely, in metres.

    `area_codes` are validated 12-digit codes or None (grids are then numbered per area as
    ``<area id>-<serial>``); `households` is an array aligned with the buildings or None.
    """
    options = options or PartitionOptions()
    # Helper processes are started first, when a large area may need them: their spawn and imports
    # overlap the input checks and atoms here.  They are dropped below if the areas run otherwise.
    workers = parallel.available_workers(options.workers)
    helpers = parallel.Helpers(
        workers - 1 if workers > 1 and _may_need_helpers(area_geoms, households, options) else 0,
        preload=(__name__,),
        check=progress.check,
    )
    with helpers, parallel.single_threaded_blas():
        return _partition(
            area_geoms,
            area_ids,
            area_codes,
            building_geoms,
            building_ids,
            households,
            barrier_geoms,
            options,
            progress,
            area_layer_name,
            building_layer_name,
            workers,
            helpers,
        )


def _may_need_helpers(area_geoms, households, options):
    """A quick guess, before any check, whether the largest area may get HELPER_MIN_GRIDS grids or more."""
    try:
        grids = 0.0
        if options.balance_by in (AREA, BOTH):
            areas = shapely.area(np.asarray(area_geoms, dtype=object))
            grids = float(np.nanmax(areas)) / max(options.target_area, 1.0) if len(areas) else 0.0
        if options.balance_by in (HOUSEHOLDS, BOTH) and households is not None:
            # not knowing yet which area holds which households: the largest area's share of the land
            # (many communities, as in a district, start no helper only to stop it unused; a guess too low
            # only starts the helpers later, when the areas are known)
            total = np.nansum(np.asarray(households, dtype=float))
            areas = shapely.area(np.asarray(area_geoms, dtype=object))
            share = float(np.nanmax(areas) / np.nansum(areas)) if len(areas) and np.nansum(areas) > 0 else 1.0
            grids = max(grids, share * float(total) / max(options.target_households, 1.0))
        return grids >= HELPER_MIN_GRIDS
    except Exception:  # malformed input: the checks below name it
        return False


def _partition(
    area_geoms,
    area_ids,
    area_codes,
    building_geoms,
    building_ids,
    households,
    barrier_geoms,
    options,
    progress,
    area_layer_name,
    building_layer_name,
    workers,
    helpers,
):
    result = PartitionResult()
    area_geoms = np.asarray(area_geoms, dtype=object)
    if len(area_geoms) == 0:
        raise InputError(
            translate("Partition", "{layer}: the layer has no features; there is nothing to partition.").format(
                layer=area_layer_name
            )
        )
    area_geoms, ok = repair_polygons(area_geoms, area_ids, area_layer_name, result)
    if not ok.all():
        bad = [str(area_ids[i]) for i in np.flatnonzero(~ok)]
        raise InputError(
            translate(
                "Partition",
                "{layer}: features {ids} have no usable polygon geometry (empty, or not repairable into a polygon).",
            ).format(layer=area_layer_name, ids=", ".join(bad[:20]))
        )
    area_geoms = shapely.set_precision(area_geoms, atoms_mod.GRID_SIZE)
    check_area_overlaps(area_geoms, area_ids, area_layer_name)
    if options.balance_by in (HOUSEHOLDS, BOTH) and building_geoms is None:
        raise InputError(
            translate("Partition", "Balancing by households needs a buildings layer with a household field.")
        )

    # buildings
    if building_geoms is not None and len(building_geoms):
        building_geoms = address_footprints(building_geoms)
        building_ids = list(building_ids) if building_ids is not None else list(range(len(building_geoms)))
        building_geoms, bok = repair_polygons(building_geoms, building_ids, building_layer_name, result)
        if not bok.all():
            dropped = [str(building_ids[i]) for i in np.flatnonzero(~bok)]
            result.warn(
                translate(
                    "Partition", "{layer}: {n} features without a usable polygon were left out (feature ids {ids})."
                ).format(layer=building_layer_name, n=len(dropped), ids=", ".join(dropped[:20]))
            )
        bsel = np.flatnonzero(bok)
        bgeoms = shapely.set_precision(building_geoms[bsel], atoms_mod.GRID_SIZE)
        bhh = np.zeros(len(bsel)) if households is None else np.asarray(households, dtype=float)[bsel]
        bids = [building_ids[i] for i in bsel]
    else:
        bgeoms, bhh, bids = np.zeros(0, dtype=object), np.zeros(0), []
    b_area = assign_buildings(area_geoms, bgeoms, result, bids)
    outside = int((b_area < 0).sum())
    if outside:
        result.warn(translate("Partition", "{n} buildings lie outside every area and were ignored.").format(n=outside))

    barriers = None
    if barrier_geoms is not None and len(barrier_geoms):
        barriers = np.asarray(barrier_geoms, dtype=object)
        barriers = barriers[~shapely.is_missing(barriers)]
        barriers = barriers[~shapely.is_empty(barriers)]
        barriers = shapely.make_valid(barriers)
        tree = shapely.STRtree(area_geoms)
        hit = np.unique(tree.query(barriers, predicate="intersects")[0])
        n_out = len(barriers) - len(hit)
        if n_out:
            result.warn(
                translate("Partition", "{n} barrier lines lie outside every area and were ignored.").format(n=n_out)
            )
        barriers = barriers[hit]

    # refuse absurd targets before doing any work
    area_tot = shapely.area(area_geoms)
    hh_tot = (
        np.bincount(b_area[b_area >= 0], weights=bhh[b_area >= 0], minlength=len(area_geoms))
        if len(bgeoms)
        else np.zeros(len(area_geoms))
    )
    estimate = estimate_grid_count(area_tot, hh_tot, options)
    if estimate > options.max_grids:
        raise InputError(
            translate(
                "Partition",
                "These targets would create about {n} grids (more than {max}). Raise the target area or households.",
            ).format(n=f"{estimate:,}", max=f"{options.max_grids:,}")
        )

    n_areas = len(area_geoms)
    per_area = [estimate_grid_count([a], [h], options) for a, h in zip(area_tot, hh_tot)]
    largest = max(per_area)
    # One job per area keeps the workers busy only when there is enough work in all (the spawns cost
    # about a second) and no area holds more than a worker's share of it.  Otherwise the areas run
    # here one after the other, and the large ones get the other worker(s) as helpers.
    pooled = workers > 1 and n_areas >= 2 and estimate >= PARALLEL_MIN_GRIDS and largest * workers <= estimate
    helped = workers > 1 and not pooled and largest >= HELPER_MIN_GRIDS
    if not helped or not helpers.n:
        helpers.close()  # idle: not needed (or not started: started now, below)
    workers_all = workers
    if not pooled:
        workers = 1
    if options.budget is not None:
        options.budget.check(
            translate("Partition", "Partition"),
            translate("Partition", "about {n} grids ({workers} worker processes)").format(
                n=f"{estimate:,}", workers=workers
            ),
            # areas run in parallel, but one area is one job: the largest bounds the time
            seconds=max(estimate / workers, largest) * SECONDS_PER_GRID,
            advice=translate("Partition", "Raise the target area or households, or partition fewer areas at a time."),
        )
    btree = shapely.STRtree(barriers) if barriers is not None and len(barriers) else None
    jobs = []
    for ai in range(n_areas):
        sel = np.flatnonzero(b_area == ai)
        mine = barriers[np.sort(btree.query(area_geoms[ai], predicate="intersects"))] if btree is not None else None
        jobs.append(
            (
                ai,
                area_geoms[ai],
                area_codes[ai] if area_codes else str(area_ids[ai]),
                area_codes[ai] if area_codes else None,
                area_ids[ai],
                bgeoms[sel],
                bhh[sel],
                mine,
                options,
            )
        )
    weight = np.maximum(area_tot / max(options.target_area, 1.0), 1.0)
    if options.balance_by in (HOUSEHOLDS, BOTH):
        weight = np.maximum(weight, hh_tot / max(options.target_households, 1.0))
    order = np.argsort(-weight, kind="stable")  # big areas first: the workers finish together
    if helped and helpers.n:
        return _helped_areas(jobs, per_area, order, weight, helpers, progress, result)
    if helped:  # the early guess was too low: the helpers start now
        with parallel.Helpers(workers_all - 1, preload=(__name__,), check=progress.check) as late:
            if late.n:
                return _helped_areas(jobs, per_area, order, weight, late, progress, result)
    if workers == 1:
        for job in jobs:
            ai = job[0]
            sub = progress.span(ai / n_areas, (ai + 1) / n_areas)
            sub.check()
            grids, _ = _area_job(*job, progress=sub, result=result)
            result.grids.extend(grids)
            sub.set(1.0)
        return result
    # areas are independent (each has its own random stream): partition them in worker processes
    done = 0

    def finished(_index, _value):
        nonlocal done
        done += 1
        progress.set(done / n_areas)

    outputs = parallel.run_jobs(_area_job, [jobs[i] for i in order], workers, on_result=finished, check=progress.check)
    by_area = {int(order[i]): out for i, out in enumerate(outputs)}
    for ai in range(n_areas):
        grids, part = by_area[ai]
        result.grids.extend(grids)
        result.messages.extend(part.messages)
        result.area_notes[ai] = part.area_notes.get(ai, [])
        result.n_atoms += part.n_atoms
        result.n_blocks += part.n_blocks
    return result


def _helped_areas(jobs, per_area, order, weight, helpers, progress, result):
    """The large areas partitioned here one after the other, each with the helpers' help; the small ones
    given to the helpers as whole jobs (without helpers of their own) meanwhile.  The grids and notes do
    not depend on where an area ran (see `_area_job`), and are gathered in the order of the areas."""
    big = [int(ai) for ai in order if per_area[ai] >= HELPER_MIN_GRIDS]
    small = [int(ai) for ai in order if per_area[ai] < HELPER_MIN_GRIDS]
    queued = {ai: helpers.submit(_area_job, *jobs[ai]) for ai in small}
    share = np.asarray(weight, dtype=float) / max(float(np.sum(weight)), 1e-9)
    outputs = {}
    done = 0.0
    for ai in big:
        sub = progress.span(done, done + share[ai])
        sub.check()
        outputs[ai] = _area_job(*jobs[ai], progress=sub, result=PartitionResult(), helpers=helpers)
        done += share[ai]
        sub.set(1.0)
    for i, ai in enumerate(small):
        # those no helper has started run here, the last ones first, while the helpers finish theirs
        outputs[ai] = helpers.result(queued[ai], others=[queued[a] for a in small[i + 1 :]])
        done += share[ai]
        progress.set(done)
    for ai in range(len(jobs)):
        grids, part = outputs[ai]
        result.grids.extend(grids)
        result.messages.extend(part.messages)
        result.area_notes[ai] = part.area_notes.get(ai, [])
        result.n_atoms += part.n_atoms
        result.n_blocks += part.n_blocks
    return result


def _area_job(
    ai, geom, code, area_code, area_id, bgeoms, bhh, barriers, options, progress=None, result=None, helpers=None
):
    """Partition and number the grids of one area (also run in worker processes, then without
    helpers: pools are never nested)."""
    result = result if result is not None else PartitionResult()
    # A worker receives the geometries pickled (as WKB), which drops their precision model.  The job in this
    # process goes through the very same WKB round trip, so that an area gives the same grids, bit for bit,
    # whatever the number of workers.  The coordinates are on the grid already (`partition` put them there):
    # the precision model is only attached again, point by point, without the overlay that rebuilding them
    # would run.
    geom = shapely.set_precision(shapely.from_wkb(shapely.to_wkb(geom)), atoms_mod.GRID_SIZE, mode="pointwise")
    if len(bgeoms):
        bgeoms = shapely.set_precision(shapely.from_wkb(shapely.to_wkb(bgeoms)), atoms_mod.GRID_SIZE, mode="pointwise")
    if barriers is not None and len(barriers):
        barriers = shapely.from_wkb(shapely.to_wkb(barriers))
    grids = _partition_area(
        ai,
        geom,
        code,
        bgeoms,
        bhh,
        barriers,
        options,
        area_rng(options.seed, ai),
        result,
        progress or NULL_PROGRESS,
        helpers=helpers,
    )
    number_grids(grids, area_code, area_id)
    return grids, result


def area_rng(seed, area_index):
    """The random stream of one area: depends only on the seed and the area, so an area's grids do not
    change when another area's data does."""
    return np.random.default_rng([int(seed), int(area_index)])


def _missed(weights, labels, k, targets, tol):
    """Number of the k parts whose totals miss the tolerance around the targets."""
    totals = np.zeros((k, weights.shape[1]))
    np.add.at(totals, labels, weights)
    return int((np.abs(totals / np.asarray(targets, dtype=float) - 1.0) > tol + 1e-9).any(axis=1).sum())


def _attempt(graph, weights, xy, tol, scale, aim, nodes, k, stream, progress=None):
    """The piece `nodes` partitioned again into `k` with the random stream `stream`: deterministic, the
    same labels in this process and in a helper (which gets no progress: cancellation is checked here)."""
    part = Partitioner(graph, weights, xy, tol, np.random.default_rng(stream), scale=scale, progress=progress, aim=aim)
    return part.partition(nodes, k)


def _raw_pp(graph, nodes, labels, k):
    """Mean Polsby-Popper of the parts `labels` of `nodes` from the atom graph (before straightening)."""
    local = np.full(graph.n, -1)
    local[nodes] = labels
    area = np.bincount(labels, weights=graph.atom_area[nodes], minlength=k)
    per = np.bincount(labels, weights=graph.atom_perimeter[nodes], minlength=k)
    lu, lv = local[graph.u], local[graph.v]
    inner = (lu >= 0) & (lu == lv)
    per -= 2.0 * np.bincount(lu[inner], weights=graph.length[inner], minlength=k)
    return float(np.mean(4.0 * np.pi * area / np.maximum(per, 1e-9) ** 2))


def _targets(options):
    if options.balance_by == AREA:
        return [options.target_area]
    if options.balance_by == HOUSEHOLDS:
        return [options.target_households]
    return [options.target_area, options.target_households]


def _criteria(options, atoms):
    if options.balance_by == AREA:
        return np.column_stack([atoms.area])
    if options.balance_by == HOUSEHOLDS:
        return np.column_stack([atoms.households])
    return np.column_stack([atoms.area, atoms.households])


def _retry(helpers, queued, piece, stream, attempt, weights, targets, progress):
    """Another partition of a piece (``piece``: the arguments of :func:`_attempt`) with its own random
    stream, from the helpers when queued there, and how many of its grids miss the tolerance."""
    progress.check()
    if attempt in queued:
        job = queued.pop(attempt)
        # waiting for a helper, this process runs the piece's other queued attempts meanwhile
        other = helpers.result(job, others=list(queued.values()), progress=progress)
    else:
        other = _attempt(*piece, stream + [attempt], progress=progress)
    tol, nodes, k = piece[3], piece[6], piece[7]
    return other, _missed(weights[nodes], other, k, targets, tol)


def _partition_area(ai, geom, code, bgeoms, bhh, barriers, options, rng, result, progress, helpers=None):
    mapper = helpers.mapper if helpers is not None and helpers.n else None
    tol = options.tolerance
    targets = _targets(options)
    area_m2 = geom.area
    by_hh = options.balance_by in (HOUSEHOLDS, BOTH)
    notes = result.area_notes.setdefault(ai, [])

    # building groups clipped to the area
    if len(bgeoms):
        # buildings well inside the area (nearly all) need no overlay
        shapely.prepare(geom)
        clipped = np.asarray(bgeoms, dtype=object).copy()
        cut = ~shapely.contains_properly(geom, clipped)
        if cut.any():
            clipped[cut] = shapely.intersection(clipped[cut], geom)
        clipped = np.array(
            [
                g
                if g.geom_type in ("Polygon", "MultiPolygon")
                else shapely.MultiPolygon([p for p in shapely.get_parts(g) if p.geom_type == "Polygon"])
                for g in clipped
            ],
            dtype=object,
        )
        good = ~shapely.is_empty(clipped) & (shapely.area(clipped) > 0)
        clipped, hh = clipped[good], bhh[good]
        ggeoms, ghh, members = building_groups(clipped, hh)
        gcount = np.array([len(m) for m in members], dtype=int)
    else:
        ggeoms, ghh, gcount = np.zeros(0, dtype=object), np.zeros(0), np.zeros(0, int)

    # how fine to cut: blocks heavier than a fraction of a grid are split between buildings
    hh_total = ghh.sum()
    if by_hh and hh_total > 0:
        k_est = max(1.0, hh_total / options.target_households)
        split_hh = 0.25 * options.target_households
    else:
        k_est = max(1.0, area_m2 / options.target_area)
        split_hh = np.inf
    if options.balance_by in (AREA, BOTH):
        k_est = max(k_est, area_m2 / options.target_area)
    grid_area = area_m2 / k_est
    split_area = 0.25 * grid_area if options.balance_by in (AREA, BOTH) else 0.6 * grid_area
    filler = math.sqrt(grid_area / 10.0)

    barrier_lines = atoms_mod.clip_barriers(geom, barriers)
    progress.set(0.05)
    atoms = atoms_mod.build_atoms(
        geom,
        barrier_lines,
        ggeoms,
        ghh,
        split_area=split_area,
        split_households=split_hh,
        filler_spacing=filler,
        rng=rng,
        progress=progress.span(0.05, 0.45),
    )
    result.n_atoms += atoms.n
    result.n_blocks += atoms.n_blocks
    progress.set(0.45)

    # buildings per atom (group counts -> member building counts)
    n_bld = (
        np.bincount(atoms.building_atom, weights=gcount, minlength=atoms.n).astype(int)
        if len(gcount)
        else np.zeros(atoms.n, int)
    )
    graph = AtomGraph(
        atoms.n,
        atoms.edge_u,
        atoms.edge_v,
        edge_costs(atoms.edge_len, atoms.edge_barrier),
        length=atoms.edge_len,
        atom_area=atoms.area,
        atom_perimeter=shapely.length(atoms.geoms),
    )
    weights = _criteria(options, atoms)
    xy = atoms.centroids
    labels = np.full(atoms.n, -1)
    flags = {}
    next_label = 0

    # single buildings above the target become grids of their own
    active = np.ones(atoms.n, dtype=bool)
    if by_hh:
        oversize = np.flatnonzero(atoms.households > (1 + tol) * options.target_households)
        for a in oversize:
            labels[a] = next_label
            flags[next_label] = FLAG_OVERSIZE
            next_label += 1
        active[oversize] = False
        if len(oversize):
            notes.append(
                translate(
                    "Partition",
                    "{n} buildings hold more households than the target allows and form grids of their own.",
                ).format(n=len(oversize))
            )

    nodes_all = np.flatnonzero(active)
    if len(nodes_all):
        ncomp, comp = graph.components(nodes_all)
    else:
        ncomp, comp = 0, np.zeros(0, int)
    for c in range(ncomp):
        nodes = nodes_all[comp == c]
        tot = weights[nodes].sum(axis=0)
        if by_hh and tot[-1] <= 0:
            # no households here: a piece with no residents
            adj_label = labels_adjacent_oversize(graph, nodes, labels, flags)
            if adj_label is not None and shapely.area(atoms.geoms[nodes]).sum() < 0.5 * grid_area:
                labels[nodes] = adj_label  # open ground cut off beside an oversize building
                continue
            k, worst = 1, 1.0
            base_flag = FLAG_NO_HOUSEHOLDS if options.balance_by == HOUSEHOLDS else ""
        else:
            k, worst = choose_k([max(t, 1e-9) for t in tot], targets, tol)
            base_flag = ""
            if worst > tol:
                small = all(t < (1 - tol) * g for t, g in zip(tot, targets))
                adj_label = labels_adjacent_oversize(graph, nodes, labels, flags)
                if small and adj_label is not None and tot[-1] < 0.5 * targets[-1]:
                    labels[nodes] = adj_label  # a sliver left beside an oversize building
                    continue
                base_flag = FLAG_DETACHED if (small and ncomp > 1) else FLAG_INDIVISIBLE
                if base_flag == FLAG_INDIVISIBLE:
                    notes.append(
                        translate(
                            "Partition",
                            "A piece with {tot} cannot be split into whole grids within "
                            "±{tol} % of the target: {k} grids give {share} each.",
                        ).format(tot=_fmt_totals(tot, options), tol=_pct(tol), k=k, share=_fmt_totals(tot / k, options))
                    )
                else:
                    notes.append(
                        translate(
                            "Partition", "A detached piece with {tot} is too small for a grid of its own."
                        ).format(tot=_fmt_totals(tot, options))
                    )
        k = min(k, len(nodes))
        share = tot / k
        w_norm = np.zeros_like(weights)
        w_norm[nodes] = weights[nodes] / np.where(share > 0, share, 1.0)
        scale = 4.0 * math.sqrt(max(shapely.area(atoms.geoms[nodes]).sum() / k, 1.0))
        aim = np.asarray(targets, dtype=float) / np.where(share > 0, share, 1.0)
        stream = [int(options.seed), int(ai), int(c)]  # + the attempt: each retry's own random stream
        # The extra attempts below each have their own random stream: independent of the main partition,
        # they run in the helpers meanwhile (the shape restarts always needed, the retries for missed
        # grids on speculation: dropped when not needed); result() runs here those no helper started.
        retries = range(1, RESTARTS + 1) if not base_flag and k > 1 else range(0)
        shapes = (
            range(RESTARTS + 1, RESTARTS + 1 + SHAPE_RESTARTS)
            if not base_flag and k > 1 and SHAPE_RESTARTS and graph.has_shape
            else range(0)
        )
        piece = (graph, w_norm, xy, tol, scale, aim, nodes, k)
        queued = {}
        if mapper is not None and len(nodes) >= HELPER_MIN_ATOMS:
            for attempt in [*shapes, *retries]:
                queued[attempt] = helpers.submit(_attempt, *piece, stream + [attempt])

        part = Partitioner(graph, w_norm, xy, tol, rng, scale=scale, progress=progress, aim=aim)
        # the first bisection of a piece reports its progress (retries below do not: no going back)
        part.report = lambda f, c=c: progress.set(0.45 + 0.4 * (c + 0.8 * f) / max(ncomp, 1))
        local = part.partition(nodes, k)
        part.report = None
        progress.set(0.45 + 0.4 * (c + 1) / max(ncomp, 1))
        if retries:
            # big atoms make the result depend on the random cuts: a few more tries where grids miss
            missed = _missed(weights[nodes], local, k, targets, tol)
            for attempt in retries:
                if missed == 0:
                    break
                other, other_missed = _retry(helpers, queued, piece, stream, attempt, weights, targets, progress)
                if other_missed < missed:
                    local, missed = other, other_missed
        for attempt in retries:
            if attempt in queued:
                helpers.drop(queued.pop(attempt))  # not needed: a helper that has not started it will not
        if shapes:
            # the bisection's random directions change the shapes a lot: try other streams, keep the most
            # compact partition whose grids miss neither the target nor the piece's own share more often
            pp = _raw_pp(graph, nodes, local, k)
            missed_share = _missed(weights[nodes], local, k, tot / k, tol)
            for attempt in shapes:
                other, other_missed = _retry(helpers, queued, piece, stream, attempt, weights, targets, progress)
                other_share = _missed(weights[nodes], other, k, tot / k, tol)
                if other_missed > missed or other_share > missed_share:
                    continue
                other_pp = _raw_pp(graph, nodes, other, k)
                if other_missed < missed or other_share < missed_share or other_pp > pp:
                    local, missed, missed_share, pp = other, other_missed, other_share, other_pp
        for lab in range(k):
            flags[next_label + lab] = base_flag
        labels[nodes] = local + next_label
        next_label += k
    progress.set(0.85)

    grids = _assemble(ai, code, atoms, labels, n_bld, flags, options)
    _smooth(geom, grids, ggeoms, barrier_lines, options, 0.5 * filler, mapper=mapper)
    return grids


def _smooth(area, grids, buildings, barrier_lines, options, tolerance_m, mapper=None):
    """Straighten open-ground edges (see :mod:`smooth`) without pushing a grid out of tolerance."""
    if len(grids) < 2:
        return
    old = [g.geometry for g in grids]
    area_ok = None
    if options.balance_by in (AREA, BOTH):
        target, tol = options.target_area, options.tolerance
        limit = [max(tol * target, abs(g.area - target) + 1e-4 * target) for g in old]

        def area_ok(index, new_area):
            return abs(new_area - target) <= limit[index]

    new = smooth_grids(area, old, buildings, tolerance_m, barrier_lines, area_ok=area_ok, mapper=mapper)
    for g, geom, before in zip(grids, new, old):
        if geom is not before:
            _set_geometry(g, geom, options)


def _set_geometry(g, geom, options):
    g.geometry = geom
    g.area_m2 = float(geom.area)
    g.compactness = compactness(g.area_m2, geom.length)
    g.deviation_pct = 100.0 * _deviation(g.area_m2, g.households, options)


def _deviation(area, households, options):
    return deviation(area, households, options.balance_by, options.target_area, options.target_households)


def labels_adjacent_oversize(graph, nodes, labels, flags):
    """The label of an oversize-building grid adjacent to `nodes`, if any."""
    for v in nodes:
        nb, _ = graph.neighbours(v)
        for u in nb:
            lab = labels[u]
            if lab >= 0 and flags.get(lab) == FLAG_OVERSIZE:
                return lab
    return None


def _assemble(ai, code, atoms, labels, n_bld, flags, options):
    tol = options.tolerance
    grids = []
    order = np.argsort(labels, kind="stable")
    splits = np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)
    for members in splits:
        if len(members) == 0:
            continue
        lab = labels[members[0]]
        geom = atoms.geoms[members[0]] if len(members) == 1 else shapely.coverage_union_all(atoms.geoms[members])
        if geom.geom_type == "MultiPolygon":
            geom = shapely.union_all(shapely.get_parts(geom), grid_size=atoms_mod.GRID_SIZE)
        hh = float(atoms.households[members].sum())
        g = Grid(ai, geom, code, hh, int(n_bld[members].sum()))
        g.area_m2 = float(geom.area)
        g.compactness = compactness(g.area_m2, geom.length)
        worst = _deviation(g.area_m2, hh, options)
        g.deviation_pct = 100.0 * worst
        g.flag = flags.get(lab, "")
        if not g.flag and abs(worst) > tol + 1e-9:
            g.flag = FLAG_GRANULARITY
        grids.append(g)
    return grids


def _pct(x):
    return f"{100 * x:g}"


def _fmt_totals(tot, options):
    parts = []
    if options.balance_by in (AREA, BOTH):
        parts.append(translate("Partition", "{v} m²").format(v=f"{tot[0]:,.0f}"))
    if options.balance_by in (HOUSEHOLDS, BOTH):
        parts.append(translate("Partition", "{v} households").format(v=f"{tot[-1]:,.0f}"))
    return " / ".join(parts)
