"""Run independent jobs (one per area) in worker processes.

Workers are *spawned* Python interpreters, never forks: QGIS is a multi-threaded Qt program, and a
fork of it can deadlock.  Inside QGIS ``sys.executable`` is the QGIS binary, so the interpreter that
belongs to the running Python is looked up next to it.  Jobs must be picklable module-level
functions of this package (plain Python, no qgis).  Results come back in job order whatever order
the workers finish in, so a run is deterministic.
"""

import concurrent.futures as cf
import multiprocessing
import os
import sys
import time
from multiprocessing import spawn


def _ours(path):
    """Is `path` an interpreter of the running Python installation (or of its virtual environment)?"""
    real = os.path.realpath(path)
    roots = {os.path.realpath(p) for p in (sys.exec_prefix, sys.base_exec_prefix, sys.prefix, sys.base_prefix)}
    return any(real.startswith(root + os.sep) for root in roots) or any(
        os.path.abspath(path).startswith(os.path.abspath(p) + os.sep) for p in (sys.exec_prefix, sys.prefix)
    )


def python_executable():
    """The Python interpreter of the running Python (for spawning workers), or None.

    Embedded in QGIS, ``sys.executable`` is the QGIS binary or whatever ``python3`` comes first on
    PATH — possibly another Python build whose modules would not load ours."""
    exe = sys.executable or ""
    if os.path.basename(exe).lower().startswith("python") and os.path.isfile(exe) and _ours(exe):
        return exe
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if os.name == "nt":
        candidates = [os.path.join(sys.exec_prefix, "python.exe"), os.path.join(sys.exec_prefix, "python3.exe")]
    else:
        candidates = [
            os.path.join(prefix, "bin", name)
            for prefix in (sys.exec_prefix, sys.base_exec_prefix)
            for name in (version, "python3")
        ]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK) and _ours(candidate):
            return candidate
    return None


def available_workers(requested):
    """How many worker processes to use for `requested` (≤ 0: one per CPU)."""
    cpus = os.cpu_count() or 1
    if requested is None or requested <= 0:
        return cpus
    return max(1, min(int(requested), cpus))


def run_jobs(function, jobs, workers, on_result=None, check=None, poll=0.2, grace=1.0):
    """Results of ``function(*job)`` for every job, in job order.

    ``on_result(index, result)`` is called as jobs finish; ``check()`` is called while waiting and may
    raise (cancellation) — pending jobs are then dropped and every worker process is stopped *and
    reaped* before the exception leaves this function (terminated, then killed after ``grace``
    seconds): no worker outlives a cancelled run.  Falls back to running the jobs here when no
    interpreter can be spawned or there is a single worker."""
    jobs = list(jobs)
    exe = python_executable() if workers > 1 and len(jobs) > 1 else None
    if exe is None:
        out = []
        for i, job in enumerate(jobs):
            if check is not None:
                check()
            out.append(function(*job))
            if on_result is not None:
                on_result(i, out[-1])
        return out
    previous = spawn.get_executable()
    context = multiprocessing.get_context("spawn")
    context.set_executable(exe)
    results = [None] * len(jobs)
    pool = cf.ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context)
    processes = {}
    try:
        futures = {}
        for i, job in enumerate(jobs):
            futures[pool.submit(function, *job)] = i
            processes.update(_pool_processes(pool))  # workers are started as jobs are submitted
        pending = set(futures)
        while pending:
            if check is not None:
                check()
            done, pending = cf.wait(pending, timeout=poll, return_when=cf.FIRST_COMPLETED)
            processes.update(_pool_processes(pool))
            for future in done:
                i = futures[future]
                results[i] = future.result()  # re-raises a worker's exception here
                if on_result is not None:
                    on_result(i, results[i])
    except BaseException:
        # The processes are taken before shutdown(), which sets the pool's own table to None (3.9+).
        processes.update(_pool_processes(pool))
        pool.shutdown(wait=False, cancel_futures=True)
        stop_processes(processes.values(), grace)
        raise
    finally:
        context.set_executable(previous)
    pool.shutdown(wait=True)
    return results


def _pool_processes(pool):
    """The worker processes of a ProcessPoolExecutor by pid (none once it was shut down)."""
    return dict(getattr(pool, "_processes", None) or {})


def stop_processes(processes, grace=1.0):
    """Terminate the worker processes, kill those still running after ``grace`` seconds, and reap them
    all (no zombie left)."""
    processes = list(processes)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(grace)
