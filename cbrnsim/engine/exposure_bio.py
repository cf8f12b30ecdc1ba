"""Biological releases: inhaled organisms → infections with dose-dependent incubation,
prophylaxis that cancels infections not yet ill, and chains of transmission for contagious agents.

- The aerosol is a puff release whose "mass" is the organisms made airborne; each cohort's
  dosage (organisms·min/m³, indoors via infiltration) times the ICRP 66 breathing rate
  (:func:`cbrnsim.hazard.physiology.breathing_rate_m3_min`, light exercise) is the inhaled dose,
  and :func:`cbrnsim.hazard.biological.infection_probability` its chance of infection.
- An infected person is emitted at once (the care model holds them as asymptomatic), with
  onset = infection + incubation drawn from ``sample_incubation_days`` at their own keyed
  deviate and their inhaled dose. Severity: 4 if their keyed uniform falls below the untreated
  case fatality, else 3 if below the hospitalised fraction, else 2. Death without treatment:
  the agent's prodromal phase plus fulminant phase after onset. Cases at onset are in the
  prodromal (flu-like) phase and walk in: ambulatory.
- Contagious agents: at each case's onset its secondary cases are drawn (negative binomial,
  ``sample_secondary_cases``) with serial intervals (``sample_serial_interval_days``) from the
  case's own stream; once the agent is identified, cases with onset after that are isolated and
  transmit ISOLATION_TRANSMISSION_FACTOR as much. Secondary cases start where the infector is.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from ..agentlib.biological import BiologicalAgent, CompetingRisksIncubation
from ..hazard.biological import (infection_probability, sample_incubation_days, sample_secondary_cases,
                                 sample_serial_interval_days)
from ..hazard.physiology import breathing_rate_m3_min
from ..hazard.puff import WeatherStep
from ..rng import Streams
from ..scenario.releases import Release
from .cohorts import ID_BLOCK, INDOOR, TIERS, Cohorts, KeyedNormals
from .exposure_airborne import AirborneField
from .exposure_chemical import puff_sources
from .exposure_severity import SeverityTracker
from .exposure_specs import CasualtySpec

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SECONDARY_GROUP = 300_000
"""Secondary (person-to-person) cases have ids SECONDARY_GROUP·ID_BLOCK + n, n in creation order."""

ISOLATION_TRANSMISSION_FACTOR = 0.5
"""Onward transmission of a case isolated at symptom onset, relative to none (planning
assumption). Isolation works for smallpox and pneumonic plague because little transmission
happens before symptoms (Fraser, Riley, Anderson & Ferguson 2004, PNAS 101:6146, Table 1:
θ ≈ 0-0.1 for smallpox); imperfect, delayed isolation and contacts in the household before
diagnosis keep it well above zero."""

def still_taking_fraction(course_adherence: float, days_on_drug: FloatArray | float,
                          course_days: float) -> FloatArray:
    """Share of people who started prophylaxis still taking it `days_on_drug` later.

    Adherence is a property of time on the drug, not a one-off draw: a case is prevented if the
    person is still taking the antibiotic when the spores germinate (Brookmeyer, Johnson &
    Bollinger 2003, PNAS 100:10129: protection lasts while the drug is taken and the spores that
    germinate after it stops cause disease). Shepard et al. 2002 (Emerg Infect Dis 8:1124,
    abstract) give only the end point — 44 % still taking at 60 days — so the stopping rate is
    taken as constant (planning assumption: S(t) = A^(t/T), with A the course adherence and T
    the course length), which gives 87 % still taking at day 10 and 66 % at day 30.
    """
    if not 0.0 <= course_adherence <= 1.0:
        raise ValueError("adherence must lie between 0 and 1")
    fraction_of_course = np.clip(np.asarray(days_on_drug, dtype=float) / course_days, 0.0, 1.0)
    return np.asarray(course_adherence ** fraction_of_course, dtype=float)


TRANSMISSION_POLL_MIN = 60.0
"""The transmission process looks for cases whose onset has come once an hour (min)."""

NEGLIGIBLE_INFECTION_PROBABILITY = 1e-6
"""A biological cloud is over when no one could still take in a dose with a higher chance of infection."""


@dataclass
class _Case:
    spec: CasualtySpec
    prevented: bool = False


class BioTrack:
    """One biological agent: aerosol, infections, prophylaxis and transmission."""

    kind = "biological"

    def __init__(self, agent: BiologicalAgent, weather: list[WeatherStep], cohorts: Cohorts,
                 claimed: NDArray[np.int8], track_index: int, streams: Streams, env: simpy.Environment,
                 emit: Callable[[list[CasualtySpec]], None], end_min: float) -> None:
        self.agent = agent
        self._cohorts = cohorts
        self._pop = cohorts.population
        self._streams = streams
        self._env = env
        self._emit_now = emit
        self._end_min = end_min
        self.air = AirborneField(weather, cohorts)
        self._breathing_m3_min = breathing_rate_m3_min()
        self.dosage_org_min_m3 = np.zeros(cohorts.count)
        """Dosage per cohort (organisms·min/m³)."""
        self._arrival_min = np.full(cohorts.count, math.inf)
        self.tracker = SeverityTracker(cohorts, claimed, track_index, self._incubation_min)
        self._cases: dict[int, _Case] = {}
        self._to_transmit: list[tuple[float, int]] = []
        self._secondary_count = 0
        self._transmitter: simpy.Process | None = None
        self._dispensed: set[int] = set()
        self.identified_min = math.inf
        """When the agent was identified (isolation of cases starts then)."""
        self.dose_unit = agent.dose_response.organism_unit

    # ---- inputs -------------------------------------------------------------------------
    def add_release(self, release: Release, start_min: float, temperature_c: float) -> None:
        """Aerosolised organisms into the puff model (organisms as the puff 'mass')."""
        assert release.organisms is not None
        for source in puff_sources(release, release.organisms * release.airborne_fraction, start_min):
            self.air.add_source(source)

    def add_weather(self, step: WeatherStep) -> None:
        """A wind change."""
        self.air.add_weather(step)

    def identified(self, time_min: float) -> None:
        """The agent has been identified: cases with onset from now on are isolated."""
        self.identified_min = min(self.identified_min, time_min)

    def cohorts_split(self, parents: IntArray, children: IntArray) -> None:
        """New cohorts inherit their parent's dosage."""
        grow = self._cohorts.count - self.dosage_org_min_m3.size
        self.dosage_org_min_m3 = np.concatenate([self.dosage_org_min_m3, np.zeros(grow)])
        self._arrival_min = np.concatenate([self._arrival_min, np.full(grow, math.inf)])
        for parent, child in zip(parents, children):
            if child >= 0 and child != parent:
                self.dosage_org_min_m3[child] = self.dosage_org_min_m3[parent]
                self._arrival_min[child] = self._arrival_min[parent]
        self.tracker.cohorts_split(parents, children)

    # ---- time stepping ------------------------------------------------------------------
    def advance(self, t0_min: float, t1_min: float) -> None:
        """Add the step's inhaled organisms and record new infections."""
        if t1_min <= t0_min:
            return
        conc = self.air.step(t0_min, t1_min)
        self.dosage_org_min_m3 += conc * (t1_min - t0_min)
        self._arrival_min[np.isinf(self._arrival_min) & (conc > 0) & (self.dosage_org_min_m3 > 0)] = t0_min
        p = infection_probability(self.agent, self.inhaled_organisms())
        exceedance = np.zeros((self._cohorts.count, TIERS))
        exceedance[:, 0] = p
        self.tracker.update(t1_min, exceedance, self.inhaled_organisms(), self._arrival_min)

    def inhaled_organisms(self) -> FloatArray:
        """Organisms inhaled so far per cohort."""
        return self.dosage_org_min_m3 * self._breathing_m3_min

    def wake_min(self, now_min: float) -> float:
        """When the next puff of a planned release leaves its source."""
        return self.air.wake_min()

    def status(self, now_min: float) -> str:
        """'fine' while the cloud could still infect anyone, 'coarse' for indoor air, else 'wait'/'done'."""
        peak, passage = self.air.puff_peaks()
        outdoor = float(np.max(peak * passage, initial=0.0)) * self._breathing_m3_min
        lam = self.air.air_changes_per_min
        indoor = float(np.max(self.air.c_in, initial=0.0)) / lam * self._breathing_m3_min if lam > 0 else 0.0
        limit = NEGLIGIBLE_INFECTION_PROBABILITY
        if self.wake_min(now_min) <= now_min + 1.0 or infection_probability(self.agent, outdoor) >= limit:
            return "fine"
        if infection_probability(self.agent, indoor) >= limit:
            return "coarse"
        return "wait" if math.isfinite(self.wake_min(now_min)) else "done"

    # ---- cases --------------------------------------------------------------------------
    def _incubation_min(self, tier: int, people: IntArray) -> FloatArray:
        ids = self._pop.person_id[people]
        dose = self.inhaled_organisms()[self._cohorts.cohort_of[people]]
        keyed = KeyedNormals(self._streams.normal_per_key("person", ids, draw="incubation"),
                             self._streams.uniform_per_key("person", ids, draw="incubation"))
        return sample_incubation_days(self.agent, keyed, people.size, inhaled_organisms=dose) * 1440.0

    def _course(self, ids: IntArray) -> tuple[IntArray, FloatArray]:
        """Severity and minutes from onset to death untreated (nan for survivors), per case id."""
        u = self._streams.uniform_per_key("case", ids, draw="course")
        fatal = self.agent.case_fatality.untreated_fraction.value
        hospitalised = max(fatal, self.agent.hospital.hospitalised_fraction_of_cases.value)
        severity = np.where(u < fatal, 4, np.where(u < hospitalised, 3, 2))
        course = self.agent.clinical_course
        death = course.prodromal_phase_days.value * 1440.0 + course.fulminant_phase_hours.value * 60.0
        return severity, np.where(severity == 4, death, np.nan)

    def emit(self, before_min: float) -> list[CasualtySpec]:
        """Every new infection at once (their onset is days away; the care model holds them)."""
        due = self.tracker.take_due(math.inf)
        if due.person.size == 0:
            return []
        ids = self._pop.person_id[due.person]
        severity, death = self._course(ids)
        rec = self._pop.receptor_of[due.person]
        mode = self._cohorts.mode[self._cohorts.cohort_of[due.person]]
        specs = [CasualtySpec(
            id=int(ids[i]), zone=self._pop.zone_ids[int(self._pop.receptor_zone[rec[i]])],
            x_m=float(self._pop.receptor_x_m[rec[i]]), y_m=float(self._pop.receptor_y_m[rec[i]]),
            exposed_min=float(due.exposed_min[i]), onset_min=float(due.onset_min[i]), severity=int(severity[i]),
            injury="infection",
            contaminated=bool(self.agent.people_decontamination_needed.value and mode[i] != INDOOR),
            ambulatory=True, death_untreated_min=None if math.isnan(death[i]) else float(death[i]),
            agent=self.agent.id, dose=float(due.dose[i]), dose_unit=self.dose_unit) for i in range(ids.size)]
        self._register(specs)
        return specs

    def _register(self, specs: list[CasualtySpec]) -> None:
        for spec in specs:
            self._cases[spec.id] = _Case(spec)
            if self.agent.transmission is not None and spec.onset_min <= self._end_min:
                heapq.heappush(self._to_transmit, (spec.onset_min, spec.id))
        if self._to_transmit and (self._transmitter is None or not self._transmitter.is_alive):
            self._transmitter = self._env.process(self._transmission())

    def _transmission(self) -> Generator[simpy.Event, Any, None]:
        while self._to_transmit:
            yield self._env.timeout(TRANSMISSION_POLL_MIN)
            now = self._env.now
            new: list[CasualtySpec] = []
            while self._to_transmit and self._to_transmit[0][0] <= now:
                _, case_id = heapq.heappop(self._to_transmit)
                case = self._cases[case_id]
                if not case.prevented:
                    new.extend(self._secondary_cases(case.spec, now))
            if new:
                self._emit_now(new)
                self._register(new)

    def _secondary_cases(self, infector: CasualtySpec, now_min: float) -> list[CasualtySpec]:
        assert self.agent.transmission is not None
        rng = self._streams.get("case", infector.id)
        factor = ISOLATION_TRANSMISSION_FACTOR if infector.onset_min >= self.identified_min else 1.0
        count = int(sample_secondary_cases(self.agent, rng, 1, r_effective=self.agent.transmission.r0.value * factor)[0])
        if count == 0:
            return []
        onsets = infector.onset_min + sample_serial_interval_days(self.agent, rng, count) * 1440.0
        onsets = np.sort(np.maximum(onsets, now_min))
        onsets = onsets[onsets <= self._end_min]
        ids = SECONDARY_GROUP * ID_BLOCK + self._secondary_count + np.arange(onsets.size, dtype=np.int64)
        self._secondary_count += onsets.size
        severity, death = self._course(ids)
        return [CasualtySpec(
            id=int(ids[i]), zone=infector.zone, x_m=infector.x_m, y_m=infector.y_m,
            exposed_min=infector.onset_min, onset_min=float(onsets[i]), severity=int(severity[i]),
            injury="infection", contaminated=False, ambulatory=True,
            death_untreated_min=None if math.isnan(death[i]) else float(death[i]), agent=self.agent.id,
            dose=0.0, dose_unit="person-to-person") for i in range(onsets.size)]

    # ---- prophylaxis --------------------------------------------------------------------
    def prevent(self, casualty_ids: list[int], start_min: float, adherence: float | None = None) -> list[int]:
        """Prophylaxis started at `start_min` for these cases: the ids whose illness it prevents.

        A case is prevented if it is not yet ill at the start, the start is within the agent's
        useful window, (for dormant spores) its onset falls within the course, and its keyed
        uniform is below efficacy × the share still taking the drug at its onset
        (:func:`still_taking_fraction`; `adherence` is the share completing the course). This is
        :func:`cbrnsim.hazard.biological.prophylaxis_protection` with adherence over time instead
        of a one-off draw: the 2001 figure of 44 % completing 60 days applied to every case
        prevented only 44 % of anthrax cases, though most spores germinate in the first weeks,
        while nearly everybody is still taking the drug. Prevented cases do not transmit.
        """
        plan = self.agent.prophylaxis
        share = plan.typical_adherence_fraction.value if adherence is None else adherence
        prevented = []
        for case_id in casualty_ids:
            case = self._cases.get(int(case_id))
            if case is None or case.prevented or case.spec.onset_min <= start_min:
                continue
            start_day = (start_min - case.spec.exposed_min) / 1440.0
            if plan.latest_useful_start_day is not None and start_day > plan.latest_useful_start_day.value:
                continue
            spores = isinstance(self.agent.incubation, CompetingRisksIncubation)
            if spores and plan.course_length_days is not None and \
                    case.spec.onset_min > start_min + plan.course_length_days.value * 1440.0:
                continue
            taking = share
            if plan.course_length_days is not None:
                days_on_drug = (case.spec.onset_min - start_min) / 1440.0
                taking = float(still_taking_fraction(share, days_on_drug, plan.course_length_days.value))
            u = float(self._streams.uniform_per_key("case", np.array([case.spec.id]), draw="prophylaxis")[0])
            if u < plan.efficacy_fraction.value * taking:
                case.prevented = True
                prevented.append(case.spec.id)
        return prevented

    def dispense(self, zone: str, served_fraction: float, start_min: float,
                 adherence: float | None = None) -> list[int]:
        """Prophylaxis reached `served_fraction` of a zone's people by `start_min` (a POD's
        progress): cases of that zone whose keyed place in the queue is within it get it now."""
        ids = [c for c, case in self._cases.items() if case.spec.zone == zone and not case.prevented]
        if not ids:
            return []
        order = self._streams.uniform_per_key("case", np.array(ids, dtype=np.int64), draw="pod_order")
        reached = [i for i, u in zip(ids, order) if u < served_fraction and i not in self._dispensed]
        self._dispensed.update(reached)
        return self.prevent(reached, start_min, adherence)

    # ---- views --------------------------------------------------------------------------
    def hazard_field(self, x_m: FloatArray, y_m: FloatArray) -> tuple[FloatArray, str]:
        """Airborne organisms now (organisms/m³)."""
        return self.air.concentration(x_m, y_m), f"{self.dose_unit}/m3"

    @property
    def affected_count(self) -> int:
        """Infected so far (primary and secondary, prevented included)."""
        return int(self.tracker.affected_count) + self._secondary_count

    def summary(self) -> dict:
        """Infections, secondary cases, prevented."""
        return {"agent": self.agent.id, "affected": self.affected_count,
                "primary": int(self.tracker.affected_count), "secondary": self._secondary_count,
                "prevented": sum(1 for c in self._cases.values() if c.prevented)}
