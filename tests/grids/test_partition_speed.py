"""The faster pieces of the partition engine (issue 16) give what the slower ones gave."""

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

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
