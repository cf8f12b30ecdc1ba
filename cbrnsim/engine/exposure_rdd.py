"""Radiological dispersal devices: blast casualties at the device, the cloud, groundshine, ARS
for the few with high doses, and the screening demand of everyone in the contaminated area.

- Blast: people of the zone containing the device, within the overpressure radii of
  :func:`cbrnsim.hazard.radiological.blast_injury_radius_m` (Kinney & Graham 1985 with the
  Glasstone & Dolan Table 12.38 criteria), counted as density × ring area and picked by a
  keyed uniform; severity by ring (BLAST_RINGS), injury 'blast', contaminated. Beyond them,
  secondary (fragment and glass) injuries, severity 1-2, so that the survivors per immediate
  death are those of real vehicle bombings (Arnold et al. 2003).
- Cloud: activity × airborne_fraction, split into the respirable fraction (DOE-HDBK-3010-94,
  0.2; deposition 0.3 cm/s) and the rest (8 cm/s, HotSpot defaults), mixed from the ground to
  the cloud top of :func:`rdd_cloud_height_m` (centre H/2, σz = H/√12 — the standard deviation
  of a uniform layer; cbrnsim approximation).
- Dose: groundshine from the deposit (:func:`groundshine_dose_rate_sv_h`, FGR 12), indoors
  reduced by INDOOR_GROUNDSHINE_FACTOR; effective dose taken as whole-body absorbed dose for
  photons (Sv ≈ Gy, radiation weighting 1). ARS tiers from the agents/ind.yaml thresholds.
- Screening: everyone at a zone point whose projected dose (committed inhalation plus four
  days of groundshine outdoors) reaches SCREENING_DOSE_SV gets a WorriedWellSpec with kind
  'screening' (a community reception centre visit), and so does a concerned share of everybody
  else (CONCERNED_SCREENING_SHARE, Goiânia 1987).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..agentlib.radiological import RadiologicalAgent
from ..hazard.physiology import breathing_rate_m3_min
from ..hazard.puff import WeatherStep
from ..hazard.rad_rdd import NON_RESPIRABLE_DEPOSITION_VELOCITY_M_S
from ..hazard.radiological import (
    BLAST_THRESHOLDS_PSI, RESPIRABLE_DEPOSITION_VELOCITY_M_S, RESPIRABLE_FRACTION, blast_injury_radius_m,
    groundshine_dose_rate_sv_h, inhalation_dose_sv, rdd_cloud_height_m,
)
from ..rng import Streams
from ..scenario.population import PopulationZone
from ..scenario.releases import Release
from .cohorts import ID_BLOCK, INDOOR, OUTDOOR, Cohorts
from .exposure_airborne import AirborneField
from .exposure_chemical import puff_sources
from .exposure_severity import SeverityTracker
from .exposure_specs import CasualtySpec, WorriedWellSpec
from .exposure_radiation import ARS_LETHAL_DEATH_UNTREATED_MIN, ars_exceedance, ars_onset_delay_min

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SCREENING_GROUP = 500_000
"""Screening specs have ids SCREENING_GROUP·ID_BLOCK + person index."""

SCREENING_DOSE_SV = 1.0e-3
"""Projected dose that sends people to a reception centre: the public dose limit of 1 mSv
(ICRP Publication 103, 2007, Table 6) — a planning choice; the US PAG Manual (EPA-400/R-17/001,
2017) sets shelter/evacuation at 10-50 mSv over 4 days, and population monitoring (CDC,
Population Monitoring in Radiation Emergencies, 2nd ed. 2014) reaches everyone who may have been
in the plume, which 1 mSv approximates. Goiânia 1987: 112,800 people monitored for 249
contaminated (IAEA, The Radiological Accident in Goiânia, 1988)."""

CONCERNED_SCREENING_SHARE = 0.11
"""Share of the population that seeks screening out of concern, whatever its dose: Goiânia 1987,
about 112,800 people monitored (IAEA, The Radiological Accident in Goiânia, 1988) in a city of
roughly one million (1991 census 922,222 — as recalled), ~11 %, for 249 contaminated. Planning
assumption that a public RDD raises the same share; they are drawn across every zone (keyed
uniform per person) and leave with the worried-well delay. Goiânia's monitoring ran over weeks,
so in an exercise of hours this front-loads the demand: an upper bound for the first day."""

PROJECTION_H = 96.0
"""Projection period of the early phase (h): four days, as in the PAG Manual 2017, ch. 2."""

INDOOR_GROUNDSHINE_FACTOR = 0.4
"""Dose indoors / dose outdoors from a contaminated ground surface: wood-frame house 0.4 (US EPA
PAG Manual, EPA-400-R-92-001, 1992, representative shielding factors for deposited material,
after Burson & Profio 1977; table number not checked). Value as recalled: verify before operational use; masonry and large buildings
shield more (0.2 or less)."""

BLAST_RINGS: tuple[tuple[str, int, float | None], ...] = (
    ("lethality_50", 4, 0.0),
    ("lung_damage_severe", 4, 60.0),
    ("lung_damage_threshold", 3, None),
    ("eardrum_rupture_threshold", 2, None),
)
"""(threshold of BLAST_THRESHOLDS_PSI, severity inside it, minutes from onset to death untreated).
Inside the 50 % lethality radius: killed outright (0 min). Severe lung damage: lethal without
care within about an hour (planning assumption: the 'golden hour' of severe blast lung).
Lung damage threshold: severe; eardrum rupture: moderate (walking wounded). These primary-blast
criteria leave out fragment and glass injuries, which dominate real bombings: see
SECONDARY_* below."""

VEHICLE_BOMB_IMMEDIATE_MORTALITY = 0.04
"""Immediate deaths / all casualties of a vehicle-delivered bomb: median 4 % (IQR 1-25 %) over
the mass-casualty terrorist bombings of Arnold et al. 2003, Prehosp Disaster Med 18:220,
abstract (open-air bombings 1 %, IQR 0-5 %). Sets how many survivors are injured per expected
immediate death (inside the 50 % lethality radius): (1 − m)/m = 24."""

SECONDARY_ADMITTED_SHARE = 0.19
"""Share of the secondary (fragment, glass, thrown) injuries who need admission — severity 2,
the others severity 1 (treated and released, walking wounded): the median hospital admission rate
of vehicle-delivered bombings, 19 % (IQR 14-50 %), Arnold et al. 2003, abstract. Applied to the
secondary injuries alone (the primary rings already hold the critically injured); a planning
assumption. Check: the critically injured (severity ≥ 3) are then ~5 % of the survivors of a
25 kg car bomb, as in London 7/7 2005 (20 critically injured among ~720 survivors, Aylwin et
al. 2006, Lancet 368:2219, abstract)."""

SECONDARY_INJURY_PSI = 1.0
"""The secondary injuries are spread over the ring out to this overpressure: ordinary window
glass is shattered at 0.5-1 psi (Glasstone & Dolan 1977, Table 5.139, as recalled); flying
glass and fragments of the vehicle wound people out to about there. Placement only: the count
comes from VEHICLE_BOMB_IMMEDIATE_MORTALITY."""


class RddTrack:
    """One radiological dispersal device."""

    kind = "radiological"

    def __init__(self, agent: RadiologicalAgent, release: Release, weather: list[WeatherStep], cohorts: Cohorts,
                 claimed: NDArray[np.int8], track_index: int, streams: Streams,
                 zones: tuple[PopulationZone, ...], emit_screening: Callable[[list[WorriedWellSpec]], None],
                 screening_delay: Callable[[IntArray, float], FloatArray]) -> None:
        assert release.activity_bq is not None
        self.agent = agent
        self.release = release
        self._cohorts = cohorts
        self._pop = cohorts.population
        self._streams = streams
        self._claimed = claimed
        self._track = track_index
        self._emit_screening = emit_screening
        self._screening_delay = screening_delay
        self.respirable = AirborneField(weather, cohorts)
        self.coarse = AirborneField(weather, cohorts)
        airborne_bq = release.activity_bq * release.airborne_fraction
        height = float(rdd_cloud_height_m(release.explosive_kg_tnt)) if release.explosive_kg_tnt else 1.0
        shape = dict(initial_sigma_h_m=height / math.sqrt(12.0), initial_sigma_z_m=height / math.sqrt(12.0))
        lifted = release.model_copy(update={"height_m": max(release.height_m, height / 2.0)})
        for field_, share, vd in ((self.respirable, RESPIRABLE_FRACTION, RESPIRABLE_DEPOSITION_VELOCITY_M_S),
                                  (self.coarse, 1.0 - RESPIRABLE_FRACTION, NON_RESPIRABLE_DEPOSITION_VELOCITY_M_S)):
            for source in puff_sources(lifted, airborne_bq * share, release.start_min,
                                       deposition_velocity_m_s=vd, **shape):
                field_.add_source(source)
        self._breathing = breathing_rate_m3_min()
        self.dose_gy = np.zeros(cohorts.count)
        """External (groundshine) dose per cohort, Gy (≈ Sv for photons)."""
        self._inhaled_dosage = np.zeros(self._pop.receptor_x_m.size)
        self._arrival_min = np.full(cohorts.count, math.inf)
        self.tracker = SeverityTracker(cohorts, claimed, track_index,
                                       lambda tier, people: ars_onset_delay_min(tier, people.size))
        self._screened = np.zeros(self._pop.receptor_x_m.size, dtype=bool)
        self._sent = np.zeros(self._pop.size, dtype=bool)
        self._concern_sent = False
        self.screening_count = 0
        """People sent to screening so far."""
        self._blast_specs: list[CasualtySpec] = self._blast(zones)
        self.blast_count = len(self._blast_specs)

    # ---- blast ----------------------------------------------------------------------------
    def _blast(self, zones: tuple[PopulationZone, ...]) -> list[CasualtySpec]:
        """The blast casualties, picked among the people of the zone holding the device."""
        loc = self.release.points()[0]
        z = next((i for i, zone in enumerate(zones) if zone.contains(loc)), None)
        if z is None or self.release.explosive_kg_tnt is None:
            return []
        zone = zones[z]
        density = zone.count / zone.area_m2()
        people = np.flatnonzero((self._pop.person_id // ID_BLOCK) == z + 1)
        people = people[self._claimed[people] < 0]
        u = self._streams.uniform_per_key("person", self._pop.person_id[people], draw="blast_pick")
        order = people[np.argsort(u, kind="stable")]
        inner, taken = 0.0, 0
        specs = []
        for threshold, severity, death in BLAST_RINGS:
            radius = float(blast_injury_radius_m(self.release.explosive_kg_tnt, threshold))
            count = int(round(density * math.pi * (radius**2 - inner**2)))
            chosen = order[taken: taken + count]
            taken += chosen.size
            ids = self._pop.person_id[chosen]
            r = np.sqrt(inner**2 + self._streams.uniform_per_key("person", ids, draw="blast_r") * (radius**2 - inner**2))
            a = 2 * math.pi * self._streams.uniform_per_key("person", ids, draw="blast_angle")
            self._claimed[chosen] = self._track
            t = self.release.start_min
            specs += [CasualtySpec(id=int(ids[i]), zone=zone.id, x_m=loc.x_m + float(r[i] * math.cos(a[i])),
                                   y_m=loc.y_m + float(r[i] * math.sin(a[i])), exposed_min=t, onset_min=t,
                                   severity=severity, injury="blast", contaminated=True, ambulatory=severity <= 2,
                                   death_untreated_min=death, agent=self.agent.id,
                                   dose=BLAST_THRESHOLDS_PSI[threshold], dose_unit="psi (at least)")
                      for i in range(ids.size)]
            inner = max(inner, radius)
        survivors = sum(1 for spec in specs if spec.death_untreated_min != 0.0)
        return specs + self._secondary_injuries(zone, density, order[taken:], inner, survivors)

    def _secondary_injuries(self, zone: PopulationZone, density: float, order: IntArray, inner_m: float,
                            primary_survivors: int) -> list[CasualtySpec]:
        """Fragment and glass injuries beyond the primary-blast rings, as many as make the
        survivors per expected immediate death those of real vehicle bombings (Arnold 2003)."""
        assert self.release.explosive_kg_tnt is not None
        killed = density * math.pi * float(blast_injury_radius_m(self.release.explosive_kg_tnt, "lethality_50")) ** 2
        m = VEHICLE_BOMB_IMMEDIATE_MORTALITY
        count = max(0, int(round(killed * (1.0 - m) / m)) - primary_survivors)
        chosen = order[:count]
        ids = self._pop.person_id[chosen]
        outer = max(float(blast_injury_radius_m(self.release.explosive_kg_tnt, SECONDARY_INJURY_PSI)), inner_m)
        r = np.sqrt(inner_m**2 + self._streams.uniform_per_key("person", ids, draw="blast_r") * (outer**2 - inner_m**2))
        a = 2 * math.pi * self._streams.uniform_per_key("person", ids, draw="blast_angle")
        admitted = self._streams.uniform_per_key("person", ids, draw="blast_secondary") < SECONDARY_ADMITTED_SHARE
        self._claimed[chosen] = self._track
        loc, t = self.release.points()[0], self.release.start_min
        return [CasualtySpec(id=int(ids[i]), zone=zone.id, x_m=loc.x_m + float(r[i] * math.cos(a[i])),
                             y_m=loc.y_m + float(r[i] * math.sin(a[i])), exposed_min=t, onset_min=t,
                             severity=2 if admitted[i] else 1, injury="blast", contaminated=True, ambulatory=True,
                             death_untreated_min=None, agent=self.agent.id, dose=SECONDARY_INJURY_PSI,
                             dose_unit="psi (at least)") for i in range(ids.size)]

    # ---- time stepping ------------------------------------------------------------------
    def advance(self, t0_min: float, t1_min: float) -> None:
        """Add groundshine dose over the step; record ARS tiers and new screening points."""
        dt = t1_min - t0_min
        if dt <= 0:
            return
        self.respirable.step(t0_min, t1_min)
        self.coarse.step(t0_min, t1_min)
        self._inhaled_dosage += self.respirable.c_out * dt  # Bq·min/m³ outdoors, per point
        rate_sv_h = self.ground_dose_rate_sv_h()
        rec, mode = self._cohorts.receptor, self._cohorts.mode
        factor = np.where(mode == OUTDOOR, 1.0, np.where(mode == INDOOR, INDOOR_GROUNDSHINE_FACTOR, 0.0))
        self.dose_gy += rate_sv_h[rec] * factor * dt / 60.0
        self._arrival_min[np.isinf(self._arrival_min) & (rate_sv_h[rec] > 0)] = t0_min
        self.tracker.update(t1_min, ars_exceedance(self.dose_gy), self.dose_gy, self._arrival_min)
        self._screen(t1_min, rate_sv_h)

    def ground_dose_rate_sv_h(self) -> FloatArray:
        """Groundshine effective dose rate outdoors at each zone point (Sv/h)."""
        deposit = self.respirable.deposition_per_m2() + self.coarse.deposition_per_m2()
        return groundshine_dose_rate_sv_h(self.agent.nuclide, deposit)

    def projected_dose_sv(self) -> FloatArray:
        """Committed inhalation dose so far plus PROJECTION_H of groundshine outdoors, per zone point (Sv)."""
        inhaled = inhalation_dose_sv(self.agent.nuclide, self._inhaled_dosage * self._breathing)
        return inhaled + self.ground_dose_rate_sv_h() * PROJECTION_H

    def _screen(self, now_min: float, rate_sv_h: FloatArray) -> None:
        new = ~self._screened & (self.projected_dose_sv() >= SCREENING_DOSE_SV)
        if not new.any():
            return
        self._screened |= new
        people = np.flatnonzero(new[self._pop.receptor_of])
        self._send_to_screening(people[~self._sent[people]], now_min)

    def _concerned_public(self) -> None:
        """At the detonation: CONCERNED_SCREENING_SHARE of the people not hurt seek screening."""
        self._concern_sent = True
        u = self._streams.uniform_per_key("person", self._pop.person_id, draw="screening_concern")
        people = np.flatnonzero((u < CONCERNED_SCREENING_SHARE) & (self._claimed < 0) & ~self._sent)
        self._send_to_screening(people, self.release.start_min)

    def _send_to_screening(self, people: IntArray, now_min: float) -> None:
        if people.size == 0:
            return
        self._sent[people] = True
        ids = SCREENING_GROUP * ID_BLOCK + people.astype(np.int64)
        depart = self._screening_delay(ids, now_min)
        rec = self._pop.receptor_of[people]
        specs = [WorriedWellSpec(id=int(ids[i]), x_m=float(self._pop.receptor_x_m[rec[i]]),
                                 y_m=float(self._pop.receptor_y_m[rec[i]]), depart_min=float(depart[i]),
                                 kind="screening", zone=self._pop.zone_ids[int(self._pop.receptor_zone[rec[i]])])
                 for i in range(people.size)]
        self.screening_count += len(specs)
        self._emit_screening(specs)

    def wake_min(self, now_min: float) -> float:
        """When the device goes off (inf once it has)."""
        return min(self.respirable.wake_min(), self.coarse.wake_min())

    def status(self, now_min: float) -> str:
        """'fine' while the cloud is over the zones (1 %-of-screening-dose test), else 'done'."""
        if self.wake_min(now_min) <= now_min + 1.0 or self.tracker.pending_count() or self._blast_specs:
            return "fine"
        peak, passage = self.respirable.puff_peaks()
        bound = float(np.max(peak * passage, initial=0.0)) * self._breathing
        if inhalation_dose_sv(self.agent.nuclide, bound) >= 0.01 * SCREENING_DOSE_SV:
            return "fine"
        return "wait" if math.isfinite(self.wake_min(now_min)) else "done"

    def emit(self, before_min: float) -> list[CasualtySpec]:
        """Blast casualties at the detonation, ARS casualties as their prodrome begins."""
        specs = []
        if self._blast_specs and before_min > self.release.start_min:
            specs, self._blast_specs = self._blast_specs, []
        if not self._concern_sent and before_min > self.release.start_min:
            self._concerned_public()
        due = self.tracker.take_due(before_min)
        ids = self._pop.person_id[due.person]
        rec = self._pop.receptor_of[due.person]
        specs += [CasualtySpec(
            id=int(ids[i]), zone=self._pop.zone_ids[int(self._pop.receptor_zone[rec[i]])],
            x_m=float(self._pop.receptor_x_m[rec[i]]), y_m=float(self._pop.receptor_y_m[rec[i]]),
            exposed_min=float(due.exposed_min[i]), onset_min=float(due.onset_min[i]), severity=int(due.severity[i]),
            injury="radiation", contaminated=True, ambulatory=bool(due.severity[i] <= 2),
            death_untreated_min=ARS_LETHAL_DEATH_UNTREATED_MIN if due.severity[i] == 4 else None,
            agent=self.agent.id, dose=float(due.dose[i]), dose_unit="Gy") for i in range(ids.size)]
        return specs

    def hazard_field(self, x_m: FloatArray, y_m: FloatArray) -> tuple[FloatArray, str]:
        """Airborne activity now (Bq/m³)."""
        return self.respirable.concentration(x_m, y_m) + self.coarse.concentration(x_m, y_m), "Bq/m3"

    def add_weather(self, step: WeatherStep) -> None:
        """A wind change."""
        self.respirable.add_weather(step)
        self.coarse.add_weather(step)

    def cohorts_split(self, parents: IntArray, children: IntArray) -> None:
        """New cohorts inherit their parent's dose."""
        grow = self._cohorts.count - self.dose_gy.size
        self.dose_gy = np.concatenate([self.dose_gy, np.zeros(grow)])
        self._arrival_min = np.concatenate([self._arrival_min, np.full(grow, math.inf)])
        for parent, child in zip(parents, children):
            if child >= 0 and child != parent:
                self.dose_gy[child] = self.dose_gy[parent]
                self._arrival_min[child] = self._arrival_min[parent]
        self.tracker.cohorts_split(parents, children)

    @property
    def affected_count(self) -> int:
        """Blast and ARS casualties so far."""
        return self.blast_count + int(self.tracker.affected_count)

    def summary(self) -> dict:
        """Blast casualties, ARS casualties, screening demand, peak dose."""
        return {"agent": self.agent.id, "release": self.release.id, "affected": self.affected_count,
                "blast": self.blast_count, "ars": int(self.tracker.affected_count),
                "screening": self.screening_count, "max_dose_gy": float(self.dose_gy.max(initial=0.0))}

