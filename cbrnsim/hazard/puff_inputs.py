"""What goes into the puff model: weather steps, sources, numerical settings, and how a
source is cut into puffs (``release_schedule``).

Kept apart from :mod:`cbrnsim.hazard.puff` (which re-exports the public names) so that the
model module holds the transport and sampling only. Time is minutes since scenario start;
positions are local metres (x east, y north); wind directions are meteorological "from"
degrees.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

import numpy as np
from numpy.typing import NDArray

from cbrnsim.hazard.densegas import DenseGasRelease
from cbrnsim.hazard.meteo import check_stability, check_terrain


@dataclass(frozen=True)
class WeatherStep:
    """Weather from ``start_min`` until the next step (wind speed is the 10 m wind)."""

    start_min: float
    """Scenario time at which this weather begins, minutes."""
    wind_speed_m_s: float
    """Wind speed; values under 1 m/s are used as 1 m/s (see meteo.MIN_WIND_SPEED_M_S)."""
    wind_from_deg: float
    """Meteorological direction the wind blows from (0 north, 90 east)."""
    stability: str
    """Pasquill–Gifford class A–F."""
    terrain: str = "rural"
    """"rural" or "urban" sigma curves."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "stability", check_stability(self.stability))
        object.__setattr__(self, "terrain", check_terrain(self.terrain))


@dataclass(frozen=True)
class PointSource:
    """A release at a point: instantaneous if ``duration_min`` is 0, else constant rate."""

    x_m: float
    """East coordinate."""
    y_m: float
    """North coordinate."""
    mass_g: float
    """Total mass released into the air."""
    start_min: float = 0.0
    """Release start time."""
    duration_min: float = 0.0
    """Release duration; 0 for an instantaneous puff."""
    height_m: float = 0.0
    """Effective release height (no plume rise is computed)."""
    deposition_velocity_m_s: float = 0.0
    """Dry deposition velocity for particulates; 0 for gases that do not deposit."""
    initial_sigma_h_m: float = 0.1
    """Initial horizontal spread (e.g. an explosive dispersal cloud radius / 2)."""
    initial_sigma_z_m: float = 0.1
    """Initial vertical spread."""
    dense: DenseGasRelease | None = None
    """Dense-gas properties if the agent is heavier than air; None for passive."""


@dataclass(frozen=True)
class LineSource:
    """A release spread evenly along a straight line (a spray run, a leaking pipe)."""

    start_xy_m: tuple[float, float]
    """(east, north) of one end."""
    end_xy_m: tuple[float, float]
    """(east, north) of the other end."""
    mass_g: float
    """Total mass released."""
    start_min: float = 0.0
    """Release start time."""
    duration_min: float = 0.0
    """Release duration; 0 releases the whole line at once."""
    height_m: float = 0.0
    """Release height."""
    deposition_velocity_m_s: float = 0.0
    """Dry deposition velocity."""
    segment_m: float = 50.0
    """Spacing of the puffs that represent the line."""
    initial_sigma_z_m: float = 1.0
    """Initial vertical spread."""


@dataclass(frozen=True)
class MovingSource:
    """A release from a moving vehicle, train or metro car along waypoints."""

    waypoints_m: tuple[tuple[float, float], ...]
    """(east, north) points of the path, in order, at least two."""
    speeds_m_s: tuple[float, ...]
    """Speed on each leg (one per pair of consecutive waypoints)."""
    rate_g_s: float
    """Release rate while moving."""
    start_min: float = 0.0
    """Time the vehicle is at the first waypoint."""
    height_m: float = 0.0
    """Release height."""
    deposition_velocity_m_s: float = 0.0
    """Dry deposition velocity."""
    initial_sigma_h_m: float = 0.1
    """Initial horizontal spread (at least half the along-path puff spacing is used)."""
    initial_sigma_z_m: float = 1.0
    """Initial vertical spread (vehicle wake)."""


Source = Union[PointSource, LineSource, MovingSource]


@dataclass(frozen=True)
class PuffSettings:
    """Numerical settings of the puff model."""

    release_interval_s: float = 10.0
    """Time between puffs of a timed or moving release."""
    max_substep_s: float = 30.0
    """Longest internal time step."""
    max_travel_m: float = 50_000.0
    """Puffs are retired beyond this travel (Briggs sigmas are fitted to 10 km)."""
    scheme: str = "briggs"
    """Sigma scheme, "briggs" or "pasquill-gifford"."""
    receptor_chunk: int = 2_000_000
    """Largest receptor×puff block evaluated at once (bounds memory)."""


PUFF_FIELDS = ("t_s", "x", "y", "z", "mass", "sh", "sz", "vd", "travel", "source")


def release_schedule(index: int, source: Source, interval_s: float) -> dict[str, NDArray]:
    """Release times, places and masses of the puffs of one source."""
    start_s = source.start_min * 60.0
    if isinstance(source, MovingSource):
        points = np.asarray(source.waypoints_m, dtype=float)
        legs = np.hypot(*np.diff(points, axis=0).T)
        leg_times = legs / np.asarray(source.speeds_m_s, dtype=float)
        cumulative = np.concatenate([[0.0], np.cumsum(leg_times)])
        total_s = float(cumulative[-1])
        count = max(1, math.ceil(total_s / interval_s))
        t = (np.arange(count) + 0.5) * total_s / count
        x, y = np.interp(t, cumulative, points[:, 0]), np.interp(t, cumulative, points[:, 1])
        spacing = float(legs.sum()) / count
        sh = np.full(count, max(source.initial_sigma_h_m, 0.5 * spacing))
        mass = np.full(count, source.rate_g_s * total_s / count)
        t = t + start_s
    else:
        duration_s = source.duration_min * 60.0
        steps = max(1, math.ceil(duration_s / interval_s)) if duration_s > 0 else 1
        t_one = start_s + (np.arange(steps) + 0.5) * duration_s / steps
        if isinstance(source, LineSource):
            a, b = np.asarray(source.start_xy_m, float), np.asarray(source.end_xy_m, float)
            length = float(np.hypot(*(b - a)))
            parts = max(1, math.ceil(length / source.segment_m))
            f = (np.arange(parts) + 0.5) / parts
            px, py = a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])
            sh_one = max(1.0, 0.5 * length / parts)
        else:
            px, py, parts, sh_one = np.array([source.x_m]), np.array([source.y_m]), 1, \
                source.initial_sigma_h_m
        t = np.repeat(t_one, parts)
        x, y = np.tile(px, steps), np.tile(py, steps)
        mass = np.full(t.size, source.mass_g / t.size)
        sh = np.full(t.size, sh_one)
    n = t.size
    return {"t_s": t, "x": x, "y": y, "z": np.full(n, source.height_m), "mass": mass,
            "sh": sh, "sz": np.full(n, source.initial_sigma_z_m),
            "vd": np.full(n, source.deposition_velocity_m_s), "travel": np.zeros(n),
            "source": np.full(n, index)}
