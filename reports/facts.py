"""Numbers the report states about a run, computed once from its events and series.

- casualty counts by state over time, rebuilt from the state-change events (so the figure and
  the text agree with the events table, whatever series the engine chose to record);
- hospital load: occupancy against capacity per hospital and bed type, from the step series;
- responder unit use per kind;
- the key times of the executive summary.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rundata import RunData, Series
from .vocabulary import (
    BED_TYPES, CASUALTY_STATES, EVENT_HOSPITAL_BEDS, EVENT_SECONDARY_CONTAMINATION, EVENT_SECONDARY_CONTAMINATION_OVER,
    EVENT_SURGE, casualty_id,
)


@dataclass(frozen=True)
class StateCounts:
    """How many casualties were in each state over time (a step function)."""

    t_min: np.ndarray
    """Times at which some count changed (ascending)."""
    counts: dict[str, np.ndarray]
    """State → count from each time in ``t_min`` until the next."""

    def at(self, state: str, t_min: float) -> int:
        """The count of a state at a time."""
        index = int(np.searchsorted(self.t_min, t_min, side="right")) - 1
        return 0 if index < 0 or state not in self.counts else int(self.counts[state][index])

    def peak(self, state: str) -> tuple[int, float]:
        """(highest count, first time it was reached) of a state; (0, 0.0) if never entered."""
        values = self.counts.get(state)
        if values is None or values.size == 0 or values.max() <= 0:
            return 0, 0.0
        index = int(values.argmax())
        return int(values[index]), float(self.t_min[index])


def state_counts(run: RunData) -> StateCounts:
    """Casualties by state over time, from the state-change events (vectorised per state)."""
    code = {state: i for i, state in enumerate(CASUALTY_STATES)}
    times: list[float] = []
    old: list[int] = []
    new: list[int] = []
    current: dict[int, int] = {}
    for event in run.events:
        state = code.get(event.kind)
        cid = casualty_id(event.entity)
        if state is None or cid is None:
            continue
        times.append(event.t_min)
        old.append(current.get(cid, -1))
        new.append(state)
        current[cid] = state
    t = np.asarray(times, dtype=float)
    old_codes, new_codes = np.asarray(old, dtype=int), np.asarray(new, dtype=int)
    grid = np.unique(t)
    position = np.searchsorted(grid, t)
    counts: dict[str, np.ndarray] = {}
    for state, i in code.items():
        delta = np.zeros(grid.size)
        np.add.at(delta, position[new_codes == i], 1.0)
        np.add.at(delta, position[old_codes == i], -1.0)
        if np.any(delta):
            counts[state] = np.cumsum(delta)
    return StateCounts(t_min=grid, counts=counts)


@dataclass(frozen=True)
class BedLoad:
    """One bed type of one hospital over the run."""

    hospital: str
    """Hospital id."""
    bed_type: str
    """ed_spaces, ward_beds, icu_beds, burn_beds or ventilators."""
    t_min: np.ndarray
    """Times of the occupancy steps."""
    occupied: np.ndarray
    """Occupied (baseline patients + incident patients; ED: + those waiting for a space)."""
    capacity: np.ndarray
    """Capacity at each time in ``t_min`` (surge and status changes included when recorded)."""

    @property
    def peak(self) -> float:
        """Highest occupancy."""
        return float(self.occupied.max()) if self.occupied.size else 0.0

    @property
    def peak_t_min(self) -> float:
        """First time of the highest occupancy."""
        return float(self.t_min[int(self.occupied.argmax())]) if self.occupied.size else 0.0

    @property
    def changed(self) -> bool:
        """Whether occupancy or capacity moved at all during the run."""
        return bool(np.ptp(self.occupied) > 0 or np.ptp(self.capacity) > 0)

    def full_intervals(self, end_min: float) -> list[tuple[float, float]]:
        """(from, to) minutes during which occupancy was at or above capacity."""
        # At or above capacity; a bed type with no beds counts only when someone needed one.
        full = (self.occupied >= self.capacity) & ((self.capacity > 0) | (self.occupied > 0))
        ends = np.append(self.t_min[1:], end_min)
        intervals: list[tuple[float, float]] = []
        for start, stop, is_full in zip(self.t_min, ends, full):
            if not is_full:
                continue
            if intervals and intervals[-1][1] == start:
                intervals[-1] = (intervals[-1][0], float(stop))
            else:
                intervals.append((float(start), float(stop)))
        return intervals

    def minutes_full(self, end_min: float) -> float:
        """How long occupancy was at or above capacity (min)."""
        return sum(stop - start for start, stop in self.full_intervals(end_min))


OCCUPANCY_SERIES = "occupancy"
"""Series of occupied beds (baseline + incident patients; ED also those waiting): key ``<hospital>.<bed type>``."""


def bed_loads(run: RunData) -> list[BedLoad]:
    """Every hospital and bed type that has capacity or occupancy, in scenario order.

    Capacity over time is rebuilt from the events that change it: surge spaces opening,
    bed changes by inject, ED spaces lost to secondary contamination and regained. (Early
    discharge frees beds by emptying them, not by adding them, so it shows in occupancy.)
    """
    occupancy = run.series.get(OCCUPANCY_SERIES, {})
    changes = capacity_changes(run)
    loads: list[BedLoad] = []
    for hospital in run.scenario.hospitals:
        for bed_type in BED_TYPES:
            key = f"{hospital.id}.{bed_type}"
            startex = float(getattr(hospital.capacity, bed_type))
            if key not in occupancy and startex == 0:
                continue
            baseline = float(getattr(hospital.baseline_occupied, bed_type))
            t, occupied = occupancy.get(key, (np.array([0.0]), np.array([baseline])))
            steps = changes.get((hospital.id, bed_type), [])
            if startex == 0 and not steps and not np.any(occupied > 0):
                continue  # a bed type this hospital does not have and nobody needed there
            t, occupied = _with_change_times(t, occupied, [when for when, _ in steps])
            capacity = startex + _cumulative(t, steps)
            loads.append(BedLoad(hospital.id, bed_type, t, occupied, capacity))
    return loads


def capacity_changes(run: RunData) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(hospital, bed type) → [(time, signed change of capacity)], from the events."""
    changes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    lost: dict[str, float] = {}
    for event in run.events_of(EVENT_SURGE, EVENT_HOSPITAL_BEDS, EVENT_SECONDARY_CONTAMINATION,
                               EVENT_SECONDARY_CONTAMINATION_OVER):
        payload = event.payload or {}
        hospital = payload.get("hospital")
        if not isinstance(hospital, str):
            continue
        deltas: dict[str, float] = {}
        if event.kind == EVENT_SURGE:
            deltas = {"ed_spaces": payload.get("extra_ed_spaces", 0), "icu_beds": payload.get("extra_icu_beds", 0)}
        elif event.kind == EVENT_HOSPITAL_BEDS:
            deltas = {bed: payload.get(bed, 0) for bed in BED_TYPES}
        elif event.kind == EVENT_SECONDARY_CONTAMINATION:
            lost[hospital] = lost.get(hospital, 0.0) + float(payload.get("ed_spaces_lost", 0) or 0)
            deltas = {"ed_spaces": -float(payload.get("ed_spaces_lost", 0) or 0)}
        else:
            deltas = {"ed_spaces": lost.pop(hospital, 0.0)}
        for bed_type, delta in deltas.items():
            if isinstance(delta, (int, float)) and delta:
                changes.setdefault((hospital, bed_type), []).append((event.t_min, float(delta)))
    return changes


def _with_change_times(t_min: np.ndarray, values: np.ndarray, extra: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """The step series with extra step times inserted (carrying the value in force)."""
    if not extra:
        return t_min, values
    times = np.union1d(t_min, np.asarray(extra, dtype=float))
    index = np.clip(np.searchsorted(t_min, times, side="right") - 1, 0, None)
    return times, values[index]


def _cumulative(t_min: np.ndarray, steps: list[tuple[float, float]]) -> np.ndarray:
    total = np.zeros(t_min.size)
    for when, delta in steps:
        total[t_min >= when] += delta
    return total


@dataclass(frozen=True)
class UnitUse:
    """How many units of one kind were busy over time."""

    kind: str
    """Unit kind: ambulance, hazmat, decon, fire_rescue, medical_team."""
    t_min: np.ndarray
    """Times of the steps."""
    busy: np.ndarray
    """Units busy from each time until the next."""
    fleet: int
    """Units of this kind at STARTEX plus mutual aid that arrived during the run."""

    def minutes_all_busy(self, end_min: float) -> float:
        """How long every unit of the fleet was busy (min)."""
        ends = np.append(self.t_min[1:], end_min)
        return float(np.sum((ends - self.t_min)[self.busy >= self.fleet])) if self.fleet else 0.0


UNITS_BUSY_SERIES = "units_busy"
"""Series of busy units: key = unit kind."""


def unit_uses(run: RunData) -> list[UnitUse]:
    """Busy units per kind, for every kind the scenario or the series has."""
    busy: Series = run.series.get(UNITS_BUSY_SERIES, {})
    fleet = _fleet(run)
    # A kind without a series was not recorded, which is not the same as never busy: leave it out.
    kinds = [kind for kind in dict.fromkeys([*fleet, *busy]) if kind in busy]
    return [UnitUse(kind, *busy.get(kind, (np.array([0.0]), np.array([0.0]))), fleet.get(kind, 0))
            for kind in kinds]


def _fleet(run: RunData) -> dict[str, int]:
    fleet: dict[str, int] = {}
    for station in run.scenario.responders.stations:
        for kind in ("ambulance", "hazmat", "decon", "fire_rescue", "medical_team"):
            pool = getattr(station, kind, None)
            if pool is not None:
                fleet[kind] = fleet.get(kind, 0) + int(pool.count)
    for event in run.events_of("units_arrive"):
        payload = event.payload or {}
        kind, count = payload.get("kind"), payload.get("count")
        if isinstance(kind, str) and isinstance(count, (int, float)):
            fleet[kind] = fleet.get(kind, 0) + int(count)
    return fleet

