"""Looking back: the exercise re-simulated to any earlier minute, for the review screen.

State is a function of (scenario, seed, journal), so the state at T+01:10 is had by replaying
the journal to T+01:10. ``Replayer`` copies the journal once into a scratch run store (in a
temporary folder, never among the runs) and replays from it: forward in time it just advances
the replayed exercise; backward it replays again from STARTEX, which the engine does quickly.
The run being reviewed is only read.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cbrnsim.exercise import Exercise, ExerciseView
from cbrnsim.runstore import RunStore

from .session import HAZARD_CELLS


class Replayer:
    """Replays one run store to chosen times (not thread-safe: use from one thread)."""

    def __init__(self, run_store: str | Path, until_min: float) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="cbrnsim-review-"))
        self._journal_copy = self._folder / "journal.db"
        with RunStore.open(run_store, read_only=True) as source:
            source.flush()
            source.branch_to(self._journal_copy, until_min).close()
        self.until_min = until_min
        """The latest time that can be reviewed (the run's clock when the review opened)."""
        self._exercise: Exercise | None = None
        self._generation = 0

    def _fresh(self, at_min: float) -> Exercise:
        if self._exercise is not None:
            self._exercise.store.close()
        self._generation += 1
        scratch = self._folder / f"replay-{self._generation}.db"
        shutil.copyfile(self._journal_copy, scratch)
        store = RunStore.open(scratch)
        store.reset_derived()
        exercise = Exercise.from_store(store, at_min)
        previous = self._folder / f"replay-{self._generation - 1}.db"
        previous.unlink(missing_ok=True)
        return exercise

    def exercise_at(self, at_min: float) -> Exercise:
        """The replayed exercise at ``at_min`` (clamped to 0 … until_min)."""
        at_min = min(max(at_min, 0.0), self.until_min)
        if self._exercise is None or at_min < self._exercise.now_min:
            self._exercise = self._fresh(at_min)
        else:
            self._exercise.advance_to(at_min)
        return self._exercise

    def view_at(self, at_min: float) -> ExerciseView:
        """The exercise view at ``at_min``."""
        return self.exercise_at(at_min).view(hazard_cells=HAZARD_CELLS)

    def close(self) -> None:
        """Close and delete the scratch files."""
        if self._exercise is not None:
            self._exercise.store.close()
            self._exercise = None
        shutil.rmtree(self._folder, ignore_errors=True)
