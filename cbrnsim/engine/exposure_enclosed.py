"""Releases inside an enclosed space (a metro car): a well-mixed box and occupants who get off.

Box model (the single-zone mass balance, e.g. US EPA Exposure Factors Handbook 2011 ch. 19
§19.1): the airborne mass m·f enters at a constant rate S = m·f/T over the release duration T
(instantly if T = 0) into a volume V ventilated at λ air changes per hour::

    dC/dt = S/V − λC   →   C(τ) = S/(Vλ)·(1 − e^(−λτ))           for τ ≤ T
                            C(τ) = C(T)·e^(−λ(τ−T))                 after
    (λ = 0: C = Sτ/V, then constant.)

Occupants are exposed from the start until they get off. Exit schedule (planning assumption,
see EXIT_SHARES): the train stops every STATION_INTERVAL_MIN; most occupants leave at the
first stop, some ride on — in Tokyo 1995 the trains kept running after the packages were
pierced and passengers left at later stations (Okumura et al. 1998, Acad Emerg Med 5:613).
The car's exhaust into tunnels and stations is not modelled (no platform cohort): the
controller can add a separate release at a station if the scenario needs one.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib import ChemicalAgent
from ..hazard.toxicology import onset_minutes, severity_mix, time_to_death_untreated_min
from ..rng import Streams
from ..scenario.releases import Release
from .cohorts import ID_BLOCK, TIERS, KeyedNormals
from .exposure_specs import CasualtySpec

FloatArray = NDArray[np.float64]

ENCLOSURE_GROUP_BASE = 100_000
"""Occupants of the j-th enclosed release have ids (ENCLOSURE_GROUP_BASE + j)·ID_BLOCK + index."""

STATION_INTERVAL_MIN = 2.0
"""Minutes between stops: planning assumption from metro timetables — e.g. Tokyo Metro Hibiya
Line, 20.3 km with 21 stations in about 45 min end to end (≈ 2 min per stop; Tokyo Metro line
data). Set per scenario by a different release duration if the line is slower."""

EXIT_SHARES: tuple[float, ...] = (0.6, 0.25, 0.15)
"""Share of occupants getting off at the 1st, 2nd and 3rd stop: planning assumption (no
published distribution found). Most leave the smell at once; some are unaware, asleep or too
ill to move and ride on (Tokyo 1995: Okumura et al. 1998, Part 1)."""

_GRID_POINTS = 401
"""Time points per exit group for the toxic-load integral (C^n has no closed-form integral)."""


def box_concentration_mg_m3(tau_min: FloatArray, amount_mg: float, duration_min: float,
                            volume_m3: float, air_changes_per_h: float) -> FloatArray:
    """Well-mixed concentration τ minutes after the release starts (mg/m³)."""
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
    """∫₀^τ C dt of the box model, in closed form (mg·min/m³)."""
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
        self._amount_mg = release.quantity_kg * 1e6 * release.airborne_fraction
        self._box = (self._amount_mg, release.duration_min, box.volume_m3, box.air_changes_per_h)
        n = agent.toxic_load_exponent_n.value
        self.dose_unit = f"(mg/m3)^{n:g}·min"
        count = box.occupants
        self.person_id = (ENCLOSURE_GROUP_BASE + group) * ID_BLOCK + np.arange(count, dtype=np.int64)
        u_exit = streams.uniform_per_key("person", self.person_id, draw="enclosure_exit")
        self.exit_stop = np.searchsorted(np.cumsum(EXIT_SHARES), u_exit, side="right").clip(0, len(EXIT_SHARES) - 1)
        self.exit_min = start_min + STATION_INTERVAL_MIN * (self.exit_stop + 1)
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
        for stop in range(len(EXIT_SHARES)):
            mine = np.flatnonzero(self.exit_stop == stop)
            if mine.size == 0:
                continue
            stay = STATION_INTERVAL_MIN * (stop + 1)
            tau = np.linspace(0.0, stay, _GRID_POINTS)
            conc = box_concentration_mg_m3(tau, *self._box)
            tl = np.concatenate([[0.0], np.cumsum(0.5 * (conc[1:] ** n + conc[:-1] ** n) * np.diff(tau))])
            mix = severity_mix(self.agent, toxic_load=tl)
            exceed = np.cumsum(mix[:, ::-1], axis=1)[:, ::-1][:, 1:1 + TIERS]
            reach = np.full((mine.size, TIERS), math.inf)
            candidate = np.full((mine.size, TIERS), math.inf)
            for k in range(TIERS):
                index = np.searchsorted(np.maximum.accumulate(exceed[:, k]), u[mine], side="right")
                hit = index < tau.size
                reach[hit, k] = self.start_min + tau[index[hit]]
                if hit.any():
                    delay = onset_minutes(self.agent, k + 1, KeyedNormals(z[mine][hit]), size=int(hit.sum()))
                    candidate[hit, k] = reach[hit, k] + delay
            onset[mine] = candidate.min(axis=1)
            severity[mine] = np.sum(reach <= onset[mine, None], axis=1) * np.isfinite(onset[mine])
            load[mine] = tl[-1]
        return severity, onset, load

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
            death = dict(zip(lethal.tolist(), np.maximum(ttd - (self.onset_min[lethal] - self.start_min), 0.0)))
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
                agent=self.agent.id, dose=float(self.load[i]), dose_unit=self.dose_unit))
        return specs

    def concentration_now_mg_m3(self, now_min: float) -> float:
        """Concentration in the enclosure now (mg/m³)."""
        return float(box_concentration_mg_m3(now_min - self.start_min, *self._box))

    def summary(self) -> dict:
        """Occupants, affected, and the count by severity."""
        counts = np.bincount(self.severity, minlength=TIERS + 1)
        return {"agent": self.agent.id, "release": self.release.id, "occupants": int(self.person_id.size),
                "affected": self.affected_count,
                "by_severity": {name: int(counts[i]) for i, name in
                                enumerate(("none", "mild", "moderate", "severe", "lethal_without_care")) if i}}
