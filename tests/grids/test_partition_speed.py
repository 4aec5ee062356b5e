"""The faster pieces of the partition engine (issue 16) give what the slower ones gave."""

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from gridmanager.grid_manager.common.progress import Progress
from gridmanager.grid_manager.grids import atoms as atoms_mod
from gridmanager.grid_manager.grids.graphpart import _components


def test_components_label_like_scipy():
    rng = np.random.default_rng(3)
    for _ in range(500):
        n = int(rng.integers(1, 80))
        m = int(rng.integers(0, 3 * n))
        u, v = rng.integers(0, n, m), rng.integers(0, n, m)
        count, labels = _components(n, u, v)
        ref_count, ref_labels = connected_components(coo_matrix((np.ones(m), (u, v)), shape=(n, n)), directed=False)
        assert count == ref_count
        assert (labels == ref_labels).all()
    # a long path in shuffled order (many hooking rounds) is one component
    perm = rng.permutation(5000)
    count, labels = _components(5000, perm[:-1], perm[1:])
    assert count == 1 and (labels == 0).all()


def test_progress_moves_during_atom_construction():
    rng = np.random.default_rng(0)
    area = shapely.box(0, 0, 400, 400)
    barriers = np.array([shapely.LineString([(200, 0), (200, 400)]), shapely.LineString([(0, 200), (400, 200)])])
    centres = rng.random((60, 2)) * 380 + 10
    buildings = shapely.box(centres[:, 0] - 4, centres[:, 1] - 4, centres[:, 0] + 4, centres[:, 1] + 4)
    buildings = shapely.get_parts(shapely.union_all(buildings))
    reported = []
    atoms_mod.clear_cache()  # a cached area reports 100 % at once
    atoms = atoms_mod.build_atoms(
        area,
        barriers,
        buildings,
        np.full(len(buildings), 10.0),
        split_area=5_000.0,
        split_households=40.0,
        filler_spacing=20.0,
        progress=Progress(report=reported.append),
    )
    assert atoms.n > len(buildings)
    assert len(set(reported)) >= 5  # one report per split block and per stage, not one at the end
    assert reported == sorted(reported) and 0.0 <= reported[0] and reported[-1] <= 100.0


def _town():
    rng = np.random.default_rng(0)
    area = shapely.box(0, 0, 400, 400)
    barriers = np.array([shapely.LineString([(200, 0), (200, 400)]), shapely.LineString([(0, 200), (400, 200)])])
    centres = rng.random((60, 2)) * 380 + 10
    buildings = shapely.box(centres[:, 0] - 4, centres[:, 1] - 4, centres[:, 0] + 4, centres[:, 1] + 4)
    return area, barriers, shapely.get_parts(shapely.union_all(buildings))


def test_atoms_are_cached_by_their_inputs_and_leave_the_random_stream_where_building_would():
    area, barriers, buildings = _town()
    hh = np.full(len(buildings), 10.0)
    kw = dict(split_area=5_000.0, split_households=40.0, filler_spacing=20.0)
    atoms_mod.clear_cache()
    rng_a = np.random.default_rng(7)
    first = atoms_mod.build_atoms(area, barriers, buildings, hh, rng=rng_a, **kw)
    rng_b = np.random.default_rng(7)
    again = atoms_mod.build_atoms(area, barriers, buildings, hh, rng=rng_b, **kw)
    assert again is first
    assert rng_b.random() == rng_a.random()  # the stream moved on as if the atoms had been built
    # any change of the inputs is a new entry
    other_hh = hh.copy()
    other_hh[0] += 1
    assert atoms_mod.build_atoms(area, barriers, buildings, other_hh, rng=np.random.default_rng(7), **kw) is not first
    assert atoms_mod.build_atoms(area, barriers, buildings, hh, rng=np.random.default_rng(8), **kw) is not first
    moved = buildings.copy()
    moved[0] = shapely.affinity.translate(moved[0], 0.5, 0)
    assert atoms_mod.build_atoms(area, barriers, moved, hh, rng=np.random.default_rng(7), **kw) is not first


def test_repartitioning_with_cached_atoms_gives_the_same_grids():
    from gridmanager.grid_manager.grids.partition import PartitionOptions, partition

    area, barriers, buildings = _town()
    hh = np.full(len(buildings), 30.0)
    options = PartitionOptions(balance_by=1, target_households=400.0, workers=1)
    atoms_mod.clear_cache()
    cold = partition([area], [1], None, buildings, None, hh, barriers, options)
    assert len(atoms_mod._cache) == 1
    warm = partition([area], [1], None, buildings, None, hh, barriers, options)
    assert len(atoms_mod._cache) == 1  # a hit, no second entry
    assert [g.geometry.wkb for g in warm.grids] == [g.geometry.wkb for g in cold.grids]
    assert [g.code for g in warm.grids] == [g.code for g in cold.grids]


def _block():
    return shapely.Polygon([(-20, -10), (130, 0), (125, 60), (60, 70), (120, 110), (0, 120)])


def test_owner_edges_are_the_voronoi_diagram_when_every_seed_is_its_own_owner():
    rng = np.random.default_rng(1)
    block = _block()
    for n in (3, 7, 40, 300):
        # coordinates as large as a projected CRS gives them (qhull must not lose precision)
        xy = rng.random((n, 2)) * 100 + [500_000.0, 4_400_000.0]
        shifted = shapely.affinity.translate(block, 500_000.0, 4_400_000.0)
        mine = shapely.union_all(atoms_mod._owner_edges(xy, np.arange(n), shifted))
        edges = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=shifted, only_edges=True)
        geos = shapely.union_all(atoms_mod._lines_only(shapely.intersection(edges, shifted)))
        assert abs(mine.length - geos.length) < 1e-6 * geos.length
        assert shapely.hausdorff_distance(mine, geos) < 1e-6


def test_owner_edges_leave_out_edges_between_seeds_of_one_owner():
    # two "buildings" sampled densely and a filler seed: only edges between different owners remain
    a = np.column_stack([np.linspace(10, 40, 12), np.full(12, 30.0)])
    b = np.column_stack([np.linspace(60, 90, 12), np.full(12, 80.0)])
    xy = np.vstack([a, b, [[100.0, 20.0]]])
    owner = np.array([0] * 12 + [1] * 12 + [2])
    block = _block()
    lines = atoms_mod._owner_edges(xy, owner, block)
    faces = atoms_mod._polygonize_within(np.concatenate([[block.boundary], lines]), block)
    # one face per owner, and each face holds exactly that owner's seeds
    assert len(faces) == 3
    for face in faces:
        inside = shapely.contains_xy(face, xy[:, 0], xy[:, 1]) | shapely.intersects_xy(face, xy[:, 0], xy[:, 1])
        assert len(np.unique(owner[inside])) == 1
    assert abs(shapely.area(faces).sum() - block.area) < 1e-6 * block.area  # snap-rounded to 0.01 mm


def test_owner_edges_of_collinear_seeds_fall_back_to_geos():
    xy = np.column_stack([np.linspace(0, 100, 6), np.full(6, 50.0)])
    lines = atoms_mod._owner_edges(xy, np.arange(6), _block())
    assert len(lines) >= 5  # a cut between every pair of neighbours


def test_boundary_samples_follow_each_outline_at_its_own_spacing():
    small = shapely.box(0, 0, 4, 4)  # spacing 1.5 m (the minimum)
    big = shapely.box(100, 0, 300, 200)  # spacing 25 m (the maximum)
    hole = shapely.Polygon(shapely.box(400, 0, 480, 80).exterior, [shapely.box(420, 20, 460, 60).exterior.coords])
    xy, owner = atoms_mod._boundary_samples(np.array([small, big, hole], dtype=object))
    assert set(owner.tolist()) == {0, 1, 2}
    for i, poly in enumerate((small, big, hole)):
        pts = shapely.points(xy[owner == i])
        assert (shapely.distance(shapely.boundary(poly), pts) < 1e-9).all()
        spacing = atoms_mod._building_spacing(poly.area)
        assert spacing == [1.5, 25.0, np.sqrt(4800) / 4][i]
        assert (owner == i).sum() == len(shapely.get_coordinates(shapely.segmentize(poly.boundary, spacing)))
    assert (owner == 2).sum() > (owner == 1).sum() / 2  # the hole's ring is sampled too


def test_atoms_hold_the_open_ground_nearest_to_their_own_seeds(sample_gpkg, monkeypatch):
    """Each atom's open ground is the Voronoi region of one owner's seeds.  The cuts are clipped to the street
    blocks, so they must be noded with the streets as the blocks were cut from them: noded with the raw road
    lines instead, a cut could end a few micrometres off its road, and the dangle merged a filler's region
    with a building's (on the sample's largest community 57 atoms, up to 2,700 m² each)."""
    import geopandas as gpd

    from gridmanager.grid_manager.grids import partition as partition_mod

    areas = gpd.read_file(sample_gpkg, layer="communities").to_crs("EPSG:32635")
    buildings = gpd.read_file(sample_gpkg, layer="buildings").to_crs("EPSG:32635")
    roads = gpd.read_file(sample_gpkg, layer="roads").to_crs("EPSG:32635")
    seeds = []
    real = atoms_mod._owner_edges

    def recording(xy, owner, block):
        seeds.append((xy, owner, block))
        return real(xy, owner, block)

    monkeypatch.setattr(atoms_mod, "_owner_edges", recording)
    built = []
    real_build = atoms_mod._build_atoms
    monkeypatch.setattr(atoms_mod, "_build_atoms", lambda *a, **k: built.append(real_build(*a, **k)) or built[-1])
    atoms_mod.clear_cache()
    largest = int(np.argmax(areas.area.values))
    partition_mod.partition(
        areas.geometry.values[[largest]],
        [1],
        [areas["community_code"].values[largest]],
        buildings.geometry.values,
        list(range(len(buildings))),
        buildings["households_est"].values.astype(float),
        roads.geometry.values,
        partition_mod.PartitionOptions(balance_by=partition_mod.HOUSEHOLDS, target_households=400.0, workers=1),
    )
    atoms_mod.clear_cache()
    (atoms,) = built
    # the atom graph's shared lengths (matched segments) are the overlay's
    bnd = shapely.boundary(atoms.geoms)
    overlay = shapely.length(shapely.intersection(bnd[atoms.edge_u], bnd[atoms.edge_v], grid_size=atoms_mod.GRID_SIZE))
    assert len(atoms.edge_u) > 1000 and np.abs(overlay - atoms.edge_len).max() < 1e-9
    # points on the open ground of each split block, each clearly nearer to one owner's seeds (of that
    # block) than to any other owner's
    rng = np.random.default_rng(5)
    in_buildings = shapely.STRtree(buildings.geometry.values)
    atom_tree = shapely.STRtree(atoms.geoms)
    owners_of_atom = {}
    for xy, owner, block in seeds:
        minx, miny, maxx, maxy = block.bounds
        pts = rng.random((max(50, int(block.area / 100)), 2)) * [maxx - minx, maxy - miny] + [minx, miny]
        pts = pts[shapely.contains_xy(block, pts[:, 0], pts[:, 1])]
        dist, near = cKDTree(xy).query(pts, k=min(12, len(xy)))
        first = owner[near[:, 0]]
        other = np.where(owner[near] != first[:, None], dist, np.inf).min(axis=1)
        clear = other - dist[:, 0] > 0.05
        clear[in_buildings.query(shapely.points(pts), predicate="intersects")[0]] = False
        pi, ai = atom_tree.query(shapely.points(pts[clear]), predicate="within")
        for p, a in zip(pi, ai):
            owners_of_atom.setdefault(int(a), set()).add(int(first[clear][p]))  # a building in two blocks: one owner
    mixed = {a: o for a, o in owners_of_atom.items() if len(o) > 1}
    assert len(owners_of_atom) > 300
    assert not mixed, f"{len(mixed)} atoms hold the regions of several owners, e.g. {list(mixed.items())[:3]}"


def test_shared_boundaries_from_segments_equal_the_overlay_on_a_coverage():
    rng = np.random.default_rng(2)
    # a noded coverage: faces of random lines in a square, dissolved into random groups
    lines = [shapely.LineString(rng.random((2, 2)) * 300 - 50) for _ in range(40)]
    box = shapely.box(0, 0, 200, 200)
    faces = atoms_mod._polygonize_within(np.array([box.boundary, *lines], dtype=object), box)
    group = rng.integers(0, 25, len(faces))
    geoms = []
    for g in np.unique(group):
        merged = shapely.coverage_union_all(faces[group == g])
        geoms.extend(atoms_mod._polygons_only(merged))
    geoms = np.array(geoms, dtype=object)
    i, j, length = atoms_mod._shared_segments(geoms)
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    a, b = a[a < b], b[a < b]
    bnd = shapely.boundary(geoms)
    overlay = shapely.length(shapely.intersection(bnd[a], bnd[b], grid_size=atoms_mod.GRID_SIZE))
    expected = {(int(x), int(y)): v for x, y, v in zip(a, b, overlay) if v > 0}
    got = {(int(x), int(y)): v for x, y, v in zip(i, j, length)}
    assert len(expected) > 30
    assert got.keys() == expected.keys()
    assert max(abs(got[k] - expected[k]) for k in got) < 1e-9
