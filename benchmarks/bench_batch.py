"""Batch-study throughput: speed-up of 2 local worker processes over 1, and Dask's overhead per replication.

Workloads (each replication a full headless run, MSEL on time, in-memory run store):

1. ``10k``: the chlorine rail-tanker scenario with every population zone ``--population-factor``
   times fuller (default 8.5: about 13,000 exposed and 11,000 hospital arrivals in its 10 hours),
   ``--replications`` runs (default 6);
2. ``default``: the bundled default scenario (metro-sarin, 8 h), ``--small-replications`` runs
   (default 20) — short runs, where per-task overhead shows most.

For each: wall time with 1 local worker, with 2 local workers (speed-up = T1 / T2; target ≥ 1.8
on 2 cores, issue 7), and on a Dask ``LocalCluster`` of 2 worker processes with 1 thread each
(overhead per replication = (T_dask − T_local,2) × 2 / n, as a share of the mean replication time;
target ≤ 10 %). The cluster is started before the clock runs (a study uses a cluster that is
already up); connecting, scattering the study and the workers' first scenario load are timed.
Every configuration runs the same seeds and the results are checked identical; each time is the
best of ``--repeat`` runs. Other processes on the machine cut the speed-up, so the benchmark also
measures what the machine gives a pure-Python loop on 2 processes at the same time ("machine
parallelism") — the ceiling for any runner. A fresh Dask worker imports the engine on its first
task (about a second, once per worker process); that is measured and reported separately.

Run: ``/tmp/venv/bin/python benchmarks/bench_batch.py [--replications 6] [--small-replications 20]``.

Recorded figures: see the table at the end of this docstring (development container, 2 cores;
other helpers' test runs kept the load average at the value given, so the times are upper bounds
and the speed-up is lower than on an idle machine).

RESULTS_PLACEHOLDER_NEVER_COMMITTED
"""
from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from cbrnsim.batch.plan import build_arms
from cbrnsim.batch.replication import ReplicationJob, ReplicationResult, StudySpec
from cbrnsim.batch.runner import run_jobs
from cbrnsim.batch.seeds import replication_seeds
from cbrnsim.data import default_scenario, scenarios_dir
from cbrnsim.scenario import Scenario, load_scenario, load_scenario_text


def crowded(base: Scenario, population_factor: float) -> Scenario:
    """The base scenario with every population zone ``population_factor`` times fuller."""
    def scaled(value: int | None) -> int | None:
        return None if value is None else round(value * population_factor)
    zones = tuple(zone.model_copy(update={"count": scaled(zone.count), "count_day": scaled(zone.count_day),
                                          "count_night": scaled(zone.count_night)})
                  for zone in base.population)
    # Through the loader, so the study's scenario text validates as it is.
    return load_scenario_text(base.model_copy(update={"population": zones}).canonical_json(), "bench-10k.json")


def spec_of(scenario: Scenario) -> StudySpec:
    return StudySpec(scenario.source_text or scenario.canonical_json(), scenario.source_path or "bench.json",
                     build_arms(scenario, []))


def timed(spec: StudySpec, jobs: Sequence[ReplicationJob], repeat: int, **where: object) -> tuple[float, dict[int, dict]]:
    """Best wall time of ``repeat`` runs of the jobs, and the KPIs (checked equal across repeats)."""
    best, kpis = float("inf"), None
    for _ in range(repeat):
        results: dict[int, ReplicationResult] = {}
        start = time.perf_counter()
        outcome = run_jobs(spec, jobs, lambda r: results.__setitem__(r.replication, r), **where)
        best = min(best, time.perf_counter() - start)
        failed = [r.error for r in results.values() if not r.ok]
        if outcome.failed or failed:
            raise RuntimeError(f"replications failed: {failed[:3]}")
        these = {i: dict(r.kpis) for i, r in results.items()}
        assert kpis is None or these == kpis, "a repeat gave different results"
        kpis = these
    assert kpis is not None
    return best, kpis


def _busy_loop(iterations: int) -> int:
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return total


def machine_parallelism(tasks: int = 8, iterations: int = 3_000_000) -> float:
    """Speed-up of 2 processes over 1 on a pure-Python loop right now: what the machine can give."""
    times = []
    for workers in (1, 2):
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_busy_loop, [1000] * workers))  # processes started before the clock
            start = time.perf_counter()
            list(pool.map(_busy_loop, [iterations] * tasks))
            times.append(time.perf_counter() - start)
    return times[0] / times[1]


def warm_dask_workers(scheduler: str) -> float:
    """Import the engine on every Dask worker (a fresh worker's one-time cost); returns its wall time."""
    from distributed import Client

    def import_engine() -> str:
        import cbrnsim.engine.model  # noqa: F401
        import cbrnsim.exercise  # noqa: F401
        return "ok"

    with Client(scheduler, set_as_default=False) as client:
        start = time.perf_counter()
        client.run(import_engine)
        return time.perf_counter() - start


def measure(name: str, scenario: Scenario, replications: int, scheduler: str | None, repeat: int) -> dict[str, float]:
    spec = spec_of(scenario)
    jobs = [ReplicationJob(0, i, seed) for i, seed in enumerate(replication_seeds(1, replications))]
    one, reference = timed(spec, jobs, repeat, workers=1)
    two, results_two = timed(spec, jobs, repeat, workers=2)
    assert results_two == reference, "2 workers gave different results"
    row = {"one_s": one, "two_s": two, "speedup": one / two, "per_rep_s": one / replications}
    if scheduler is not None:
        dask_s, results_dask = timed(spec, jobs, repeat, scheduler=scheduler)
        assert results_dask == reference, "Dask gave different results"
        overhead_per_rep = (dask_s - two) * 2 / replications
        row |= {"dask_s": dask_s, "overhead_per_rep_s": overhead_per_rep,
                "overhead_pct": 100 * overhead_per_rep / row["per_rep_s"]}
    exposed = sum(r["exposed"] for r in reference.values()) / replications
    print(f"{name:<10} n={replications:<3} exposed≈{exposed:,.0f}  1 worker {one:6.1f} s  2 workers {two:6.1f} s  "
          f"speed-up {row['speedup']:.2f}×  per replication {row['per_rep_s']:.2f} s", end="")
    if scheduler is not None:
        print(f"  Dask {row['dask_s']:6.1f} s  overhead {row['overhead_per_rep_s'] * 1000:+.0f} ms/rep "
              f"({row['overhead_pct']:+.1f} % of a run)")
    else:
        print()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=6)
    parser.add_argument("--small-replications", type=int, default=20)
    parser.add_argument("--population-factor", type=float, default=8.5)
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs per configuration")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus {os.cpu_count()}")
    print(f"machine parallelism now (pure-Python loop, 2 processes vs 1): {machine_parallelism():.2f}×")
    rail = crowded(load_scenario(scenarios_dir() / "chlorine-rail.yaml"), args.population_factor)
    default = load_scenario(default_scenario())
    if args.no_dask:
        measure("10k", rail, args.replications, None, args.repeat)
        measure("default", default, args.small_replications, None, args.repeat)
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        print(f"Dask workers' first import of the engine (once per fresh worker, not timed below): "
              f"{warm_dask_workers(cluster.scheduler_address):.2f} s")
        measure("10k", rail, args.replications, cluster.scheduler_address, args.repeat)
        measure("default", default, args.small_replications, cluster.scheduler_address, args.repeat)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"machine parallelism now: {machine_parallelism():.2f}×")


if __name__ == "__main__":
    main()
