"""Helper processes inside one large area (issue 16): the same grids for any number of workers."""

import os
import time

import pytest

from gridmanager.grid_manager.common import parallel
from gridmanager.grid_manager.common.errors import Cancelled
from gridmanager.grid_manager.common.progress import Progress
from gridmanager.grid_manager.grids import atoms as atoms_mod
from gridmanager.grid_manager.grids import partition

from .test_partition_parallel import children


def test_helpers_run_jobs_in_a_worker_and_give_back_unstarted_ones():
    with parallel.Helpers(1) as helpers:
        assert helpers.n == 1
        job = helpers.submit(os.getpid)
        job.result(timeout=300)  # waited for without taking it back: the worker runs it
        assert helpers.result(job) != os.getpid()
        assert helpers.submitted == 1
        # a job no worker has started is run here (the worker is busy with the first one)
        busy = helpers.submit(time.sleep, 2.0)
        while not (busy.running() or busy.done()):
            time.sleep(0.01)
        mine = helpers.submit(os.getpid)
        assert helpers.result(mine) == os.getpid()
        assert helpers.taken_back == 1
        assert helpers.result(busy) is None
        assert helpers.submitted == 2
        # mapper: in job order, whoever ran which job
        assert helpers.mapper(pow, [(i, 2) for i in range(50)]) == [i * i for i in range(50)]
        failing = helpers.submit(int, "x")
        with pytest.raises(ValueError):
            helpers.result(failing)
    # without workers everything runs here
    with parallel.Helpers(0) as none:
        assert none.n == 0
        assert none.result(none.submit(os.getpid)) == os.getpid()
        assert none.mapper(pow, [(3, 2), (2, 3)]) == [9, 8]


# -- the Helsinki sample ------------------------------------------------------------------------------
SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "resources", "sample", "helsinki_sample.gpkg")
# targets that keep the test short and still give the largest community more than HELPER_MIN_GRIDS
TARGETS = {"area": dict(balance_by=partition.AREA, target_area=40_000.0), "households": dict(target_households=600.0)}


@pytest.fixture(scope="module")
def helsinki():
    gpd = pytest.importorskip("geopandas")
    crs = "EPSG:32635"
    a = gpd.read_file(SAMPLE, layer="communities").to_crs(crs)
    b = gpd.read_file(SAMPLE, layer="buildings").to_crs(crs)
    r = gpd.read_file(SAMPLE, layer="roads").to_crs(crs)
    return (
        a.geometry.values,
        list(range(len(a))),
        list(a["community_code"]),
        b.geometry.values,
        list(range(len(b))),
        b["households_est"].values.astype(float),
        r.geometry.values,
    )


class Spy(parallel.Helpers):
    made = []
    jobs = []

    def __init__(self, *args, **kwargs):
        self.queued = 0
        super().__init__(*args, **kwargs)
        Spy.made.append(self)

    def submit(self, function, *args):
        self.queued += 1
        Spy.jobs.append(super().submit(function, *args))
        return Spy.jobs[-1]


def _run(data, mode, workers, monkeypatch, progress=None):
    Spy.made, Spy.jobs = [], []
    monkeypatch.setattr(parallel, "Helpers", Spy)
    options = partition.PartitionOptions(workers=workers, **TARGETS[mode])
    result = partition.partition(*data, options, **({"progress": progress} if progress else {}))
    return result, (Spy.made[0] if Spy.made else None)


def _same(a, b):
    assert len(a.grids) == len(b.grids)
    assert [g.geometry.wkb for g in a.grids] == [g.geometry.wkb for g in b.grids]
    assert [(g.code, g.households, g.n_buildings, g.flag) for g in a.grids] == [
        (g.code, g.households, g.n_buildings, g.flag) for g in b.grids
    ]
    assert (a.messages, a.area_notes, a.n_atoms, a.n_blocks) == (b.messages, b.area_notes, b.n_atoms, b.n_blocks)


@pytest.mark.parametrize("mode", ["area", "households"])
def test_helped_partition_gives_the_grids_of_one_worker(helsinki, mode, monkeypatch):
    if parallel.available_workers(2) < 2:
        pytest.skip("one CPU")
    alone, helpers = _run(helsinki, mode, 1, monkeypatch)
    assert helpers is not None and helpers.n == 0  # one worker: no helper started
    # one community holds most of the work: it runs here with a helper, the others run in the helper
    helped, helpers = _run(helsinki, mode, 2, monkeypatch)
    assert helpers.n == 1 and helpers.queued > 3
    _same(alone, helped)

    # every job given to the helper runs there (none taken back): its results are the ones used
    monkeypatch.setattr(Spy, "_take", lambda self, job: False)
    forced, helpers = _run(helsinki, mode, 2, monkeypatch)
    assert helpers.submitted > 3 and helpers.taken_back == 0
    _same(alone, forced)
    monkeypatch.undo()

    # no interpreter to spawn: the areas run here one after the other, the same grids
    monkeypatch.setattr(parallel, "python_executable", lambda: None)
    fallback, helpers = _run(helsinki, mode, 2, monkeypatch)
    assert helpers.n == 0 and helpers.queued == 0
    _same(alone, fallback)


def test_cancelled_helped_run_leaves_no_worker(helsinki, monkeypatch):
    if parallel.available_workers(2) < 2:
        pytest.skip("one CPU")
    atoms_mod.clear_cache()  # the atoms take a while: the helper is up when the partition starts
    before = children()
    seen = set()
    stop = {"now": False}

    def report(pct):
        seen.update(children() - before)
        # cancelled while the helper is busy with a job (the run goes on otherwise, and is not cancelled)
        stop["now"] = any(job.running() for job in Spy.jobs)

    with pytest.raises(Cancelled):
        _run(helsinki, "area", 2, monkeypatch, Progress(report=report, cancelled=lambda: stop["now"]))
    assert len(seen) == 1  # the helper was running
    assert children() - before == set()  # terminated and reaped
    assert all(not os.path.exists("/proc/{}".format(pid)) for pid in seen)
