"""What a hazard family hands to the footprint builder: plume fields, circles, notes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..scenario import Release, WeatherObservation
from .plumes import PlumeField
from .zones import EnclosedExposure, TierSpec

ROUTE_SOURCES = 24
"""Point sources a line or route release is split into (each carries 1/24 of the amount)."""

BRIGGS_RANGE_M = (100.0, 10_000.0)
"""Distances for which the Briggs (1973) sigmas were fitted (Hanna, Briggs & Hosker 1982,
DOE/TIC-11223, Table 4.5; see docs/models-dispersion.md)."""


@dataclass(frozen=True)
class Circles:
    """Tiers that are circles around the release point (blast, thermal, prompt radiation)."""

    specs: tuple[TierSpec, ...]
    """The tiers, most severe first."""
    radii_m: tuple[float, ...]
    """Radius of each tier (m)."""


@dataclass(frozen=True)
class HazardPicture:
    """The model's view of one release, before it is placed on the map."""

    model: str
    """One line naming the model used."""
    plume: Callable[[float], PlumeField] | None = None
    """Share of the release (1 = all of it) -> its downwind plume field; None if there is none."""
    circles: tuple[Circles, ...] = ()
    """Circular tiers around the release point."""
    enclosed: EnclosedExposure | None = None
    """In-enclosure exposure for a release inside an enclosed space."""
    notes: tuple[str, ...] = ()
    """Assumptions and validity warnings."""


def route_points_m(release: Release, count: int = ROUTE_SOURCES) -> NDArray[np.float64]:
    """Points (count×2, local metres) at the middles of `count` equal-length pieces of a path."""
    path = np.array([(p.x_m, p.y_m) for p in release.points()], dtype=float)
    if len(path) == 1:
        return path
    legs = np.hypot(*np.diff(path, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(legs)])
    targets = (np.arange(count) + 0.5) / count * along[-1]
    return np.column_stack([np.interp(targets, along, path[:, 0]), np.interp(targets, along, path[:, 1])])


def distance_notes(label: str, distance_m: float, capped: bool) -> list[str]:
    """Warnings for a tier distance outside the range the sigmas were fitted for."""
    notes = []
    if capped:
        notes.append(f"{label}: still exceeded at the end of the search; the distance is a lower bound.")
    elif distance_m > BRIGGS_RANGE_M[1]:
        notes.append(f"{label}: {distance_m / 1000:.1f} km is beyond the 10 km range of the Briggs sigmas "
                     "(indicative only; real plumes meander and terrain steers them).")
    elif 0 < distance_m < BRIGGS_RANGE_M[0]:
        notes.append(f"{label}: {distance_m:.0f} m is inside 100 m, where the sigmas are extrapolated "
                     "and buildings dominate (indicative only).")
    return notes


def weather_speed_m_s(weather: WeatherObservation) -> float:
    """The wind speed the Gaussian models use: at least 1 m/s (cbrnsim.hazard.meteo)."""
    from ..hazard.meteo import clamp_wind_speed_m_s
    return float(clamp_wind_speed_m_s(weather.wind_speed_m_s))
