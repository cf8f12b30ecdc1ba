"""Outdoor chemical releases: toxic load per cohort, severity mix, casualties.

The airborne field (puffs outdoors, infiltration indoors) is
:class:`cbrnsim.engine.exposure_airborne.AirborneField`. Each cohort's toxic load Σ C^n·Δt
(the agent's n, C the step-mean concentration in mg/m³) gives the severity mix of
:func:`cbrnsim.hazard.toxicology.severity_mix`; the per-person rule is in
:mod:`cbrnsim.engine.exposure_severity`.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib import ChemicalAgent
from ..hazard.densegas import DenseGasRelease
from ..hazard.physiology import breathing_rate_m3_min
from ..hazard.puff import LineSource, MovingSource, PointSource, Source, WeatherStep
from ..hazard.toxicology import onset_minutes, severity_mix, time_to_death_untreated_min
from ..rng import Streams
from ..scenario.releases import Release
from .cohorts import INDOOR, TIERS, Cohorts, KeyedNormals
from .exposure_airborne import AIR_CHANGES_PER_H, AirborneField
from .exposure_severity import SeverityTracker
from .exposure_specs import CasualtySpec

ZONE_MINUTE_VOLUME_L_MIN = breathing_rate_m3_min() * 1000.0
"""Breathing of people in population zones (L/min): the physiology default, light exercise of an
adult male, 25 L/min (ICRP 66 Table 6) — people caught in a release walk, queue or evacuate, and
the larger rate does not understate intake. Used for agents whose estimates hold at a stated
minute volume (cbrnsim.hazard.toxicology.systemic_breathing_factor)."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DENSE_RELEASE_MAX_HEIGHT_M = 2.0
"""Releases of a dense gas up to this height (a tank-car valve, a ruptured pipe) are treated as
ground-level for the dense-gas correlations, which are for ground releases (Britter & McQuaid
1988): a heavy cloud released a metre up slumps to the ground within seconds (model choice)."""

DENSE_VAPOUR_DENSITY = 1.5
"""Gases at least this much heavier than air, released at ground level as a gas (a liquefied-
gas tank), get the Britter–McQuaid dense-gas treatment; whether the cloud really is dense is
then decided by the workbook's Richardson-number criterion (Britter & McQuaid 1988)."""

NEGLIGIBLE_LOAD_FRACTION = 0.01
"""The hazard is over for a track when the toxic load anyone could still take in is below this
fraction of the mild-tier median load (a model choice: ≲ 1 % of a mild effect)."""

ARRIVAL_FRACTION = 1e-3
"""A cohort's exposure 'begins' when its concentration first exceeds this fraction of the
mild-tier reference concentration (model choice)."""


def weather_steps(observations) -> list[WeatherStep]:
    """Puff-model weather from the scenario timeline."""
    return [WeatherStep(w.time_min, w.wind_speed_m_s, w.wind_from_deg, w.stability, w.terrain)
            for w in observations]


def puff_sources(release: Release, amount: float, start_min: float, dense: DenseGasRelease | None = None,
                 deposition_velocity_m_s: float = 0.0, initial_sigma_h_m: float = 0.1,
                 initial_sigma_z_m: float = 0.1) -> list[Source]:
    """Puff-model sources for a release of `amount` (grams, or any additive unit) at its geometry."""
    pts = [(p.x_m, p.y_m) for p in release.points()]
    common = dict(start_min=start_min, height_m=release.height_m, deposition_velocity_m_s=deposition_velocity_m_s)
    if release.geometry == "point":
        return [PointSource(pts[0][0], pts[0][1], amount, duration_min=release.duration_min, dense=dense,
                            initial_sigma_h_m=initial_sigma_h_m, initial_sigma_z_m=initial_sigma_z_m, **common)]
    legs = np.hypot(*np.diff(np.asarray(pts), axis=0).T)
    if release.geometry == "moving" and release.duration_min > 0:
        speed = float(legs.sum()) / (release.duration_min * 60.0)
        return [MovingSource(tuple(pts), tuple([speed] * legs.size), amount / (release.duration_min * 60.0),
                             **common)]
    share = legs / legs.sum()
    return [LineSource(pts[i], pts[i + 1], amount * share[i], duration_min=release.duration_min, **common)
            for i in range(legs.size)]


def dense_gas(agent: ChemicalAgent, release: Release, temperature_c: float) -> DenseGasRelease | None:
    """Dense-gas properties for a ground-level point release of a heavy gas, else None."""
    heavy = agent.vapour_density_rel_air.value >= DENSE_VAPOUR_DENSITY and agent.physical_state_20c == "gas"
    if not heavy or release.geometry != "point" or release.height_m > DENSE_RELEASE_MAX_HEIGHT_M:
        return None
    # A liquefied gas flashes at its boiling point (CCPS 1999 §2.1): the cloud starts that cold.
    return DenseGasRelease(agent.molecular_weight_g_mol.value, agent.boiling_point_c.value + 273.15,
                           ambient_temperature_k=temperature_c + 273.15)


class ChemicalTrack:
    """One chemical agent released outdoors: its puffs, indoor air, cohort loads and casualties."""

    kind = "chemical"

    def __init__(self, agent: ChemicalAgent, weather: list[WeatherStep], cohorts: Cohorts,
                 claimed: NDArray[np.int8], track_index: int, streams: Streams,
                 air_changes_per_h: float = AIR_CHANGES_PER_H) -> None:
        self.agent = agent
        self._cohorts = cohorts
        self._pop = cohorts.population
        self._streams = streams
        self._n = agent.toxic_load_exponent_n.value
        mild = agent.mild_effects
        self._c_ref_mg_m3 = mild.ect50_mg_min_m3 / mild.reference_duration_min
        # Median toxic load of the mild tier, TL50 = (ECt50/t_ref)^n·t_ref (toxicology module docstring).
        self._tl50_mild = self._c_ref_mg_m3 ** self._n * mild.reference_duration_min
        self.air = AirborneField(weather, cohorts, air_changes_per_h)
        self.puffs = self.air.puffs
        self.load = np.zeros(cohorts.count)
        """Toxic load per cohort, (mg/m³)^n·min."""
        self.dosage_mg_min_m3 = np.zeros(cohorts.count)
        """Dosage (Ct) per cohort, mg·min/m³."""
        self._arrival_min = np.full(cohorts.count, math.inf)
        self.tracker = SeverityTracker(cohorts, claimed, track_index, self._onset_delay)
        self.dose_unit = f"(mg/m3)^{self._n:g}·min"

    # ---- inputs -------------------------------------------------------------------------
    def add_release(self, release: Release, start_min: float, temperature_c: float) -> None:
        """Put a release's airborne mass into the puff model."""
        assert release.quantity_kg is not None
        mass_g = release.quantity_kg * 1000.0 * release.airborne_fraction
        dense = dense_gas(self.agent, release, temperature_c)
        if dense is not None:
            release = release.model_copy(update={"height_m": 0.0})
        for source in puff_sources(release, mass_g, start_min, dense):
            self.air.add_source(source)

    def add_weather(self, step: WeatherStep) -> None:
        """A wind change from `step.start_min` on."""
        self.air.add_weather(step)

    def cohorts_split(self, parents: IntArray, children: IntArray) -> None:
        """New cohorts inherit their parent's dose history."""
        grow = self._cohorts.count - self.load.size
        self.load = np.concatenate([self.load, np.zeros(grow)])
        self.dosage_mg_min_m3 = np.concatenate([self.dosage_mg_min_m3, np.zeros(grow)])
        self._arrival_min = np.concatenate([self._arrival_min, np.full(grow, math.inf)])
        for parent, child in zip(parents, children):
            if child >= 0 and child != parent:
                self.load[child] = self.load[parent]
                self.dosage_mg_min_m3[child] = self.dosage_mg_min_m3[parent]
                self._arrival_min[child] = self._arrival_min[parent]
        self.tracker.cohorts_split(parents, children)

    # ---- time stepping ------------------------------------------------------------------
    def advance(self, t0_min: float, t1_min: float) -> None:
        """Move the hazard from t0 to t1 and add each cohort's exposure over the step."""
        dt = t1_min - t0_min
        if dt <= 0:
            return
        conc = self.air.step(t0_min, t1_min) * 1000.0  # g/m³ → mg/m³
        self.load += np.power(conc, self._n) * dt
        self.dosage_mg_min_m3 += conc * dt
        arriving = np.isinf(self._arrival_min) & (conc > ARRIVAL_FRACTION * self._c_ref_mg_m3)
        self._arrival_min[arriving] = t0_min
        mix = severity_mix(self.agent, toxic_load=self.load, minute_volume_l_min=ZONE_MINUTE_VOLUME_L_MIN)
        exceedance = np.cumsum(mix[:, ::-1], axis=1)[:, ::-1][:, 1:1 + TIERS]
        self.tracker.update(t1_min, exceedance, self.load, self._arrival_min)

    def _outdoor_load_bound(self) -> float:
        """Largest toxic load a puff now airborne could still give anyone (ground peak × passage)."""
        peak, passage_min = self.air.puff_peaks()
        if peak.size == 0:
            return 0.0
        return float(np.max(np.power(peak * 1000.0, self._n) * passage_min))

    def _indoor_load_bound(self) -> float:
        """Load still to come indoors if outdoor air were clean from now: ∫(C e^(−λt))^n dt = C^n/(nλ)."""
        lam = self.air.air_changes_per_min
        c_max = float(np.max(self.air.c_in, initial=0.0)) * 1000.0
        if lam <= 0:
            return math.inf if c_max > 0 else 0.0
        return c_max ** self._n / (self._n * lam)

    def wake_min(self, now_min: float) -> float:
        """When the next puff of a planned release leaves the source (inf if none)."""
        return self.air.wake_min()

    def status(self, now_min: float) -> str:
        """'fine' (a cloud can still hurt: 1-min steps), 'coarse' (only indoor air or pending
        onsets matter), 'wait' (nothing until the next planned release) or 'done'."""
        limit = NEGLIGIBLE_LOAD_FRACTION * self._tl50_mild
        if self.wake_min(now_min) <= now_min + 1.0 or self._outdoor_load_bound() >= limit:
            return "fine"
        if self._indoor_load_bound() >= limit or self.tracker.pending_count():
            return "coarse"
        return "wait" if math.isfinite(self.wake_min(now_min)) else "done"

    # ---- outputs ------------------------------------------------------------------------
    def _onset_delay(self, tier: int, people: IntArray) -> FloatArray:
        z = self._streams.normal_per_key("person", self._pop.person_id[people], draw="onset")
        return onset_minutes(self.agent, tier, KeyedNormals(z), size=people.size)

    def emit(self, before_min: float) -> list[CasualtySpec]:
        """CasualtySpecs of everyone whose onset falls before `before_min`."""
        due = self.tracker.take_due(before_min)
        if due.person.size == 0:
            return []
        ids = self._pop.person_id[due.person]
        lethal = due.severity == 4
        death = np.full(ids.size, np.nan)
        if lethal.any():
            z = self._streams.normal_per_key("person", ids[lethal], draw="death_untreated")
            from_exposure = time_to_death_untreated_min(self.agent, 4, KeyedNormals(z), size=int(lethal.sum()))
            death[lethal] = np.maximum(from_exposure - (due.onset_min[lethal] - due.exposed_min[lethal]), 0.0)
        mode = self._cohorts.mode[self._cohorts.cohort_of[due.person]]
        # SBCCOM (2000) mass-decontamination guidelines: people exposed to vapour only need their
        # clothing removed; agents that need decontamination (liquid hazard) do so for people who
        # were out in the cloud. Indoor, infiltrated vapour at lower levels: not flagged.
        needs_decon = self.agent.decontamination.required
        rec = self._pop.receptor_of[due.person]
        zones = [self._pop.zone_ids[z] for z in self._pop.receptor_zone[rec].tolist()]
        contaminated = (needs_decon & (mode != INDOOR)).tolist()
        deaths = [None if math.isnan(d) else d for d in death.tolist()]
        # Plain Python lists: building thousands of specs from numpy scalars is 3x slower.
        return [CasualtySpec(id=i, zone=z, x_m=x, y_m=y, exposed_min=e, onset_min=o, severity=s, injury="toxic",
                             contaminated=c, ambulatory=s <= 2, death_untreated_min=d, agent=self.agent.id,
                             dose=q, dose_unit=self.dose_unit)
                for i, z, x, y, e, o, s, c, d, q in zip(
                    ids.tolist(), zones, self._pop.receptor_x_m[rec].tolist(), self._pop.receptor_y_m[rec].tolist(),
                    due.exposed_min.tolist(), due.onset_min.tolist(), due.severity.tolist(), contaminated, deaths,
                    due.dose.tolist())]

    def concentration_mg_m3(self, x_m: FloatArray, y_m: FloatArray) -> FloatArray:
        """Outdoor concentration now at arbitrary points (mg/m³, 1.5 m above ground)."""
        return self.air.concentration(x_m, y_m) * 1000.0

    def summary(self) -> dict:
        """Counts by severity and the peak outdoor concentration seen on the zone points."""
        counts = self.tracker.severity_counts()
        return {"agent": self.agent.id, "affected": int(self.tracker.affected_count),
                "by_severity": {name: int(counts[i]) for i, name in
                                enumerate(("none", "mild", "moderate", "severe", "lethal_without_care")) if i},
                "max_dosage_mg_min_m3": float(self.dosage_mg_min_m3.max(initial=0.0))}
