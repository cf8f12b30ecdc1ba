"""Travel times over the map: straight-line distance × road circuity ÷ speed, with road closures.

Exercise grade: there is no road network. A trip between two points takes

    time_min = distance_m × DETOUR_FACTOR / speed (m/min) × Π closure factors

where DETOUR_FACTOR is the mean road circuity (driving distance over straight-line distance)
and each active road closure whose circle the straight segment crosses multiplies the time by
its ``travel_time_factor`` (the inject's planning value; typically 1.5–3 for a diversion).

A scenario's vehicle ``speed_km_h`` is the average road speed on emergency runs, so the detour
factor is applied on top of it. Scenarios whose speeds were already reduced to straight-line
effective speeds (metro-sarin's ambulances: "road speed divided by a circuity of ~1.3") should
say so; the engine cannot tell the two apart and always applies the factor (documented in
docs/models-engine.md).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

DETOUR_FACTOR = 1.417
"""Driving distance / straight-line distance to hospitals, US national mean over 66,000 origins
(Boscoe, Henry & Zdeb 2012, Prof Geogr 64(2):188–196, 'A Nationwide Comparison of Driving
Distance Versus Straight-Line Distance to Hospitals', Results; the 'detour index')."""

M_PER_MIN_PER_KM_H = 1000.0 / 60.0
"""1 km/h = 16.67 m/min (definition)."""


@dataclass(frozen=True)
class Closure:
    """An active road closure: trips whose straight route crosses the circle take longer."""

    road: str
    """Name of the road or junction, as told to players."""
    x_m: float
    """Centre east (m)."""
    y_m: float
    """Centre north (m)."""
    radius_m: float
    """Radius of the affected area (m)."""
    travel_time_factor: float
    """Multiplier on the travel time of crossing trips (×)."""
    until_min: float
    """Scenario time the closure ends (min); ``math.inf`` for the rest of the exercise."""

    def crossed_by(self, x0_m: float, y0_m: float, x1_m: float, y1_m: float) -> bool:
        """Whether the segment from (x0, y0) to (x1, y1) passes within the closure's radius."""
        dx, dy = x1_m - x0_m, y1_m - y0_m
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((self.x_m - x0_m) * dx + (self.y_m - y0_m) * dy) / length2))
        return math.hypot(x0_m + t * dx - self.x_m, y0_m + t * dy - self.y_m) <= self.radius_m


class Travel:
    """Travel-time calculator holding the road closures in force."""

    def __init__(self, detour_factor: float = DETOUR_FACTOR) -> None:
        self.detour_factor: float = detour_factor
        """Road circuity applied to every straight-line distance (×)."""
        self.closures: list[Closure] = []
        """Closures added so far (expired ones are ignored by time, kept for the record)."""

    def add_closure(self, closure: Closure) -> None:
        """Put a closure in force (from now until its ``until_min``)."""
        self.closures.append(closure)

    def road_distance_m(self, x0_m: float, y0_m: float, x1_m: float, y1_m: float) -> float:
        """Estimated road distance: straight line × detour factor (m)."""
        return math.hypot(x1_m - x0_m, y1_m - y0_m) * self.detour_factor

    def time_min(self, x0_m: float, y0_m: float, x1_m: float, y1_m: float, speed_km_h: float,
                 now_min: float) -> float:
        """Minutes to drive (or walk) from one point to another, starting now."""
        minutes = self.road_distance_m(x0_m, y0_m, x1_m, y1_m) / (speed_km_h * M_PER_MIN_PER_KM_H)
        for closure in self.closures:
            if closure.until_min > now_min and closure.crossed_by(x0_m, y0_m, x1_m, y1_m):
                minutes *= closure.travel_time_factor
        return minutes


def interpolate(x0_m: float, y0_m: float, x1_m: float, y1_m: float, t0_min: float, t1_min: float,
                now_min: float) -> tuple[float, float]:
    """Position at ``now_min`` on a straight trip from (x0, y0) at t0 to (x1, y1) at t1 (m).

    The console draws units moving along the straight line at even speed; the detour is in the
    timing, not in the drawn path.
    """
    if t1_min <= t0_min or now_min >= t1_min:
        return (x1_m, y1_m)
    if now_min <= t0_min:
        return (x0_m, y0_m)
    f = (now_min - t0_min) / (t1_min - t0_min)
    return (x0_m + f * (x1_m - x0_m), y0_m + f * (y1_m - y0_m))
