"""The mass-casualty surge queue: SimPy PriorityResource vs plain Resource vs FastPriorityResource.

Workload (the one measured in issue 4): 10,000 patients arrive over 100 min at a facility with
100 treatment spaces and 60 min of service each, so about 9,000 are waiting at the peak. Each
patient has one of four triage priorities (drawn from a seeded generator, the same for all three
resources). Run: ``/tmp/venv/bin/python benchmarks/bench_queueing.py [--patients N] [--repeat R]
[--skip-simpy-priority]``. SimPy's PriorityResource is timed once (it takes seconds).
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import simpy

from cbrnsim.engine.queueing import FastPriorityResource

CAPACITY = 100
SERVICE_MIN = 60.0
ARRIVAL_WINDOW_MIN = 100.0


def patient(env: simpy.Environment, resource: Any, priority: int, served: list[int], prioritised: bool) -> Any:
    request = resource.request(priority=priority) if prioritised else resource.request()
    with request:
        yield request
        yield env.timeout(SERVICE_MIN)
    served.append(priority)


def arrivals(env: simpy.Environment, resource: Any, priorities: np.ndarray, served: list[int],
             prioritised: bool, peak: list[int]) -> Any:
    gap_min = ARRIVAL_WINDOW_MIN / len(priorities)
    for priority in priorities.tolist():
        env.process(patient(env, resource, priority, served, prioritised))
        peak[0] = max(peak[0], len(resource.queue) if not hasattr(resource, "queue_len") else resource.queue_len)
        yield env.timeout(gap_min)


def run_once(make: Callable[[simpy.Environment], Any], prioritised: bool, n_patients: int) -> tuple[float, int, int]:
    env = simpy.Environment()
    resource = make(env)
    priorities = np.random.default_rng(20240611).integers(0, 4, size=n_patients)
    served: list[int] = []
    peak = [0]
    env.process(arrivals(env, resource, priorities, served, prioritised, peak))
    start = time.perf_counter()
    env.run()
    elapsed_s = time.perf_counter() - start
    assert len(served) == n_patients
    return elapsed_s, peak[0], len(served)


CANDIDATES: dict[str, tuple[Callable[[simpy.Environment], Any], bool]] = {
    "simpy.Resource (FIFO, no priority)": (lambda env: simpy.Resource(env, CAPACITY), False),
    "simpy.PriorityResource": (lambda env: simpy.PriorityResource(env, CAPACITY), True),
    "cbrnsim FastPriorityResource": (lambda env: FastPriorityResource(env, CAPACITY), True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-simpy-priority", action="store_true",
                        help="leave out SimPy's PriorityResource (quadratic: minutes at 100,000 patients)")
    args = parser.parse_args()
    results: dict[str, float] = {}
    for name, (make, prioritised) in CANDIDATES.items():
        if args.skip_simpy_priority and name == "simpy.PriorityResource":
            continue
        repeats = 1 if "simpy.PriorityResource" in name and args.repeat > 1 else args.repeat
        times = [run_once(make, prioritised, args.patients) for _ in range(repeats)]
        best_s = min(t for t, _, _ in times)
        results[name] = best_s
        print(f"{name:38s} best {best_s:7.3f} s  median {statistics.median(t for t, _, _ in times):7.3f} s  "
              f"peak waiting {times[0][1]:5d}  (runs: {repeats})")
    plain_s = results["simpy.Resource (FIFO, no priority)"]
    for name, seconds in results.items():
        print(f"{name:38s} {seconds / plain_s:6.2f} x plain Resource")


if __name__ == "__main__":
    main()
