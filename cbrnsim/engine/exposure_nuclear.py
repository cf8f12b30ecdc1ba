"""Nuclear detonation: blast, burn and prompt-radiation casualties by distance, then fallout.

At the detonation, for each cohort (zone point × indoors/outdoors) at ground distance d:

- Blast (people mostly indoors or in the street; indirect injuries dominate): the overpressure
  bands of the US Office of Technology Assessment, *The Effects of Nuclear War* (1979), p. 19:
  > 12 psi 98 % killed; 5-12 psi 50 % killed, 40 % injured; 2-5 psi 5 % killed, 45 % injured;
  1-2 psi 25 % injured. Injured severity by band (planning assumption): 3 above 5 psi, 2 in
  2-5 psi, 1 (glass cuts, walking wounded) in 1-2 psi.
- Burns (outdoors only; walls shield): third-degree 50 % threshold → severity 3, twice it → 4;
  second-degree → 2 (:func:`cbrnsim.hazard.nuclear.thermal_fluence_cal_cm2` and
  ``burn_threshold_cal_cm2``). No shadowing by buildings: an overestimate in a city.
- Prompt radiation (:func:`prompt_dose_gy`), indoors divided by PROMPT_INDOOR_PF, to ARS tiers.

A person's severity is the worst of the three; 'combined' when two mechanisms are each at
least moderate. Blast-killed people are casualties with severity 4 and death in 0 min.
Afterwards, fallout (the pattern of :func:`cbrnsim.hazard.nuclear.fallout_dose_rate_gy_h`) adds dose to those still in the
zone, indoors divided by FALLOUT_INDOOR_PF; ARS from the total.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib.nuclear import NuclearAgent
from ..hazard.meteo import to_wind_frame
from ..hazard.nuclear import burn_threshold_cal_cm2, fallout_dose_rate_gy_h, overpressure_psi, prompt_dose_gy, \
    thermal_fluence_cal_cm2
from ..hazard.nuc_fallout import reference_dose_rate_r_h
from ..hazard.puff import WeatherStep
from ..rng import Streams
from ..scenario.releases import Release
from .cohorts import INDOOR, OUTDOOR, TIERS, Cohorts
from .exposure_radiation import ARS_LETHAL_DEATH_UNTREATED_MIN, ars_exceedance, ars_onset_delay_min, ars_tier
from .exposure_severity import SeverityTracker
from .exposure_specs import CasualtySpec

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

OTA_BANDS_PSI: tuple[tuple[float, float, float, int], ...] = (
    (12.0, 0.98, 0.02, 3), (5.0, 0.50, 0.40, 3), (2.0, 0.05, 0.45, 2), (1.0, 0.00, 0.25, 1),
)
"""(lower overpressure psi, share killed, share injured, injured severity): OTA (1979) p. 19;
the injured severities are a planning assumption."""

FALLOUT_INDOOR_PF = 10.0
"""Protection factor of the buildings people shelter in against fallout: 'adequate shelter'
(PF ≥ 10: large or masonry buildings, basements) of the Planning Guidance for Response to a
Nuclear Detonation, 2nd ed. (2010), ch. 3; wood-frame houses above ground give only 2-4, the
cores of large buildings 50-200+. Planning assumption that sheltered people found adequate shelter."""

PROMPT_INDOOR_PF = 2.0
"""Reduction of prompt radiation inside ordinary buildings (planning assumption; walls attenuate
the prompt gammas and neutrons far less than they do fallout gammas)."""

BURN_DEATH_UNTREATED_MIN = 36 * 60.0
"""Onset to death without care for full-thickness burns well above the 50 % threshold: burn shock
within one to two days (planning assumption)."""

HOT_ZONE_R_H = 0.01
"""Casualties at points inside the fallout hot zone (≥ 10 mR/h at H+1) count as contaminated
(Planning Guidance 2010, ch. 2)."""

FALLOUT_STEP_MIN = 60.0
"""Hazard step for fallout dose (min): the dose rate changes slowly (t^-1.2)."""


class NuclearTrack:
    """One nuclear detonation."""

    kind = "nuclear"

    def __init__(self, agent: NuclearAgent, release: Release, weather: list[WeatherStep], cohorts: Cohorts,
                 claimed: NDArray[np.int8], track_index: int, streams: Streams, end_min: float) -> None:
        assert release.yield_kt is not None and release.burst is not None
        self.agent = agent
        self.release = release
        self._cohorts = cohorts
        self._pop = cohorts.population
        self._streams = streams
        self._end_min = end_min
        self._yield = release.yield_kt
        self._burst = "surface" if release.burst == "surface" else "airburst"
        gz = release.points()[0]
        distance = np.maximum(np.hypot(self._pop.receptor_x_m - gz.x_m, self._pop.receptor_y_m - gz.y_m), 1.0)
        self._psi = overpressure_psi(self._yield, distance, self._burst)
        fluence = thermal_fluence_cal_cm2(self._yield, distance, self._burst)
        third = burn_threshold_cal_cm2(self._yield, 3)
        self._burn_tier = np.where(fluence >= 2 * third, 4, np.where(fluence >= third, 3, np.where(
            fluence >= burn_threshold_cal_cm2(self._yield, 2), 2, 0)))
        self._prompt_gy = prompt_dose_gy(self._yield, distance, self._burst)
        wind = next(w for w in reversed(weather) if w.start_min <= release.start_min + 1e-9)
        self._wind_m_s = max(wind.wind_speed_m_s, 1.0)
        self._wind_from_deg = wind.wind_from_deg
        down, cross = to_wind_frame(self._pop.receptor_x_m, self._pop.receptor_y_m, gz.x_m, gz.y_m, wind.wind_from_deg)
        self._frame = (down, cross)
        self._fallout = release.burst == "surface"
        self._hot = self._fallout & (reference_dose_rate_r_h(self._yield, down, cross, self._wind_m_s) >= HOT_ZONE_R_H)
        self.dose_gy = np.zeros(cohorts.count)
        """Radiation dose per cohort (prompt + fallout), Gy."""
        self._detonated = False
        self._trauma = np.zeros((cohorts.count, TIERS))
        self.tracker = SeverityTracker(cohorts, claimed, track_index, self._onset_delay)
        self._now = release.start_min

    # ---- the detonation -------------------------------------------------------------------
    def _blast_exceedance(self, psi: FloatArray) -> FloatArray:
        """P(blast severity ≥ k), k = 1..4, for overpressures (OTA 1979 bands)."""
        out = np.zeros(psi.shape + (TIERS,))
        for floor, killed, injured, severity in reversed(OTA_BANDS_PSI):
            inside = psi >= floor
            band = np.zeros(TIERS)
            band[:severity] = killed + injured
            band[severity:] = killed
            out[inside] = band
        return out

    def _detonate(self) -> None:
        rec, mode = self._cohorts.receptor, self._cohorts.mode
        blast = self._blast_exceedance(self._psi[rec])
        burns = np.where(mode == OUTDOOR, self._burn_tier[rec], 0)
        burn_exceed = (burns[:, None] >= np.arange(1, TIERS + 1)).astype(float)
        self._trauma = np.maximum(blast, burn_exceed)
        self.dose_gy = self._prompt_gy[rec] / np.where(mode == INDOOR, PROMPT_INDOOR_PF, 1.0)
        self._detonated = True

    def _onset_delay(self, tier: int, people: IntArray) -> FloatArray:
        cohort = self._cohorts.cohort_of[people]
        u = self._pop.u_dose[people]
        immediate = u < self._trauma[cohort, tier - 1]
        return np.where(immediate, 0.0, ars_onset_delay_min(tier, people.size))

    # ---- time stepping --------------------------------------------------------------------
    def advance(self, t0_min: float, t1_min: float) -> None:
        """The detonation when its time comes; then fallout dose over the step."""
        start = self.release.start_min
        if t1_min < start or t1_min <= t0_min:
            return
        if not self._detonated:
            self._detonate()
        elif self._fallout:
            self.dose_gy += self._fallout_dose(max(t0_min, start), t1_min)
        self._now = t1_min
        exceed = np.maximum(self._trauma, ars_exceedance(self.dose_gy))
        self.tracker.update(t1_min, exceed, self.dose_gy, np.full(self._cohorts.count, start))

    def _fallout_dose(self, t0_min: float, t1_min: float) -> FloatArray:
        start = self.release.start_min
        mid_h = max((0.5 * (t0_min + t1_min) - start) / 60.0, 1e-3)
        rate = fallout_dose_rate_gy_h(self._yield, *self._frame, self._wind_m_s, mid_h)
        rec, mode = self._cohorts.receptor, self._cohorts.mode
        factor = np.where(mode == OUTDOOR, 1.0, np.where(mode == INDOOR, 1.0 / FALLOUT_INDOOR_PF, 0.0))
        return rate[rec] * factor * (t1_min - t0_min) / 60.0

    def wake_min(self, now_min: float) -> float:
        """The detonation time, until it has happened."""
        return math.inf if self._detonated else self.release.start_min

    def status(self, now_min: float) -> str:
        """'fine' at the detonation and while onsets are pending, 'slow' for fallout, 'done' at the end."""
        if not self._detonated:
            return "fine" if self.release.start_min <= now_min + 1.0 else "wait"
        if self.tracker.pending_count() and self.tracker.next_onset_min() <= now_min + 60.0:
            return "fine"
        if self._fallout and now_min < self._end_min:
            return "slow"
        return "coarse" if self.tracker.pending_count() else "done"

    # ---- outputs --------------------------------------------------------------------------
    def emit(self, before_min: float) -> list[CasualtySpec]:
        """Casualties whose onset falls before `before_min`, with injury type and contamination."""
        due = self.tracker.take_due(before_min)
        if due.person.size == 0:
            return []
        people = due.person
        cohort = self._cohorts.cohort_of[people]
        rec = self._pop.receptor_of[people]
        u = self._pop.u_dose[people]
        psi = self._psi[rec]
        blast = np.sum(u[:, None] < self._blast_exceedance(psi), axis=1)
        # Killed outright: the person's u falls within the band's killed share (P(severity 4) of blast).
        killed = u < self._blast_exceedance(psi)[:, TIERS - 1]
        burns = np.where(self._cohorts.mode[cohort] == OUTDOOR, self._burn_tier[rec], 0)
        radiation = ars_tier(self.dose_gy[cohort])
        mechanisms = np.stack([blast, burns, radiation], axis=1)
        specs = []
        ids = self._pop.person_id[people]
        for i in range(people.size):
            injury = self._injury(mechanisms[i])
            severity = int(due.severity[i])
            death = None
            if killed[i]:
                death = 0.0
            elif severity == 4:
                death = BURN_DEATH_UNTREATED_MIN if burns[i] == 4 else ARS_LETHAL_DEATH_UNTREATED_MIN
            specs.append(CasualtySpec(
                id=int(ids[i]), zone=self._pop.zone_ids[int(self._pop.receptor_zone[rec[i]])],
                x_m=float(self._pop.receptor_x_m[rec[i]]), y_m=float(self._pop.receptor_y_m[rec[i]]),
                exposed_min=float(due.exposed_min[i]), onset_min=float(due.onset_min[i]), severity=severity,
                injury=injury, contaminated=bool(self._hot[rec[i]]), ambulatory=severity <= 2,
                death_untreated_min=death, agent=self.agent.id, dose=float(self.dose_gy[cohort[i]]), dose_unit="Gy"))
        return specs

    @staticmethod
    def _injury(levels: IntArray) -> str:
        names = ("blast", "burn", "radiation")
        if np.count_nonzero(levels >= 2) >= 2:
            return "combined"
        return names[int(np.argmax(levels))]

    def cohorts_split(self, parents: IntArray, children: IntArray) -> None:
        """New cohorts inherit their parent's dose and trauma."""
        grow = self._cohorts.count - self.dose_gy.size
        self.dose_gy = np.concatenate([self.dose_gy, np.zeros(grow)])
        self._trauma = np.vstack([self._trauma, np.zeros((grow, TIERS))])
        for parent, child in zip(parents, children):
            if child >= 0 and child != parent:
                self.dose_gy[child] = self.dose_gy[parent]
                self._trauma[child] = self._trauma[parent]
        self.tracker.cohorts_split(parents, children)

    def hazard_field(self, x_m: FloatArray, y_m: FloatArray) -> tuple[FloatArray, str]:
        """Fallout dose rate in the open now (Gy/h)."""
        gz = self.release.points()[0]
        if not self._detonated or not self._fallout:
            return np.zeros(np.shape(x_m)), "Gy/h"
        down, cross = to_wind_frame(x_m, y_m, gz.x_m, gz.y_m, self._wind_from_deg)
        hours = max((self._now - self.release.start_min) / 60.0, 1e-3)
        return fallout_dose_rate_gy_h(self._yield, down, cross, self._wind_m_s, hours), "Gy/h"

    @property
    def affected_count(self) -> int:
        """Casualties so far."""
        return int(self.tracker.affected_count)

    def summary(self) -> dict:
        """Casualties by severity and the dose range."""
        counts = self.tracker.severity_counts()
        return {"agent": self.agent.id, "release": self.release.id, "affected": self.affected_count,
                "by_severity": {name: int(counts[i]) for i, name in
                                enumerate(("none", "mild", "moderate", "severe", "lethal_without_care")) if i},
                "max_dose_gy": float(self.dose_gy.max(initial=0.0))}
