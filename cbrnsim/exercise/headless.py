"""The work behind ``cbrnsim run`` and ``cbrnsim replay``: every bad input becomes one-line errors.

``run``: load the scenario, start an exercise that delivers the MSEL at its times, journal the
injects of ``--injects FILE.yaml`` up front (each takes effect at its ``time_min``), run to
``--until`` (default: the scenario's duration), write the summary into the run store.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..runstore import RunStoreError
from ..scenario import ScenarioError, format_time_min, load_scenario, parse_time_min
from .exercise import Exercise, ModelFactory
from .injects import InjectError, load_injects_file
from .journal import JournalError
from .replay import ReplayResult, replay_run
from .timeline import ReplayError


class CommandError(Exception):
    """Bad input to a command; ``lines`` are printed on stderr, one problem each."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What a headless run produced."""

    summary: dict[str, Any]
    """The summary object (as ``--json`` prints it)."""
    wall_time_s: float
    """Wall-clock time of the run (s)."""
    marking: str
    """The scenario's handling marking."""


def parse_until(text: str | None) -> float | None:
    """``--until`` as minutes: ``90``, ``90.5`` or ``T+01:30`` (CommandError otherwise)."""
    if text is None:
        return None
    try:
        value = float(parse_time_min(text))
    except (TypeError, ValueError) as error:
        raise CommandError([f"--until: {error}"]) from None
    if not 0 <= value < float("inf"):
        raise CommandError([f"--until: must be a time of 0 minutes or more, got {text!r}"])
    return value


def run_headless(scenario_path: str | os.PathLike[str], *, seed: int = 0, until: str | None = None,
                 injects_path: str | os.PathLike[str] | None = None, out: str | os.PathLike[str] | None = None,
                 model_factory: ModelFactory | None = None) -> RunOutcome:
    """Run a scenario without a front end; raise CommandError for any bad input."""
    if seed < 0:
        raise CommandError([f"--seed: must be a non-negative integer, got {seed}"])
    until_min = parse_until(until)
    try:
        scenario = load_scenario(scenario_path)
        injects = load_injects_file(injects_path, scenario) if injects_path is not None else []
    except ScenarioError as error:
        raise CommandError([str(issue) for issue in error.issues]) from None
    except InjectError as error:
        raise CommandError(error.issues) from None
    if out is not None and Path(out).exists():
        raise CommandError([f"{out}: already exists; a run store is never overwritten (choose another --out)"])
    start = time.perf_counter()
    try:
        exercise = Exercise(scenario, seed, out=out, auto_deliver_msel=True, model_factory=model_factory)
    except (RunStoreError, OSError) as error:
        raise CommandError([str(error)]) from None
    for inject in injects:
        exercise.apply(inject, author="injects file")
    exercise.advance_to(scenario.end_min if until_min is None else until_min)
    summary = exercise.summary()
    exercise.close()
    return RunOutcome(summary, time.perf_counter() - start, scenario.metadata.handling_marking)


def replay_checked(run_db: str | os.PathLike[str], *, until: str | None = None,
                   out: str | os.PathLike[str] | None = None,
                   model_factory: ModelFactory | None = None) -> ReplayResult:
    """Replay a run store; raise CommandError for a bad file, journal or scenario."""
    until_min = parse_until(until)
    if out is not None and Path(out).exists():
        raise CommandError([f"{out}: already exists; a run store is never overwritten (choose another --out)"])
    try:
        return replay_run(run_db, until_min=until_min, out=out, model_factory=model_factory)
    except ScenarioError as error:
        raise CommandError([f"{run_db}: the stored scenario no longer validates:"]
                           + [str(issue) for issue in error.issues]) from None
    except (RunStoreError, JournalError, ReplayError, OSError) as error:
        raise CommandError([str(error)]) from None


def replay_report(result: ReplayResult) -> tuple[list[str], bool]:
    """Lines describing a replay, and whether it is a failure (digests differ)."""
    lines = [f"replayed {result.original}: {result.journal_entries} journal entries to "
             f"{format_time_min(result.until_min)}, {result.events:,} model events in {result.wall_time_s:.2f} s",
             f"new run store {result.replay}"]
    if result.matches is True:
        lines.append(f"digest {result.replay_digest[:16]}… identical to the original: the run is reproduced")
    elif result.matches is False:
        lines.append(f"digest {result.replay_digest[:16]}… DIFFERS from the original's "
                     f"{result.original_digest[:16]}…: the replay did not reproduce the run")
    elif result.original_until_min is None:
        lines.append("digests not compared: the original has no summary (it did not finish; "
                     "use 'cbrnsim tui --resume' or Exercise.resume to continue it)")
    else:
        lines.append(f"digests not compared: the original ran to {format_time_min(result.original_until_min)}")
    return lines, result.matches is False
