"""Straighten the edges between grids where they run through open ground.

Edges built from Voronoi cells zig-zag; a surveyor would draw them straight.  Each edge shared by
two grids (a chain between two junctions) is replaced by the shortest of a few candidates — the
chord between its ends, then Douglas-Peucker simplifications of decreasing tolerance, then the chain
pulled tight around the buildings it passes — that sweeps over no building, stays inside the two
grids it separates and crosses no other edge.  A chain that touches buildings is tried whole first;
if nothing fits it is cut where it touches them, so open stretches between walls straighten on their
own; chains that run along a barrier are kept.  The grids are rebuilt from the chains by polygonizing them, so the
result is still an exact coverage.  An `area_ok` callback may refuse a grid's new area (balance by
area): a chain then takes a less straight candidate, and if a rebuilt grid is still refused, the
chains around it keep their original course and the grids are rebuilt again.  An area whose rebuilt
grids do not match the original ones one to one keeps its original edges.
"""

import math

import numpy as np
import shapely

from .atoms import GRID_SIZE

MAX_ROUNDS = 6
# The taut line gets a vertex every this share of the tolerance before it is pulled: where a building
# stops a long segment from going, the line can still turn part-way along it instead of hugging the
# chain.  Mean Polsby-Popper of the bench cases +0.002 (Helsinki) to +0.010 (东城区) for about a quarter
# more straightening time (0.5: two thirds of the gain; 0.125: +0.002 more for +35 % time).
TAUT_SPACING = 0.25
# chains with fewer vertices in all (about 0.2 s of work per 1,000) are straightened here even when a
# mapper is given: sending them to workers would cost more than it saves
MAPPER_MIN_VERTICES = 300


def _chains(geoms):
    """Shared edges between neighbouring grids as (i, j, LineString) chains."""
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    out = []
    if not len(a):
        return out
    bnd = shapely.boundary(geoms)
    shared = shapely.intersection(bnd[a], bnd[b], grid_size=GRID_SIZE)
    # the lines of each shared boundary (points dropped), merged where a boundary has more than one
    parts, of = shapely.get_parts(shared, return_index=True)
    keep = (shapely.get_type_id(parts) == 1) & (shapely.length(parts) > 0)
    parts, of = parts[keep], of[keep]
    if not len(parts):
        return out
    pairs, first, count = np.unique(of, return_index=True, return_counts=True)
    merged = parts[first]
    many = count > 1
    if many.any():
        sel = np.isin(of, pairs[many])
        group = np.unique(of[sel], return_inverse=True)[1]
        merged[many] = shapely.line_merge(shapely.multilinestrings(parts[sel], indices=group))
    chains, at = shapely.get_parts(merged, return_index=True)
    for n, chain in zip(at, chains):
        out.append((int(a[pairs[n]]), int(b[pairs[n]]), chain))
    return out


def _along(chain, barrier_tree, distance=0.05):
    """Does every vertex (and segment midpoint) of `chain` lie on a barrier line?"""
    coords = shapely.get_coordinates(chain)
    pts = np.vstack([coords, 0.5 * (coords[1:] + coords[:-1])])
    hit = barrier_tree.query(shapely.points(pts), predicate="dwithin", distance=distance)[0]
    return len(np.unique(hit)) == len(pts)


def _split_at_buildings(chains, btree, distance=1e-3):
    """Cut chains at the vertices where they touch a building, so that the open stretches between
    buildings are straightened on their own while the stretches along walls stay."""
    out = []
    for i, j, chain in chains:
        coords = shapely.get_coordinates(chain)
        if len(coords) <= 3:
            out.append((i, j, chain))
            continue
        touch = np.zeros(len(coords), dtype=bool)
        hit = btree.query(shapely.points(coords), predicate="dwithin", distance=distance)[0]
        touch[hit] = True
        touch[0] = touch[-1] = True
        cuts = np.flatnonzero(touch)
        # consecutive touching vertices (a stretch along a wall) stay together as their own pieces
        for a, b in zip(cuts[:-1], cuts[1:]):
            out.append((i, j, shapely.LineString(coords[a : b + 1])))
    return out


def _candidates(chain, tolerance):
    """Straighter versions of `chain`, straightest first (ends fixed)."""
    coords = shapely.get_coordinates(chain)
    closed = chain.is_closed
    out = []
    if not closed and len(coords) > 2:
        out.append(shapely.LineString([coords[0], coords[-1]]))
    for t in (2.0 * tolerance, tolerance, 0.5 * tolerance):
        simple = shapely.simplify(chain, t, preserve_topology=closed)
        n = len(shapely.get_coordinates(simple))
        if simple.is_empty or simple.length == 0 or n < 2 or n >= len(coords) or (closed and n < 4):
            continue
        if not _equal_to_any(simple, out):
            out.append(simple)
    return out


def _equal_to_any(line, others):
    """Is `line` (not empty) topologically equal to any of `others`?  Equal lines have the same box
    (the extreme coordinates are vertices of both), so only the lines with its box are tested."""
    if not len(others):
        return False
    box = shapely.bounds(line)
    same = (shapely.bounds(np.asarray(others, dtype=object)) == box).all(axis=1)
    return any(line.equals(o) for o, s in zip(others, same) if s)


def _pulled(chain, pair, btree, spacing=None):
    """`chain` pulled tight around the buildings it passes (ends fixed): vertices are dropped one at a
    time while the triangle a drop sweeps over overlaps no building and the new segment stays inside
    the two grids — a taut line between the walls instead of one that hugs them.  With `spacing`, the
    chain is first given a vertex every `spacing` metres, so the line can also turn part-way along a
    long straight stretch.  None when nothing shorter comes out."""
    coords = shapely.get_coordinates(chain)
    if chain.is_closed or len(coords) < 3:
        return None
    length = chain.length
    if spacing:  # at most a thousand added vertices, however small the grids and long the chain
        coords = shapely.get_coordinates(shapely.segmentize(chain, max(spacing, length / 1000.0)))
    coords = [tuple(c) for c in coords]
    # Every triangle lies in the chain's box: the buildings whose boxes meet it, and their boxes.  A triangle
    # whose box meets none of these needs no geometry for the building test (that test would find nothing).
    near = np.zeros((0, 4))
    if btree is not None:
        hit = btree.query(shapely.box(*shapely.bounds(chain)))
        if len(hit):
            near = shapely.bounds(btree.geometries[hit])
    bx0, by0, bx1, by1 = (near[:, n].tolist() for n in range(4))
    dropped = False
    k = 1
    while k < len(coords) - 1:
        a, b, c = coords[k - 1], coords[k], coords[k + 1]
        # b on the segment a-c (within 0.1 µm; the added vertices of a straight stretch): dropping it sweeps
        # no area and moves the line by less than `_inside` allows, so no geometry needs to be built
        twice = abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
        if twice <= 2e-10 and twice <= 1e-7 * math.hypot(c[0] - a[0], c[1] - a[1]):
            del coords[k]
            dropped = True
            k = max(1, k - 1)
            continue
        ok = _inside(shapely.LineString([a, c]), pair)
        if ok and btree is not None:
            tx0, tx1 = min(a[0], b[0], c[0]), max(a[0], b[0], c[0])
            ty0, ty1 = min(a[1], b[1], c[1]), max(a[1], b[1], c[1])
            if len(bx0) > 24:
                boxed = bool(
                    ((near[:, 0] <= tx1) & (near[:, 2] >= tx0) & (near[:, 1] <= ty1) & (near[:, 3] >= ty0)).any()
                )
            else:
                boxed = any(
                    x0 <= tx1 and x1 >= tx0 and y0 <= ty1 and y1 >= ty0 for x0, y0, x1, y1 in zip(bx0, by0, bx1, by1)
                )
        else:
            boxed = False
        tri = shapely.Polygon([a, b, c]) if boxed else None
        if boxed and tri.area > 1e-9:
            hit = btree.query(tri, predicate="intersects")
            if len(hit):
                valid = getattr(btree, "valid", None)
                ok = not _overlaps_any(tri, btree.geometries[hit], None if valid is None else valid[hit])
        if ok:
            del coords[k]
            dropped = True
            k = max(1, k - 1)  # the previous vertex may now be droppable too
        else:
            k += 1
    if not dropped:
        return None
    taut = shapely.LineString(coords)
    return taut if taut.length < length - 1e-9 else None  # only added vertices went: the chain itself


def _inside(line, pair):
    """Does `line` stay inside `pair` (less than a micrometre outside)?  The exact, prepared
    `covers` answers most calls; the overlay only decides the rest."""
    try:
        if shapely.covers(pair, line):
            return True
    except shapely.errors.GEOSException:
        pass
    return shapely.difference(line, pair).length <= 1e-6


def _overlaps_any(poly, buildings, valid=None):
    """Does `poly` (a valid polygon: `_pulled`'s triangles) overlap (more than a square millimetre)
    any of `buildings`?  Buildings it only touches (prepared `touches`: interiors disjoint) do not
    count.  `valid` (whether each building is valid): see `_overlap_areas`."""
    overlap = _overlap_areas(np.full(len(buildings), poly, dtype=object), buildings, valid, polys_valid=True)
    if overlap is not None:
        return overlap
    try:
        touching = shapely.touches(buildings, poly)
    except shapely.errors.GEOSException:  # a predicate refuses a slightly invalid ring: the overlay copes
        touching = np.zeros(len(buildings), dtype=bool)
    if touching.all():
        return False
    return bool((shapely.area(shapely.intersection(poly, buildings[~touching])) > 1e-6).any())


CLEAR_OVERLAP = 1e-2  # m²: an overlay this large is no touch (the overlay's error is far below it)


def _overlap_areas(polys, buildings, valid, polys_valid=False):
    """The overlay first, the `touches` test only where it matters: True when a valid polygon
    overlaps a valid building clearly (such a pair cannot merely touch), False when no pair overlaps
    more than a square millimetre (touching or not, as the overlay after `touches` would find), None
    (decide with `touches`) otherwise — or when the buildings are not all valid, or an overlay fails.
    `polys_valid`: the polygons are known to be valid (`_pulled`'s triangles of more than 1e-9 m²)."""
    if valid is None or not valid.all():
        return None
    try:
        area = shapely.area(shapely.intersection(polys, buildings))
    except shapely.errors.GEOSException:
        return None
    if not (area > 1e-6).any():
        return False
    clear = area > CLEAR_OVERLAP
    if clear.any() and (polys_valid or shapely.is_valid(polys[clear]).all()):
        return True
    return None


def _swept(chain, simple):
    """The faces between `chain` and its replacement `simple`."""
    return shapely.get_parts(
        shapely.polygonize(shapely.get_parts(shapely.union_all([chain, simple], grid_size=GRID_SIZE)))
    )


def _fits(chain, simple, pair, btree):
    """`simple` may replace `chain`: inside the two grids and sweeping over no building.
    Returns the swept faces, or None when it does not fit."""
    if not _inside(simple, pair):
        return None
    swept = _swept(chain, simple)
    if btree is not None and len(swept):
        si, bj = btree.query(swept, predicate="intersects")
        # touching a wall is fine (chains are cut where they meet buildings); overlapping one is not
        if len(si):
            valid = getattr(btree, "valid", None)
            overlap = _overlap_areas(swept[si], btree.geometries[bj], None if valid is None else valid[bj])
            if overlap is not None:
                return None if overlap else swept
            try:
                touching = shapely.touches(swept[si], btree.geometries[bj])
                si, bj = si[~touching], bj[~touching]
            except shapely.errors.GEOSException:  # a slightly invalid ring: the overlay below copes
                pass
            if len(si) and (shapely.area(shapely.intersection(swept[si], btree.geometries[bj])) > 1e-6).any():
                return None
    return swept


def _transfer(swept, gi):
    """Area that grid `gi` gains when the swept faces change sides (each swept face does)."""
    if not len(swept):
        return 0.0
    shapely.prepare(gi)
    mine = shapely.contains(gi, shapely.point_on_surface(swept))
    area = shapely.area(swept)
    return float(area[~mine].sum() - area[mine].sum())


def _crossing(lines, changed):
    """Changed lines that meet another line anywhere but at their own ends."""
    arr = np.array(lines, dtype=object)
    tree = shapely.STRtree(arr)
    bad = set()
    idx = np.array(sorted(changed), dtype=int)
    if not len(idx):
        return bad
    a, b = tree.query(arr[idx], predicate="intersects")
    ai, bj = idx[a], b
    other = ai != bj
    ai, bj = ai[other], bj[other]
    meet = shapely.intersection(arr[ai], arr[bj], grid_size=GRID_SIZE)
    met = ~shapely.is_empty(meet)
    ai, bj, meet = ai[met], bj[met], meet[met]
    if not len(ai):
        return bad
    ends = shapely.union(shapely.boundary(arr[ai]), shapely.boundary(arr[bj]))
    apart = ~shapely.is_empty(shapely.difference(meet, shapely.buffer(ends, 1e-4)))  # not only at a junction
    for x, y in zip(ai[apart], bj[apart]):
        bad.add(int(x))
        if y in changed:
            bad.add(int(y))
    return bad


def _rebuild(area, geoms, lines):
    """Grids rebuilt from the chain lines, or None when they do not map one to one."""
    outer = shapely.boundary(area)
    faces = shapely.get_parts(
        shapely.polygonize(
            shapely.get_parts(shapely.union_all(np.array(list(lines) + [outer], dtype=object), grid_size=GRID_SIZE))
        )
    )
    shapely.prepare(area)
    faces = faces[shapely.contains(area, shapely.point_on_surface(faces))]
    if len(faces) < len(geoms):
        return None
    # each face goes to the old grid it overlaps most; every grid must get exactly its share
    tree = shapely.STRtree(geoms)
    fi, gj = tree.query(faces, predicate="intersects")
    ov = shapely.area(shapely.intersection(faces[fi], geoms[gj]))
    owner = np.full(len(faces), -1)
    best = np.zeros(len(faces))
    for f, g, o in zip(fi, gj, ov):
        if o > best[f]:
            best[f], owner[f] = o, g
    if (owner < 0).any() or len(np.unique(owner)) != len(geoms):
        return None
    out = geoms.copy()
    for g in range(len(geoms)):
        mine = faces[owner == g]
        merged = mine[0] if len(mine) == 1 else shapely.union_all(mine, grid_size=GRID_SIZE)
        if merged.geom_type != "Polygon" or not merged.is_valid:
            return None
        out[g] = merged
    total = shapely.area(out).sum()
    if abs(total - area.area) > 1e-6 * area.area:
        return None
    return out


def _building_tree(buildings):
    """A tree of the buildings, prepared (`touches` tests against the same buildings again and again),
    knowing which are valid (`valid`: see `_overlap_areas`)."""
    tree = shapely.STRtree(np.asarray(buildings, dtype=object))
    shapely.prepare(tree.geometries)
    tree.valid = shapely.is_valid(tree.geometries)
    return tree


def _straighter(chain, tolerance, pair, btree, protect, gi, accept):
    """The shortest candidate for `chain` (between grids gi and the other of `pair`) that fits and
    whose area transfer `accept(gain)` takes (no test when `accept` is None): (length, line, area
    gained by gi), or None."""
    cands = _candidates(chain, tolerance)
    if not cands or (protect is not None and _along(chain, protect)):
        return None  # nothing to straighten, or it runs along a street: keep it on the street
    best = None
    chord = None if chain.is_closed or len(shapely.get_coordinates(chain)) <= 2 else cands[0]
    n_plain = len(cands)
    for index in range(n_plain + 1):
        if index == n_plain:
            # the chain pulled tight around the buildings comes last; it is never shorter than the chord
            # between the same ends, so it is not even computed when the chord fits
            if best is not None and chord is not None and best[1] is chord:
                break
            taut = _pulled(chain, pair(), btree, TAUT_SPACING * tolerance)
            if taut is None or _equal_to_any(taut, cands):
                break
            simple = taut
        else:
            simple = cands[index]
        if best is not None and simple.length >= best[0]:
            continue
        swept = _fits(chain, simple, pair(), btree)
        if swept is None:
            continue
        gain = 0.0
        if accept is not None:
            gain = _transfer(swept, gi)
            if not accept(gain):
                continue
        best = (simple.length, simple, gain)
    return best


def _options(chain, tolerance, pair, btree, protect, gi):
    """Everything `_straighter` may look at, whatever the areas: each candidate (the taut line last)
    as (length, line, fits, area gained by gi), or None when there is nothing to straighten."""
    cands = _candidates(chain, tolerance)
    if not cands or (protect is not None and _along(chain, protect)):
        return None
    out = []
    for simple in cands:
        swept = _fits(chain, simple, pair(), btree)
        out.append((simple.length, simple, swept is not None, 0.0 if swept is None else _transfer(swept, gi)))
    taut = _pulled(chain, pair(), btree, TAUT_SPACING * tolerance)
    if taut is not None and _equal_to_any(taut, cands):
        taut = None
    if taut is not None:
        swept = _fits(chain, taut, pair(), btree)
        out.append((taut.length, taut, swept is not None, 0.0 if swept is None else _transfer(swept, gi)))
    has_chord = not chain.is_closed and len(shapely.get_coordinates(chain)) > 2
    return has_chord, len(cands), out


def _choose(options, accept):
    """`_straighter`'s choice replayed from `_options`: (length, line, gain) or None."""
    if options is None:
        return None
    has_chord, n_plain, out = options
    best = None
    best_index = -1
    for index, (length, line, fits, gain) in enumerate(out):
        if index == n_plain and best is not None and has_chord and best_index == 0:
            break  # the chord fits: the taut line is never looked at
        if best is not None and length >= best[0]:
            continue
        if not fits or not accept(gain):
            continue
        best, best_index = (length, line, gain), index
    return best


class _Pair:
    """The union of two grids, made (and prepared) on first use."""

    def __init__(self, gi, gj):
        self.gi, self.gj, self.geom = gi, gj, None

    def __call__(self):
        if self.geom is None:
            self.geom = shapely.union(self.gi, self.gj, grid_size=GRID_SIZE)
            shapely.prepare(self.geom)  # many `covers` tests per pair
        return self.geom


def _straighten_job(tolerance, buildings, barriers, work, complete):
    """A worker's part of `smooth_grids`: for each (i, j, gi, gj, chains) of `work`, each chain's
    pieces and, when `complete` (areas are checked), the `_options` of the whole chain and of its
    pieces; otherwise `_straighter`'s choices (the pieces only when the whole chain has none)."""
    btree = _building_tree(buildings) if len(buildings) else None
    protect = shapely.STRtree(barriers) if len(barriers) else None
    out = []
    for i, j, gi, gj, chains in work:
        pair = _Pair(gi, gj)
        for n, chain in chains:
            pieces = _split_at_buildings([(i, j, chain)], btree) if btree is not None else [(i, j, chain)]
            if complete:
                whole = _options(chain, tolerance, pair, btree, protect, gi) if len(pieces) > 1 else None
                parts = [_options(piece, tolerance, pair, btree, protect, gi) for _, _, piece in pieces]
            else:
                whole = _straighter(chain, tolerance, pair, btree, protect, gi, None) if len(pieces) > 1 else None
                parts = None
                if whole is None:
                    parts = [_straighter(piece, tolerance, pair, btree, protect, gi, None) for _, _, piece in pieces]
            out.append((n, [piece for _, _, piece in pieces], whole, parts))
    return out


def _jobs(whole, geoms, btree, barriers, tolerance, complete, chunks):
    """`whole`'s chains grouped by grid pair into about `chunks` jobs of similar size, each with the
    buildings and barrier lines near its pairs."""
    by_pair = {}
    for n, (i, j, chain) in enumerate(whole):
        by_pair.setdefault((i, j), []).append((n, chain))
    cost = {key: sum(shapely.get_num_coordinates(c) for _, c in chains) for key, chains in by_pair.items()}
    n_jobs = max(1, min(chunks, len(by_pair)))
    load = [0] * n_jobs
    parts = [[] for _ in range(n_jobs)]
    for key in sorted(by_pair, key=lambda k: (-cost[k], k)):  # the largest first, to the least loaded job
        m = load.index(min(load))
        parts[m].append(key)
        load[m] += cost[key]
    jobs = []
    empty = np.zeros(0, dtype=object)
    bounds = shapely.bounds(geoms)
    for keys in parts:
        work = [(i, j, geoms[i], geoms[j], by_pair[(i, j)]) for i, j in sorted(keys)]
        # every test of a job stays within its pairs' boxes (a metre more for the snapping and distances)
        b = bounds[[[i, j] for i, j in keys]]  # (pairs, 2, 4)
        boxes = shapely.box(b[:, :, 0].min(1) - 1, b[:, :, 1].min(1) - 1, b[:, :, 2].max(1) + 1, b[:, :, 3].max(1) + 1)
        near = np.unique(btree.query(boxes)[1]) if btree is not None else []
        bld = btree.geometries[near] if btree is not None else empty
        lines = empty
        if barriers is not None:
            lines = barriers.geometries[np.unique(barriers.query(boxes)[1])]
        jobs.append((tolerance, bld, lines, work, complete))
    return jobs


def smooth_grids(area, geoms, buildings, tolerance, protected_lines=None, area_ok=None, mapper=None, chunks=4):
    """New geometries for `geoms` (one area's grids, an exact coverage of `area`) with straightened
    shared edges; the originals when anything does not fit.  `buildings` must not be crossed or
    change grid; `protected_lines` (barriers) keep the chains that run along them unchanged.
    `area_ok(index, new_area)` may refuse a grid's new area (balance by area); chains are then
    straightened less, or not at all.

    `mapper(function, jobs)`, when given, returns ``[function(*job) for job in jobs]`` (possibly in
    worker processes: the function is a module-level function of this module and the jobs pickle):
    the chains' candidates are then tested in about `chunks` jobs and only the choice between them,
    which depends on the areas, is made here — the same grids as without a mapper.  Areas whose
    chains have fewer than `MAPPER_MIN_VERTICES` vertices in all do without the mapper."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2 or tolerance <= 0:
        return geoms
    whole = _chains(geoms)
    if not whole:
        return geoms
    btree = _building_tree(buildings) if buildings is not None and len(buildings) else None
    protect = None
    if protected_lines is not None and len(protected_lines):
        protect = shapely.STRtree(np.asarray(protected_lines, dtype=object))
    pairs = {}
    areas = shapely.area(geoms)

    def accept(i, j):
        if area_ok is None:
            return None
        return lambda gain: area_ok(i, areas[i] + gain) and area_ok(j, areas[j] - gain)

    def straighter(i, j, chain):
        """The shortest candidate for `chain` that fits (and keeps both areas acceptable), or None."""
        pair = pairs.get((i, j))
        if pair is None:
            pair = pairs[(i, j)] = _Pair(geoms[i], geoms[j])
        return take(i, j, _straighter(chain, tolerance, pair, btree, protect, geoms[i], accept(i, j)))

    def take(i, j, best):
        if best is None:
            return None
        areas[i] += best[2]
        areas[j] -= best[2]
        return best[1]

    # A whole chain is straightened in one piece when that sweeps over open ground only (it may pass
    # walls it touched); otherwise it is cut where it touches buildings and the pieces go one by one.
    if mapper is not None and sum(shapely.get_num_coordinates(c) for _, _, c in whole) < MAPPER_MIN_VERTICES:
        mapper = None  # too little to be worth sending to workers
    if mapper is None:
        results = None
    else:
        jobs = _jobs(whole, geoms, btree, protect, tolerance, area_ok is not None, chunks)
        results = {r[0]: r[1:] for done in mapper(_straighten_job, jobs) for r in done}
    chains, lines, changed = [], [], set()
    for n, (i, j, chain) in enumerate(whole):
        if results is None:
            pieces = _split_at_buildings([(i, j, chain)], btree) if btree is not None else [(i, j, chain)]
            simple = straighter(i, j, chain) if len(pieces) > 1 else None
            done = None
        else:
            parts, first, done = results[n]
            pieces = [(i, j, piece) for piece in parts]
            if len(pieces) < 2:
                simple = None
            elif area_ok is None:
                simple = take(i, j, first)
            else:
                simple = take(i, j, _choose(first, accept(i, j)))
        if simple is not None:
            changed.add(len(chains))
            chains.append((i, j, chain))
            lines.append(simple)
            continue
        for m, (pi, pj, piece) in enumerate(pieces):
            if done is None:
                simple = straighter(pi, pj, piece)
            elif area_ok is None:
                simple = take(pi, pj, done[m])
            else:
                simple = take(pi, pj, _choose(done[m], accept(pi, pj)))
            if simple is not None:
                changed.add(len(chains))
            chains.append((pi, pj, piece))
            lines.append(piece if simple is None else simple)
    original = [c for _, _, c in chains]
    for _ in range(MAX_ROUNDS):  # straightened chains must not meet other edges
        bad = _crossing(lines, changed)
        if not bad:
            break
        for n in bad:
            lines[n] = original[n]
            changed.discard(n)
    if not changed:
        return geoms
    while True:  # every round restores at least one chain, so this ends
        out = _rebuild(area, geoms, lines)
        if out is None:
            return geoms
        if area_ok is None:
            return out
        refused = {g for g in range(len(geoms)) if not area_ok(g, out[g].area)}
        if not refused:
            return out
        revert = [n for n in changed if chains[n][0] in refused or chains[n][1] in refused]
        for n in revert:
            lines[n] = original[n]
            changed.discard(n)
        if not revert:
            return out  # the refused grids kept their edges: nothing straighter can be undone
        if not changed:
            return geoms
