"""Straightening with a `mapper` (the candidates tested in jobs, possibly in worker processes) gives
exactly the grids of the sequential straightening, on real communities of the Helsinki sample."""

import concurrent.futures
import multiprocessing

import numpy as np
import pytest
import shapely

from gridmanager.grid_manager.grids import partition, smooth


def _in_process(function, jobs):
    return [function(*job) for job in jobs]


@pytest.fixture(scope="module")
def calls(sample_gpkg):
    """The `smooth_grids` calls of partitioning three Helsinki communities, by area and by households."""
    gpd = pytest.importorskip("geopandas")
    path = sample_gpkg
    a = gpd.read_file(path, layer="communities").to_crs("EPSG:32635").iloc[1:4]
    b = gpd.read_file(path, layer="buildings").to_crs("EPSG:32635")
    r = gpd.read_file(path, layer="roads").to_crs("EPSG:32635")
    out = {}
    for mode, balance in (("area", partition.AREA), ("households", partition.HOUSEHOLDS)):
        seen = []

        def record(*args, seen=seen, **kwargs):
            kwargs.pop("mapper", None)  # the tests give their own
            seen.append((args, kwargs))
            return smooth.smooth_grids(*args, **kwargs)

        opt = partition.PartitionOptions(
            balance_by=balance, target_area=10_000.0, target_households=100.0, tolerance=0.1, seed=0, workers=1
        )
        mp = pytest.MonkeyPatch()
        mp.setattr(partition, "smooth_grids", record)
        try:
            partition.partition(
                a.geometry.values,
                list(range(len(a))),
                list(a["community_code"]),
                b.geometry.values,
                list(range(len(b))),
                b["households_est"].values.astype(float),
                r.geometry.values,
                opt,
            )
        finally:
            mp.undo()
        out[mode] = seen
    return out


@pytest.fixture(autouse=True)
def _every_area_uses_the_mapper(monkeypatch):
    monkeypatch.setattr(smooth, "MAPPER_MIN_VERTICES", 0)


def _same(geoms, plain, mapped):
    """The same grids (bit for bit), and the same ones left as they were."""
    assert len(plain) == len(mapped) == len(geoms)
    for g, p, m in zip(geoms, plain, mapped):
        assert (p is g) == (m is g)
        assert shapely.to_wkb(p) == shapely.to_wkb(m)


@pytest.mark.parametrize("mode", ["area", "households"])
def test_mapper_in_process_gives_the_same_grids(calls, mode):
    jobs = []

    def mapper(function, work):
        assert function.__module__ == smooth.__name__ and getattr(smooth, function.__name__) is function
        jobs.append(len(work))
        return _in_process(function, work)

    changed = 0
    assert calls[mode]
    for args, kwargs in calls[mode]:
        geoms = list(args[1])
        plain = smooth.smooth_grids(*args, **kwargs)
        mapped = smooth.smooth_grids(*args, **kwargs, mapper=mapper, chunks=3)
        _same(geoms, plain, mapped)
        changed += sum(p is not g for p, g in zip(plain, geoms))
    assert changed >= 5  # edges were straightened, not just kept
    assert jobs and max(jobs) <= 3 and max(jobs) > 1  # chunked, not one job per chain


def test_mapper_with_worker_processes_gives_the_same_grids(calls):
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:

        def mapper(function, jobs):
            return list(pool.map(function, *zip(*jobs)))

        for mode in ("area", "households"):
            for args, kwargs in calls[mode]:
                plain = smooth.smooth_grids(*args, **kwargs)
                _same(list(args[1]), plain, smooth.smooth_grids(*args, **kwargs, mapper=mapper))


def test_every_chain_goes_to_exactly_one_job(calls):
    args, kwargs = max(calls["households"], key=lambda c: len(c[0][1]))
    area, geoms, buildings = args[0], np.asarray(args[1], dtype=object), args[2]
    seen = []

    def mapper(function, jobs):
        seen.extend(jobs)
        return _in_process(function, jobs)

    smooth.smooth_grids(*args, **kwargs, mapper=mapper, chunks=4)
    assert 1 < len(seen) <= 4
    assert all(len(job[1]) <= len(buildings) for job in seen)  # the buildings near the job's pairs
    chains = sorted(n for job in seen for _, _, _, _, chains in job[3] for n, _ in chains)
    assert chains == list(range(len(smooth._chains(geoms))))
    assert area is not None


def test_small_areas_do_without_the_mapper(calls, monkeypatch):
    monkeypatch.setattr(smooth, "MAPPER_MIN_VERTICES", 10**9)

    def mapper(function, jobs):
        raise AssertionError("no jobs for a small area")

    for args, kwargs in calls["households"]:
        _same(list(args[1]), smooth.smooth_grids(*args, **kwargs), smooth.smooth_grids(*args, **kwargs, mapper=mapper))


def test_the_taut_line_turns_part_way_along_a_long_segment_when_given_vertices():
    """A building under the middle of a bend stops the bend's one vertex from going; with a vertex every few
    metres the line is pulled down onto the building's corners instead of keeping the bend."""
    from gridmanager.grid_manager.grids import smooth as smooth_mod

    chain = shapely.LineString([(0, 0), (50, 40), (100, 0)])
    pair = shapely.box(-10, -50, 110, 60)
    building = shapely.box(48, 5, 52, 9)
    tree = shapely.STRtree(np.array([building], dtype=object))
    assert smooth_mod._pulled(chain, pair, tree) is None
    taut = smooth_mod._pulled(chain, pair, tree, 2.0)
    assert taut is not None
    assert taut.length < 0.85 * chain.length
    assert shapely.equals_exact(shapely.get_point(taut, 0), shapely.Point(0, 0), 0)
    assert shapely.equals_exact(shapely.get_point(taut, -1), shapely.Point(100, 0), 0)
    swept = shapely.polygonize(shapely.get_parts(shapely.union_all([chain, taut])))
    assert shapely.intersection(swept, building).area < 1e-6  # swept over no building
    assert pair.covers(taut)
    # a straight chain gains nothing from extra vertices
    assert smooth_mod._pulled(shapely.LineString([(0, 0), (50, 0), (100, 0)]), pair, tree, 2.0) is None


def test_the_taut_line_of_a_long_chain_with_a_tiny_tolerance_is_bounded():
    # GEOS refuses to segmentize a line into too many pieces: the added vertices are capped
    from gridmanager.grid_manager.grids import smooth as smooth_mod

    chain = shapely.LineString([(0, 0), (5_000, 4_000), (10_000, 0)])
    pair = shapely.box(-10, -5_000, 10_010, 6_000)
    building = shapely.box(4_990, 50, 5_010, 70)
    tree = shapely.STRtree(np.array([building], dtype=object))
    taut = smooth_mod._pulled(chain, pair, tree, 1e-9)
    assert taut is not None and taut.length < chain.length
