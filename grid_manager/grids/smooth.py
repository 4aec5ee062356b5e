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

import numpy as np
import shapely

from .atoms import GRID_SIZE

MAX_ROUNDS = 6


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
    for i, j, s in zip(a, b, shared):
        lines = [p for p in shapely.get_parts(s) if p.geom_type == "LineString" and p.length > 0]
        if not lines:
            continue
        merged = shapely.line_merge(shapely.MultiLineString(lines)) if len(lines) > 1 else lines[0]
        for chain in shapely.get_parts(merged):
            out.append((int(i), int(j), chain))
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
        if not any(simple.equals(o) for o in out):
            out.append(simple)
    return out


def _pulled(chain, pair, btree):
    """`chain` pulled tight around the buildings it passes (ends fixed): vertices are dropped one at a
    time while the triangle a drop sweeps over overlaps no building and the new segment stays inside
    the two grids — a taut line between the walls instead of one that hugs them.  None when no
    vertex can go."""
    coords = [tuple(c) for c in shapely.get_coordinates(chain)]
    if chain.is_closed or len(coords) < 3:
        return None
    dropped = False
    k = 1
    while k < len(coords) - 1:
        a, b, c = coords[k - 1], coords[k], coords[k + 1]
        tri = shapely.Polygon([a, b, c])
        ok = _inside(shapely.LineString([a, c]), pair)
        if ok and tri.area > 1e-9 and btree is not None:
            hit = btree.query(tri, predicate="intersects")
            if len(hit):
                ok = not _overlaps_any(tri, btree.geometries[hit])
        if ok:
            del coords[k]
            dropped = True
            k = max(1, k - 1)  # the previous vertex may now be droppable too
        else:
            k += 1
    return shapely.LineString(coords) if dropped else None


def _inside(line, pair):
    """Does `line` stay inside `pair` (less than a micrometre outside)?  The exact, prepared
    `covers` answers most calls; the overlay only decides the rest."""
    try:
        if shapely.covers(pair, line):
            return True
    except shapely.errors.GEOSException:
        pass
    return shapely.difference(line, pair).length <= 1e-6


def _overlaps_any(poly, buildings):
    """Does `poly` overlap (more than a square millimetre) any of `buildings`?  Buildings it only
    touches (prepared `touches`: interiors disjoint) need no overlay."""
    try:
        touching = shapely.touches(buildings, poly)
    except shapely.errors.GEOSException:  # a predicate refuses a slightly invalid ring: the overlay copes
        touching = np.zeros(len(buildings), dtype=bool)
    if touching.all():
        return False
    return bool((shapely.area(shapely.intersection(poly, buildings[~touching])) > 1e-6).any())


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
    for ai, bj in zip(idx[a], b):
        if ai == bj:
            continue
        meet = shapely.intersection(arr[ai], arr[bj], grid_size=GRID_SIZE)
        if meet.is_empty:
            continue
        ends = shapely.union(shapely.boundary(arr[ai]), shapely.boundary(arr[bj]))
        if shapely.difference(meet, shapely.buffer(ends, 1e-4)).is_empty:
            continue  # they only share a junction
        bad.add(int(ai))
        if bj in changed:
            bad.add(int(bj))
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


def smooth_grids(area, geoms, buildings, tolerance, protected_lines=None, area_ok=None, mapper=None):
    """New geometries for `geoms` (one area's grids, an exact coverage of `area`) with straightened
    shared edges; the originals when anything does not fit.  `buildings` must not be crossed or
    change grid; `protected_lines` (barriers) keep the chains that run along them unchanged.
    `area_ok(index, new_area)` may refuse a grid's new area (balance by area); chains are then
    straightened less, or not at all."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2 or tolerance <= 0:
        return geoms
    whole = _chains(geoms)
    if not whole:
        return geoms
    btree = shapely.STRtree(buildings) if buildings is not None and len(buildings) else None
    if btree is not None:
        shapely.prepare(btree.geometries)  # `touches` tests against the same buildings again and again
    protect = None
    if protected_lines is not None and len(protected_lines):
        protect = shapely.STRtree(np.asarray(protected_lines, dtype=object))
    pairs = {}
    areas = shapely.area(geoms)

    def straighter(i, j, chain):
        """The shortest candidate for `chain` that fits (and keeps both areas acceptable), or None."""
        cands = _candidates(chain, tolerance)
        if not cands or (protect is not None and _along(chain, protect)):
            return None  # nothing to straighten, or it runs along a street: keep it on the street
        pair = pairs.get((i, j))
        if pair is None:
            pair = pairs[(i, j)] = shapely.union(geoms[i], geoms[j], grid_size=GRID_SIZE)
            shapely.prepare(pair)  # many `covers` tests per pair
        best = None  # the shortest candidate that fits: (length, line, area gained by grid i)
        chord = None if chain.is_closed or len(shapely.get_coordinates(chain)) <= 2 else cands[0]
        n_plain = len(cands)
        for index in range(n_plain + 1):
            if index == n_plain:
                # the chain pulled tight around the buildings comes last; it is never shorter than the chord
                # between the same ends, so it is not even computed when the chord fits
                if best is not None and chord is not None and best[1] is chord:
                    break
                taut = _pulled(chain, pair, btree)
                if taut is None or any(taut.equals(c) for c in cands):
                    break
                simple = taut
            else:
                simple = cands[index]
            if best is not None and simple.length >= best[0]:
                continue
            swept = _fits(chain, simple, pair, btree)
            if swept is None:
                continue
            gain = 0.0
            if area_ok is not None:
                gain = _transfer(swept, geoms[i])
                if not (area_ok(i, areas[i] + gain) and area_ok(j, areas[j] - gain)):
                    continue
            best = (simple.length, simple, gain)
        if best is None:
            return None
        areas[i] += best[2]
        areas[j] -= best[2]
        return best[1]

    # A whole chain is straightened in one piece when that sweeps over open ground only (it may pass
    # walls it touched); otherwise it is cut where it touches buildings and the pieces go one by one.
    chains, lines, changed = [], [], set()
    for i, j, chain in whole:
        pieces = _split_at_buildings([(i, j, chain)], btree) if btree is not None else [(i, j, chain)]
        simple = straighter(i, j, chain) if len(pieces) > 1 else None
        if simple is not None:
            changed.add(len(chains))
            chains.append((i, j, chain))
            lines.append(simple)
            continue
        for pi, pj, piece in pieces:
            simple = straighter(pi, pj, piece)
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
