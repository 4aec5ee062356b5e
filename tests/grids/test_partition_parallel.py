"""Areas partitioned in worker processes give exactly the grids of a sequential run."""

import sys

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


def test_parallel_run_reports_progress_and_stops_on_cancel(monkeypatch):
    seen = []
    stop = {"now": False}

    def report(pct):
        seen.append(pct)
        stop["now"] = True  # cancel as soon as the first area is in

    with pytest.raises(Cancelled):
        _run(2, monkeypatch, Progress(report=report, cancelled=lambda: stop["now"]))
    assert seen and 0 < seen[0] <= 100


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
