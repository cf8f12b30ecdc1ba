"""Points, areas and scenario time."""
from __future__ import annotations

import math

import pytest
from pydantic import TypeAdapter, ValidationError

from cbrnsim.scenario import Area, Point, TimeMin, format_time_min, parse_time_min

TIME = TypeAdapter(TimeMin)


@pytest.mark.parametrize(("text", "minutes"), [
    ("T+00:00", 0.0), ("T+01:30", 90.0), ("T+72:00", 4320.0), ("T+00:01:30", 1.5), (" T + 02:05 ", 125.0),
])
def test_t_plus_text_becomes_minutes(text: str, minutes: float) -> None:
    assert TIME.validate_python(text) == minutes


def test_numbers_pass_through() -> None:
    assert TIME.validate_python(45) == 45.0
    assert TIME.validate_python("12.5") == 12.5


@pytest.mark.parametrize("bad", ["10:30", "T+1:75", "T-00:10", "soon", True, -5, math.inf])
def test_bad_times_are_rejected(bad: object) -> None:
    with pytest.raises(ValidationError):
        TIME.validate_python(bad)


@pytest.mark.parametrize(("minutes", "text"), [(0, "T+00:00"), (90, "T+01:30"), (1.5, "T+00:01:30"),
                                               (4320, "T+72:00"), (-10, "T-00:10")])
def test_format_time(minutes: float, text: str) -> None:
    assert format_time_min(minutes) == text


def test_format_and_parse_round_trip() -> None:
    for minutes in (0.0, 7.0, 61.5, 599.0, 1441.0):
        assert parse_time_min(format_time_min(minutes)) == minutes


def test_point_distance() -> None:
    assert Point(x_m=0, y_m=0).distance_m(Point(x_m=3, y_m=4)) == 5.0


def test_circle_area() -> None:
    circle = Area(centre=Point(x_m=10, y_m=0), radius_m=100)
    assert circle.area_m2() == pytest.approx(math.pi * 100**2)
    assert circle.contains(Point(x_m=100, y_m=0)) and not circle.contains(Point(x_m=120, y_m=0))
    assert {(p.x_m, p.y_m) for p in circle.points()} == {(-90, 0), (110, 0), (10, -100), (10, 100)}


def test_polygon_area_contains_and_centroid() -> None:
    square = Area(polygon=[Point(x_m=0, y_m=0), Point(x_m=10, y_m=0), Point(x_m=10, y_m=10), Point(x_m=0, y_m=10)])
    assert square.area_m2() == 100.0
    assert square.contains(Point(x_m=5, y_m=5)) and not square.contains(Point(x_m=15, y_m=5))
    assert square.centroid() == Point(x_m=5, y_m=5)


@pytest.mark.parametrize("fields", [
    {}, {"centre": {"x_m": 0, "y_m": 0}}, {"radius_m": 5},
    {"polygon": [{"x_m": 0, "y_m": 0}] * 3, "centre": {"x_m": 0, "y_m": 0}, "radius_m": 1},
    {"polygon": [{"x_m": 0, "y_m": 0}] * 2},
])
def test_an_area_is_exactly_one_shape(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Area.model_validate(fields)


def test_models_are_frozen_and_strict() -> None:
    point = Point(x_m=1, y_m=2)
    with pytest.raises(ValidationError):
        point.x_m = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Point.model_validate({"x_m": 1, "y_m": 2, "z_m": 3})
