"""Care-engine benchmarks: cost per event against bare SimPy, a 72-hour 10,000-casualty run, and
the hospital surge queue against a plain SimPy Resource.

Workloads (all seeded, so the event counts are fixed):

1. ``72h-10k``: metro-sarin's responders and hospitals, duration 72 h, and 10,000 synthetic
   casualties emitted over the first hour (severity 1/2/3/4 in 60/25/10/5 %, 70 % walking,
   50 % contaminated, lethal ones with a 5–60 min clock) plus 20,000 worried well over 6 h. The
   exposure model is replaced by a seeded emitter so that the figure is the care engine's own
   (the exposure model has its own benchmark). Recorded into ``MemoryRecorder`` (what a RunStore
   buffers) and into ``NullRecorder`` (model alone).
2. ``bare SimPy``: the same number of events as workload 1, as timeouts in 1,000 processes
   driven by an ``env.step()`` loop (benchmarks/bench_simpy_baseline.py's workload) — the cost
   per event the engine is compared with (target ≤ 1.5×).
3. ``surge queue``: 10,000 patients reach an ED of 100 spaces within 100 min (about 9,900 wait),
   each stays 60 min; HospitalModel's ED (FastPriorityResource, priority by triage) against
   ``simpy.Resource`` (FIFO) — target ≤ 2×.

Every figure is CPU time (``time.process_time``), best of ``--repeat``; the engine and bare SimPy
runs alternate so the ratio compares the two under the same load.

Run: ``/tmp/venv/bin/python benchmarks/bench_engine.py [--repeat N]``. Figures are recorded in
benchmarks/README.md ("Engine and replay") and summarised in docs/models-engine.md ("Performance").
"""
from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np
import simpy

from cbrnsim.engine.exposure_specs import CasualtySpec, WorriedWellSpec
from cbrnsim.engine.hospitals import HospitalModel
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder, NullRecorder
from cbrnsim.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "metro-sarin.yaml"


@functools.lru_cache(maxsize=None)
def synthetic_specs(n: int = 10_000, worried: int = 20_000) -> tuple[tuple[CasualtySpec, ...], tuple[WorriedWellSpec, ...]]:
    """The seeded casualties and worried well of workload 1 (built once, outside the timings)."""
    rng = np.random.default_rng(20240611)
    onset = np.sort(rng.uniform(5, 65, n))
    severity = rng.choice([1, 2, 3, 4], size=n, p=[0.60, 0.25, 0.10, 0.05])
    walking = (rng.random(n) < 0.7) & (severity <= 2)
    dirty = rng.random(n) < 0.5
    clock = rng.uniform(5, 60, n)
    x, y = rng.normal(0, 300, n), rng.normal(0, 300, n)
    specs = tuple(CasualtySpec(int(i), "centraal", float(x[i]), float(y[i]), float(onset[i]) - 1, float(onset[i]),
                               int(severity[i]), "toxic", bool(dirty[i]), bool(walking[i]),
                               float(clock[i]) if severity[i] == 4 else None, "sarin", 0.0, "test")
                  for i in range(n))
    depart = np.sort(rng.uniform(30, 360, worried))
    wx, wy = rng.uniform(-6000, 6000, worried), rng.uniform(-6000, 6000, worried)
    people = tuple(WorriedWellSpec(int(i), float(wx[i]), float(wy[i]), float(depart[i])) for i in range(worried))
    return specs, people


class SyntheticExposure:
    """Seeded stand-in for the exposure model: emits prepared specs at their times."""

    def __init__(self, scenario: Any, streams: Any, env: simpy.Environment, on_casualty: Any, on_worried_well: Any,
                 library: Any = None) -> None:
        self.env, self.on_casualty, self.on_worried_well = env, on_casualty, on_worried_well
        self.specs, self.worried = synthetic_specs()
        self.exposed_count = len(self.specs)

    def start(self) -> None:
        self.env.process(self._emit(self.specs, self.on_casualty, "exposed_min"))
        self.env.process(self._emit(self.worried, self.on_worried_well, "depart_min"))

    def _emit(self, items: list[Any], callback: Any, field: str) -> Generator[simpy.Event, Any, None]:
        for item in items:
            at = getattr(item, field)
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            callback(item)

    def apply_effect(self, effect: Any) -> bool:
        return False

    def dispense(self, zone: str, served_fraction: float, start_min: float) -> list[int]:
        return []


def run_72h(recorder: Any) -> tuple[float, int, Model]:
    """(CPU seconds, SimPy events, model) of workload 1: building the model and running 72 h."""
    base = load_scenario(SCENARIO)
    scenario = base.model_copy(update={"metadata": base.metadata.model_copy(update={"duration_min": 72 * 60.0})})
    synthetic_specs()
    start = time.process_time()
    model = Model(scenario, 42, recorder, exposure_factory=SyntheticExposure)
    model.run_until(scenario.end_min)
    return time.process_time() - start, model.events_processed, model


def bare_simpy(n_events: int) -> float:
    processes = 1_000
    per = max(1, n_events // processes - 2)
    env = simpy.Environment()
    delays = np.random.default_rng(20240611).exponential(5.0, size=(processes, per))

    def worker(row: list[float]) -> Generator[simpy.Event, Any, None]:
        for d in row:
            yield env.timeout(d)

    for row in delays.tolist():
        env.process(worker(row))
    step, count = env.step, 0
    start = time.process_time()
    try:
        while True:
            step()
            count += 1
    except simpy.core.EmptySchedule:
        pass
    return (time.process_time() - start) / count


def surge_queue(kind: str) -> float:
    env = simpy.Environment()
    hospital_spec = load_scenario(SCENARIO).hospitals[0]
    if kind == "fast":
        hospital = HospitalModel(env, hospital_spec, lambda k, p: None)
        hospital.beds["ed_spaces"].set_capacity(100)
        make = lambda i: hospital.request_bed("ed_spaces", i % 4)  # noqa: E731
        release = hospital.beds["ed_spaces"].release
    else:
        resource = simpy.Resource(env, 100)
        make = lambda i: resource.request()  # noqa: E731
        release = resource.release

    def patient(i: int) -> Generator[simpy.Event, Any, None]:
        yield env.timeout(i * 0.01)
        request = make(i)
        yield request
        yield env.timeout(60.0)
        release(request)

    for i in range(10_000):
        env.process(patient(i))
    start = time.process_time()
    env.run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of N for every timing")
    args = parser.parse_args()
    # Engine and bare SimPy interleaved, so that both see the same machine load (best of N each).
    runs, bares = [], []
    for _ in range(args.repeat):
        runs.append(run_72h(NullRecorder()))
        bares.append(bare_simpy(runs[-1][1]))
    seconds, events, model = min(runs, key=lambda r: r[0])
    bare = min(bares)
    memory = min(run_72h(MemoryRecorder())[0] for _ in range(args.repeat))
    out = model.outcome()
    print(f"72h-10k: {events:,} events; CPU NullRecorder {seconds:.3f} s, MemoryRecorder {memory:.3f} s "
          f"(target < 2 s); {seconds / events * 1e6:.2f} us/event")
    print(f"  deaths {out['deaths']}, admissions {out['admissions']}, worried well {out['worried_well']}")
    print(f"bare SimPy (same minutes): {bare * 1e6:.2f} us/event; engine/bare = {seconds / events / bare:.2f}x "
          f"(target <= 1.5x)")
    fast = min(surge_queue("fast") for _ in range(args.repeat))
    plain = min(surge_queue("plain") for _ in range(args.repeat))
    print(f"surge queue: HospitalModel ED {fast:.3f} s, simpy.Resource {plain:.3f} s, ratio {fast / plain:.2f}x "
          f"(target <= 2x)")


if __name__ == "__main__":
    main()
