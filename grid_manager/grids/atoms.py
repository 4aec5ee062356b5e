"""Atoms: the smallest pieces grids are assembled from.

An area (community) is cut into *street blocks* by the barrier lines (roads, lanes, rivers,
walls).  A block that is too heavy or too large to be a useful building brick is cut further
into cells of a Voronoi partition seeded on the outlines of its buildings (plus a lattice of
filler seeds in open space), so the cuts run through the gaps *between* buildings.  Only the
Voronoi edges between seeds of different owners are cut (the edges between the samples of one
outline would only cut faces that are dissolved again).  All linework — the streets as noded when
the blocks were cut, the Voronoi cuts (clipped to their blocks, so they end exactly on those
lines) and building outlines — is noded once on a fixed precision grid and polygonized, which
gives an exact coverage of the area: faces share identical edges, so any union of atoms is free
of gaps, overlaps and slivers.  Each face is then owned by a building, a filler seed or an
unsplit block, and faces are dissolved by owner.

Every building outline is part of the linework and all faces inside a building belong to that
building's atom, so no atom boundary (and therefore no grid boundary) ever crosses a building.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.spatial import Delaunay, QhullError, cKDTree

GRID_SIZE = 1e-5  # metres: precision grid of all constructed geometry (0.01 mm)
MIN_SHARED_EDGE = 0.01  # metres of common boundary for two atoms to count as adjacent


@dataclass
class AtomSet:
    geoms: np.ndarray  # shapely Polygons
    area: np.ndarray  # m²
    households: np.ndarray  # float
    n_buildings: np.ndarray  # int
    block: np.ndarray  # index of the street block the atom lies in (its home block)
    building_atom: np.ndarray  # building group -> atom index
    edge_u: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    edge_v: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    edge_len: np.ndarray = field(default_factory=lambda: np.zeros(0))
    edge_barrier: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    n_blocks: int = 0

    @property
    def n(self):
        return len(self.geoms)

    @property
    def centroids(self):
        c = shapely.centroid(self.geoms)
        return np.column_stack([shapely.get_x(c), shapely.get_y(c)])


def _lines_only(geoms):
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    if len(parts) == 0:
        return parts
    kinds = shapely.get_type_id(parts)
    return parts[(kinds == 1) | (kinds == 2)]  # LineString, LinearRing


def _polygons_only(geom):
    if shapely.get_type_id(geom) == 3 and not shapely.is_empty(geom):  # a Polygon already (most atoms)
        return np.array([geom], dtype=object)
    parts = shapely.get_parts(geom)
    if len(parts) == 0:
        return parts
    return parts[shapely.get_type_id(parts) == 3]


def _polygonize_within(lines, area, with_lines=False):
    """Faces of the noded linework that lie inside `area` (and the noded lines, if asked)."""
    noded = shapely.get_parts(shapely.union_all(lines, grid_size=GRID_SIZE))  # snap-rounded: faces never overlap
    faces = _faces_within(noded, area)
    return (faces, noded) if with_lines else faces


def _faces_within(noded, area):
    faces = shapely.get_parts(shapely.polygonize(noded))
    if len(faces) == 0:
        return faces
    faces = faces[shapely.area(faces) > 0]
    reps = shapely.point_on_surface(faces)
    shapely.prepare(area)
    return faces[shapely.contains(area, reps)]


def clip_barriers(area, barriers):
    """The barrier lines inside `area` (empty array when there are none)."""
    if barriers is None or len(barriers) == 0:
        return np.zeros(0, dtype=object)
    tree = shapely.STRtree(barriers)
    idx = np.sort(tree.query(area, predicate="intersects"))  # input order, whatever the tree's
    if len(idx) == 0:
        return np.zeros(0, dtype=object)
    return _lines_only(shapely.intersection(barriers[idx], area))


def street_blocks(area, barrier_lines, with_lines=False):
    """Polygons of `area` cut along the barrier lines (exact coverage of the area); with `with_lines`, also
    the noded linework they were cut from (the area boundary and barriers on the precision grid)."""
    lines = (
        np.concatenate([[shapely.boundary(area)], barrier_lines])
        if len(barrier_lines)
        else np.array([shapely.boundary(area)], dtype=object)
    )
    blocks, noded = _polygonize_within(lines, area, with_lines=True)
    if len(blocks) == 0:  # degenerate linework: the area itself is the only block
        blocks = _polygons_only(area)
        noded = _lines_only(shapely.boundary(blocks))
    return (blocks, noded) if with_lines else blocks


def _boundary_samples(polys):
    """Points along the outlines of `polys` (vertices + densified every `_building_spacing`), with the
    index of their polygon."""
    if len(polys) == 0:
        return np.zeros((0, 2)), np.zeros(0, int)
    rings = shapely.segmentize(shapely.boundary(polys), _building_spacing(shapely.area(polys)))
    coords, owners = shapely.get_coordinates(rings, return_index=True)
    return coords, owners


def _building_spacing(area):
    """Spacing of the seeds along building outlines: a quarter of the side, 1.5 to 25 m."""
    return np.clip(np.sqrt(np.maximum(area, 1.0)) / 4.0, 1.5, 25.0)


def _filler_points(block, spacing, building_pts, building_tree, rng_offset):
    """A hexagonal lattice of seeds over the open space of a block."""
    minx, miny, maxx, maxy = block.bounds
    dy = spacing * np.sqrt(3) / 2
    ny = int((maxy - miny) / dy) + 2
    nx = int((maxx - minx) / spacing) + 2
    if nx * ny > 200_000:  # keep pathological blocks bounded
        scale = np.sqrt(nx * ny / 200_000)
        return _filler_points(block, spacing * scale, building_pts, building_tree, rng_offset)
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    x = minx + (gx + 0.5 * (gy % 2) + rng_offset[0]) * spacing
    y = miny + (gy + rng_offset[1]) * dy
    x, y = x.ravel(), y.ravel()
    inside = shapely.contains_xy(block, x, y)
    x, y = x[inside], y[inside]
    if len(x) and len(building_pts):
        dist, _ = cKDTree(building_pts).query(np.column_stack([x, y]))
        keep = dist > 0.25 * spacing
        x, y = x[keep], y[keep]
    if len(x) and building_tree is not None:
        hit = building_tree.query(shapely.points(x, y), predicate="intersects")
        keep = np.ones(len(x), bool)
        keep[hit[0]] = False
        x, y = x[keep], y[keep]
    return np.column_stack([x, y])


def _owner_edges(xy, owner, block):
    """The Voronoi edges of the seeds `xy` that separate two different owners, clipped to `block`.

    Edges between two seeds of the same owner (the samples along one building outline) would only cut
    faces that are dissolved again; leaving them out makes the noding and polygonizing several times
    cheaper and gives the same atoms (tested against GEOS's full diagram on the sample data).
    """
    centre = xy.mean(axis=0)  # qhull works far more precisely near the origin
    local = xy - centre
    try:
        tri = Delaunay(local)
    except (QhullError, ValueError):  # degenerate seeds (all on one line, too few): GEOS copes
        edges = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=block, only_edges=True)
        return _lines_only(shapely.intersection(edges, block))
    # Voronoi edges from the Delaunay triangulation, all in arrays: the edge opposite vertex i of triangle t
    # joins the seeds p, q; its Voronoi edge runs from t's circumcentre to the neighbour's across pq, or on
    # the hull (no neighbour) outwards, away from the vertex opposite pq.
    simp, nbr = tri.simplices, tri.neighbors
    t = np.repeat(np.arange(len(simp)), 3)
    i = np.tile(np.arange(3), len(simp))
    p, q, nb = simp[t, (i + 1) % 3], simp[t, (i + 2) % 3], nbr[t, i]
    keep = (owner[p] != owner[q]) & ((nb < 0) | (t < nb))
    t, i, p, q, nb = t[keep], i[keep], p[keep], q[keep], nb[keep]
    if len(t) == 0:
        return np.zeros(0, dtype=object)
    centres = _circumcentres(local[simp])
    start = centres[t]
    end = centres[np.maximum(nb, 0)]
    if not (np.isfinite(start).all() and np.isfinite(end[nb >= 0]).all()):  # a flat triangle: GEOS copes
        edges = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=block, only_edges=True)
        return _lines_only(shapely.intersection(edges, block))
    minx, miny, maxx, maxy = block.bounds
    lo = np.array([minx, miny]) - centre - 1.0
    hi = np.array([maxx, maxy]) - centre + 1.0
    hull = nb < 0
    if hull.any():
        reach = 4.0 * float(np.abs(np.vstack([lo, hi])).max())
        tangent = local[q[hull]] - local[p[hull]]
        normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
        normal /= np.maximum(np.hypot(normal[:, 0], normal[:, 1]), 1e-300)[:, None]
        inward = local[simp[t[hull], i[hull]]] - local[p[hull]]
        sign = np.where(np.einsum("ij,ij->i", inward, normal) > 0, -1.0, 1.0)
        end[hull] = start[hull] + normal * (sign * reach)[:, None]
    start, end, ok = _clip_segments(start, end, lo, hi)
    if not ok.any():
        return np.zeros(0, dtype=object)
    coords = np.stack([start[ok], end[ok]], axis=1).reshape(-1, 2) + centre
    segments = shapely.linestrings(coords, indices=np.repeat(np.arange(int(ok.sum())), 2))
    return _lines_only(shapely.intersection(shapely.multilinestrings(segments), block))


def _circumcentres(tri):
    """Circumcentres of the triangles `tri` (n × 3 × 2), computed relative to each first corner."""
    b = tri[:, 1] - tri[:, 0]
    c = tri[:, 2] - tri[:, 0]
    d = 2.0 * (b[:, 0] * c[:, 1] - b[:, 1] * c[:, 0])
    bb = (b * b).sum(axis=1)
    cc = (c * c).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ux = (c[:, 1] * bb - b[:, 1] * cc) / d
        uy = (b[:, 0] * cc - c[:, 0] * bb) / d
    return tri[:, 0] + np.column_stack([ux, uy])


def _clip_segments(start, end, lo, hi):
    """Segments clipped to the box lo..hi (Liang-Barsky): new ends and which segments remain.  Nearly
    cocircular seeds put Voronoi vertices very far away; clipping first keeps the overlay precise."""
    d = end - start
    t0 = np.zeros(len(start))
    t1 = np.ones(len(start))
    ok = np.ones(len(start), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis in (0, 1):
            for p, q in ((-d[:, axis], start[:, axis] - lo[axis]), (d[:, axis], hi[axis] - start[:, axis])):
                parallel = p == 0
                ok &= ~(parallel & (q < 0))
                r = q / p
                entering = ~parallel & (p < 0)
                leaving = ~parallel & (p > 0)
                t0 = np.where(entering, np.maximum(t0, r), t0)
                t1 = np.where(leaving, np.minimum(t1, r), t1)
    ok &= t0 <= t1
    return start + t0[:, None] * d, start + t1[:, None] * d, ok


CACHE_SIZE = 32  # areas whose atoms are kept in memory (revise and the workbench re-partition the same areas)
_cache = OrderedDict()
_cache_lock = threading.Lock()  # Processing algorithms run in background threads, possibly two at once


def clear_cache():
    with _cache_lock:
        _cache.clear()


def _cache_key(area, barrier_lines, buildings, households, split_area, split_households, filler_spacing, rng):
    digest = hashlib.sha1()
    digest.update(shapely.to_wkb(area))
    for geoms in (barrier_lines, buildings):
        geoms = np.asarray(geoms, dtype=object)
        digest.update(str(len(geoms)).encode())
        if len(geoms):
            digest.update(b"".join(shapely.to_wkb(geoms)))
    digest.update(np.asarray(households, dtype=float).tobytes())
    digest.update(repr((float(split_area), float(split_households), float(filler_spacing))).encode())
    digest.update(repr(rng.bit_generator.state).encode())  # the filler lattices draw from the area's stream
    return digest.hexdigest()


def build_atoms(
    area,
    barrier_lines,
    buildings,
    households,
    *,
    split_area,
    split_households,
    filler_spacing,
    rng=None,
    progress=None,
):
    """Cut one area into atoms.

    `buildings` are non-overlapping building groups already clipped to the area (Polygons or
    MultiPolygons) with their `households`.  A block is split into building/filler cells when
    its households exceed `split_households` or its area exceeds `split_area`.

    The atoms of the last CACHE_SIZE areas are kept in memory, keyed by all the inputs (geometries,
    households, thresholds and the random stream's state): revising a few grids again, or splitting
    and rebalancing in the workbench, reuses them, and the random stream is left exactly where
    building them would have left it.  The result is shared: callers must not modify it.
    """
    rng = rng or np.random.default_rng(0)
    key = _cache_key(area, barrier_lines, buildings, households, split_area, split_households, filler_spacing, rng)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is not None:
        atoms, state = hit
        rng.bit_generator.state = state
        if progress is not None:
            progress.set(1.0)
        return atoms
    atoms = _build_atoms(
        area,
        barrier_lines,
        buildings,
        households,
        split_area=split_area,
        split_households=split_households,
        filler_spacing=filler_spacing,
        rng=rng,
        progress=progress,
    )
    with _cache_lock:
        _cache[key] = (atoms, rng.bit_generator.state)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return atoms


def _build_atoms(
    area,
    barrier_lines,
    buildings,
    households,
    *,
    split_area,
    split_households,
    filler_spacing,
    rng,
    progress,
):
    buildings = np.asarray(buildings, dtype=object)
    households = np.asarray(households, dtype=float)
    nb = len(buildings)
    blocks, block_lines = street_blocks(area, barrier_lines, with_lines=True)
    nblk = len(blocks)
    block_tree = shapely.STRtree(blocks)

    # Home block of each building group: the block holding most of it.
    home = np.zeros(nb, dtype=int)
    if nb:
        bi, bj = block_tree.query(buildings, predicate="intersects")
        # a building in one block only needs no overlay (most do: blocks are cut along the streets)
        several = np.bincount(bi, minlength=nb)[bi] > 1
        ov = np.zeros(len(bi))
        ov[several] = shapely.area(shapely.intersection(buildings[bi[several]], blocks[bj[several]]))
        order = np.lexsort((-ov, bi))
        first = np.unique(bi[order], return_index=True)[1]
        home_known = np.full(nb, -1)
        home_known[bi[order][first]] = bj[order][first]
        missing = home_known < 0
        if missing.any():  # touching the area only along its edge: nearest block
            home_known[missing] = block_tree.nearest(shapely.point_on_surface(buildings[missing]))
        home = home_known
    block_hh = np.bincount(home, weights=households, minlength=nblk) if nb else np.zeros(nblk)
    block_area = shapely.area(blocks)
    split = (block_hh > split_households) | (block_area > split_area)

    building_tree = shapely.STRtree(buildings) if nb else None
    b_pts, b_owner = _boundary_samples(buildings)

    extra_lines = []
    seed_xy, seed_owner, seed_block = [], [], []
    n_fill = 0
    split_blocks = np.flatnonzero(split)
    for step, blk in enumerate(split_blocks):
        if progress is not None:  # the Voronoi cuts are most of the work: report per block
            progress.set(0.6 * step / len(split_blocks))
        block = blocks[blk]
        shapely.prepare(block)
        # building outline samples inside this block (all groups touching it, wherever their home)
        if len(b_pts):
            inside = shapely.intersects_xy(block, b_pts[:, 0], b_pts[:, 1])
            pts, own = b_pts[inside], b_owner[inside]
        else:
            pts, own = np.zeros((0, 2)), np.zeros(0, int)
        fill = np.zeros((0, 2))
        if block_area[blk] > 0.5 * filler_spacing**2:
            fill = _filler_points(block, filler_spacing, pts, building_tree, rng.random(2))
        if len(np.unique(own)) + len(fill) < 2:
            split[blk] = False
            continue
        fill_owner = nb + n_fill + np.arange(len(fill))
        n_fill += len(fill)
        xy = np.vstack([pts, fill])
        owner = np.concatenate([own, fill_owner])
        # de-duplicate coincident seeds (shared walls): the first owner keeps the point
        key = np.round(xy / GRID_SIZE).astype(np.int64)
        _, first = np.unique(key, axis=0, return_index=True)
        first.sort()
        xy, owner = xy[first], owner[first]
        edges = _owner_edges(xy, owner, block)
        extra_lines.append(edges)
        seed_xy.append(xy)
        seed_owner.append(owner)
        seed_block.append(np.full(len(xy), blk))
    if progress is not None:
        progress.set(0.6)

    # The streets as noded when the blocks were cut (not the raw barrier lines): the Voronoi cuts were clipped
    # to the blocks, so they end exactly on these lines.  On the raw lines they could end a few micrometres
    # off, outside the snap-rounding pixel, and leave a dangle that merges two owners' faces.
    lines = [block_lines]
    if nb:
        lines.append(_lines_only(shapely.boundary(buildings)))
    lines.extend(extra_lines)
    faces = _polygonize_within(np.concatenate(lines), area)
    reps = shapely.point_on_surface(faces)
    if progress is not None:
        progress.set(0.8)

    # which block / building each face lies in
    face_block = np.full(len(faces), -1)
    fi, bj = block_tree.query(reps, predicate="intersects")
    face_block[fi] = bj
    if (face_block < 0).any():
        lost = face_block < 0
        face_block[lost] = block_tree.nearest(reps[lost])
    face_bldg = np.full(len(faces), -1)
    if nb:
        fi, bj = building_tree.query(reps, predicate="intersects")
        face_bldg[fi] = bj

    # owners: building groups 0..nb-1 (own atom if their home block is split), fillers nb..,
    # unsplit blocks after the fillers.
    block_owner = nb + n_fill + np.arange(nblk)
    bldg_owner = np.where(split[home], np.arange(nb), block_owner[home]) if nb else np.zeros(0, int)
    owner = np.where(face_bldg >= 0, bldg_owner[np.maximum(face_bldg, 0)] if nb else -1, block_owner[face_block])
    if seed_xy:
        s_xy = np.vstack(seed_xy)
        s_owner = np.concatenate(seed_owner)
        s_owner = np.where(s_owner < nb, bldg_owner[np.minimum(s_owner, max(nb - 1, 0))], s_owner) if nb else s_owner
        s_block = np.concatenate(seed_block)
        open_split = (face_bldg < 0) & split[face_block]
        for blk in np.unique(face_block[open_split]):
            fsel = np.flatnonzero(open_split & (face_block == blk))
            ssel = np.flatnonzero(s_block == blk)
            _, nearest = cKDTree(s_xy[ssel]).query(
                np.column_stack([shapely.get_x(reps[fsel]), shapely.get_y(reps[fsel])])
            )
            owner[fsel] = s_owner[ssel[nearest]]

    # dissolve faces by owner, then explode into connected pieces
    order = np.argsort(owner, kind="stable")
    owners_sorted = owner[order]
    cuts = np.flatnonzero(np.diff(owners_sorted)) + 1
    groups = np.split(order, cuts)
    atom_geoms, atom_block = [], []
    for g in groups:
        if len(g) == 1:
            merged = faces[g[0]]
        else:
            merged = shapely.coverage_union_all(faces[g])
        parts = _polygons_only(merged)
        if len(parts) > 1:  # coverage union can leave touching pieces: re-merge by overlay
            parts = _polygons_only(shapely.union_all(parts, grid_size=GRID_SIZE))
        for p in parts:
            atom_geoms.append(p)
            atom_block.append(face_block[g[0]])
        if progress is not None and len(atom_geoms) % 500 == 0:
            progress.set(0.8 + 0.15 * len(atom_geoms) / max(len(groups), 1))
    atom_geoms = np.array(atom_geoms, dtype=object)
    atom_block = np.array(atom_block, dtype=int)
    na = len(atom_geoms)

    # buildings -> atoms (the atom containing the building's interior point)
    atom_tree = shapely.STRtree(atom_geoms)
    building_atom = np.zeros(nb, dtype=int)
    if nb:
        bi, aj = atom_tree.query(shapely.point_on_surface(buildings), predicate="intersects")
        building_atom[:] = -1
        building_atom[bi] = aj
        lost = building_atom < 0
        if lost.any():
            building_atom[lost] = atom_tree.nearest(shapely.point_on_surface(buildings[lost]))
        atom_block[building_atom] = home
    atom_hh = np.bincount(building_atom, weights=households, minlength=na) if nb else np.zeros(na)
    atom_nb = np.bincount(building_atom, minlength=na) if nb else np.zeros(na, int)

    atoms = AtomSet(atom_geoms, shapely.area(atom_geoms), atom_hh, atom_nb, atom_block, building_atom, n_blocks=nblk)
    atoms = _absorb_specks(atoms, atom_tree)
    _adjacency(atoms)
    return atoms


SPECK_AREA = 1.0  # m²: pieces smaller than this (noding slivers) join their longest-shared-edge neighbour


def _absorb_specks(atoms, tree):
    """Merge sub-square-metre slivers without buildings into the neighbour sharing most boundary."""
    specks = np.flatnonzero((atoms.area < SPECK_AREA) & (atoms.n_buildings == 0))
    if len(specks) == 0 or atoms.n <= 1:
        return atoms
    target = np.arange(atoms.n)
    bnd = shapely.boundary(atoms.geoms)
    for s in specks:
        cand = tree.query(atoms.geoms[s], predicate="intersects")
        cand = cand[cand != s]
        if len(cand) == 0:
            continue
        shared = shapely.length(shapely.intersection(bnd[s], bnd[cand]))
        big = atoms.area[cand] >= SPECK_AREA
        pick = np.where(big & (shared > 0), shared, -1.0)
        if pick.max() <= 0:
            pick = shared
        if pick.max() <= 0:
            continue
        target[s] = cand[int(np.argmax(pick))]
    for _ in range(8):  # resolve chains speck -> speck -> atom
        target = target[target]
    keep = np.flatnonzero(target == np.arange(atoms.n))
    new_index = np.full(atoms.n, -1)
    new_index[keep] = np.arange(len(keep))
    owner = new_index[target]
    geoms = atoms.geoms[keep].copy()
    for s in np.flatnonzero(target != np.arange(atoms.n)):
        o = owner[s]
        merged = shapely.union(geoms[o], atoms.geoms[s], grid_size=GRID_SIZE)
        if merged.geom_type not in ("Polygon", "MultiPolygon"):  # snap rounding can leave a stray line
            parts = _polygons_only(merged)
            if len(parts) == 0:
                continue
            merged = parts[0] if len(parts) == 1 else shapely.union_all(parts, grid_size=GRID_SIZE)
        geoms[o] = merged
    for i, g in enumerate(geoms):
        if g.geom_type != "Polygon":  # a speck touching only at a corner: keep the main piece
            parts = _polygons_only(g)
            geoms[i] = parts[np.argmax(shapely.area(parts))]
    hh = np.bincount(owner, weights=atoms.households, minlength=len(keep))
    nbld = np.bincount(owner, weights=atoms.n_buildings, minlength=len(keep)).astype(int)
    return AtomSet(
        geoms, shapely.area(geoms), hh, nbld, atoms.block[keep], owner[atoms.building_atom], n_blocks=atoms.n_blocks
    )


def _adjacency(atoms):
    """The atom graph's edges: atoms sharing more than MIN_SHARED_EDGE of boundary, with its length."""
    i, j, shared = _shared_segments(atoms.geoms)
    keep = shared > MIN_SHARED_EDGE
    i, j, shared = i[keep], j[keep], shared[keep]
    atoms.edge_u = i
    atoms.edge_v = j
    atoms.edge_len = shared
    atoms.edge_barrier = atoms.block[i] != atoms.block[j]


def _shared_segments(geoms):
    """(i, j, length) for every pair of polygons i < j that share boundary, from their own segments.

    The atoms are unions of the faces of one noded coverage, so a boundary two of them share is made of
    the very same segments (coordinates bit for bit) in both: matching the segments gives the shared
    lengths with no overlay.  Pairs come sorted by (i, j)."""
    rings, ring_owner = shapely.get_rings(np.asarray(geoms, dtype=object), return_index=True)
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    inner = ring[1:] == ring[:-1]  # consecutive vertices of one ring: a segment
    p, q = coords[:-1][inner], coords[1:][inner]
    owner = ring_owner[ring[:-1][inner]]
    swap = (p[:, 0] > q[:, 0]) | ((p[:, 0] == q[:, 0]) & (p[:, 1] > q[:, 1]))
    p[swap], q[swap] = q[swap], p[swap].copy()
    key = np.ascontiguousarray(np.column_stack([p, q])).view(np.dtype((np.void, 32))).ravel()
    order = np.lexsort((owner, key))
    key, owner, p, q = key[order], owner[order], p[order], q[order]
    pair = (key[1:] == key[:-1]) & (owner[1:] != owner[:-1])
    if not pair.any():
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0)
    a, b = owner[:-1][pair], owner[1:][pair]
    length = np.hypot(*(q[:-1][pair] - p[:-1][pair]).T)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    codes, inverse = np.unique(lo * len(geoms) + hi, return_inverse=True)
    return codes // len(geoms), codes % len(geoms), np.bincount(inverse, weights=length)
