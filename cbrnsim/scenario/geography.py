"""The map: a local frame in metres, its bounds and an optional geographic origin."""
from __future__ import annotations

import math

from pydantic import Field, model_validator

from .common import Point, ScenarioModel

_EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for the local tangent-plane conversion only."""


class Bounds(ScenarioModel):
    """The rectangle every location of the scenario must lie in (m, local frame)."""

    x_min_m: float = Field(allow_inf_nan=False, description="West edge (m east of origin).")
    x_max_m: float = Field(allow_inf_nan=False, description="East edge (m east of origin).")
    y_min_m: float = Field(allow_inf_nan=False, description="South edge (m north of origin).")
    y_max_m: float = Field(allow_inf_nan=False, description="North edge (m north of origin).")

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.x_max_m <= self.x_min_m or self.y_max_m <= self.y_min_m:
            raise ValueError("bounds must have x_max_m > x_min_m and y_max_m > y_min_m")
        return self

    def contains(self, point: Point) -> bool:
        """Whether the point is inside or on the edge."""
        return self.x_min_m <= point.x_m <= self.x_max_m and self.y_min_m <= point.y_m <= self.y_max_m

    def describe(self) -> str:
        """Human text of the rectangle, for error messages."""
        return (f"x {self.x_min_m:g}..{self.x_max_m:g} m, y {self.y_min_m:g}..{self.y_max_m:g} m")


class Geography(ScenarioModel):
    """A flat local frame: x east, y north, in metres; optionally pinned to latitude/longitude."""

    area_name: str = Field(default="", description="Name of the (fictional) place, shown on maps (text).")
    bounds: Bounds = Field(description="The map rectangle; every location must lie inside (m).")
    origin_lat_deg: float | None = Field(default=None, ge=-90, le=90,
                                         description="Latitude of the local origin (degrees north), for GeoJSON export.")
    origin_lon_deg: float | None = Field(default=None, ge=-180, le=180,
                                         description="Longitude of the local origin (degrees east), for GeoJSON export.")

    @model_validator(mode="after")
    def _both_or_neither(self) -> Geography:
        if (self.origin_lat_deg is None) != (self.origin_lon_deg is None):
            raise ValueError("give both origin_lat_deg and origin_lon_deg, or neither")
        return self

    def to_lat_lon(self, point: Point) -> tuple[float, float] | None:
        """Latitude and longitude of a local point (equirectangular; fine over tens of km), if pinned."""
        if self.origin_lat_deg is None or self.origin_lon_deg is None:
            return None
        lat = self.origin_lat_deg + math.degrees(point.y_m / _EARTH_RADIUS_M)
        lon = self.origin_lon_deg + math.degrees(
            point.x_m / (_EARTH_RADIUS_M * math.cos(math.radians(self.origin_lat_deg))))
        return lat, lon
