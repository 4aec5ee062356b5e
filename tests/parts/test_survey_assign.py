"""Grid assignment through the bounding-box lattice equals the R-tree + GEOS `intersects` answer
(boundary ties to the smallest code) for boxes, general polygons, overlaps, holes and points on
edges and corners; coordinate parsing keeps its rules."""

import numpy as np
import pytest
import shapely
from shapely import affinity


def grid_set(geoms, codes=None):
    from gridmanager.grid_manager.parts.survey_import import GridSet

    codes = codes or ["110101001001{:03d}".format(k) for k in range(len(geoms))]
    return GridSet.build(codes, geoms, "EPSG:4548")


def boxes(nx=12, ny=10, cell=100.0):
    return [shapely.box(i * cell, j * cell, (i + 1) * cell, (j + 1) * cell) for i in range(nx) for j in range(ny)]


def points(rng, n=20000, extent=(-50, -50, 1250, 1050), snap=100.0):
    x = rng.uniform(extent[0], extent[2], n)
    y = rng.uniform(extent[1], extent[3], n)
    x[: n // 10] = np.round(x[: n // 10] / snap) * snap  # on vertical edges
    y[: n // 20] = np.round(y[: n // 20] / snap) * snap  # … and corners
    y[n // 10 : n // 10 + n // 20] = np.round(y[n // 10 : n // 10 + n // 20] / snap) * snap
    x[-10:] = np.nan
    return x, y


def same_as_tree(grids, x, y):
    got = grids.assign(x, y)
    expected = grids._assign_tree(x, y)
    assert got.tolist() == expected.tolist()
    return got


def wavy(i, j, cell=100.0, nx=12, ny=10):
    """Unit cells whose shared edges bend (neighbours share them exactly): no box among them."""
    x0, y0 = i * cell, j * cell

    def bump_x(col):  # x offset of the vertical edge at column `col`, mid-height
        return 0.0 if col in (0, nx) else 7.0

    def bump_y(row):
        return 0.0 if row in (0, ny) else 5.0

    return shapely.Polygon(
        [
            (x0, y0),
            (x0 + cell / 2, y0 + bump_y(j)),
            (x0 + cell, y0),
            (x0 + cell + bump_x(i + 1), y0 + cell / 2),
            (x0 + cell, y0 + cell),
            (x0 + cell / 2, y0 + cell + bump_y(j + 1)),
            (x0, y0 + cell),
            (x0 + bump_x(i), y0 + cell / 2),
        ]
    )


def test_boxes_edges_and_corners():
    grids = grid_set(boxes())
    assert grids.lattice() is not None and grids.lattice().is_box.all()
    got = same_as_tree(grids, *points(np.random.default_rng(1)))
    assert (got >= 0).mean() > 0.8
    # a corner shared by four grids goes to the smallest code
    corner = grids.assign(np.array([100.0]), np.array([100.0]))[0]
    assert grids.codes[corner] == min(grids.codes[grids._assign_tree(np.array([100.0]), np.array([100.0]))])


def test_general_polygons():
    geoms = [wavy(i, j) for i in range(12) for j in range(10)]
    grids = grid_set(geoms)
    assert not grids.lattice().is_box.any()
    same_as_tree(grids, *points(np.random.default_rng(2)))
    rotated = [affinity.rotate(g, 25, origin=(0, 0)) for g in boxes()]
    same_as_tree(grid_set(rotated), *points(np.random.default_rng(3)))


def test_overlaps_holes_multipolygons_and_mixed_sizes():
    ring = shapely.box(2000, 0, 2300, 300).difference(shapely.box(2100, 100, 2200, 200))
    multi = shapely.MultiPolygon([shapely.box(2500, 0, 2600, 100), shapely.box(2700, 0, 2800, 100)])
    geoms = boxes(4, 3) + [
        shapely.box(0, 0, 1300, 1100),
        shapely.box(150, 150, 350, 350),
        ring,
        multi,
        shapely.box(2150, 150, 2160, 160),
    ]
    grids = grid_set(geoms, ["110101001001{:03d}".format(900 - k) for k in range(len(geoms))])
    rng = np.random.default_rng(4)
    x, y = points(rng, extent=(-100, -100, 2900, 1200))
    same_as_tree(grids, x, y)


def test_scattered_and_degenerate_layers():
    rng = np.random.default_rng(5)
    far = [shapely.box(x, y, x + 50, y + 50) for x, y in rng.uniform(0, 1e6, (200, 2))]
    grids = grid_set(far)
    x = np.concatenate([rng.uniform(0, 1e6, 5000), [g.bounds[0] for g in far]])
    y = np.concatenate([rng.uniform(0, 1e6, 5000), [g.bounds[1] for g in far]])
    got = same_as_tree(grids, x, y)
    assert (got[-200:] >= 0).all()
    one = grid_set([shapely.box(0, 0, 10, 10)])
    same_as_tree(one, np.array([0.0, 10.0, 5.0, 10.000001, np.inf]), np.array([0.0, 10.0, 5.0, 5.0, 1.0]))


def test_coordinate_text_rules():
    from gridmanager.grid_manager.parts.survey_import import _numbers

    values = np.array(["116.40", "", "３９．９", "39.9°", "abc", "1e999", "nan", "-0", "－116.5", "1_0"], dtype=object)
    numbers, missing, bad = _numbers(values)
    assert missing.tolist() == [False, True] + [False] * 8
    assert numbers[0] == 116.40 and numbers[2] == pytest.approx(39.9) and numbers[3] == pytest.approx(39.9)
    assert numbers[7] == 0.0 and numbers[8] == -116.5
    assert bad[[4, 5, 6]].all() and not bad[[0, 2, 3, 7, 8]].any()
    plain = np.array(["116.4", "39.9", "1_0"], dtype=object)  # all numbers: Python's float rules
    assert _numbers(plain)[0].tolist() == [116.4, 39.9, 10.0]
