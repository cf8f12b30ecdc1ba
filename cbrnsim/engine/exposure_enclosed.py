"""Releases inside an enclosed space (a metro car, a platform hall): a well-mixed box whose
occupants get off in groups.

Source term. A sprayed or gaseous release puts S = m·f/T (mass m, airborne fraction f, over the
release duration T; instantly if T = 0) into the air. Liquid agent spilt in the enclosure
(``release.spill``: punctured bags of sarin) instead EVAPORATES from its pool at the rate of US
EPA (1999) Risk Management Program Guidance for Offsite Consequence Analysis, Appendix D,
eq. D-1 (the Mackay & Matsugu 1973 mass-transfer correlation as EPA writes it)::

    QR [lb/min] = 0.284 · u^0.78 · MW^(2/3) · A [ft²] · VP [mmHg] / (82.05 · T [K])

with u the air speed over the pool (m/s) and VP the agent's partial vapour pressure over the
liquid: its saturated vapour pressure (from the agent library's volatility, ideal gas) times its
mole fraction in the liquid (Raoult's law). The pool evaporates at that rate until the agent
mass is gone.

Box model (the single-zone mass balance, e.g. US EPA Exposure Factors Handbook 2011 ch. 19
§19.1) for a volume V ventilated at λ outdoor-air changes per hour::

    dC/dt = S/V − λC   →   C(τ) = S/(Vλ) + (C₀ − S/(Vλ))·e^(−λτ)   on each interval

and every time the doors open at a stop, a share d of the air is replaced (C → (1 − d)·C).

Near field. Beside a pool the air is richer than the room average. The two-zone near-field /
far-field model (Nicas 1996, Appl Occup Environ Hyg 11:1176; AIHA 2009, Mathematical Models for
Estimating Occupational Exposure to Chemicals, 2nd ed., ch. 8) puts the share
``spill.near_field_share`` of the occupants in a hemisphere of radius r around the pool; air
crosses its free surface at β = ½·2πr²·s (s the air speed), so their concentration is
C_NF = C + G/β while the pool evaporates at G (the near field's own time constant, V_NF/β, is a
few seconds, so the quasi-steady form is used). The far field is the well-mixed box above. A
near-field occupant moves into the far field at their first symptoms (see _near_field_curves).

Occupants are exposed from the start until their stop, and can seek care (or be reached by
responders) only once off the train: ``CasualtySpec.leaves_min``. Exit schedule (``Enclosure.exit_shares``
every ``stop_interval_min``; defaults are planning assumptions): most leave at the first stop,
some ride on — in Tokyo 1995 the trains kept running after the packages were pierced and
passengers left at later stations (Okumura et al. 1998, Acad Emerg Med 5:613). The car's exhaust
into tunnels and stations is not modelled: a platform is a separate enclosed release in the
scenario (the punctured bags arriving with the train), with its own occupants.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib import ChemicalAgent
from ..hazard.physiology import breathing_rate_m3_min
from ..hazard.toxicology import onset_minutes, severity_mix, time_to_death_untreated_min
from ..rng import Streams
from ..scenario.releases import Enclosure, Release, Spill
from .cohorts import ID_BLOCK, TIERS, KeyedNormals
from .exposure_specs import CasualtySpec

FloatArray = NDArray[np.float64]

ENCLOSURE_GROUP_BASE = 100_000
"""Occupants of the j-th enclosed release have ids (ENCLOSURE_GROUP_BASE + j)·ID_BLOCK + index."""

_GRID_POINTS = 401
"""Time points per exit group for the toxic-load integral (C^n has no closed-form integral)."""

OCCUPANT_MINUTE_VOLUME_L_MIN = breathing_rate_m3_min("sitting") * 1000.0
"""Breathing of the occupants of a car or platform (L/min): adult male sitting awake, 0.54 m³/h =
9 L/min (ICRP 66 Table 6; the male rate, the larger of the two). Commuters sit or stand still;
planning assumption — people walking along a platform breathe more (light exercise, 25 L/min).
Used for agents whose estimates hold at a stated minute volume (sarin: 15 L/min)."""

GAS_CONSTANT_J_MOL_K = 8.314462618
"""Molar gas constant (CODATA 2018)."""

_MG_PER_LB = 453_592.37
_FT2_PER_M2 = 10.763_910_4
_PA_PER_MMHG = 133.322_387
"""Exact unit conversions (NIST SP 811, 2008, Appendix B) for EPA eq. D-1's US units."""


def box_concentration_mg_m3(tau_min: FloatArray, amount_mg: float, duration_min: float,
                            volume_m3: float, air_changes_per_h: float) -> FloatArray:
    """Well-mixed concentration τ minutes after the release starts (mg/m³), doors shut."""
    tau = np.maximum(np.asarray(tau_min, dtype=float), 0.0)
    lam = air_changes_per_h / 60.0
    if duration_min <= 0:
        return amount_mg / volume_m3 * np.exp(-lam * tau)
    rate = amount_mg / duration_min / volume_m3
    during = np.minimum(tau, duration_min)
    if lam == 0:
        return rate * during
    at_end = rate / lam * (1.0 - np.exp(-lam * during))
    return at_end * np.exp(-lam * (tau - during))


def box_dosage_mg_min_m3(tau_min: FloatArray, amount_mg: float, duration_min: float,
                         volume_m3: float, air_changes_per_h: float) -> FloatArray:
    """∫₀^τ C dt of the box model with doors shut, in closed form (mg·min/m³)."""
    tau = np.maximum(np.asarray(tau_min, dtype=float), 0.0)
    lam = air_changes_per_h / 60.0
    if duration_min <= 0:
        c0 = amount_mg / volume_m3
        return c0 * tau if lam == 0 else c0 * (1.0 - np.exp(-lam * tau)) / lam
    rate = amount_mg / duration_min / volume_m3
    during = np.minimum(tau, duration_min)
    after = tau - during
    if lam == 0:
        return rate * during**2 / 2.0 + rate * during * after
    inside = rate / lam * (during - (1.0 - np.exp(-lam * during)) / lam)
    c_end = rate / lam * (1.0 - np.exp(-lam * during))
    return inside + c_end * (1.0 - np.exp(-lam * after)) / lam


# ---- source term -------------------------------------------------------------------------
def vapour_pressure_pa(agent: ChemicalAgent, temperature_c: float) -> float:
    """Saturated vapour pressure (Pa) from the library's volatility (saturated vapour concentration).

    Ideal gas: P = (C_sat/MW)·R·T. Between and beyond the 20 °C and 25 °C values, ln P is linear
    in 1/T (Clausius–Clapeyron with a constant heat of vaporisation)."""
    if agent.volatility_mg_m3_20c is None:
        raise ValueError(f"agent {agent.id!r} has no volatility in the agent library: a spill needs a liquid agent")
    mw = agent.molecular_weight_g_mol.value

    def pressure(c_mg_m3: float, t_k: float) -> float:
        return c_mg_m3 / 1000.0 / mw * GAS_CONSTANT_J_MOL_K * t_k

    t = temperature_c + 273.15
    p20 = pressure(agent.volatility_mg_m3_20c.value, 293.15)
    if agent.volatility_mg_m3_25c is None:
        return p20
    p25 = pressure(agent.volatility_mg_m3_25c.value, 298.15)
    slope = math.log(p25 / p20) / (1.0 / 298.15 - 1.0 / 293.15)
    return p20 * math.exp(slope * (1.0 / t - 1.0 / 293.15))


def agent_mole_fraction(agent: ChemicalAgent, spill: Spill) -> float:
    """The agent's mole fraction in the spilt liquid, from its mass fraction (purity)."""
    mw = agent.molecular_weight_g_mol.value
    diluent = spill.diluent_molecular_weight_g_mol or mw
    agent_mol = spill.purity / mw
    rest_mol = (1.0 - spill.purity) / diluent
    return agent_mol / (agent_mol + rest_mol) if agent_mol > 0 else 0.0


def pool_evaporation_mg_min(agent: ChemicalAgent, spill: Spill) -> float:
    """Evaporation rate of the agent from the pool (mg/min): US EPA (1999) RMP OCA Guidance eq. D-1,
    with Raoult's law for the partial vapour pressure."""
    t_k = spill.liquid_temperature_c + 273.15
    vp_mmhg = vapour_pressure_pa(agent, spill.liquid_temperature_c) * agent_mole_fraction(agent, spill) / _PA_PER_MMHG
    area_ft2 = spill.pool_area_m2 * _FT2_PER_M2
    mw = agent.molecular_weight_g_mol.value
    lb_min = 0.284 * spill.air_speed_m_s ** 0.78 * mw ** (2.0 / 3.0) * area_ft2 * vp_mmhg / (82.05 * t_k)
    return lb_min * _MG_PER_LB


def source_term(agent: ChemicalAgent, release: Release) -> tuple[float, float, float]:
    """(puff mg at τ = 0, continuous rate mg/min, how long the rate lasts in min) of a release."""
    assert release.quantity_kg is not None
    mass_mg = release.quantity_kg * 1e6
    if release.spill is not None:
        rate = pool_evaporation_mg_min(agent, release.spill)
        return 0.0, rate, (mass_mg / rate if rate > 0 else 0.0)
    airborne_mg = mass_mg * release.airborne_fraction
    if release.duration_min <= 0:
        return airborne_mg, 0.0, 0.0
    return 0.0, airborne_mg / release.duration_min, release.duration_min


class EnclosureAir:
    """Concentration in a well-mixed enclosure with a source, ventilation and door openings at stops."""

    def __init__(self, box: Enclosure, puff_mg: float, rate_mg_min: float, source_min: float) -> None:
        self.volume_m3 = box.volume_m3
        self.lam_per_min = box.air_changes_per_h / 60.0
        self.keep_at_stop = 1.0 - box.door_exchange_fraction
        self.rate_mg_min = rate_mg_min
        self.source_min = source_min
        stops = box.stop_interval_min * np.arange(1, len(box.exit_shares) + 1)
        self._stops = set(stops.tolist()) if box.door_exchange_fraction > 0 else set()
        edges = sorted({0.0, *self._stops, *([source_min] if 0 < source_min else [])})
        self._edges = np.array(edges)
        self._start_c = self._edge_concentrations(puff_mg / box.volume_m3)

    def _segment(self, c0: float, t0: float, dt: FloatArray | float) -> FloatArray | float:
        s = self.rate_mg_min / self.volume_m3 if t0 < self.source_min else 0.0
        lam = self.lam_per_min
        if lam == 0:
            return c0 + s * dt
        steady = s / lam
        return steady + (c0 - steady) * np.exp(-lam * dt)

    def _edge_concentrations(self, c0: float) -> FloatArray:
        """Concentration just after each edge (a stop's door exchange applied)."""
        out = np.empty(self._edges.size)
        c = c0
        for i, t0 in enumerate(self._edges):
            if i > 0:
                c = float(self._segment(c, float(self._edges[i - 1]), t0 - self._edges[i - 1]))
                if float(t0) in self._stops:
                    c *= self.keep_at_stop
            out[i] = c
        return out

    def concentration_mg_m3(self, tau_min: FloatArray | float) -> FloatArray:
        """Concentration τ minutes after the release starts (mg/m³)."""
        tau = np.maximum(np.asarray(tau_min, dtype=float), 0.0)
        k = np.searchsorted(self._edges, tau, side="right") - 1
        out = np.empty(tau.shape)
        for i in np.unique(k):
            mine = k == i
            out[mine] = self._segment(float(self._start_c[i]), float(self._edges[i]), tau[mine] - self._edges[i])
        return out


def _toxic_load_curve(conc_mg_m3: FloatArray, tau_min: FloatArray, n: float) -> FloatArray:
    """Running toxic load ∫C^n dt over the time points (trapezoids), ((mg/m³)^n·min)."""
    powered = conc_mg_m3 ** n
    return np.concatenate([[0.0], np.cumsum(0.5 * (powered[1:] + powered[:-1]) * np.diff(tau_min))])


def near_field_excess_mg_m3(spill: Spill, rate_mg_min: float) -> float:
    """G/β: how much richer the near-field air is than the room while the pool evaporates (mg/m³)."""
    beta_m3_min = 0.5 * 2.0 * math.pi * spill.near_field_radius_m ** 2 * spill.air_speed_m_s * 60.0
    return rate_mg_min / beta_m3_min


def path_position_m(release: Release, fraction: float) -> tuple[float, float]:
    """Where a release's geometry is at a fraction (0-1) of its duration (start point for a point)."""
    pts = np.array([(p.x_m, p.y_m) for p in release.points()])
    if pts.shape[0] == 1:
        return float(pts[0, 0]), float(pts[0, 1])
    legs = np.hypot(*np.diff(pts, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(legs)])
    s = min(max(fraction, 0.0), 1.0) * along[-1]
    return float(np.interp(s, along, pts[:, 0])), float(np.interp(s, along, pts[:, 1]))


class EnclosedTrack:
    """One chemical release in an enclosure: occupants' loads, severities and onsets at release time."""

    kind = "enclosed"

    def __init__(self, agent: ChemicalAgent, release: Release, start_min: float, group: int,
                 streams: Streams) -> None:
        assert release.enclosure is not None and release.quantity_kg is not None
        self.agent = agent
        self.release = release
        self.start_min = start_min
        box = release.enclosure
        puff_mg, rate_mg_min, source_min = source_term(agent, release)
        self.source_rate_mg_min = rate_mg_min
        """Evaporation (spill) or release rate into the enclosure air (mg/min; 0 for a puff)."""
        self.air = EnclosureAir(box, puff_mg, rate_mg_min, source_min)
        self._near_excess = (near_field_excess_mg_m3(release.spill, rate_mg_min) if release.spill else 0.0,
                             source_min)
        self.stop_interval_min = box.stop_interval_min
        self.exit_shares = box.exit_shares
        n = agent.toxic_load_exponent_n.value
        self.dose_unit = f"(mg/m3)^{n:g}·min"
        count = box.occupants
        self.person_id = (ENCLOSURE_GROUP_BASE + group) * ID_BLOCK + np.arange(count, dtype=np.int64)
        u_exit = streams.uniform_per_key("person", self.person_id, draw="enclosure_exit")
        last = len(self.exit_shares) - 1
        self.exit_stop = np.searchsorted(np.cumsum(self.exit_shares), u_exit, side="right").clip(0, last)
        self.exit_min = start_min + self.stop_interval_min * (self.exit_stop + 1)
        share = release.spill.near_field_share if release.spill is not None else 0.0
        u_near = streams.uniform_per_key("person", self.person_id, draw="enclosure_near_field")
        self.near_field = u_near < share
        """Occupants beside the pool (near field) at the start; they move away at their first symptoms."""
        u_dose = streams.uniform_per_key("person", self.person_id, draw="dose_response")
        z_onset = streams.normal_per_key("person", self.person_id, draw="onset")
        self._emitted = np.zeros(count, dtype=bool)
        self.severity, self.onset_min, self.load = self._outcomes(u_dose, z_onset, n)
        self.affected_count = int(np.count_nonzero(self.severity > 0))
        self._streams = streams

    def _outcomes(self, u: FloatArray, z: FloatArray, n: float) -> tuple[np.ndarray, FloatArray, FloatArray]:
        """Severity crystallised at onset, onset time and final load, per occupant."""
        count = u.size
        severity = np.zeros(count, dtype=np.int64)
        onset = np.full(count, math.inf)
        load = np.zeros(count)
        fatal = np.full(count, math.inf)
        excess_mg_m3, source_min = self._near_excess
        for stop in range(len(self.exit_shares)):
            riders = self.exit_stop == stop
            if not riders.any():
                continue
            tau = self._grid(stop)
            conc = self.air.concentration_mg_m3(tau)
            far_tl = _toxic_load_curve(conc, tau, n)
            far = np.flatnonzero(riders & ~self.near_field)
            if far.size:
                severity[far], onset[far], fatal[far] = self._tier_outcomes(far_tl[None, :], tau, u[far], z[far])
                load[far] = far_tl[-1]
            near = np.flatnonzero(riders & self.near_field)
            if near.size:
                near_tl = _toxic_load_curve(conc + np.where(tau < source_min, excess_mg_m3, 0.0), tau, n)
                curves = self._near_field_curves(near_tl, far_tl, tau, u[near], z[near])
                severity[near], onset[near], fatal[near] = self._tier_outcomes(curves, tau, u[near], z[near])
                load[near] = curves[:, -1]
        self.fatal_dose_min = fatal
        """When each occupant had taken a lethal-tier dose (min since STARTEX; inf if never)."""
        return severity, onset, load

    def _grid(self, stop: int) -> FloatArray:
        """Time points (min after the release) for the riders who get off at `stop`; points either
        side of each earlier stop keep the door-exchange drop sharp."""
        stay = self.stop_interval_min * (stop + 1)
        edges = self.stop_interval_min * np.arange(1, stop + 1)
        return np.unique(np.concatenate([np.linspace(0.0, stay, _GRID_POINTS), edges - 1e-9, edges]))

    def _near_field_curves(self, near_tl: FloatArray, far_tl: FloatArray, tau: FloatArray, u: FloatArray,
                           z: FloatArray) -> FloatArray:
        """Toxic load over time of each near-field occupant, who moves away from the pool into the
        far field at their first symptoms (one row per occupant).

        Beside a pool the first signs of a nerve agent (miosis, dim vision, rhinorrhoea, tight
        chest) come within seconds to minutes, and Tokyo's passengers then moved away from the
        packages, to the far end of the car or another car (Okumura et al. 1998, Acad Emerg Med
        5:613, Part 1: passengers noticed the liquid and the smell). Leaving at onset is a planning
        assumption (no published distribution of how fast people moved away); the onset time is the
        agent library's, drawn with the occupant's own keyed normal.
        """
        _, first_signs, _ = self._tier_outcomes(near_tl[None, :], tau, u, z)
        leave = np.clip(first_signs - self.start_min, 0.0, tau[-1])
        leave = np.where(np.isfinite(leave), leave, tau[-1])
        at_leave_near = np.interp(leave, tau, near_tl)
        at_leave_far = np.interp(leave, tau, far_tl)
        after = at_leave_near[:, None] + far_tl[None, :] - at_leave_far[:, None]
        return np.where(tau[None, :] <= leave[:, None], near_tl[None, :], after)

    def _tier_outcomes(self, toxic_load: FloatArray, tau: FloatArray, u: FloatArray,
                       z: FloatArray) -> tuple[np.ndarray, FloatArray, FloatArray]:
        """(severity, onset time, when the lethal tier's dose was taken) per person, from toxic-load
        curves over `tau`: one row shared by all (shape (1, T)) or one row each (shape (P, T)). A
        tier is reached when its exceedance probability passes the person's uniform; severity is
        what has been reached by onset."""
        mix = severity_mix(self.agent, toxic_load=toxic_load, minute_volume_l_min=OCCUPANT_MINUTE_VOLUME_L_MIN)
        exceed = np.cumsum(mix[..., ::-1], axis=-1)[..., ::-1][..., 1:1 + TIERS]
        reach = np.full((u.size, TIERS), math.inf)
        candidate = np.full((u.size, TIERS), math.inf)
        for k in range(TIERS):
            rising = np.maximum.accumulate(exceed[..., k], axis=-1)
            index = np.sum(rising <= u[:, None], axis=-1)  # = searchsorted(rising, u, side="right")
            hit = index < tau.size
            reach[hit, k] = self.start_min + tau[index[hit]]
            if hit.any():
                delay = onset_minutes(self.agent, k + 1, KeyedNormals(z[hit]), size=int(hit.sum()))
                candidate[hit, k] = reach[hit, k] + delay
        onset = candidate.min(axis=1)
        severity = np.sum(reach <= onset[:, None], axis=1) * np.isfinite(onset)
        return severity, onset, reach[:, TIERS - 1]

    def status(self, now_min: float) -> str:
        """'fine' while occupants still have to be emitted, else 'done'."""
        return "fine" if np.any(~self._emitted & (self.severity > 0)) else "done"

    def emit(self, before_min: float) -> list[CasualtySpec]:
        """Occupants whose onset falls before `before_min`."""
        due = np.flatnonzero(~self._emitted & (self.severity > 0) & (self.onset_min < before_min))
        self._emitted[due] = True
        if due.size == 0:
            return []
        lethal = due[self.severity[due] == 4]
        death = {}
        if lethal.size:
            z = self._streams.normal_per_key("person", self.person_id[lethal], draw="death_untreated")
            ttd = time_to_death_untreated_min(self.agent, 4, KeyedNormals(z), size=lethal.size)
            # FM 3-9 counts the time to death from the absorption of a fatal dosage, not from boarding.
            after_onset = self.fatal_dose_min[lethal] + ttd - self.onset_min[lethal]
            death = dict(zip(lethal.tolist(), np.maximum(after_onset, 0.0)))
        duration = max(self.release.duration_min, 1e-9)
        specs = []
        for i in due.tolist():
            x, y = path_position_m(self.release, (self.exit_min[i] - self.start_min) / duration)
            specs.append(CasualtySpec(
                id=int(self.person_id[i]), zone=self.release.id, x_m=x, y_m=y,
                exposed_min=self.start_min, onset_min=float(self.onset_min[i]), severity=int(self.severity[i]),
                injury="toxic", contaminated=bool(self.agent.decontamination.required),
                ambulatory=bool(self.severity[i] <= 2),
                death_untreated_min=float(death[i]) if i in death else None,
                agent=self.agent.id, dose=float(self.load[i]), dose_unit=self.dose_unit,
                leaves_min=float(self.exit_min[i])))
        return specs

    def concentration_now_mg_m3(self, now_min: float) -> float:
        """Concentration in the enclosure now (mg/m³)."""
        return float(self.air.concentration_mg_m3(now_min - self.start_min))

    def summary(self) -> dict:
        """Occupants, affected, and the count by severity."""
        counts = np.bincount(self.severity, minlength=TIERS + 1)
        return {"agent": self.agent.id, "release": self.release.id, "occupants": int(self.person_id.size),
                "affected": self.affected_count, "source_mg_min": self.source_rate_mg_min,
                "by_severity": {name: int(counts[i]) for i, name in
                                enumerate(("none", "mild", "moderate", "severe", "lethal_without_care")) if i}}
