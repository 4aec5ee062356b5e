"""Live statistics of a grid layer being edited by hand (the 网格编辑 / Grid editing workbench).

:class:`Workbench` holds the grids (by feature id), the buildings with their households (STRtree), the
communities and the target.  For every grid it keeps households, area, deviation, buildings,
compactness and flags, and it keeps the warnings a surveyor must see while editing:

- ``invalid``: the geometry is invalid (or empty); figures are computed on the repaired geometry;
- ``multipart``: the grid has several parts (the geometry shows every part but the largest);
- ``crosses_community``: part of the grid lies outside its community (the one holding most of it);
- ``outside_communities``: the grid lies in no community;
- ``cuts_building``: a grid boundary cuts a building (more than 0.5 m² on both sides);
- ``overlap``: two grids overlap;
- ``gap``: part of a community no grid covers.

:meth:`Workbench.update` applies changed, added and removed grids **incrementally**: only the grids the
change touches (the grid itself, grids overlapping it before or after, the owners of the buildings under
it, the communities it lies in) are recomputed, and the result is exactly what a fresh
:class:`Workbench` loaded with the same grids computes (``snapshot()`` compares them).

A building counts for the grid holding most of it (ties: the lower feature id), as in ``checkgrids``.
Geometries are shapely, in metres.
"""

from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.errors

from .geometry import polygon_parts, repaired
from .measures import AREA, BOTH, HOUSEHOLDS, compactness, deviation
from .partition import address_footprints
from .quality import GAP_EPS, OVERLAP_EPS

CUT_MIN = 0.5  # m²: a boundary cuts a building when more than this lies on both of its sides
REAL_SHARE = 0.01  # m²: smaller pieces of a building inside a grid are noise (as in checkgrids)
REAL_FRACTION = 1e-3  # and so are pieces below this share of the building

INVALID = "invalid"
MULTIPART = "multipart"
CROSSES = "crosses_community"
OUTSIDE = "outside_communities"
CUTS = "cuts_building"
OVERLAP = "overlap"
GAP = "gap"
OUT_OF_TOLERANCE = "out_of_tolerance"
WARNING_KINDS = (INVALID, MULTIPART, CROSSES, OUTSIDE, CUTS, OVERLAP, GAP)
# layer custom properties holding a grid layer's workbench settings (written by partitiongrids, read by the dock)
SETTINGS_PROPERTY = "gridmanager/workbench/"
SETTING_KEYS = (
    "code_field",
    "buildings",
    "household_field",
    "communities",
    "community_field",
    "balance_by",
    "target_area",
    "target_households",
    "tolerance",
)
# what stops a grid layer from being saved (unless the surveyor overrides with a reason)
BLOCKING = (INVALID, MULTIPART, CROSSES, CUTS)


@dataclass(frozen=True)
class Target:
    balance_by: int = HOUSEHOLDS  # measures.AREA, HOUSEHOLDS or BOTH
    target_area: float = 10_000.0
    target_households: float = 400.0
    tolerance: float = 0.10  # fraction

    def __post_init__(self):
        if self.balance_by not in (AREA, HOUSEHOLDS, BOTH):
            raise ValueError(f"balance_by: {self.balance_by!r}")
        if self.target_area <= 0 or self.target_households <= 0 or self.tolerance < 0:
            raise ValueError("targets must be > 0 and the tolerance ≥ 0")


@dataclass
class GridStats:
    fid: object
    code: str
    households: float
    area: float
    deviation: float  # signed fraction of the target (0.1 = 10 % above)
    n_buildings: int
    compactness: float
    community: int  # index of the community holding most of the grid, -1 for none
    flags: tuple = ()

    @property
    def deviation_pct(self):
        return 100.0 * self.deviation

    def key(self):
        return (self.code, self.households, self.area, self.deviation, self.n_buildings, self.compactness,
                self.community, self.flags)  # fmt: skip


@dataclass
class Issue:
    kind: str
    fids: tuple  # grids concerned (sorted)
    geometry: object
    value: float = 0.0  # m² (overlap, gap, outside part), parts (multipart), grids (cuts_building)
    detail: str = ""
    building: int = -1
    community: int = -1

    def key(self):
        return (self.kind, self.fids, shapely.to_wkb(shapely.normalize(self.geometry)), round(self.value, 9),
                self.detail, self.building, self.community)  # fmt: skip


@dataclass
class _Grid:
    geom: object
    code: str
    reason: str  # "" when valid
    bounds: tuple
    buildings: dict = field(default_factory=dict)  # building -> overlap m²
    communities: set = field(default_factory=set)  # communities the grid intersects
    partners: set = field(default_factory=set)  # grids it overlaps
    raw: object = None  # the geometry as given
    home: int = -1  # community holding most of the grid
    shares: dict = field(default_factory=dict)  # community -> m² of the grid inside it


class Workbench:
    """Live per-grid figures and warnings; see the module docstring."""

    def __init__(self, buildings=None, households=None, communities=None, community_codes=None, target=None):
        self.target = target or Target()
        if buildings is not None and len(buildings):
            bgeoms = address_footprints(np.asarray(buildings, dtype=object))
            self.bgeoms = np.array([repaired(g)[0] for g in bgeoms], dtype=object)
        else:
            self.bgeoms = np.zeros(0, dtype=object)
        self.barea = shapely.area(self.bgeoms) if len(self.bgeoms) else np.zeros(0)
        self.hh = np.zeros(len(self.bgeoms)) if households is None else np.asarray(households, dtype=float)
        if len(self.hh) != len(self.bgeoms):
            raise ValueError("one household value per building")
        self.btree = shapely.STRtree(self.bgeoms) if len(self.bgeoms) else None
        if communities is not None and len(communities):
            self.cgeoms = np.array([repaired(g)[0] for g in communities], dtype=object)
            self.ctree = shapely.STRtree(self.cgeoms)
        else:
            self.cgeoms, self.ctree = np.zeros(0, dtype=object), None
        self.ccodes = list(community_codes) if community_codes is not None else [""] * len(self.cgeoms)
        self.grids = {}
        self.stats = {}
        self.grid_issues = {}  # fid -> [Issue] (invalid, multipart, crosses, outside)
        self.cut_issues = {}  # building -> Issue
        self.overlap_issues = {}  # (fid, fid) -> Issue
        self.gap_issues = {}  # community -> [Issue]
        self.building_grids = {}  # building -> {fid: overlap m²}
        self.owner = {}  # building -> fid
        self.owned = {}  # fid -> set of buildings
        self.cutting = {}  # fid -> set of buildings its boundary cuts
        self.community_grids = {}  # community -> set of fids
        # bounding boxes of the grids in slots, for neighbour look-ups without rebuilding a tree
        self._slot = {}
        self._fid_of = []
        self._bbox = np.zeros((0, 4))
        self._free = []

    # -- public API -----------------------------------------------------------------------------------
    def load(self, items):
        """Set every grid from (fid, geometry, code) items (replacing what was there)."""
        self.update({fid: None for fid in list(self.grids)})
        return self.update({fid: (geom, code) for fid, geom, code in items})

    def set_grid(self, fid, geom, code=None):
        return self.update({fid: (geom, code if code is not None else self._code(fid))})

    def set_code(self, fid, code):
        return self.update({fid: (self.grids[fid].raw if fid in self.grids else None, code)})

    def remove_grid(self, fid):
        return self.update({fid: None})

    def update(self, changes):
        """Apply ``{fid: (geometry, code) | None}`` (None removes the grid).  Returns the fids whose figures
        were recomputed (removed grids included)."""
        touched, buildings, comms = set(), set(), set()
        for fid in changes:
            if fid in self.grids:
                self._detach(fid, touched, buildings, comms)
        for fid, value in changes.items():
            touched.add(fid)
            if value is not None:
                self._attach(fid, value[0], value[1], touched, buildings, comms)
        for b in buildings:
            self._reassign(b, touched)
        for c in comms:
            self._gaps(c)
        self._refresh_stats(touched)
        return touched

    def issues(self, kinds=WARNING_KINDS):
        """Every current warning of the given kinds, in a stable order."""
        out = []
        if INVALID in kinds or MULTIPART in kinds or CROSSES in kinds or OUTSIDE in kinds:
            for fid in sorted(self.grid_issues, key=_order):
                out.extend(i for i in self.grid_issues[fid] if i.kind in kinds)
        if CUTS in kinds:
            out.extend(self.cut_issues[b] for b in sorted(self.cut_issues))
        if OVERLAP in kinds:
            out.extend(
                self.overlap_issues[k] for k in sorted(self.overlap_issues, key=lambda k: (_order(k[0]), _order(k[1])))
            )
        if GAP in kinds:
            for c in sorted(self.gap_issues):
                out.extend(self.gap_issues[c])
        return out

    def issues_of(self, fids, kinds=WARNING_KINDS):
        """The warnings of the given kinds that concern any of `fids`."""
        fids = set(fids)
        return [i for i in self.issues(kinds) if fids.intersection(i.fids)]

    def neighbours_of(self, fid):
        """Grids whose bounding box meets that of grid `fid` (the candidates for sharing an edge with it)."""
        return self._neighbours(self.grids[fid].bounds, exclude=fid)

    def geometry(self, fid):
        """The repaired (polygonal) geometry the figures of grid `fid` are computed on."""
        return self.grids[fid].geom

    def snapshot(self):
        """Everything the workbench shows, in a comparable form (for tests: incremental == full)."""
        return (
            {fid: s.key() for fid, s in self.stats.items()},
            [i.key() for i in self.issues()],
        )

    def summary(self):
        """Counts for the dock's status line: grids, within tolerance, warnings per kind."""
        tol = self.target.tolerance + 1e-9
        by_kind = {k: 0 for k in WARNING_KINDS}
        for issue in self.issues():
            by_kind[issue.kind] += 1
        return {
            "grids": len(self.stats),
            "within": sum(1 for s in self.stats.values() if abs(s.deviation) <= tol),
            "by_kind": by_kind,
        }

    # -- internals --------------------------------------------------------------------------------------
    def _code(self, fid):
        return self.grids[fid].code if fid in self.grids else ""

    def _neighbours(self, bounds, exclude=None):
        if not len(self._fid_of):
            return []
        x0, y0, x1, y1 = bounds
        bb = self._bbox
        hit = np.flatnonzero((bb[:, 0] <= x1) & (bb[:, 2] >= x0) & (bb[:, 1] <= y1) & (bb[:, 3] >= y0))
        return [self._fid_of[s] for s in hit if self._fid_of[s] is not None and self._fid_of[s] != exclude]

    def _detach(self, fid, touched, buildings, comms):
        grid = self.grids.pop(fid)
        slot = self._slot.pop(fid)
        self._fid_of[slot] = None
        self._bbox[slot] = (np.inf, np.inf, -np.inf, -np.inf)
        self._free.append(slot)
        for other in grid.partners:
            self.grids[other].partners.discard(fid)
            self.overlap_issues.pop(_pair(fid, other), None)
            touched.add(other)
        for b in grid.buildings:
            self.building_grids[b].pop(fid, None)
            buildings.add(b)
        for c in grid.communities:
            self.community_grids[c].discard(fid)
            comms.add(c)
        self.grid_issues.pop(fid, None)
        self.stats.pop(fid, None)
        self.owned.pop(fid, None)
        self.cutting.pop(fid, None)

    def _attach(self, fid, raw, code, touched, buildings, comms):
        geom, reason = repaired(raw)
        empty = geom.is_empty
        bounds = (np.inf, np.inf, -np.inf, -np.inf) if empty else tuple(shapely.bounds(geom))
        if not empty:
            shapely.prepare(geom)  # the predicates below run against many neighbours and buildings
        grid = _Grid(geom, "" if code is None else str(code), reason, bounds, raw=raw)
        self.grids[fid] = grid
        if not self._free:
            # grow the slot table by doubling (free slots have an empty box that matches nothing)
            start = len(self._fid_of)
            grow = max(64, start)
            self._fid_of.extend([None] * grow)
            nothing = np.tile([np.inf, np.inf, -np.inf, -np.inf], (grow, 1))
            self._bbox = np.vstack([self._bbox, nothing])
            self._free.extend(range(start + grow - 1, start - 1, -1))
        slot = self._free.pop()
        self._fid_of[slot] = fid
        self._bbox[slot] = bounds
        self._slot[fid] = slot
        self.owned[fid] = set()
        if empty:
            self._set_own_issues(fid)
            return
        # overlaps with the neighbours
        others = self._neighbours(bounds, exclude=fid)
        if others:
            ogeoms = np.array([self.grids[o].geom for o in others], dtype=object)
            # interiors meet (grids that only touch along an edge do not overlap)
            hits = np.flatnonzero(shapely.intersects(geom, ogeoms) & ~shapely.touches(geom, ogeoms))
            if len(hits):
                for k in hits:
                    other = others[k]
                    a, b = _pair(fid, other)
                    inter = shapely.intersection(self.grids[a].geom, self.grids[b].geom)
                    inter = _polygonal_or_empty(inter)
                    if inter.area > OVERLAP_EPS:
                        grid.partners.add(other)
                        self.grids[other].partners.add(fid)
                        touched.add(other)
                        self.overlap_issues[(a, b)] = Issue(
                            OVERLAP, (a, b), inter, float(inter.area), self.grids[a].code + " / " + self.grids[b].code
                        )
        # buildings
        if self.btree is not None:
            cand = self.btree.query(geom, predicate="intersects")
            if len(cand):
                # a building the grid covers lies wholly inside: no intersection to compute
                ov = self.barea[cand].copy()
                partly = ~shapely.covers(geom, self.bgeoms[cand])
                if partly.any():
                    ov[partly] = shapely.area(shapely.intersection(self.bgeoms[cand[partly]], geom))
                for b, o in zip(cand.tolist(), ov.tolist()):
                    buildings.add(b)
                    if o > REAL_SHARE and o > REAL_FRACTION * self.barea[b]:
                        grid.buildings[b] = o
                        self.building_grids.setdefault(b, {})[fid] = o
        # communities
        if self.ctree is not None:
            cand = self.ctree.query(geom, predicate="intersects")
            for c in cand.tolist():
                grid.communities.add(c)
                self.community_grids.setdefault(c, set()).add(fid)
                comms.add(c)
        self._set_own_issues(fid)

    def _set_own_issues(self, fid):
        # only grids with warnings are kept, so listing the warnings does not walk every grid
        own = self._own_issues(fid)
        if own:
            self.grid_issues[fid] = own
        else:
            self.grid_issues.pop(fid, None)

    def _own_issues(self, fid):
        grid = self.grids[fid]
        out = []
        if grid.reason:
            out.append(Issue(INVALID, (fid,), grid.geom, 0.0, grid.reason))
        parts = polygon_parts(grid.geom)
        if len(parts) > 1:
            areas = shapely.area(parts)
            rest = shapely.union_all(np.delete(np.asarray(parts, dtype=object), int(np.argmax(areas))))
            out.append(Issue(MULTIPART, (fid,), rest, float(len(parts)), str(len(parts))))
        if self.ctree is not None and not grid.geom.is_empty:
            home, best = -1, 0.0
            for c in sorted(grid.communities):
                o = float(shapely.area(shapely.intersection(grid.geom, self.cgeoms[c])))
                grid.shares[c] = o
                if o > best:
                    home, best = c, o
            grid.home = home
            if home < 0:
                out.append(Issue(OUTSIDE, (fid,), grid.geom, float(grid.geom.area)))
            else:
                outside = _polygonal_or_empty(shapely.difference(grid.geom, self.cgeoms[home]))
                if outside.area > GAP_EPS:
                    out.append(Issue(CROSSES, (fid,), outside, float(outside.area), self.ccodes[home], community=home))
        else:
            grid.home = -1
        return out

    def _reassign(self, b, touched):
        holders = self.building_grids.get(b, {})
        old = self.owner.pop(b, None)
        if old is not None and old in self.owned:
            self.owned[old].discard(b)
            touched.add(old)
        if holders:
            new = min(holders, key=lambda f: (-holders[f], _order(f)))
            self.owner[b] = new
            self.owned[new].add(b)
            touched.add(new)
        # cut by a grid boundary: more than CUT_MIN m² on both sides of some grid's boundary
        for fid in list(self.cut_issues.get(b, Issue(CUTS, (), None)).fids):
            if fid in self.cutting:
                self.cutting[fid].discard(b)
            touched.add(fid)
        self.cut_issues.pop(b, None)
        cutters = tuple(
            sorted((f for f, o in holders.items() if o > CUT_MIN and self.barea[b] - o > CUT_MIN), key=_order)
        )
        if cutters:
            codes = sorted(self.grids[f].code for f in cutters)
            self.cut_issues[b] = Issue(CUTS, cutters, self.bgeoms[b], float(len(cutters)), ", ".join(codes), building=b)
            for f in cutters:
                self.cutting.setdefault(f, set()).add(b)
                touched.add(f)

    def _gaps(self, c):
        fids = sorted(self.community_grids.get(c, ()), key=_order)
        if fids and not any(self.grids[f].partners for f in fids):
            # without overlaps, the uncovered area is the community's area minus its grids' shares: when
            # that is below the smallest gap reported, there is no gap and no union to compute
            covered = sum(self.grids[f].shares.get(c, 0.0) for f in fids)
            if self.cgeoms[c].area - covered <= GAP_EPS:
                self.gap_issues.pop(c, None)
                return
        if fids:
            rest = shapely.difference(self.cgeoms[c], self._covered(fids))
        else:
            rest = self.cgeoms[c]
        issues = []
        for piece in polygon_parts(rest):
            if piece.area > GAP_EPS:
                cand = [f for f in self._neighbours(shapely.bounds(piece)) if f in self.community_grids[c]]
                near = tuple(f for f in sorted(cand, key=_order) if shapely.intersects(self.grids[f].geom, piece))
                issues.append(Issue(GAP, near, piece, float(piece.area), self.ccodes[c], community=c))
        if issues:
            self.gap_issues[c] = issues
        else:
            self.gap_issues.pop(c, None)

    def _covered(self, fids):
        """The union of grids `fids` (sorted).  Grids that overlap nowhere and are valid form a coverage,
        whose union is ~80× faster with coverage_union_all; its result is used when it is valid and keeps
        the total area (it is exact then), else the general union.  The choice depends only on the grids,
        so an incremental update and a full recompute take the same path."""
        geoms = np.array([self.grids[f].geom for f in fids], dtype=object)
        if not any(self.grids[f].partners or self.grids[f].reason for f in fids):
            try:
                covered = shapely.coverage_union_all(geoms)
            except shapely.errors.GEOSException:  # edges not noded alike (e.g. a vertex on a neighbour's edge)
                covered = None
            total = float(shapely.area(geoms).sum())
            if covered is not None and shapely.is_valid(covered) and abs(covered.area - total) <= 1e-9 * max(total, 1):
                return covered
        return shapely.union_all(geoms)

    def _refresh_stats(self, fids):
        t = self.target
        for fid in fids:
            grid = self.grids.get(fid)
            if grid is None:
                self.stats.pop(fid, None)
                continue
            owned = sorted(self.owned.get(fid, ()))
            hh = float(self.hh[owned].sum()) if owned else 0.0
            area = float(grid.geom.area)
            dev = float(deviation(area, hh, t.balance_by, t.target_area, t.target_households))
            flags = {i.kind for i in self.grid_issues.get(fid, ())}
            if self.cutting.get(fid):
                flags.add(CUTS)
            if grid.partners:
                flags.add(OVERLAP)
            if abs(dev) > t.tolerance + 1e-9:
                flags.add(OUT_OF_TOLERANCE)
            self.stats[fid] = GridStats(
                fid,
                grid.code,
                hh,
                area,
                dev,
                len(owned),
                float(compactness(area, grid.geom.length)),
                grid.home,
                tuple(sorted(flags)),
            )


def _pair(a, b):
    return (a, b) if _order(a) <= _order(b) else (b, a)


def _order(fid):
    return (0, fid, "") if isinstance(fid, (int, np.integer)) else (1, 0, str(fid))


def _polygonal_or_empty(geom):
    parts = polygon_parts(geom)
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


# -- the editing tools' geometry ----------------------------------------------------------------------
def split_geometry(geom, k, building_geoms=None, households=None, target=None, barrier_geoms=None, seed=0):
    """`geom` split into `k` balanced parts by the partition engine (cuts between buildings, along
    barriers), the heaviest part first.  Balanced like `target` (by area when the grid holds no
    households).  Raises InputError when the grid cannot be cut into `k` parts."""
    from ..common.errors import InputError
    from ..common.i18n import translate
    from .partition import PartitionOptions, partition

    target = target or Target()
    geom, _reason = repaired(geom)
    if geom.is_empty or k < 2:
        raise InputError(translate("Workbench", "Only a grid with an area can be split, into 2 parts or more."))
    bgeoms, bhh = np.zeros(0, dtype=object), np.zeros(0)
    if building_geoms is not None and len(building_geoms):
        allb = address_footprints(np.asarray(building_geoms, dtype=object))
        hh_all = np.zeros(len(allb)) if households is None else np.asarray(households, dtype=float)
        tree = shapely.STRtree(allb)
        cand = tree.query(geom, predicate="intersects")
        inside = shapely.area(shapely.intersection(allb[cand], geom)) > 0.5 * shapely.area(allb[cand])
        bgeoms, bhh = allb[cand[inside]], hh_all[cand[inside]]
    total_hh = float(bhh.sum())
    balance_by = target.balance_by if total_hh > 0 else AREA
    options = PartitionOptions(
        balance_by=balance_by,
        target_area=geom.area / k,
        target_households=max(total_hh / k, 1e-9),
        tolerance=target.tolerance,
        seed=seed,
        workers=1,
    )
    result = partition(
        [geom],
        [0],
        None,
        bgeoms if len(bgeoms) else None,
        list(range(len(bgeoms))),
        bhh,
        barrier_geoms,
        options,
    )
    parts = [g for g in result.grids]
    if len(parts) != k:
        # (no comma after the last argument of translate(): pylupdate5 would not extract the message)
        message = translate("Workbench", "This grid cannot be cut into {k} balanced parts between its buildings: "
                            "the partition engine found {n}. Try another number of parts.")  # fmt: skip
        raise InputError(message.format(k=k, n=len(parts)))
    key = (lambda g: (-g.households, -g.area_m2)) if balance_by != AREA else (lambda g: (-g.area_m2,))
    return [g.geometry for g in sorted(parts, key=key)]


def merge_geometry(geoms):
    """The union of adjacent grids; raises InputError when they do not form one piece."""
    from ..common.errors import InputError
    from ..common.i18n import translate
    from .atoms import GRID_SIZE

    parts = [repaired(g)[0] for g in geoms]
    merged = shapely.union_all(np.asarray(parts, dtype=object), grid_size=GRID_SIZE)
    if len(polygon_parts(merged)) != 1:
        raise InputError(
            translate("Workbench", "The selected grids do not share edges: only adjacent grids can be merged.")
        )
    return polygon_parts(merged)[0]


def rebalance_geometries(grids, target=None, building_geoms=None, households=None, barrier_geoms=None, seed=0):
    """Re-partition `grids` — ``[(key, geometry, code, community_code), …]``, every other grid locked — with
    the revise engine (dissolved per community, partitioned again, buildings kept whole).  Returns
    ``[(key or None, geometry, status), …]``: a new grid that mostly replaces an old one (more than half of
    each other's area) carries that grid's key (status ``unchanged`` when its shape is the same, else
    ``changed``); ``None`` is a grid to add (``added``).  Old keys not returned are grids to delete.
    Raises InputError when the engine cannot revise them."""
    from .partition import PartitionOptions
    from .revise import revise

    target = target or Target()
    if not grids:
        from ..common.errors import InputError
        from ..common.i18n import translate

        raise InputError(translate("Workbench", "Select the grids to rebalance."))
    keys = [g[0] for g in grids]
    geoms = np.array([repaired(g[1])[0] for g in grids], dtype=object)
    codes = [str(g[2]) for g in grids]
    communities = [str(g[3]) for g in grids]
    options = PartitionOptions(
        balance_by=target.balance_by if households is not None else AREA,
        target_area=target.target_area,
        target_households=target.target_households,
        tolerance=target.tolerance,
        seed=seed,
        workers=1,
    )
    if building_geoms is not None and len(building_geoms):
        building_geoms = address_footprints(np.asarray(building_geoms, dtype=object))
    result = revise(
        geoms,
        codes,
        keys,
        np.ones(len(grids), dtype=bool),
        communities,
        building_geoms,
        households,
        barrier_geoms,
        options,
        layer_name="GRIDS",
    )
    by_code = dict(zip(codes, keys))
    out = []
    for g in result.grids:
        key = by_code.get(g.code) if g.status in ("unchanged", "changed") else None
        out.append((key, g.geometry, g.status if key is not None else "added"))
    return out


def move_building(owner, neighbours, building, building_geoms=None, households=None, barrier_geoms=None):
    """Redraw the boundary so that `building` changes grid: the owner grid is cut into atoms (along the
    barriers and the gaps between its buildings, as the partition engine cuts), and the atom holding the
    building goes to the neighbour (``{key: geometry}``) it shares the longest edge with.

    Returns ``(neighbour key, new owner geometry, new neighbour geometry)``; raises InputError when the
    building's atom touches no neighbour or when the owner would fall apart."""
    from ..common.errors import InputError
    from ..common.i18n import translate
    from . import atoms as atoms_mod
    from .partition import building_groups

    grid = shapely.set_precision(repaired(owner)[0], atoms_mod.GRID_SIZE)
    target = repaired(building)[0]
    bgeoms = np.zeros(0, dtype=object) if building_geoms is None else address_footprints(building_geoms)
    hh = np.zeros(len(bgeoms)) if households is None else np.asarray(households, dtype=float)
    if len(bgeoms):
        inside = shapely.STRtree(bgeoms).query(grid, predicate="intersects")
        clipped = np.array([_polygonal_or_empty(g) for g in shapely.intersection(bgeoms[inside], grid)], dtype=object)
        keep = shapely.area(clipped) > REAL_SHARE
        clipped, hh = shapely.set_precision(clipped[keep], atoms_mod.GRID_SIZE), hh[inside][keep]
    else:
        clipped = np.zeros(0, dtype=object)
    # the clicked building itself is always one of the buildings cut out
    own = shapely.set_precision(_polygonal_or_empty(shapely.intersection(target, grid)), atoms_mod.GRID_SIZE)
    if own.area <= REAL_SHARE:
        raise InputError(translate("Workbench", "The building does not lie in this grid."))
    if len(clipped):  # the clicked building replaces what overlaps it (itself among them)
        apart = shapely.area(shapely.intersection(clipped, own)) <= REAL_SHARE
        clipped, hh = clipped[apart], hh[apart]
    clipped = np.concatenate([clipped, np.array([own], dtype=object)])
    hh = np.concatenate([hh, [0.0]])
    groups, ghh, members = building_groups(clipped, hh)
    barriers = atoms_mod.clip_barriers(grid, barrier_geoms)
    atoms = atoms_mod.build_atoms(
        grid,
        barriers,
        groups,
        ghh,
        split_area=0.0,
        split_households=0.0,
        filler_spacing=1e9,  # no open-space seeds: the cell of a building reaches out to the grid edge
        rng=np.random.default_rng(0),
    )
    group = next(k for k, m in enumerate(members) if len(clipped) - 1 in m)
    piece = atoms.geoms[atoms.building_atom[group]]
    best, key = atoms_mod.MIN_SHARED_EDGE, None
    edge = piece.boundary.buffer(0.01)  # the atoms are snapped to a 0.01 mm grid: compare edges with a tolerance
    for k, geom in neighbours.items():
        shared = shapely.intersection(edge, repaired(geom)[0].boundary).length
        if shared > best:
            best, key = shared, k
    if key is None:
        raise InputError(
            translate("Workbench", "The building's piece of the grid touches no neighbouring grid of its community.")
        )
    new_owner = _polygonal_or_empty(shapely.difference(grid, piece, grid_size=atoms_mod.GRID_SIZE))
    new_target = _polygonal_or_empty(shapely.union(repaired(neighbours[key])[0], piece, grid_size=atoms_mod.GRID_SIZE))
    if len(polygon_parts(new_owner)) != 1:
        raise InputError(translate("Workbench", "Moving this building would leave its grid in several parts or empty."))
    return key, new_owner, new_target
