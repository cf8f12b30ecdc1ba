"""One run store read into memory, checked, for the report builder.

A report reads everything once: meta (scenario text, seed, versions, branch origin), the
scenario re-validated from the stored text, the journal decoded into controller actions, the
events, the step series and the summary. Anything wrong with the file becomes a one-line
``ReportError`` naming the file; nothing here raises a traceback at a user.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from cbrnsim.exercise.journal import Entry, JournalError, decode
from cbrnsim.runstore import Event, JournalEntry, RunStore, RunStoreError
from cbrnsim.scenario import Scenario, ScenarioError, load_scenario_text

Series = dict[str, tuple[np.ndarray, np.ndarray]]
"""One time series: ``{key: (t_min array, value array)}`` (step series: a row when the value changes)."""


class ReportError(Exception):
    """A report cannot be made; the message is one line for the user."""


@dataclass(frozen=True)
class RunData:
    """Everything a report needs from one run store (read-only, in memory)."""

    path: Path
    """The run store file."""
    meta: dict[str, str]
    """Every meta entry (scenario text, hash, seed, versions, parent_run, branch_at_min)."""
    scenario: Scenario
    """The scenario as it was when the run started (re-validated from the stored text)."""
    journal: tuple[JournalEntry, ...]
    """The raw journal rows, in commit order."""
    entries: tuple[Entry, ...]
    """The journal rows this cbrnsim can decode, as controller actions."""
    undecodable: tuple[str, ...]
    """One line per journal row that could not be decoded (shown in the report, never hidden)."""
    events: tuple[Event, ...]
    """Every model event, in recording order."""
    series: dict[str, Series] = field(default_factory=dict)
    """Every time series by name."""
    kpis: dict[str, float | None] = field(default_factory=dict)
    """The run's named KPIs."""
    summary: dict[str, Any] = field(default_factory=dict)
    """The run's final summary object (``cbrnsim run --json``)."""
    caveats: tuple[str, ...] = ()
    """Things the reader must know about how the data was obtained (e.g. recomputed by replay)."""

    @property
    def seed(self) -> int:
        """The exercise seed."""
        return int(self.meta.get("seed", "0"))

    @property
    def scenario_sha256(self) -> str:
        """sha256 of the stored scenario text."""
        return self.meta.get("scenario_sha256", "")

    @property
    def label(self) -> str:
        """A short name for the run: the file stem."""
        return self.path.stem

    @property
    def branch_at_min(self) -> float | None:
        """For a branch, the simulation minute it left its parent; None otherwise."""
        value = self.meta.get("branch_at_min")
        return None if value is None else float(value)

    @property
    def end_min(self) -> float:
        """How far the run went: the summary's ``until_min``, else the last event or series time."""
        until = self.summary.get("until_min")
        if isinstance(until, (int, float)):
            return float(until)
        times = [event.t_min for event in self.events[-1:]]
        times += [float(t[-1]) for series in self.series.values() for t, _ in series.values() if len(t)]
        return max(times, default=0.0)

    def events_of(self, *kinds: str) -> list[Event]:
        """The events of the given kinds, in order."""
        wanted = set(kinds)
        return [event for event in self.events if event.kind in wanted]

    def first_time(self, *kinds: str) -> float | None:
        """The time of the first event of any of these kinds, or None."""
        return next((event.t_min for event in self.events if event.kind in kinds), None)


def load_run(path: str | Path) -> RunData:
    """Read and check one run store (raises ReportError with one line)."""
    path = Path(path)
    try:
        with RunStore.open(path, read_only=True) as store:
            meta = store.meta()
            journal = tuple(store.journal())
            events = tuple(store.events())
            series = {name: store.series_arrays(name) for name in store.series_names()}
            kpis = store.kpis()
            summary = store.summary() or {}
    except RunStoreError as error:
        raise ReportError(_one_line(str(error))) from None
    except (OSError, ValueError, json.JSONDecodeError) as error:
        raise ReportError(f"{path}: cannot read the run store: {_one_line(str(error))}") from None
    scenario = _scenario(path, meta)
    entries, undecodable = _decode_journal(journal)
    run = RunData(path=path, meta=meta, scenario=scenario, journal=journal, entries=entries,
                  undecodable=undecodable, events=events, series=series, kpis=kpis, summary=summary)
    return run if summary else _completed_by_replay(run)


def _completed_by_replay(run: RunData) -> RunData:
    """A run without a summary (a live or interrupted session) re-simulated, in a temporary file,
    to the last time it reached; the events, series and summary come from the replay, which the
    central principle makes identical to what the session produced."""
    from cbrnsim.exercise import ReplayError, replay_run

    reached = max([run.end_min, *(row.at_min for row in run.journal)])
    with tempfile.TemporaryDirectory(prefix="cbrnsim-report-") as folder:
        try:
            result = replay_run(run.path, until_min=reached, out=Path(folder) / "replay.db")
            with RunStore.open(result.replay, read_only=True) as store:
                events = tuple(store.events())
                series = {name: store.series_arrays(name) for name in store.series_names()}
                kpis, summary = store.kpis(), store.summary() or {}
        except (ReplayError, RunStoreError, OSError, ValueError, KeyError) as error:
            raise ReportError(f"{run.path}: the run has no summary and could not be replayed: "
                              f"{_one_line(str(error))}") from None
    caveat = (f"The run store held no summary (the session had not been closed), so the run was replayed from "
              f"its scenario, seed and journal to {reached:g} min to obtain the numbers in this report.")
    return replace(run, events=events, series=series, kpis=kpis, summary=summary, caveats=(*run.caveats, caveat))


def _scenario(path: Path, meta: dict[str, str]) -> Scenario:
    text = meta.get("scenario_text")
    if not text:
        raise ReportError(f"{path}: the run store holds no scenario text")
    try:
        return load_scenario_text(text, file=f"{path}:scenario")
    except ScenarioError as error:
        first = str(error.issues[0]) if error.issues else "invalid"
        raise ReportError(f"{path}: the stored scenario no longer validates: {_one_line(first)}") from None


def _decode_journal(journal: tuple[JournalEntry, ...]) -> tuple[tuple[Entry, ...], tuple[str, ...]]:
    entries: list[Entry] = []
    problems: list[str] = []
    for row in journal:
        try:
            entries.append(decode(row))
        except (JournalError, ValueError) as error:
            problems.append(_one_line(str(error)))
    return tuple(entries), tuple(problems)


def _one_line(text: str) -> str:
    return " ".join(text.split())
