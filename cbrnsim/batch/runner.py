"""Running the replications: a local process pool by default, a Dask distributed cluster when given
a scheduler address. Both run the same pure function, :func:`cbrnsim.batch.replication.run_replication`.

- Local: one ``concurrent.futures.ProcessPoolExecutor`` for the whole batch (its workers ignore
  SIGINT and keep the study's scenarios built between replications). If a worker process dies
  (killed, out of memory), the replications it had in hand are retried once in a new pool; a
  second death marks them failed.
- Dask: ``distributed.Client(scheduler)``; the study is scattered to every worker once and each
  replication is one task. Dask is imported only here, only when a scheduler is given.

Both keep a bounded window of replications in flight (twice the worker slots) so that a stop
cancels little work and a huge study does not flood the scheduler. The first Ctrl-C stops
submitting, cancels what has not started and waits for the running replications, whose results
are kept; a second Ctrl-C abandons them.
"""
from __future__ import annotations

import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from .replication import ReplicationJob, ReplicationResult, StudySpec, run_replication

POLL_S = 0.2
"""How often the loop looks for a stop request while replications run (s)."""


class RunnerError(Exception):
    """The batch cannot start on the requested workers (Dask missing, scheduler unreachable, ...)."""


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """How a batch went."""

    completed: int
    """Replications that finished (successfully or not)."""
    failed: int
    """Replications that failed."""
    interrupted: bool
    """True when a stop request (Ctrl-C) ended the batch early."""
    wall_time_s: float
    """Wall-clock time of the batch (s)."""


class StopFlag:
    """Set by the first Ctrl-C: finish what runs, start nothing new."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        """Ask the batch to stop."""
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()


class Backend(Protocol):
    """Where replications run: submit, wait, collect, cancel, close."""

    slots: int
    """Replications that can run at once."""

    def submit(self, job: ReplicationJob) -> Any: ...

    def wait_some(self, futures: Sequence[Any], timeout_s: float) -> list[Any]: ...

    def result(self, future: Any, job: ReplicationJob) -> ReplicationResult | None: ...

    def cancel(self, futures: Sequence[Any]) -> list[Any]: ...

    def close(self, abandon: bool) -> None: ...


def run_jobs(spec: StudySpec, jobs: Sequence[ReplicationJob], on_result: Callable[[ReplicationResult], None], *,
             workers: int | None = None, scheduler: str | None = None, stop: StopFlag | None = None,
             on_stopping: Callable[[int], None] | None = None) -> RunOutcome:
    """Run ``jobs`` (locally on ``workers`` processes, or on the Dask cluster at ``scheduler``).

    ``on_result`` gets every result in the main thread, as it arrives. ``stop`` (set by the first
    Ctrl-C when this runs in the main thread) ends the batch after the running replications;
    ``on_stopping(n_running)`` is told when that starts.
    """
    stop = stop if stop is not None else StopFlag()
    start = time.perf_counter()
    backend: Backend = DaskBackend(spec, scheduler) if scheduler else LocalBackend(spec, workers)
    completed = failed = 0

    def deliver(result: ReplicationResult) -> None:
        nonlocal completed, failed
        completed += 1
        failed += 0 if result.ok else 1
        on_result(result)

    abandon = False
    try:
        with _first_ctrl_c_sets(stop):
            _drive(backend, jobs, deliver, stop, on_stopping)
    except KeyboardInterrupt:  # the second Ctrl-C
        abandon = True
    finally:
        backend.close(abandon)
    return RunOutcome(completed, failed, bool(stop) or abandon, time.perf_counter() - start)


def _drive(backend: Backend, jobs: Sequence[ReplicationJob], deliver: Callable[[ReplicationResult], None],
           stop: StopFlag, on_stopping: Callable[[int], None] | None) -> None:
    waiting = deque(jobs)
    in_flight: dict[Any, ReplicationJob] = {}
    told = False
    while in_flight or (waiting and not stop):
        while waiting and not stop and len(in_flight) < 2 * max(1, backend.slots):
            job = waiting.popleft()
            in_flight[backend.submit(job)] = job
        if stop and not told:
            for future in backend.cancel(list(in_flight)):
                in_flight.pop(future, None)
            told = True
            if on_stopping is not None:
                on_stopping(len(in_flight))
        for future in backend.wait_some(list(in_flight), POLL_S):
            job = in_flight.pop(future)
            result = backend.result(future, job)
            if result is None:  # to be run again (its worker died)
                waiting.appendleft(job)
            else:
                deliver(result)


@contextmanager
def _first_ctrl_c_sets(stop: StopFlag) -> Iterator[None]:
    """While inside: the first SIGINT sets ``stop``, the next raises KeyboardInterrupt (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if stop:
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# --------------------------------------------------------------------- local processes
def default_workers() -> int:
    """Worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_ignores_sigint() -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalBackend:
    """A process pool on this machine, kept for the whole batch."""

    def __init__(self, spec: StudySpec, workers: int | None) -> None:
        self.slots = workers or default_workers()
        """Worker processes."""
        if self.slots < 1:
            raise RunnerError(f"--workers must be 1 or more, got {workers}")
        self._spec = spec
        self._retried: set[tuple[int, int]] = set()
        # Loaded here, forked workers share the engine as the batch started with it (a replaced
        # worker included) and none pays the import.
        import_module("cbrnsim.engine.model")
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.slots, initializer=_worker_ignores_sigint)

    def submit(self, job: ReplicationJob) -> Future[ReplicationResult]:
        """Queue one replication."""
        try:
            return self._pool.submit(run_replication, self._spec, job)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(run_replication, self._spec, job)

    def wait_some(self, futures: Sequence[Future[ReplicationResult]], timeout_s: float) -> list[Future[ReplicationResult]]:
        """Futures done within ``timeout_s`` (maybe none)."""
        done, _ = wait(futures, timeout=timeout_s, return_when=FIRST_COMPLETED)
        return list(done)

    def result(self, future: Future[ReplicationResult], job: ReplicationJob) -> ReplicationResult | None:
        """The result; None to run the job again after its worker process died."""
        try:
            return future.result()
        except BrokenProcessPool as error:
            key = (job.arm, job.replication)
            if key not in self._retried:
                self._retried.add(key)
                return None
            return ReplicationResult(job.arm, job.replication, job.seed, {}, 0.0, "local",
                                     f"worker process died twice running this replication ({error})")
        except Exception as error:  # e.g. the result could not be sent back
            return ReplicationResult(job.arm, job.replication, job.seed, {}, 0.0, "local",
                                     f"{type(error).__name__}: {error}")

    def cancel(self, futures: Sequence[Future[ReplicationResult]]) -> list[Future[ReplicationResult]]:
        """Cancel the futures that have not started; returns them."""
        return [future for future in futures if future.cancel()]

    def close(self, abandon: bool) -> None:
        """Shut the pool down; ``abandon`` ends running replications at once."""
        if abandon:
            # The executor has no public way to stop a running task; its processes are ours to end.
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------- Dask
class DaskBackend:
    """Replications as tasks on a Dask distributed cluster."""

    def __init__(self, spec: StudySpec, scheduler: str, *, connect_timeout_s: float = 20.0,
                 worker_wait_s: float = 60.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise RunnerError("--scheduler needs Dask distributed on this machine and the workers: "
                              "pip install 'cbrnsim[cluster]'") from None
        try:
            self._client = Client(scheduler, timeout=f"{connect_timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise RunnerError(f"--scheduler {scheduler}: cannot connect ({error})") from None
        try:
            self._client.wait_for_workers(1, timeout=worker_wait_s)
            _check_workers(self._client, spec)
            self._spec_future = self._client.scatter(spec, broadcast=True, hash=False)
        except BaseException as error:
            self._client.close()
            if isinstance(error, (TimeoutError, RunnerError)):
                raise RunnerError(str(error) if isinstance(error, RunnerError) else
                                  f"--scheduler {scheduler}: no worker joined within {worker_wait_s:g} s; "
                                  f"start workers with 'dask worker {scheduler} --nthreads 1'") from None
            raise
        self._digest = spec.digest[:16]
        self._finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.slots = sum(self._client.nthreads().values())
        """Worker threads in the cluster when the batch started."""

    def submit(self, job: ReplicationJob) -> Any:
        """One task per replication; the key names the study, arm and replication."""
        future = self._client.submit(run_replication, self._spec_future, job, pure=False,
                                     key=f"cbrnsim-replication-{self._digest}-{job.arm}-{job.replication}")
        # distributed.wait() needs a process-wide default client; a callback queue does not.
        future.add_done_callback(self._finished.put)
        return future

    def wait_some(self, futures: Sequence[Any], timeout_s: float) -> list[Any]:
        """Futures done within ``timeout_s`` (maybe none)."""
        wanted = set(futures)
        done: list[Any] = []
        try:
            done.append(self._finished.get(timeout=timeout_s))
            while True:
                done.append(self._finished.get_nowait())
        except queue.Empty:
            pass
        return [future for future in done if future in wanted]

    def result(self, future: Any, job: ReplicationJob) -> ReplicationResult:
        """The result, or a failed one when the task could not run (worker lost, cancelled, ...)."""
        try:
            return future.result()
        except Exception as error:
            return ReplicationResult(job.arm, job.replication, job.seed, {}, 0.0, "dask",
                                     f"{type(error).__name__} on the cluster: {error}")

    def cancel(self, futures: Sequence[Any]) -> list[Any]:
        """Cancel every task not finished (Dask cannot tell started from queued)."""
        unfinished = [future for future in futures if not future.done()]
        if unfinished:
            self._client.cancel(unfinished)
        return unfinished

    def close(self, abandon: bool) -> None:
        """Release the study on the cluster and disconnect."""
        try:
            self._client.cancel([self._spec_future])
        finally:
            self._client.close()


def _check_workers(client: Any, spec: StudySpec) -> None:
    """Every worker must import the same cbrnsim version; one clear error instead of a failure per task."""
    def probe() -> str:  # nested: sent by value, so it runs even where cbrnsim is missing
        try:
            import cbrnsim
        except ImportError as error:
            return f"missing ({error})"
        return str(cbrnsim.__version__)

    versions: dict[str, str] = client.run(probe)
    wrong = {worker: version for worker, version in versions.items() if version != spec.cbrnsim_version}
    if wrong:
        worker, version = next(iter(wrong.items()))
        raise RunnerError(f"Dask worker {worker} has cbrnsim {version}; this study needs "
                          f"{spec.cbrnsim_version} on every worker ({len(wrong)} of {len(versions)} differ)")
