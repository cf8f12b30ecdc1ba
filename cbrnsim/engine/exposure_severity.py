"""From cohort doses to individual casualties: who crosses which severity tier, and when.

The rule (documented in docs/models-exposure.md, "Severity and onset"):

- A person whose dose first puts them at severity ≥ 1 (u < S_1) becomes a *pending* casualty
  at that hazard step, with ``exposed_min`` = the time the hazard reached their cohort.
- Reaching tier k at time t gives a candidate symptom onset t + D_k(z), D_k the agent's onset
  delay for that severity at the person's own normal deviate z (one z per person, so the
  candidates of a person are comonotone). The onset is the earliest candidate.
- Severity *crystallises when the casualty is emitted*: at the last hazard step before onset
  the CasualtySpec goes to the care model with the highest tier reached so far. Dose taken in
  after onset does not change severity: a symptomatic person is leaving, being extracted or
  sheltering, and from onset the care model owns the clinical course.

A person is a casualty of one track only (the first agent that affects them).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .cohorts import TIERS, Cohorts

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

OnsetDelay = Callable[[int, IntArray], FloatArray]
"""(severity tier 1-4, person indices) -> delay from reaching that tier to symptom onset (min)."""


@dataclass(frozen=True)
class DueCasualties:
    """Pending casualties whose onset falls before the next hazard step: emit them now."""

    person: IntArray
    """Person index (into the Population arrays)."""
    severity: IntArray
    """Crystallised severity 1-4."""
    exposed_min: FloatArray
    """When the hazard reached their cohort."""
    onset_min: FloatArray
    """Symptom onset."""
    dose: FloatArray
    """The cohort dose when severity last rose."""


class SeverityTracker:
    """Pending and emitted casualties of one hazard track (one agent)."""

    def __init__(self, cohorts: Cohorts, claimed: NDArray[np.int8], track_index: int,
                 onset_delay_min: OnsetDelay) -> None:
        self._cohorts = cohorts
        self._claimed = claimed
        self._track = track_index
        self._onset_delay = onset_delay_min
        self._exceedance = np.zeros((cohorts.count, TIERS))
        self._counts = np.zeros((cohorts.count, TIERS), dtype=np.int64)
        self._slot_of = np.full(cohorts.population.size, -1, dtype=np.int64)
        capacity = 64
        self._person = np.zeros(capacity, dtype=np.int64)
        self._severity = np.zeros(capacity, dtype=np.int64)
        self._exposed = np.zeros(capacity)
        self._onset = np.zeros(capacity)
        self._dose = np.zeros(capacity)
        self._emitted = np.zeros(capacity, dtype=bool)
        self._used = 0
        self.affected_count = 0
        """People at severity ≥ 1 so far (pending and emitted)."""

    # ---- cohort bookkeeping -------------------------------------------------------------
    def cohorts_split(self, parents: IntArray, children: IntArray) -> None:
        """Give new cohorts their parent's exceedance and recount everyone (no new crossings)."""
        grow = self._cohorts.count - self._exceedance.shape[0]
        if grow > 0:
            self._exceedance = np.vstack([self._exceedance, np.zeros((grow, TIERS))])
        for parent, child in zip(parents, children):
            if child >= 0 and child != parent:
                self._exceedance[child] = self._exceedance[parent]
        self._counts = self._cohorts.counts_at_or_above(self._exceedance)

    # ---- crossings ----------------------------------------------------------------------
    def update(self, now_min: float, exceedance: FloatArray, cohort_dose: FloatArray,
               arrival_min: FloatArray) -> int:
        """Record the tiers reached with the cohorts' new exceedance (cohorts × 4); returns new casualties."""
        exceedance = np.maximum(exceedance, self._exceedance)  # doses never fall
        counts = self._cohorts.counts_at_or_above(exceedance)
        self._exceedance = exceedance
        rising = np.argwhere(counts > self._counts)
        new_casualties = 0
        for tier_index in range(TIERS):
            for cohort in rising[rising[:, 1] == tier_index][:, 0]:
                people = self._cohorts.members(int(cohort), int(self._counts[cohort, tier_index]),
                                               int(counts[cohort, tier_index]))
                if tier_index == 0:
                    new_casualties += self._add(people, now_min, float(arrival_min[cohort]),
                                                float(cohort_dose[cohort]))
                else:
                    self._raise(people, tier_index + 1, now_min, float(cohort_dose[cohort]))
        self._counts = counts
        return new_casualties

    def _grow(self, needed: int) -> None:
        capacity = self._person.size
        if needed <= capacity:
            return
        size = max(needed, 2 * capacity)
        for name in ("_person", "_severity", "_exposed", "_onset", "_dose", "_emitted"):
            old = getattr(self, name)
            new = np.zeros(size, dtype=old.dtype)
            new[:old.size] = old
            setattr(self, name, new)

    def _add(self, people: IntArray, now_min: float, arrival_min: float, dose: float) -> int:
        people = people[self._claimed[people] < 0]
        if people.size == 0:
            return 0
        self._claimed[people] = self._track
        first, stop = self._used, self._used + people.size
        self._grow(stop)
        slots = np.arange(first, stop)
        self._slot_of[people] = slots
        self._person[slots] = people
        self._severity[slots] = 1
        self._exposed[slots] = min(arrival_min, now_min)
        self._onset[slots] = now_min + self._onset_delay(1, people)
        self._dose[slots] = dose
        self._used = stop
        self.affected_count += people.size
        return int(people.size)

    def _raise(self, people: IntArray, tier: int, now_min: float, dose: float) -> None:
        slots = self._slot_of[people]
        mine = slots >= 0
        slots, people = slots[mine], people[mine]
        open_ = ~self._emitted[slots]
        slots, people = slots[open_], people[open_]
        if slots.size == 0:
            return
        self._severity[slots] = np.maximum(self._severity[slots], tier)
        self._onset[slots] = np.minimum(self._onset[slots], now_min + self._onset_delay(tier, people))
        self._dose[slots] = dose

    # ---- emission -----------------------------------------------------------------------
    def take_due(self, before_min: float) -> DueCasualties:
        """Pending casualties with onset before `before_min`, marked emitted, in id order."""
        used = slice(0, self._used)
        due = np.flatnonzero(~self._emitted[used] & (self._onset[used] < before_min))
        self._emitted[due] = True
        due = due[np.argsort(self._person[due], kind="stable")]
        return DueCasualties(self._person[due], self._severity[due], self._exposed[due],
                             self._onset[due], self._dose[due])

    def pending_count(self) -> int:
        """Casualties not yet emitted."""
        return int(np.count_nonzero(~self._emitted[:self._used]))

    def next_onset_min(self) -> float:
        """Earliest onset among pending casualties (inf if none)."""
        open_ = ~self._emitted[:self._used]
        return float(self._onset[:self._used][open_].min()) if open_.any() else float("inf")

    def severity_counts(self) -> IntArray:
        """Affected people by current severity 1-4 (index 0 unused)."""
        return np.bincount(self._severity[:self._used], minlength=TIERS + 1)
