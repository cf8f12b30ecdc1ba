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

Recorded 28 Nov, development container, 2 cores, run on a snapshot of the committed tree (other
helpers were editing the engine), ``--repeat 3``. Other helpers' test suites kept the load average
at 5–8 and the CPU pressure ("some") near 90 %: the machine gave a pure-Python loop only
0.9–1.3× on 2 processes during these runs, so the wall-clock speed-ups below measure the
contention, not the runner. The figure that does not depend on the load is the share of the
wall time the workers spend inside replications (busy %): the rest is the runner's overhead.

========  ======  ========  =========  =========  ==========  =============  ===========  ==========
workload  n       per run   1 worker   2 workers  speed-up    local busy     Dask 2 wkrs  Dask busy
========  ======  ========  =========  =========  ==========  =============  ===========  ==========
10k       6       4.6 s     27.6 s     25.4 s     1.09× (*)   98.4 %         24.8 s       93.2 %
default   20      0.31 s    6.2 s      9.1 s      0.68× (*)   97.8 %         4.9 s        93.8 %
========  ======  ========  =========  =========  ==========  =============  ===========  ==========

(*) machine parallelism during the run 0.99× / 0.91×. In a quieter moment (parallelism 1.13–1.33×)
the same benchmark gave 2.22× on 10k (best of 3; the 1-worker runs were slowed more than the
2-worker ones) and 1.87× on default. With the workers busy 97.5–98.4 % of the time, the runner
caps the speed-up of 2 workers at 1.95–1.97× on an idle machine.

Dask's cost over a local run, from the busy shares (idle worker time per replication): default
31 ms against 20 ms locally, +11 ms per replication = +3.5 % of a run; 10k 563 ms against 135 ms,
+428 ms = +9.3 % of a run, most of it once per batch (connect, version check, scatter of the
study, about 1 s under this load) spread over only 6 replications.
"""
from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Timing:
    """One configuration's best run."""

    wall_s: float
    """Wall time of the whole batch (s)."""
    busy_s: float
    """Sum of the replications' own wall times, measured inside the workers (s)."""

    def busy_fraction(self, slots: int) -> float:
        """Share of the workers' time spent running replications (1 − the runner's overhead)."""
        return self.busy_s / (slots * self.wall_s)


def timed(spec: StudySpec, jobs: Sequence[ReplicationJob], repeat: int, **where: object) -> tuple[Timing, dict[int, dict]]:
    """Best wall time of ``repeat`` runs of the jobs, and the KPIs (checked equal across repeats)."""
    best, kpis = Timing(float("inf"), 0.0), None
    for _ in range(repeat):
        results: dict[int, ReplicationResult] = {}
        start = time.perf_counter()
        outcome = run_jobs(spec, jobs, lambda r: results.__setitem__(r.replication, r), **where)
        elapsed = time.perf_counter() - start
        if elapsed < best.wall_s:
            best = Timing(elapsed, sum(r.wall_time_s for r in results.values()))
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


def measure(name: str, scenario: Scenario, replications: int, scheduler: str | None, repeat: int) -> None:
    spec = spec_of(scenario)
    jobs = [ReplicationJob(0, i, seed) for i, seed in enumerate(replication_seeds(1, replications))]
    one, reference = timed(spec, jobs, repeat, workers=1)
    two, results_two = timed(spec, jobs, repeat, workers=2)
    assert results_two == reference, "2 workers gave different results"
    exposed = sum(r["exposed"] for r in reference.values()) / replications
    per_rep = one.wall_s / replications
    print(f"{name:<8} n={replications:<3} exposed≈{exposed:,.0f}  per replication {per_rep:.2f} s")
    print(f"  local  1 worker {one.wall_s:6.1f} s  2 workers {two.wall_s:6.1f} s  speed-up "
          f"{one.wall_s / two.wall_s:.2f}×  workers busy {100 * two.busy_fraction(2):.1f} % of the wall time")
    if scheduler is not None:
        dask, results_dask = timed(spec, jobs, repeat, scheduler=scheduler)
        assert results_dask == reference, "Dask gave different results"
        overhead = (dask.wall_s - two.wall_s) * 2 / replications
        idle = (2 * dask.wall_s - dask.busy_s) / replications
        print(f"  Dask   2 workers {dask.wall_s:6.1f} s  overhead vs local {overhead * 1000:+.0f} ms/rep "
              f"({100 * overhead / per_rep:+.1f} % of a run)  workers busy {100 * dask.busy_fraction(2):.1f} % "
              f"(idle {idle * 1000:.0f} ms/rep)")


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
