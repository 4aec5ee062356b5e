"""Run independent jobs (one per area) in worker processes.

Workers are *spawned* Python interpreters, never forks: QGIS is a multi-threaded Qt program, and a
fork of it can deadlock.  Inside QGIS ``sys.executable`` is the QGIS binary, so the interpreter that
belongs to the running Python is looked up next to it.  Jobs must be picklable module-level
functions of this package (plain Python, no qgis).  Results come back in job order whatever order
the workers finish in, so a run is deterministic.
"""

import collections
import concurrent.futures as cf
import contextlib
import importlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
import traceback
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


# Workers run one BLAS thread each (unless the user set these): the engine's linear algebra is on small
# matrices, and OpenBLAS's own threads in every worker and in the parent fight over the same cores — a
# 25 × 25 solve took 10 ms instead of 0.01 ms with the cores busy.
WORKER_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@contextlib.contextmanager
def _worker_environment():
    """The environment spawned workers inherit while they are started (then restored)."""
    added = [name for name in WORKER_ENVIRONMENT if name not in os.environ]
    for name in added:
        os.environ[name] = WORKER_ENVIRONMENT[name]
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@contextlib.contextmanager
def single_threaded_blas():
    """This process's BLAS on one thread while the block runs, like the workers' (with threadpoolctl, when
    it is installed — Debian: python3-threadpoolctl; without it, nothing changes).  The parent runs the same
    small solves as the workers, beside them: its own BLAS threads only spin against theirs (a partition of
    the Helsinki sample with one helper: 0.9 s less CPU in QGIS's process)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


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
        with _worker_environment():
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


# -- helpers: worker processes that take part of one job's work ----------------------------------------
class WorkerLost(RuntimeError):
    """The worker running a job died (or could not be reached): the job itself did not fail."""


class Job(cf.Future):
    """A job given to :class:`Helpers`: a future that also knows its function and arguments, so that the
    parent can run it itself while no worker has started it."""

    def __init__(self, function, args):
        super().__init__()
        self.function = function
        self.args = args


class Helpers:
    """``n`` persistent worker processes that help the parent with the parts of its work.

    ``submit(function, *args)`` queues a job and returns its :class:`Job` (a future); a worker takes
    the next queued job only when it is idle, so a job nobody has started yet can be taken back:
    ``result(job)`` runs it in this process when no worker has started it, and otherwise waits for
    the worker (calling ``check()`` meanwhile, which may raise: cancellation).  ``mapper(function,
    jobs)`` is ``[function(*job) for job in jobs]``, in order, with part of the jobs done here and the
    rest in the workers.  The results do not depend on who ran a job.

    Use it as a context manager: leaving it, normally or by an exception, terminates *and reaps* the
    workers (they are idle, or busy with work nobody waits for any more): no worker outlives the run.
    Workers are spawned like those of :func:`run_jobs` (same interpreter look-up); with ``n`` ≤ 0 or
    no interpreter to spawn, everything runs in this process.  ``preload`` names modules the workers
    import as soon as they start (while the parent goes on with its own work).
    """

    def __init__(self, n, preload=(), check=None, poll=0.1, grace=1.0):
        self.check = check
        self.poll = poll
        self.grace = grace
        self.submitted = 0  # jobs run by a worker
        self.taken_back = 0  # jobs run here that had been given to the workers
        self.waited = 0.0  # seconds this process waited for the workers
        self._queue = collections.deque()
        self._lock = threading.Condition()
        self._closed = False
        self._processes = []
        self._threads = []
        exe = python_executable() if n and n > 0 else None
        self.n = int(n) if exe is not None else 0
        if not self.n:
            return
        context = multiprocessing.get_context("spawn")
        previous = spawn.get_executable()
        context.set_executable(exe)
        try:
            for _ in range(self.n):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, tuple(preload)), daemon=True)
                with _worker_environment():
                    process.start()
                theirs.close()
                self._processes.append(process)
                thread = threading.Thread(target=self._feed, args=(mine,), daemon=True)
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.close()
            raise
        finally:
            context.set_executable(previous)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def submit(self, function, *args):
        job = Job(function, args)
        if not self.n:
            return job  # run by result()
        with self._lock:
            self._queue.append(job)
            self._lock.notify()
        return job

    def result(self, job, others=(), **here):
        """The job's result: computed here (with the extra keyword arguments ``here``, e.g. a progress
        for cancellation) when no worker has started it.  While a worker runs it, this process runs
        those of the jobs ``others`` that no worker has started (their results are kept for their own
        ``result()``), instead of waiting idle."""
        if self._take(job):
            return self._run_here(job, here)
        while True:
            if self.check is not None:
                self.check()
            if not job.done():
                other = next((o for o in reversed(others) if self._take(o)), None)
                if other is not None:
                    self._run_here(other, here)
                    continue
            started = time.monotonic()
            try:
                value = job.result(timeout=self.poll)
            except cf.TimeoutError:
                self.waited += time.monotonic() - started
                continue
            except WorkerLost:
                if self._closed:
                    raise
                return job.function(*job.args, **here)  # its worker died: the job runs here
            self.waited += time.monotonic() - started
            return value

    def drop(self, job):
        """Nobody needs the job any more: a worker that has not started it will not."""
        job.cancel()

    def _take(self, job):
        """Take back a job no worker has started (True), to run it here."""
        with self._lock:
            if job.done() or job.running():
                return False
            try:
                self._queue.remove(job)
            except ValueError:  # not queued: no workers
                pass
            return job.set_running_or_notify_cancel()

    def _run_here(self, job, here):
        if self.n:
            self.taken_back += 1
        if self.check is not None:
            self.check()
        try:
            value = job.function(*job.args, **here)
        except BaseException as exc:
            job.set_exception(exc)
            raise
        job.set_result(value)
        return value

    def mapper(self, function, jobs):
        """``[function(*job) for job in jobs]``: the workers take the jobs from the front, this process
        from the back (each job once), so both stay busy until the end."""
        jobs = [tuple(job) for job in jobs]
        if not self.n or len(jobs) < 2:
            out = []
            for job in jobs:
                if self.check is not None:
                    self.check()
                out.append(function(*job))
            return out
        chunks = min(len(jobs), 4 * (self.n + 1))
        bounds = [round(i * len(jobs) / chunks) for i in range(chunks + 1)]
        queued = [self.submit(_run_chunk, function, jobs[a:b]) for a, b in zip(bounds, bounds[1:])]
        for job in reversed(queued):
            if self._take(job):
                self._run_here(job, {})
        return [value for job in queued for value in self.result(job)]

    def close(self):
        """Drop the queued jobs, terminate and reap the workers."""
        with self._lock:
            self._closed = True
            for job in self._queue:
                job.cancel()
            self._queue.clear()
            self._lock.notify_all()
        stop_processes(self._processes, self.grace)
        for thread in self._threads:
            thread.join(self.grace)

    def _feed(self, conn):
        """Give one worker the queued jobs one at a time (a thread of this process per worker)."""
        try:
            while True:
                with self._lock:
                    while not self._queue and not self._closed:
                        self._lock.wait()
                    if self._closed:
                        return
                    job = self._queue.popleft()
                    if not job.set_running_or_notify_cancel():
                        continue  # taken back
                    self.submitted += 1
                try:
                    conn.send((job.function, job.args))
                except OSError as exc:  # the worker is gone
                    job.set_exception(WorkerLost(str(exc)))
                    return
                except Exception as exc:  # not picklable: the pipe is still clean
                    job.set_exception(exc)
                    continue
                try:
                    ok, value = conn.recv()
                except BaseException as exc:  # the worker died (or was terminated on close)
                    job.set_exception(WorkerLost(f"{type(exc).__name__}: {exc}"))
                    return
                if ok:
                    job.set_result(value)
                else:
                    job.set_exception(value)
        finally:
            conn.close()
            with self._lock:
                # a dead worker takes no more jobs: those left run in the parent (result() takes them back)
                self._lock.notify_all()


def _run_chunk(function, jobs):
    return [function(*job) for job in jobs]


def _serve(conn, preload):
    """A helper worker: import ``preload``, then run the jobs sent through ``conn`` until it closes."""
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # the job's own import will report it
            pass
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            function, args = pickle.loads(data)
            reply = (True, function(*args))
        except BaseException as exc:
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # a result or exception that does not pickle
            text = "".join(traceback.format_exception(reply[1])) if not reply[0] else f"{type(exc).__name__}: {exc}"
            conn.send((False, RuntimeError(text)))
