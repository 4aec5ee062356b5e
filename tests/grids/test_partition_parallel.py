"""Areas partitioned in worker processes give exactly the grids of a sequential run."""

import os
import sys
import time

import numpy as np
import pytest
import shapely

from gridmanager.grid_manager.common import parallel
from gridmanager.grid_manager.common.errors import Cancelled
from gridmanager.grid_manager.common.progress import Progress
from gridmanager.grid_manager.grids import partition


def _case():
    rng = np.random.default_rng(11)
    areas, buildings, households, roads = [], [], [], []
    for i in range(4):
        x0 = i * 420.0
        areas.append(shapely.box(x0, 0, x0 + 400, 300))
        roads.append(shapely.LineString([(x0 + 200, -10), (x0 + 200, 310)]))
        xs, ys = np.meshgrid(np.arange(x0 + 12, x0 + 390, 35), np.arange(12, 290, 35))
        for x, y in zip(xs.ravel(), ys.ravel()):
            if abs(x + 9 - (x0 + 200)) < 14:
                continue  # keep the road clear
            buildings.append(shapely.box(x, y, x + 15 + 6 * rng.random(), y + 12 + 6 * rng.random()))
            households.append(float(rng.integers(10, 60)))
    return areas, np.array(buildings, dtype=object), np.array(households), np.array(roads, dtype=object)


def _run(workers, monkeypatch, progress=None):
    monkeypatch.setattr(partition, "PARALLEL_MIN_GRIDS", 0)
    areas, buildings, households, roads = _case()
    codes = [f"11010100100{i}" for i in range(1, 5)]
    opt = partition.PartitionOptions(balance_by=partition.HOUSEHOLDS, target_households=300, workers=workers)
    return partition.partition(
        areas,
        [1, 2, 3, 4],
        codes,
        buildings,
        list(range(len(buildings))),
        households,
        roads,
        opt,
        **({"progress": progress} if progress else {}),
    )


def test_parallel_run_equals_sequential_run(monkeypatch):
    seq = _run(1, monkeypatch)
    par = _run(2, monkeypatch)
    assert len(seq.grids) == len(par.grids) > 8
    for a, b in zip(seq.grids, par.grids):
        assert a.code == b.code
        assert shapely.equals_exact(a.geometry, b.geometry, 0.0)
        assert (a.households, a.flag) == (b.households, b.flag)
    assert seq.area_notes == par.area_notes
    assert (seq.n_atoms, seq.n_blocks) == (par.n_atoms, par.n_blocks)


def children():
    """Pids of this process's children, zombies included (a zombie is a child not reaped yet), except
    multiprocessing's resource tracker, which lives as long as the session."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    me = os.getpid()
    pids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/{}/stat".format(entry)) as handle:
                stat = handle.read()
        except OSError:  # gone meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == me and int(entry) != tracker:
            pids.add(int(entry))
    return pids


def test_parallel_run_reports_progress_and_stops_on_cancel(monkeypatch):
    """Issue 17: a cancelled parallel partition stops and reaps every worker before it returns."""
    seen = []
    stop = {"now": False}
    before = children()
    workers = set()

    def report(pct):
        seen.append(pct)
        workers.update(children() - before)
        stop["now"] = True  # cancel as soon as the first area is in: the other worker is still busy

    with pytest.raises(Cancelled):
        _run(2, monkeypatch, Progress(report=report, cancelled=lambda: stop["now"]))
    assert seen and 0 < seen[0] <= 100
    assert len(workers) == 2  # the areas did run in two worker processes
    assert children() - before == set()  # none left running, none left as a zombie


def test_cancel_stops_and_reaps_busy_workers():
    """Workers in the middle of a long job are terminated and reaped before run_jobs raises (they would
    otherwise run on after the algorithm returned, as in the issue: 16 minutes and 3.7 GB)."""
    before = children()
    started = time.monotonic()
    seen = set()

    def check():
        seen.update(children() - before)
        if time.monotonic() - started > 1.0:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        parallel.run_jobs(time.sleep, [(60,), (60,), (60,)], 2, check=check, poll=0.05)
    assert len(seen) == 2
    assert children() - before == set()
    assert all(not os.path.exists("/proc/{}".format(pid)) for pid in seen)


def test_workers_are_this_python(monkeypatch, tmp_path):
    exe = parallel.python_executable()
    assert exe is not None
    # embedded (QGIS), sys.executable may be another Python first on PATH: never spawn that one
    stranger = tmp_path / "python3"
    stranger.write_text("#!/bin/sh\n")
    stranger.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(stranger))
    other = parallel.python_executable()
    assert other is not None and other != str(stranger)
    assert parallel.available_workers(-1) >= 1
    assert parallel.available_workers(1) == 1


def test_workers_run_one_blas_thread_unless_the_user_chose(monkeypatch):
    """OpenBLAS threads in every worker fight over the cores the workers already fill (a 25 × 25 solve took
    10 ms instead of 0.01 ms): spawned workers get one thread each; a user's own setting is kept, and the
    parent's environment is left as it was."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    jobs = [("OPENBLAS_NUM_THREADS",), ("OMP_NUM_THREADS",), ("OPENBLAS_NUM_THREADS",)]
    assert parallel.run_jobs(os.getenv, jobs, 2) == ["1", "3", "1"]
    monkeypatch.setattr(parallel.Helpers, "_take", lambda self, job: False)  # the worker runs it
    with parallel.Helpers(1) as helpers:
        assert helpers.n == 1
        job = helpers.submit(os.getenv, "OPENBLAS_NUM_THREADS")
        assert helpers.result(job) == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "3"


def test_the_parent_runs_one_blas_thread_while_it_partitions(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    seen = []
    real = partition._partition

    def spy(*args, **kwargs):
        seen.extend(info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas")
        return real(*args, **kwargs)

    monkeypatch.setattr(partition, "_partition", spy)
    before = [info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"]
    _run(1, monkeypatch)
    assert seen and set(seen) == {1}
    assert [info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"] == before


def test_balance_by_both_criteria_is_the_same_for_any_number_of_workers(monkeypatch):
    """Area and households at once (the refinement's several-criteria path): both balanced, and the same grids
    in worker processes as here."""
    monkeypatch.setattr(partition, "PARALLEL_MIN_GRIDS", 0)
    areas, buildings, households, roads = _case()
    codes = [f"11010100100{i}" for i in range(1, 5)]
    runs = []
    for workers in (1, 2):
        opt = partition.PartitionOptions(
            balance_by=partition.BOTH, target_households=300, target_area=13_000.0, workers=workers
        )
        runs.append(
            partition.partition(
                areas, [1, 2, 3, 4], codes, buildings, list(range(len(buildings))), households, roads, opt
            )
        )
    seq, par = runs
    assert len(seq.grids) == len(par.grids) > 20
    for a, b in zip(seq.grids, par.grids):
        assert a.code == b.code and shapely.equals_exact(a.geometry, b.geometry, 0.0)
    hh = np.array([g.households for g in seq.grids])
    area = np.array([g.area_m2 for g in seq.grids])
    within = (np.abs(hh / 300 - 1) <= 0.1 + 1e-9) & (np.abs(area / 13_000 - 1) <= 0.1 + 1e-9)
    assert within.mean() >= 0.7, (hh, area)  # 78 % today
