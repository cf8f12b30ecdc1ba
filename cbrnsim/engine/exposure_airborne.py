"""The airborne field every outdoor track shares: puffs over the zone points, and indoor air.

Outdoor concentration at each zone point comes from the Gaussian puff model
(:mod:`cbrnsim.hazard.puff`); over a hazard step [t0, t1] the mean outdoor concentration is
the dosage gained divided by the step. Indoors, a well-mixed single-zone building follows
dC_in/dt = λ(C_out − C_in) (the standard infiltration model, US EPA Exposure Factors
Handbook 2011, ch. 19 §19.1), solved exactly for a constant outdoor level over each step.
Amounts are in the puff model's "mass" unit: grams for chemicals, organisms for biological
agents, becquerels for radionuclides; concentrations come back per m³ of that unit.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..hazard.puff import PuffModel, Source, WeatherStep
from .cohorts import INDOOR, OUTDOOR, Cohorts

FloatArray = NDArray[np.float64]

AIR_CHANGES_PER_H = 0.45
"""Default building air exchange rate (1/h): the central residential value recommended by the
US EPA Exposure Factors Handbook 2011 (EPA/600/R-09/052F), ch. 19, Table 19-1 (mean 0.45 /h;
10th percentile 0.18 /h); closed US houses measured by LBNL (Chan et al. 2007, LBNL-62341) lie
in the same band. Value as recalled from the table: verify before operational use. Fine
aerosols (1-5 µm) are taken to penetrate fully (penetration factor 1, a conservative choice)."""


class AirborneField:
    """Puffs of one agent over the zone points, and the indoor air of each point's buildings."""

    def __init__(self, weather: list[WeatherStep], cohorts: Cohorts,
                 air_changes_per_h: float = AIR_CHANGES_PER_H) -> None:
        self._cohorts = cohorts
        pop = cohorts.population
        self.puffs = PuffModel([], weather)
        self.puffs.add_receptors("zones", pop.receptor_x_m, pop.receptor_y_m, 1.5)
        self._lambda_per_min = air_changes_per_h / 60.0
        self._dosage = np.zeros(pop.receptor_x_m.size)
        self.c_out = np.zeros(pop.receptor_x_m.size)
        """Mean outdoor concentration of the last step per zone point (unit/m³)."""
        self.c_in = np.zeros(pop.receptor_x_m.size)
        """Indoor concentration now per zone point (unit/m³)."""

    @property
    def air_changes_per_min(self) -> float:
        """λ of the indoor model (1/min)."""
        return self._lambda_per_min

    def add_source(self, source: Source) -> None:
        """A release into the air."""
        self.puffs.add_source(source)

    def add_weather(self, step: WeatherStep) -> None:
        """A wind change."""
        self.puffs.add_weather(step)

    def step(self, t0_min: float, t1_min: float) -> FloatArray:
        """Advance to t1; return each cohort's mean concentration over the step (unit/m³)."""
        dt = t1_min - t0_min
        self.puffs.run(t1_min)
        dosage = self.puffs.dosage_g_s_m3("zones")
        self.c_out = (dosage - self._dosage) / (dt * 60.0)
        self._dosage = dosage
        c_in_mean = self._indoor_step(self.c_out, dt)
        rec, mode = self._cohorts.receptor, self._cohorts.mode
        return np.where(mode == OUTDOOR, self.c_out[rec], np.where(mode == INDOOR, c_in_mean[rec], 0.0))

    def _indoor_step(self, c_out: FloatArray, dt: float) -> FloatArray:
        """Exact single-zone response to a constant outdoor level; returns the step mean indoors."""
        lam = self._lambda_per_min
        if lam <= 0:
            return self.c_in.copy()
        decay = math.exp(-lam * dt)
        mean = c_out + (self.c_in - c_out) * (1.0 - decay) / (lam * dt)
        self.c_in = c_out + (self.c_in - c_out) * decay
        return mean

    def deposition_per_m2(self) -> FloatArray:
        """Dry-deposited amount per m² at each zone point (unit/m²)."""
        return self.puffs.deposition_g_m2("zones")

    def wake_min(self) -> float:
        """When the next puff of a planned release leaves its source (inf if none)."""
        pending_s = self.puffs._pending["t_s"]  # puffs not yet released (read-only use)
        return float(pending_s.min()) / 60.0 if pending_s.size else math.inf

    def puff_peaks(self) -> tuple[FloatArray, FloatArray]:
        """Ground-level peak concentration bound (unit/m³) and passage time (min) of each airborne puff."""
        p = self.puffs._puffs  # the puff arrays (read-only use, for the stop rule)
        if p["mass"].size == 0:
            return np.zeros(0), np.zeros(0)
        sh = p["sh"] * self.puffs._spread
        sz = p["sz"] * self.puffs._zspread  # a slumped dense puff is flattened: its ground peak is higher
        peak = 2.0 * p["mass"] / ((2.0 * math.pi) ** 1.5 * sh * sh * sz)
        wind = max(self.puffs.weather_at(self.puffs.time_min).wind_speed_m_s, 1.0)
        return peak, 5.0 * sh / wind / 60.0

    def concentration(self, x_m: FloatArray, y_m: FloatArray) -> FloatArray:
        """Outdoor concentration now at arbitrary points, 1.5 m above ground (unit/m³)."""
        return self.puffs.concentration_g_m3(x_m, y_m, 1.5)
