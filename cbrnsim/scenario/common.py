"""Building blocks shared by every part of a scenario: the model base, points, areas, time.

Positions are in the scenario's local frame, in metres: ``x_m`` east and ``y_m`` north of the
frame's origin (see :class:`cbrnsim.scenario.geography.Geography`). Scenario time is minutes
since the exercise starts (STARTEX); authors may also write it as ``"T+hh:mm"``.
"""
from __future__ import annotations

import math
import re
import zoneinfo
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator


class ScenarioModel(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected, buildable by name."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)


_T_PLUS = re.compile(r"^\s*T\s*\+\s*(\d{1,4}):([0-5]\d)(?::([0-5]\d))?\s*$")


def parse_time_min(value: Any) -> Any:
    """``"T+01:30"`` -> 90.0; numbers pass through for pydantic to check.

    Hours may exceed 24 (``"T+72:00"``); seconds are optional (``"T+00:01:30"`` -> 1.5).
    """
    if isinstance(value, bool):
        raise ValueError("a time must be minutes (a number) or 'T+hh:mm', not true/false")
    if isinstance(value, str):
        match = _T_PLUS.match(value)
        if match is None:
            try:
                return float(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a time; write minutes (e.g. 90) or 'T+hh:mm' (e.g. 'T+01:30')") from None
        hours, minutes, seconds = match.groups()
        return int(hours) * 60 + int(minutes) + (int(seconds) / 60 if seconds else 0.0)
    return value


def check_time_zone(value: str) -> str:
    """An IANA time-zone name known to this machine, or a ValueError that says what to write."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone '{value}'; use an IANA name such as 'Europe/Berlin' or 'UTC'") from None
    return value


def format_time_min(time_min: float) -> str:
    """90 -> ``"T+01:30"``; negative times (before STARTEX) get ``"T-"``; seconds when not whole."""
    sign = "-" if time_min < 0 else "+"
    total_s = round(abs(time_min) * 60)
    hours, rem = divmod(total_s, 3600)
    minutes, seconds = divmod(rem, 60)
    text = f"T{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


_TIME_JSON_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*T\s*\+\s*\d{1,4}:[0-5]\d(:[0-5]\d)?\s*$"},
    ]
}

TimeMin = Annotated[
    float,
    BeforeValidator(parse_time_min),
    Field(ge=0, allow_inf_nan=False),
    WithJsonSchema(_TIME_JSON_SCHEMA),
]
"""Scenario time in minutes since STARTEX; YAML may say ``90`` or ``"T+01:30"``."""

Identifier = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
]
"""An id other parts of the scenario refer to: letters, digits, '-', '_', '.'; no spaces."""

Finite = Annotated[float, Field(allow_inf_nan=False)]
"""A real number that is neither infinite nor NaN."""

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
"""A share between 0 and 1 (not a percentage)."""

SourceText = Annotated[
    str | None,
    Field(default=None, description="Where the numbers of this entry come from (document, table or page), or "
          "'planning assumption' with a reason when they are a fictional choice for the scenario."),
]
"""An optional citation carried next to the numbers it supports."""


class Point(ScenarioModel):
    """A position in the local frame (metres east and north of the origin)."""

    x_m: Finite = Field(description="Metres east of the local origin (m).")
    y_m: Finite = Field(description="Metres north of the local origin (m).")

    def distance_m(self, other: Point) -> float:
        """Straight-line distance to another point (m)."""
        return math.hypot(self.x_m - other.x_m, self.y_m - other.y_m)


class Area(ScenarioModel):
    """An area given either as a polygon or as a circle (centre and radius)."""

    polygon: tuple[Point, ...] | None = Field(
        default=None, min_length=3,
        description="Corners of the area in order, at least three (m, local frame); or give centre and radius_m.")
    centre: Point | None = Field(default=None, description="Centre of a circular area (m, local frame).")
    radius_m: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                   description="Radius of a circular area (m).")

    @model_validator(mode="after")
    def _one_shape(self) -> Area:
        has_circle = self.centre is not None or self.radius_m is not None
        if self.polygon is not None and has_circle:
            raise ValueError("give either polygon or centre+radius_m, not both")
        if self.polygon is None and (self.centre is None or self.radius_m is None):
            raise ValueError("give a polygon (three or more points) or both centre and radius_m")
        return self

    def points(self) -> tuple[Point, ...]:
        """The points that must lie inside the map: the corners, or the circle's extreme points."""
        if self.polygon is not None:
            return self.polygon
        assert self.centre is not None and self.radius_m is not None
        c, r = self.centre, self.radius_m
        return (Point(x_m=c.x_m - r, y_m=c.y_m), Point(x_m=c.x_m + r, y_m=c.y_m),
                Point(x_m=c.x_m, y_m=c.y_m - r), Point(x_m=c.x_m, y_m=c.y_m + r))

    def area_m2(self) -> float:
        """Surface of the area (m²); the shoelace formula for polygons."""
        if self.polygon is None:
            assert self.radius_m is not None
            return math.pi * self.radius_m**2
        xs = [p.x_m for p in self.polygon]
        ys = [p.y_m for p in self.polygon]
        n = len(xs)
        twice = sum(xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * ys[i] for i in range(n))
        return abs(twice) / 2

    def centroid(self) -> Point:
        """A representative point: the circle's centre or the mean of the polygon's corners."""
        if self.polygon is None:
            assert self.centre is not None
            return self.centre
        n = len(self.polygon)
        return Point(x_m=sum(p.x_m for p in self.polygon) / n, y_m=sum(p.y_m for p in self.polygon) / n)

    def contains(self, point: Point) -> bool:
        """Whether a point lies inside (ray casting for polygons)."""
        if self.polygon is None:
            assert self.centre is not None and self.radius_m is not None
            return self.centre.distance_m(point) <= self.radius_m
        inside = False
        pts = self.polygon
        j = len(pts) - 1
        for i, pi in enumerate(pts):
            pj = pts[j]
            if (pi.y_m > point.y_m) != (pj.y_m > point.y_m):
                x_cross = (pj.x_m - pi.x_m) * (point.y_m - pi.y_m) / (pj.y_m - pi.y_m) + pi.x_m
                if point.x_m < x_cross:
                    inside = not inside
            j = i
        return inside
