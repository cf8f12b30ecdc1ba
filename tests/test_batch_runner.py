"""Running replications: identical results for 1 and 2 local workers and on Dask; stops; dead workers."""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cbrnsim.batch.runner as runner
from cbrnsim.batch.plan import build_arms
from cbrnsim.batch.replication import ReplicationJob, ReplicationResult, StudySpec, run_replication
from cbrnsim.batch.runner import StopFlag, run_jobs
from cbrnsim.batch.seeds import replication_seeds
from cbrnsim.data import default_scenario
from cbrnsim.scenario import load_scenario

REPLICATIONS = 4


@pytest.fixture(scope="module")
def spec() -> StudySpec:
    scenario = load_scenario(default_scenario())
    arms = build_arms(scenario, ["responders.stations[amb-centraal].ambulance.count=3,12"])
    return StudySpec(scenario.source_text, scenario.source_path, arms, until_min=20.0)


@pytest.fixture(scope="module")
def jobs(spec: StudySpec) -> list[ReplicationJob]:
    seeds = replication_seeds(5, REPLICATIONS)
    return [ReplicationJob(arm.index, i, seed) for i, seed in enumerate(seeds) for arm in spec.arms]


def _collect(spec: StudySpec, jobs: list[ReplicationJob], **options) -> dict[tuple[int, int], ReplicationResult]:
    results: dict[tuple[int, int], ReplicationResult] = {}
    outcome = run_jobs(spec, jobs, lambda r: results.__setitem__((r.arm, r.replication), r), **options)
    assert outcome.completed == len(jobs) and outcome.failed == 0 and not outcome.interrupted
    return results


def _kpis(results: dict[tuple[int, int], ReplicationResult]) -> dict[tuple[int, int], dict]:
    return {key: dict(result.kpis) for key, result in sorted(results.items())}


@pytest.fixture(scope="module")
def one_worker(spec: StudySpec, jobs: list[ReplicationJob]) -> dict[tuple[int, int], dict]:
    return _kpis(_collect(spec, jobs, workers=1))


def test_two_workers_give_the_same_results_as_one(spec, jobs, one_worker) -> None:
    two = _collect(spec, jobs, workers=2)
    assert _kpis(two) == one_worker
    assert len({result.worker for result in two.values()}) == 2


def test_common_random_numbers_the_same_seed_in_every_arm(one_worker) -> None:
    # Nothing upstream of the ambulances differs between the arms: exposure is identical pair by pair.
    for i in range(REPLICATIONS):
        assert one_worker[(0, i)]["exposed"] == one_worker[(1, i)]["exposed"]
    assert len({one_worker[(0, i)]["exposed"] for i in range(REPLICATIONS)}) >= 1


def test_a_stop_request_keeps_what_finished_and_starts_nothing_new(spec, jobs) -> None:
    stop = StopFlag()
    seen: list[ReplicationResult] = []
    told: list[int] = []

    def on_result(result: ReplicationResult) -> None:
        seen.append(result)
        stop.set()

    outcome = run_jobs(spec, jobs, on_result, workers=1, stop=stop, on_stopping=told.append)
    assert outcome.interrupted and 1 <= outcome.completed == len(seen) < len(jobs)
    assert told and told[0] <= 2


def _dies_once(spec: StudySpec, job: ReplicationJob) -> ReplicationResult:
    marker = Path(os.environ["CBRNSIM_TEST_MARKER"])
    if job.replication == 1 and job.arm == 0 and not marker.exists():
        marker.touch()
        os._exit(3)  # the worker process dies, as if killed
    return run_replication(spec, job)


def _always_dies(spec: StudySpec, job: ReplicationJob) -> ReplicationResult:
    if job.replication == 1 and job.arm == 0:
        os._exit(3)
    return run_replication(spec, job)


needs_fork = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                reason="the replacement function reaches the workers by fork")


@needs_fork
def test_a_dead_worker_process_is_replaced_and_its_replications_rerun(spec, jobs, one_worker, monkeypatch,
                                                                      tmp_path) -> None:
    monkeypatch.setenv("CBRNSIM_TEST_MARKER", str(tmp_path / "died"))
    monkeypatch.setattr(runner, "run_replication", _dies_once)
    assert _kpis(_collect(spec, jobs, workers=2)) == one_worker
    assert (tmp_path / "died").exists()


@needs_fork
def test_a_replication_that_kills_its_worker_twice_is_reported_failed(spec, jobs, monkeypatch) -> None:
    monkeypatch.setattr(runner, "run_replication", _always_dies)
    results: list[ReplicationResult] = []
    outcome = run_jobs(spec, jobs, results.append, workers=2)
    failed = [r for r in results if not r.ok]
    assert outcome.completed == len(jobs) and outcome.failed >= 1
    assert (0, 1) in {(r.arm, r.replication) for r in failed}
    assert any("died twice" in (r.error or "") for r in failed)


# --------------------------------------------------------------------- Dask
try:
    import distributed
except ImportError:  # the 'cluster' extra is not installed
    distributed = None

needs_dask = pytest.mark.skipif(distributed is None, reason="Dask distributed (the 'cluster' extra) is not installed")


@needs_dask
def test_dask_local_cluster_gives_the_same_results(spec, jobs, one_worker) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        results = _collect(spec, jobs, scheduler=cluster.scheduler_address)
    assert _kpis(results) == one_worker


def _wait_for(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() or not path.read_text():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {seconds} s")
        time.sleep(0.1)


@needs_dask
def test_dask_scheduler_and_workers_as_separate_processes(spec, jobs, one_worker, tmp_path) -> None:
    scheduler_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        _wait_for(scheduler_file, 60)
        import json

        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
                                   "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert _kpis(_collect(spec, jobs, scheduler=address)) == one_worker
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
        for process in (worker, scheduler):
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@needs_dask
def test_an_unreachable_scheduler_is_one_clear_error(spec, jobs) -> None:
    with pytest.raises(runner.RunnerError, match="cannot connect"):
        runner.DaskBackend(spec, "tcp://127.0.0.1:9", connect_timeout_s=2)


def test_without_dask_a_scheduler_asks_for_the_cluster_extra(spec, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    with pytest.raises(runner.RunnerError, match=r"pip install 'cbrnsim\[cluster\]'"):
        runner.DaskBackend(spec, "tcp://127.0.0.1:8786")
