"""Bare SimPy throughput: the per-event baseline the engine's cost per event is compared with.

Workload: 1,000 processes, each waiting on 200 timeouts of random length (a seeded generator),
so about 202,000 events (1,000 initialisations + 200,000 timeouts + 1,000 process ends).
Two ways of driving the clock are timed:

- ``env.run()`` — SimPy's own loop;
- ``env.step()`` in a Python loop that counts events — what an engine that reports "events
  processed" or stops at a wall-clock budget does, and the fair baseline for it.

Run: ``/tmp/venv/bin/python benchmarks/bench_simpy_baseline.py [--processes N] [--timeouts M]``.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy


def worker(env: simpy.Environment, delays_min: list[float]) -> Generator[simpy.Event, Any, None]:
    for delay_min in delays_min:
        yield env.timeout(delay_min)


def build(n_processes: int, n_timeouts: int) -> simpy.Environment:
    env = simpy.Environment()
    delays_min = np.random.default_rng(20240611).exponential(5.0, size=(n_processes, n_timeouts))
    for row in delays_min.tolist():
        env.process(worker(env, row))
    return env


def time_run(n_processes: int, n_timeouts: int) -> float:
    env = build(n_processes, n_timeouts)
    start = time.perf_counter()
    env.run()
    return time.perf_counter() - start


def time_step_loop(n_processes: int, n_timeouts: int) -> tuple[float, int]:
    env = build(n_processes, n_timeouts)
    step = env.step
    events = 0
    start = time.perf_counter()
    try:
        while True:
            step()
            events += 1
    except simpy.core.EmptySchedule:
        pass
    return time.perf_counter() - start, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1_000)
    parser.add_argument("--timeouts", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _, n_events = time_step_loop(args.processes, args.timeouts)
    run_s = min(time_run(args.processes, args.timeouts) for _ in range(args.repeat))
    step_s = min(time_step_loop(args.processes, args.timeouts)[0] for _ in range(args.repeat))
    print(f"events per run: {n_events:,}")
    print(f"env.run():        best {run_s:.3f} s  {n_events / run_s / 1e6:.2f} M events/s  "
          f"{run_s / n_events * 1e6:.2f} us/event")
    print(f"env.step() loop:  best {step_s:.3f} s  {n_events / step_s / 1e6:.2f} M events/s  "
          f"{step_s / n_events * 1e6:.2f} us/event")


if __name__ == "__main__":
    main()
