"""Wind vectors, frames and stability helpers shared by the dispersion models.

Conventions (used by every dispersion module):

- local frame: x east, y north, metres;
- wind direction is meteorological, the direction the wind blows FROM, in degrees
  clockwise from north (0 = from north, 90 = from east); the air moves toward
  ``wind_from_deg + 180``;
- "wind frame": x downwind, y crosswind to the left of the downwind axis, metres.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

STABILITY_CLASSES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
"""Pasquill–Gifford stability classes, A (very unstable) to F (moderately stable)."""

TERRAINS: tuple[str, ...] = ("rural", "urban")
"""Surface categories: open country or built-up area."""

MIN_WIND_SPEED_M_S: float = 1.0
"""Wind speeds below this are raised to it before use. Gaussian models are not valid in
calm or near-calm air (the 1/u factor diverges and the wind direction is meaningless);
ISC3 applies the same 1.0 m/s floor at release height (EPA-454/B-95-003b, vol. II,
section 1.1.5.1)."""


def check_stability(stability: str) -> str:
    """Return the upper-case stability class, or raise ``ValueError`` if it is not A–F."""
    letter = str(stability).strip().upper()
    if letter not in STABILITY_CLASSES:
        raise ValueError(f"stability class must be one of A-F, got {stability!r}")
    return letter


def check_terrain(terrain: str) -> str:
    """Return the lower-case terrain name, or raise ``ValueError`` if it is unknown."""
    name = str(terrain).strip().lower()
    if name not in TERRAINS:
        raise ValueError(f"terrain must be 'rural' or 'urban', got {terrain!r}")
    return name


def clamp_wind_speed_m_s(wind_m_s: ArrayLike) -> NDArray[np.floating]:
    """Wind speed raised to :data:`MIN_WIND_SPEED_M_S` (see there for why)."""
    return np.maximum(np.asarray(wind_m_s, dtype=float), MIN_WIND_SPEED_M_S)


def downwind_unit_vector(wind_from_deg: float) -> tuple[float, float]:
    """(east, north) components of the unit vector along which the air moves."""
    theta = np.deg2rad(wind_from_deg)
    return float(-np.sin(theta)), float(-np.cos(theta))


def wind_velocity_m_s(wind_speed_m_s: float, wind_from_deg: float) -> tuple[float, float]:
    """(east, north) air velocity in m/s for a meteorological wind report."""
    east, north = downwind_unit_vector(wind_from_deg)
    return wind_speed_m_s * east, wind_speed_m_s * north


def to_wind_frame(
    east_m: ArrayLike,
    north_m: ArrayLike,
    source_east_m: float,
    source_north_m: float,
    wind_from_deg: float,
) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """Local (east, north) points to (downwind, crosswind) metres relative to a source."""
    de = np.asarray(east_m, dtype=float) - source_east_m
    dn = np.asarray(north_m, dtype=float) - source_north_m
    ue, un = downwind_unit_vector(wind_from_deg)
    return de * ue + dn * un, -de * un + dn * ue


def from_wind_frame(
    downwind_m: ArrayLike,
    crosswind_m: ArrayLike,
    source_east_m: float,
    source_north_m: float,
    wind_from_deg: float,
) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """Inverse of :func:`to_wind_frame`: wind-frame points back to local (east, north)."""
    x = np.asarray(downwind_m, dtype=float)
    y = np.asarray(crosswind_m, dtype=float)
    ue, un = downwind_unit_vector(wind_from_deg)
    return source_east_m + x * ue - y * un, source_north_m + x * un + y * ue
