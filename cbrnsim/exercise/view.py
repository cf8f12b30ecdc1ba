"""``ExerciseView``: one immutable snapshot of a running exercise, for front ends.

A view never changes after it is made and never reaches back into the model, so the TUI can
hold it while the clock moves on and a report can compare two of them. It holds:

- the clock: T+hh:mm and the scenario's local wall-clock time, paused / speed;
- ``model``: the engine's frozen ``ModelState`` (counts by casualty state and triage category,
  per-hospital occupancy by bed type and status, stocks, units with status and position);
- ``hazard``: the hazard field now on a small grid over the map (value and unit per cell);
- the MSEL with each inject's status and delivered time; objectives measured so far with the
  proposed (and evaluator's) rating; the journal size and entries scheduled for later.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..engine.state import HospitalState, ModelState, UnitState
from ..objectives import ObjectiveResult
from ..scenario import format_time_min
from .journal import Entry
from .msel import MselItem

if TYPE_CHECKING:
    from .exercise import Exercise


@dataclass(frozen=True, slots=True)
class Clock:
    """Where the exercise clock stands."""

    now_min: float
    """Simulation time, minutes since STARTEX."""
    label: str
    """``T+hh:mm``."""
    wall_clock: dt.datetime
    """Local date-time in the scenario's time zone (time-zone aware)."""
    wall_clock_label: str
    """``HH:MM TZ`` local time, e.g. ``08:05 CET``."""
    end_min: float
    """When the exercise ends (min since STARTEX)."""
    paused: bool
    """Whether a controller paused the clock (front-end state)."""
    speed: float
    """Clock speed, simulated seconds per wall-clock second (front-end state)."""


@dataclass(frozen=True, slots=True)
class HazardGrid:
    """The hazard field at one time on a regular grid: ``values[iy, ix]`` at (``x_m[ix]``, ``y_m[iy]``)."""

    time_min: float
    """When the field was evaluated (min since STARTEX)."""
    x_m: NDArray[np.float64]
    """Cell-centre eastings, ascending (m); read-only."""
    y_m: NDArray[np.float64]
    """Cell-centre northings, ascending (m); read-only."""
    values: NDArray[np.float64]
    """Field value per cell, shape (len(y_m), len(x_m)); read-only."""
    unit: str
    """Unit of ``values`` (the exposure model says, e.g. ``mg/m3``)."""

    def at(self, x_m: float, y_m: float) -> float:
        """The value of the cell nearest to a point."""
        ix = int(np.abs(self.x_m - x_m).argmin())
        iy = int(np.abs(self.y_m - y_m).argmin())
        return float(self.values[iy, ix])

    @property
    def peak(self) -> float:
        """Highest value on the grid."""
        return float(self.values.max()) if self.values.size else 0.0


@dataclass(frozen=True, slots=True)
class ExerciseView:
    """A snapshot of the exercise (module docstring)."""

    title: str
    """Exercise title."""
    marking: str
    """Handling marking to show on every screen, e.g. 'EXERCISE — FOR TRAINING ONLY'."""
    clock: Clock
    """The clock."""
    model: ModelState
    """The engine's frozen ``ModelState`` at this time: counts, hospitals, units, queues, key times."""
    hazard: HazardGrid | None
    """The hazard field now, or None when not asked for (or no hazard is modelled yet)."""
    msel: tuple[MselItem, ...]
    """Every MSEL inject with its status, in delivery order."""
    objectives: tuple[ObjectiveResult, ...]
    """Every objective measured so far, with the proposed and evaluator ratings."""
    journal_entries: int
    """Committed journal entries so far."""
    scheduled: tuple[Entry, ...]
    """Journal entries that take effect later, in the order they will be applied."""
    events_processed: int
    """Model events processed so far."""
    run_store: str
    """Path of the run store."""

    @property
    def by_state(self) -> Mapping[str, int]:
        """Casualties per state (every state, zeros included)."""
        return self.model.by_state

    @property
    def by_triage(self) -> Mapping[str, int]:
        """Triaged casualties per assigned category (immediate, delayed, minor, expectant)."""
        return self.model.by_category

    @property
    def hospitals(self) -> tuple[HospitalState, ...]:
        """Every hospital: status, occupancy and capacity by bed type, queues, stock."""
        return self.model.hospitals

    @property
    def units(self) -> tuple[UnitState, ...]:
        """Every responder unit: status, position, task."""
        return self.model.units

    @property
    def stocks(self) -> dict[str, Mapping[str, int]]:
        """Antidote and prophylaxis stock per hospital id (doses)."""
        return {hospital.id: hospital.stock for hospital in self.model.hospitals}

    def msel_with(self, status: str) -> tuple[MselItem, ...]:
        """The MSEL injects with one status: 'pending', 'due', 'delivered' or 'skipped'."""
        return tuple(item for item in self.msel if item.status == status)

    @property
    def msel_due(self) -> tuple[MselItem, ...]:
        """Injects whose time has come and that are neither delivered nor skipped."""
        return self.msel_with("due")


def _read_only(array: NDArray[np.float64]) -> NDArray[np.float64]:
    array = np.array(array, dtype=np.float64)
    array.setflags(write=False)
    return array


def hazard_grid(exercise: Exercise, cells: int) -> HazardGrid | None:
    """The model's hazard field now on a ``cells`` × ``cells`` grid over the map bounds.

    The field comes from the engine's exposure model (``Model.exposure.hazard_field``); a model
    without one (a test double) has no hazard grid.
    """
    field = getattr(getattr(exercise.model, "exposure", None), "hazard_field", None)
    if cells <= 0 or field is None:
        return None
    bounds = exercise.scenario.geography.bounds
    x_m = np.linspace(bounds.x_min_m, bounds.x_max_m, cells)
    y_m = np.linspace(bounds.y_min_m, bounds.y_max_m, cells)
    grid_x, grid_y = np.meshgrid(x_m, y_m)
    values, unit = field(grid_x.ravel(), grid_y.ravel())
    return HazardGrid(exercise.now_min, _read_only(x_m), _read_only(y_m),
                      _read_only(np.asarray(values).reshape(grid_x.shape)), unit)


def build_view(exercise: Exercise, hazard_cells: int) -> ExerciseView:
    """Take the snapshot."""
    scenario, now = exercise.scenario, exercise.now_min
    local = scenario.wall_clock(now)
    clock = Clock(now, format_time_min(now), local, f"{local:%H:%M} {local.tzname()}", scenario.end_min,
                  exercise.paused, exercise.speed)
    return ExerciseView(
        title=scenario.metadata.title, marking=scenario.metadata.handling_marking, clock=clock,
        model=exercise.model.state(), hazard=hazard_grid(exercise, hazard_cells), msel=exercise.msel(),
        objectives=exercise.objectives(), journal_entries=len(exercise.journal()),
        scheduled=exercise.pending_entries(), events_processed=exercise.events_processed,
        run_store=str(exercise.store.path))
