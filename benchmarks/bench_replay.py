"""Replay speed and journal cost: what resume, branch and `cbrnsim replay` cost a controller.

Workloads:

1. the default scenario (metro-sarin, 8 h) run headless with its MSEL, then replayed;
2. a 72-hour scenario with about 10,000 casualties — the chlorine rail-tanker scenario
   lengthened to 72 h with every population zone ``--population-factor`` times fuller, so that
   about 10,000 people are affected — run, then replayed (issue 4 target: under 2 s);
3. the cost of one journaled controller action: ``Exercise.note`` (check, append + fsync, apply)
   and ``Exercise.apply`` of a message inject, and the bare ``RunStore.append_journal``.

Replay time is from reading the run store to the model standing at the end time with every
event and series row recorded (``ReplayResult.wall_time_s``, wall clock), best of ``--repeat``
runs; the same span is also given in CPU time (``time.process_time``, less sensitive to other
work on the machine), and the CPU time of the whole ``replay_run`` including both content digests
(what ``cbrnsim replay`` costs). Headless runs are timed in CPU time.

Run: ``/tmp/venv/bin/python benchmarks/bench_replay.py [--seed N] [--repeat N] [--population-factor F]``.

Recorded figures: see benchmarks/README.md, "Engine and replay" (before/after, with the load
caveats). In short, chlorine rail ×8.5 population, 72 h, 13,009 exposed: replay 2.2 s (was 6.4 s
on the same machine, 10.5 s first recorded), 76,620 events (was 285,909); digests identical.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cbrnsim.data import default_scenario, scenarios_dir
from cbrnsim.exercise import Exercise, replay_run
from cbrnsim.exercise.exercise import scenario_of
from cbrnsim.runstore import RunStore
from cbrnsim.scenario import MessageInject, Scenario, load_scenario, load_scenario_text


def long_scenario(base: Scenario, duration_min: float, population_factor: float) -> Scenario:
    """The base scenario over ``duration_min`` with every population zone ``population_factor`` times fuller."""
    def scaled(value: int | None) -> int | None:
        return None if value is None else round(value * population_factor)
    zones = tuple(zone.model_copy(update={"count": scaled(zone.count), "count_day": scaled(zone.count_day),
                                          "count_night": scaled(zone.count_night)})
                  for zone in base.population)
    scenario = base.model_copy(update={"metadata": base.metadata.model_copy(update={"duration_min": duration_min}),
                                       "population": zones})
    # Round-trip through the loader so the run store holds a scenario that validates as it is.
    return load_scenario_text(scenario.canonical_json(), "bench-72h.json")


def replay_cpu_s(run_db: Path, out: Path) -> float:
    """CPU time of the replay proper (what ``ReplayResult.wall_time_s`` times: building the model
    from the store and re-simulating, with every row written), without the two digests."""
    with RunStore.open(run_db, read_only=True) as original:
        scenario, until = scenario_of(original, None), float(original.summary()["until_min"])
        store = original.branch_to(out, until)
    start = time.process_time()
    exercise = Exercise.from_store(store, until, scenario=scenario)
    seconds = time.process_time() - start
    exercise.close()
    return seconds


def run_and_replay(scenario: Scenario, seed: int, folder: Path, name: str, repeat: int) -> dict[str, float]:
    start = time.process_time()
    with Exercise(scenario, seed, out=folder / f"{name}.db", auto_deliver_msel=True) as exercise:
        exercise.advance_to(scenario.end_min)
        summary = exercise.summary()
    run_s = time.process_time() - start
    best, best_cpu, best_total, matches = float("inf"), float("inf"), float("inf"), True
    for i in range(repeat):
        start = time.process_time()
        result = replay_run(folder / f"{name}.db", out=folder / f"{name}-replay-{i}.db")
        best_total = min(best_total, time.process_time() - start)
        best = min(best, result.wall_time_s)
        matches = matches and bool(result.matches)
        best_cpu = min(best_cpu, replay_cpu_s(folder / f"{name}.db", folder / f"{name}-cpu-{i}.db"))
    return {"exposed": summary["exposed"], "events": summary["events"], "run_s": run_s, "replay_s": best,
            "replay_cpu_s": best_cpu, "replay_run_cpu_s": best_total,
            "matches": float(matches), "journal": summary["journal_entries"]}


def journal_costs(folder: Path, n: int) -> dict[str, float]:
    scenario = load_scenario(default_scenario())
    exercise = Exercise(scenario, 1, out=folder / "journal.db")
    exercise.advance_to(10)
    start = time.perf_counter()
    for i in range(n):
        exercise.note(f"note {i}")
    note_ms = (time.perf_counter() - start) / n * 1000
    start = time.perf_counter()
    for i in range(n):
        exercise.apply(MessageInject(time_min=10, content=f"message {i}"))
    apply_ms = (time.perf_counter() - start) / n * 1000
    exercise.close()
    store = RunStore.create(folder / "bare.db", "x: 1", None, seed=1)
    start = time.perf_counter()
    for i in range(n):
        store.append_journal("note", {"inject": {"type": "note", "content": str(i)}}, at_min=10.0)
    bare_ms = (time.perf_counter() - start) / n * 1000
    store.close()
    return {"note_ms": note_ms, "apply_ms": apply_ms, "bare_append_ms": bare_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--population-factor", type=float, default=8.5)
    parser.add_argument("--appends", type=int, default=200)
    args = parser.parse_args()
    base = load_scenario(default_scenario())
    rail = load_scenario(scenarios_dir() / "chlorine-rail.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, scenario in (("default scenario (8 h)", base),
                                ("chlorine rail, 72 h", long_scenario(rail, 72 * 60, args.population_factor))):
            r = run_and_replay(scenario, args.seed, folder, label.split()[0], args.repeat)
            print(f"{label:<24} exposed {r['exposed']:>7,.0f}  events {r['events']:>9,.0f}  "
                  f"journal {r['journal']:>3.0f}  run CPU {r['run_s']:5.2f} s  replay wall {r['replay_s']:5.2f} s, "
                  f"CPU {r['replay_cpu_s']:5.2f} s; replay_run with both digests CPU {r['replay_run_cpu_s']:5.2f} s  "
                  f"digest {'identical' if r['matches'] else 'DIFFERENT'}")
        costs = journal_costs(folder, args.appends)
        print(f"journal: Exercise.note {costs['note_ms']:.2f} ms, Exercise.apply(message) {costs['apply_ms']:.2f} ms, "
              f"RunStore.append_journal {costs['bare_append_ms']:.2f} ms per entry (fsync included)")


if __name__ == "__main__":
    main()
