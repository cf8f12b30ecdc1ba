"""Replay: re-simulate a run from its scenario, seed and journal into a new run store.

The new store gets the original's scenario text, seed and the journal entries that take effect
by ``until_min`` (wall-clock times and authors kept; its meta names the original as
``parent_run`` with ``branch_at_min`` = the replay time). When the original was run to the same
time (its stored summary says so), the two content digests must be equal — the determinism
check of the central principle. A mismatch means a bug: a draw that is not per-entity, an
ordering that depends on something outside the journal, or a changed model.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..agentlib import AgentLibrary
from ..runstore import RunStore
from .exercise import Exercise, ModelFactory, scenario_of
from .paths import replay_path


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What a replay produced and whether it matches the original."""

    original: Path
    """The run store replayed."""
    replay: Path
    """The new run store written."""
    until_min: float
    """Simulation time the replay ran to (min since STARTEX)."""
    original_until_min: float | None
    """Time the original ran to, from its stored summary; None if it has none (did not finish)."""
    journal_entries: int
    """Journal entries replayed."""
    events: int
    """Model events processed by the replay."""
    wall_time_s: float
    """Wall-clock time of building the model and replaying (s)."""
    original_digest: str
    """Content digest of the original's events and series."""
    replay_digest: str
    """Content digest of the replay's events and series."""

    @property
    def compared(self) -> bool:
        """Whether the digests are comparable: the original ran to the same time."""
        return self.original_until_min is not None and self.original_until_min == self.until_min

    @property
    def matches(self) -> bool | None:
        """True / False when comparable, None otherwise."""
        return self.original_digest == self.replay_digest if self.compared else None


def replay_run(run_db: str | os.PathLike[str], *, until_min: float | None = None,
               out: str | os.PathLike[str] | None = None, library: AgentLibrary | None = None,
               model_factory: ModelFactory | None = None) -> ReplayResult:
    """Re-simulate ``run_db`` to ``until_min`` (default: as far as the original ran, else the scenario's end)."""
    with RunStore.open(run_db, read_only=True) as original:
        scenario = scenario_of(original, library)
        stored = original.summary()
        original_until = float(stored["until_min"]) if stored and stored.get("until_min") is not None else None
        until = until_min if until_min is not None else original_until if original_until is not None \
            else scenario.end_min
        original_digest = original.content_digest()
        store = original.branch_to(Path(out) if out is not None else replay_path(original.path), until)
    start = time.perf_counter()
    exercise = Exercise.from_store(store, until, library=library, model_factory=model_factory, scenario=scenario)
    wall_time_s = time.perf_counter() - start
    result = ReplayResult(original=Path(run_db), replay=store.path, until_min=until, original_until_min=original_until,
                          journal_entries=len(exercise.journal()), events=exercise.events_processed,
                          wall_time_s=wall_time_s, original_digest=original_digest,
                          replay_digest=store.content_digest())
    exercise.close()
    return result
