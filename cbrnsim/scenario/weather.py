"""The weather timeline: each observation holds from its time until the next one."""
from __future__ import annotations

import bisect
from typing import Literal

from pydantic import Field

from .common import ScenarioModel, TimeMin

StabilityClass = Literal["A", "B", "C", "D", "E", "F"]
"""Pasquill–Gifford stability: A very unstable … D neutral … F moderately stable (Pasquill 1961; Turner 1970)."""

Terrain = Literal["urban", "rural"]
"""Which Briggs (1973) dispersion coefficients apply: urban (McElroy–Pooler) or open country."""


class WeatherObservation(ScenarioModel):
    """The weather from `time_min` until the next observation (or the end of the exercise)."""

    time_min: TimeMin = Field(description="When this weather begins (min since STARTEX, or 'T+hh:mm'); the first must be 0.")
    wind_speed_m_s: float = Field(gt=0, le=60, allow_inf_nan=False,
                                  description="Mean wind speed at 10 m height (m/s).")
    wind_from_deg: float = Field(ge=0, lt=360, allow_inf_nan=False,
                                 description="Direction the wind blows FROM, degrees clockwise from north "
                                             "(meteorological convention: 270 = westerly wind, blowing east).")
    stability: StabilityClass = Field(description="Pasquill–Gifford stability class, A (very unstable) to F (stable).")
    terrain: Terrain = Field(default="urban", description="Dispersion regime: 'urban' or 'rural' (Briggs 1973 sigmas).")
    temperature_c: float = Field(default=15.0, ge=-60, le=60, allow_inf_nan=False,
                                 description="Air temperature (°C); sets evaporation of liquid agents.")
    relative_humidity_pct: float | None = Field(default=None, ge=0, le=100,
                                                description="Relative humidity (%), if known.")
    mixing_height_m: float | None = Field(default=None, gt=0, le=5000,
                                          description="Mixing-layer height (m), if known; caps vertical spread.")
    note: str = Field(default="", description="Free text, e.g. the forecast this comes from (text).")


def weather_at(timeline: tuple[WeatherObservation, ...], time_min: float) -> WeatherObservation:
    """The observation in force at `time_min` (the last one that began at or before it)."""
    starts = [w.time_min for w in timeline]
    index = bisect.bisect_right(starts, time_min) - 1
    return timeline[max(index, 0)]
