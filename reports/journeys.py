"""Casualty journeys: each casualty's path through the system, rebuilt from the events table.

Every change of a casualty's state is one event (kind = the new state). From them the report
gets, per casualty, the first time each state was entered, the triage category, the receiving
hospital and, for the dead, the state they died in — the raw material of time-to-treatment
figures and of the root-cause analysis ("12 immediates waited over 30 min for transport").
Arrays are indexed by casualty in ascending id order.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cbrnsim.runstore import Event

from .vocabulary import CASUALTY_STATES, HOSPITAL_STATES, PREHOSPITAL_STATES, TRIAGE_CATEGORIES, casualty_id

_TRIAGE_KEYS = ("triage", "category", "triage_category")
_HOSPITAL_KEYS = ("hospital", "hospital_id", "to_hospital")


@dataclass(frozen=True)
class Journeys:
    """Per-casualty arrays rebuilt from the events (one entry per casualty, ascending id)."""

    ids: np.ndarray
    """Casualty ids (int64), ascending."""
    entered_min: dict[str, np.ndarray]
    """State → first time each casualty entered it (min; NaN if never)."""
    triage: np.ndarray
    """Triage category per casualty ('' if never triaged), as recorded in event payloads."""
    hospital: np.ndarray
    """Hospital id of the first hospital state per casualty ('' if none)."""
    died_in: np.ndarray
    """For the dead, the state they were in just before death ('' for the living)."""

    @property
    def count(self) -> int:
        """Number of casualties seen in the events."""
        return int(self.ids.size)

    def time(self, state: str) -> np.ndarray:
        """First time each casualty entered ``state`` (NaN where never)."""
        return self.entered_min.get(state, np.full(self.count, np.nan))

    @property
    def onset_min(self) -> np.ndarray:
        """Symptom onset: the first symptomatic state (on scene or self-evacuating)."""
        return np.fmin(self.time("symptomatic_on_scene"), self.time("self_evacuating"))

    @property
    def hospital_arrival_min(self) -> np.ndarray:
        """First arrival in any hospital state (NaN if never)."""
        arrival = np.full(self.count, np.nan)
        for state in HOSPITAL_STATES:
            arrival = np.fmin(arrival, self.time(state))
        return arrival

    @property
    def death_min(self) -> np.ndarray:
        """Time of death (NaN for the living)."""
        return self.time("dead")

    @property
    def died_prehospital(self) -> np.ndarray:
        """True for those who died before reaching a hospital."""
        return np.isin(self.died_in, list(PREHOSPITAL_STATES))

    def waited_min(self, state: str, next_states: Iterable[str]) -> np.ndarray:
        """How long each casualty stayed in ``state`` before the first of ``next_states``
        (or death, or the end of the data): NaN for those who never entered it."""
        start = self.time(state)
        end = np.full(self.count, np.nan)
        for later in (*next_states, "dead"):
            end = np.fmin(end, np.where(self.time(later) >= start, self.time(later), np.nan))
        return end - start

    def of_triage(self, category: str) -> np.ndarray:
        """Boolean mask of casualties triaged ``category``."""
        return self.triage == category


def build_journeys(events: Iterable[Event]) -> Journeys:
    """Rebuild every casualty's journey from the run's events."""
    first: dict[str, dict[int, float]] = {state: {} for state in CASUALTY_STATES}
    triage: dict[int, str] = {}
    hospital: dict[int, str] = {}
    current: dict[int, str] = {}
    died_in: dict[int, str] = {}
    for event in events:
        cid = casualty_id(event.entity)
        if cid is None:
            continue
        payload = event.payload or {}
        _remember_labels(cid, event.kind, payload, triage, hospital)
        if event.kind in first:
            first[event.kind].setdefault(cid, event.t_min)
            if event.kind == "dead":
                died_in.setdefault(cid, current.get(cid, ""))
            current[cid] = event.kind
    ids = np.array(sorted(set(current) | set(triage)), dtype=np.int64)
    index = {int(cid): i for i, cid in enumerate(ids)}
    entered = {state: _column(times, index, ids.size) for state, times in first.items() if times}
    return Journeys(ids=ids, entered_min=entered, triage=_labels(triage, ids), hospital=_labels(hospital, ids),
                    died_in=_labels(died_in, ids))


def _remember_labels(cid: int, kind: str, payload: dict[str, object], triage: dict[int, str],
                     hospital: dict[int, str]) -> None:
    for key in _TRIAGE_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value in TRIAGE_CATEGORIES:
            triage[cid] = value  # re-triage: the latest category counts
            break
    if kind in HOSPITAL_STATES and cid not in hospital:
        for key in _HOSPITAL_KEYS:
            value = payload.get(key)
            if isinstance(value, str) and value:
                hospital[cid] = value
                break


def _column(times: dict[int, float], index: dict[int, int], size: int) -> np.ndarray:
    column = np.full(size, np.nan)
    for cid, t_min in times.items():
        column[index[cid]] = t_min
    return column


def _labels(values: dict[int, str], ids: np.ndarray) -> np.ndarray:
    return np.array([values.get(int(cid), "") for cid in ids], dtype=object)
