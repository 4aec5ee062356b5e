"""Straighten the edges between grids where they run through open ground.

Edges built from Voronoi cells zig-zag; a surveyor would draw them straight.  Each edge shared by
two grids (a chain between two junctions) is simplified (Douglas-Peucker, ends fixed).  A simplified
chain is kept only when the ground it sweeps over holds no building and stays inside the two grids
it separates, and the whole area's grids are rebuilt from the chains by polygonizing them, so the
result is still an exact coverage.  An area whose rebuilt grids do not match the original ones one to
one keeps its original edges.
"""
import numpy as np
import shapely

from .atoms import GRID_SIZE


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


def smooth_grids(area, geoms, buildings, tolerance, protected_lines=None):
    """New geometries for `geoms` (one area's grids, an exact coverage of `area`) with straightened
    shared edges; the originals when anything does not fit.  `buildings` must not be crossed or
    change grid; `protected_lines` (barriers) keep the chains that run along them unchanged."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2 or tolerance <= 0:
        return geoms
    chains = _chains(geoms)
    if not chains:
        return geoms
    btree = shapely.STRtree(buildings) if buildings is not None and len(buildings) else None
    protect = None
    if protected_lines is not None and len(protected_lines):
        protect = shapely.STRtree(np.asarray(protected_lines, dtype=object))
    new_lines = []
    changed = 0
    for i, j, chain in chains:
        simple = shapely.simplify(chain, tolerance, preserve_topology=False)
        if simple.equals(chain) or simple.length == 0 or len(shapely.get_coordinates(simple)) < 2:
            new_lines.append(chain)
            continue
        if protect is not None and _along(chain, protect):
            new_lines.append(chain)  # runs along a street: keep it on the street
            continue
        pair = shapely.union(geoms[i], geoms[j], grid_size=GRID_SIZE)
        if shapely.difference(simple, pair).length > 1e-6:  # would leave the two grids it separates
            new_lines.append(chain)
            continue
        if btree is not None and len(btree.query(shapely.envelope(shapely.union(chain, simple)))):
            # a building near the chain: it must not lie in the ground the new line sweeps over
            swept = shapely.get_parts(shapely.polygonize(shapely.get_parts(
                shapely.union_all([chain, simple], grid_size=GRID_SIZE))))
            if len(swept) and len(btree.query(swept, predicate="intersects")[0]):
                new_lines.append(chain)
                continue
        new_lines.append(simple)
        changed += 1
    if not changed:
        return geoms
    outer = shapely.boundary(area)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(
        shapely.union_all(np.array(new_lines + [outer], dtype=object), grid_size=GRID_SIZE))))
    shapely.prepare(area)
    faces = faces[shapely.contains(area, shapely.point_on_surface(faces))]
    if len(faces) < len(geoms):
        return geoms
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
        return geoms
    out = geoms.copy()
    for g in range(len(geoms)):
        mine = faces[owner == g]
        merged = mine[0] if len(mine) == 1 else shapely.union_all(mine, grid_size=GRID_SIZE)
        if merged.geom_type != "Polygon" or not merged.is_valid:
            return geoms
        out[g] = merged
    total = shapely.area(out).sum()
    if abs(total - area.area) > 1e-6 * area.area:
        return geoms
    return out
