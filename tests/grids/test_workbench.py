"""The workbench's live statistics engine (plain Python, no QGIS): figures, warnings, and incremental
updates equal to a full recompute through random edits with undo and redo."""

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from gridmanager.grid_manager.grids import workbench as wb
from gridmanager.grid_manager.grids.measures import AREA, HOUSEHOLDS, compactness


def fishnet(x0, y0, nx, ny, size):
    return [
        box(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size)
        for j in range(ny)
        for i in range(nx)
    ]


def world(seed=0, n_buildings=300):
    """Two 400 × 400 m communities side by side, each in 4 × 4 grids of 100 m, with small buildings."""
    rng = np.random.default_rng(seed)
    communities = [box(0, 0, 400, 400), box(400, 0, 800, 400)]
    xy = rng.uniform([2, 2], [790, 390], size=(n_buildings, 2))
    side = rng.uniform(4, 14, size=n_buildings)
    buildings = [box(x, y, x + s, y + s) for (x, y), s in zip(xy, side)]
    households = rng.integers(0, 30, size=n_buildings).astype(float)
    grids = fishnet(0, 0, 8, 4, 100)
    codes = [f"{'11010100100' + str(1 + (i % 8) // 4)}{i + 1:03d}" for i in range(len(grids))]
    return communities, buildings, households, grids, codes


def bench(target=None, **kw):
    communities, buildings, households, grids, codes = world(**kw)
    w = wb.Workbench(buildings, households, communities, ["110101001001", "110101001002"], target)
    w.load([(i, g, c) for i, (g, c) in enumerate(zip(grids, codes))])
    return w, (communities, buildings, households)


def full(w, data):
    communities, buildings, households = data
    fresh = wb.Workbench(buildings, households, communities, ["110101001001", "110101001002"], w.target)
    fresh.load([(fid, g.raw, g.code) for fid, g in w.grids.items()])
    return fresh


def test_figures_match_a_direct_computation():
    w, (communities, buildings, households) = bench(wb.Target(HOUSEHOLDS, 10000, 120, 0.1))
    s = w.stats[5]
    grid = w.geometry(5)
    assert s.area == pytest.approx(grid.area)
    assert s.compactness == pytest.approx(compactness(grid.area, grid.length))
    # households: buildings whose largest share lies in the grid
    own = 0.0
    count = 0
    for b, g in enumerate(buildings):
        shares = [shapely.intersection(g, w.geometry(f)).area for f in sorted(w.grids)]
        best = int(np.argmax(shares))
        if shares[best] > 0.01 and sorted(w.grids)[best] == 5:
            own += households[b]
            count += 1
    assert s.households == pytest.approx(own)
    assert s.n_buildings == count
    assert s.deviation == pytest.approx((own - 120) / 120)
    # every building a fishnet line passes through is reported once, with the grids it is cut between
    cut = {i.building for i in w.issues([wb.CUTS])}
    expected = {
        b
        for b, g in enumerate(buildings)
        if sum(1 for f in w.grids if shapely.intersection(g, w.geometry(f)).area > wb.CUT_MIN) > 1
    }
    assert cut and cut <= {b for b, g in enumerate(buildings)}
    assert expected <= cut
    # the fishnet covers both communities exactly: no gap, no overlap, nothing crossing
    assert not w.issues([wb.GAP, wb.OVERLAP, wb.CROSSES, wb.OUTSIDE, wb.MULTIPART, wb.INVALID])


def test_warnings_of_each_kind_with_their_geometry():
    w, data = bench(wb.Target(AREA, 10000, 400, 0.1))
    # grid 0 pushed 30 m into grid 1 (overlap) and 10 m out of the community on the left (crossing),
    # leaving a gap below it
    w.set_grid(0, box(-10, 10, 130, 100))
    kinds = {i.kind for i in w.issues_of([0])}
    assert {wb.OVERLAP, wb.CROSSES, wb.GAP} <= kinds
    overlap = next(i for i in w.issues([wb.OVERLAP]) if i.fids == (0, 1))
    assert overlap.value == pytest.approx(30 * 90)
    crossing = next(i for i in w.issues([wb.CROSSES]) if i.fids == (0,))
    assert crossing.value == pytest.approx(10 * 90) and crossing.geometry.bounds == (-10, 10, 0, 100)
    gap = next(i for i in w.issues([wb.GAP]))
    assert gap.value == pytest.approx(100 * 10) and 0 in gap.fids
    assert w.stats[0].area == pytest.approx(140 * 90) and w.stats[0].deviation == pytest.approx(0.26)
    assert wb.OUT_OF_TOLERANCE in w.stats[0].flags and wb.OVERLAP in w.stats[1].flags
    # a multi-part grid and a self-touching ring (make_valid returns a collection holding a MultiPolygon)
    w.set_grid(2, shapely.MultiPolygon([box(200, 0, 240, 100), box(260, 0, 300, 100)]))
    assert {i.kind for i in w.issues_of([2])} >= {wb.MULTIPART}
    bowtie = Polygon([(300, 0), (400, 100), (400, 0), (300, 100)])
    w.set_grid(3, bowtie)
    kinds = {i.kind for i in w.issues_of([3])}
    assert wb.INVALID in kinds and wb.MULTIPART in kinds
    assert w.stats[3].area == pytest.approx(5000)  # the two triangles, not 0
    # a grid outside every community
    w.set_grid(99, box(2000, 2000, 2100, 2100), "110101001001099")
    assert [i.kind for i in w.issues_of([99])] == [wb.OUTSIDE]
    assert w.snapshot() == full(w, data).snapshot()


def test_a_boundary_cutting_a_building_needs_half_a_square_metre_on_both_sides():
    communities = [box(0, 0, 200, 100)]
    buildings = [box(90, 40, 110, 60), box(195.8, 40, 199.8, 60)]
    w = wb.Workbench(buildings, [10.0, 5.0], communities, ["110101001001"], wb.Target(HOUSEHOLDS, 1e4, 10, 0.1))
    w.load([(1, box(0, 0, 100, 100), "110101001001001"), (2, box(100, 0, 200, 100), "110101001001002")])
    cuts = w.issues([wb.CUTS])
    assert [(i.building, i.fids) for i in cuts] == [(0, (1, 2))]
    assert wb.CUTS in w.stats[1].flags and wb.CUTS in w.stats[2].flags
    # 10 + 0 households: the tie goes to the lower fid
    assert (w.stats[1].households, w.stats[2].households) == (10.0, 5.0)
    # moving the boundary to x = 89.7 leaves 0.3 × 20 = 6 m² … still both sides > 0.5 m²
    w.update({1: (box(0, 0, 89.99, 100), "110101001001001"), 2: (box(89.99, 0, 200, 100), "110101001001002")})
    # 0.01 × 20 = 0.2 m² on one side: not a cut; the building is whole in grid 2
    assert not w.issues([wb.CUTS])
    assert (w.stats[1].households, w.stats[2].households) == (0.0, 15.0)


def _random_edit(rng, w, next_fid):
    """(fid, new value or None) for one random edit of the kinds a surveyor makes."""
    fids = sorted(w.grids)
    kind = rng.choice(["reshape", "move_edge", "remove", "add", "invalid", "multipart", "recode"])
    fid = int(rng.choice(fids))
    g = w.grids[fid]
    x0, y0, x1, y1 = g.bounds if np.isfinite(g.bounds[0]) else (0, 0, 100, 100)
    if kind == "reshape":
        dx, dy = rng.uniform(-30, 30, 2)
        return fid, (shapely.affinity.translate(g.raw, dx, dy), g.code)
    if kind == "move_edge":
        d = rng.uniform(-40, 40)
        return fid, (box(x0, y0, max(x0 + 1, x1 + d), y1), g.code)
    if kind == "remove":
        return fid, None
    if kind == "add":
        x, y = rng.uniform(0, 700), rng.uniform(0, 300)
        return next_fid, (box(x, y, x + rng.uniform(20, 120), y + rng.uniform(20, 120)), f"NEW{next_fid}")
    if kind == "invalid":
        return fid, (Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)]), g.code)
    if kind == "multipart":
        return fid, (shapely.MultiPolygon([box(x0, y0, x0 + 10, y0 + 10), box(x1 - 10, y1 - 10, x1, y1)]), g.code)
    return fid, (g.raw, g.code + "X")


@pytest.mark.parametrize("seed", [0, 1])
def test_fifty_random_edits_with_undo_and_redo_equal_a_full_recompute(seed):
    rng = np.random.default_rng(seed)
    w, data = bench(wb.Target(HOUSEHOLDS, 10000, 120, 0.1), seed=seed)
    start = w.snapshot()
    history, redo = [], []
    next_fid = 1000
    edits = undos = redos = 0
    while edits < 50:
        action = rng.choice(["edit", "edit", "undo", "redo"])
        if action == "undo" and history:
            fid, before, after = history.pop()
            touched = w.update({fid: before})
            redo.append((fid, before, after))
            undos += 1
        elif action == "redo" and redo:
            fid, before, after = redo.pop()
            touched = w.update({fid: after})
            history.append((fid, before, after))
            redos += 1
        else:
            fid, after = _random_edit(rng, w, next_fid)
            next_fid += 1
            g = w.grids.get(fid)
            before = None if g is None else (g.raw, g.code)
            touched = w.update({fid: after})
            history.append((fid, before, after))
            redo.clear()
            edits += 1
        assert fid in touched
        # only the neighbourhood is recomputed, never the whole layer
        assert len(touched) < len(w.grids) // 2 + 2
        assert w.snapshot() == full(w, data).snapshot()
    assert undos > 5 and redos > 2
    # undo everything: back to the start, exactly
    while history:
        fid, before, _after = history.pop()
        w.update({fid: before})
    assert w.snapshot() == start


def test_removing_and_adding_leave_no_trace():
    w, data = bench()
    start = w.snapshot()
    g = w.grids[9]
    w.remove_grid(9)
    assert 9 not in w.stats
    assert any(i.kind == wb.GAP for i in w.issues())
    w.set_grid(9, g.raw, g.code)
    assert w.snapshot() == start


def test_target_is_checked():
    with pytest.raises(ValueError):
        wb.Target(7, 1, 1, 0.1)
    with pytest.raises(ValueError):
        wb.Target(AREA, 0, 1, 0.1)


def test_move_building_takes_its_cell_to_the_neighbour():
    owner, right, above = box(0, 0, 100, 100), box(100, 0, 200, 100), box(0, 100, 100, 200)
    buildings = np.array([box(80, 40, 95, 60), box(10, 10, 30, 30), box(50, 40, 70, 60)], dtype=object)
    key, new_owner, new_right = wb.move_building(owner, {"R": right, "A": above}, buildings[0], buildings, [10, 20, 30])
    assert key == "R"
    assert shapely.covers(new_right, buildings[0]) and shapely.intersection(new_owner, buildings[0]).area < 1e-6
    # the other buildings stay whole where they were; nothing is lost or doubled
    assert all(shapely.covers(new_owner, b) for b in buildings[1:])
    assert new_owner.area + new_right.area == pytest.approx(20000)
    assert new_owner.geom_type == new_right.geom_type == "Polygon"
    # a building with other buildings between it and every neighbour cannot move
    from gridmanager.grid_manager.common.errors import InputError

    with pytest.raises(InputError, match="touches no neighbouring grid"):
        wb.move_building(owner, {"R": right}, buildings[1], buildings, None)
