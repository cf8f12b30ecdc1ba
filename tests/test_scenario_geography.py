"""The local map frame."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import Bounds, Geography, Point

BOUNDS = {"x_min_m": -1000, "x_max_m": 1000, "y_min_m": -500, "y_max_m": 500}


def test_bounds_contain_their_edges() -> None:
    bounds = Bounds.model_validate(BOUNDS)
    assert bounds.contains(Point(x_m=1000, y_m=-500))
    assert not bounds.contains(Point(x_m=1000.1, y_m=0))


def test_bounds_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="x_max_m > x_min_m"):
        Bounds.model_validate({**BOUNDS, "x_max_m": -2000})


def test_origin_needs_both_coordinates() -> None:
    with pytest.raises(ValidationError, match="both"):
        Geography.model_validate({"bounds": BOUNDS, "origin_lat_deg": 52.0})


def test_lat_lon_of_local_points() -> None:
    geo = Geography.model_validate({"bounds": BOUNDS, "origin_lat_deg": 60.0, "origin_lon_deg": 10.0})
    lat, lon = geo.to_lat_lon(Point(x_m=1000, y_m=1000)) or (0.0, 0.0)
    # 1 km north is 1/111.2 degree of latitude; 1 km east at 60° N is twice that in longitude
    # (cos 60° = 0.5) on a sphere of mean radius 6371.0 km.
    assert lat == pytest.approx(60.0 + 0.0089932, abs=1e-6)
    assert lon == pytest.approx(10.0 + 0.0179864, abs=1e-6)
    assert Geography.model_validate({"bounds": BOUNDS}).to_lat_lon(Point(x_m=0, y_m=0)) is None
