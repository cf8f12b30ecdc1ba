"""Travel times with the road-circuity factor and road closures (cbrnsim.engine.travel)."""
from __future__ import annotations

import math

import pytest

from cbrnsim.engine.travel import DETOUR_FACTOR, Closure, Travel, interpolate


def test_detour_factor_is_boscoe_2012():
    # Boscoe, Henry & Zdeb 2012, Prof Geogr 64(2):188: driving/straight-line distance 1.417 (US mean).
    assert DETOUR_FACTOR == 1.417


def test_time_is_distance_times_detour_over_speed():
    t = Travel()
    # 3 km straight at 60 km/h (1 km/min): 3 × 1.417 = 4.251 min.
    assert t.time_min(0, 0, 3000, 0, 60.0, 0.0) == pytest.approx(4.251)


def test_closure_multiplies_only_crossing_trips_while_active():
    t = Travel()
    t.add_closure(Closure("Ring", 1500, 0, 200, 2.0, until_min=100.0))
    base = 3 * 1.417
    assert t.time_min(0, 0, 3000, 0, 60.0, 10.0) == pytest.approx(2 * base)
    assert t.time_min(0, 1000, 3000, 1000, 60.0, 10.0) == pytest.approx(base)
    assert t.time_min(0, 0, 3000, 0, 60.0, 100.0) == pytest.approx(base)


def test_crossing_test_uses_the_closest_point_of_the_segment():
    c = Closure("X", 0, 0, 100, 2.0, math.inf)
    assert c.crossed_by(-500, 50, 500, 50)
    assert not c.crossed_by(200, 0, 500, 0)


def test_interpolate_moves_evenly():
    assert interpolate(0, 0, 100, 0, 10, 20, 15) == (50.0, 0.0)
    assert interpolate(0, 0, 100, 0, 10, 20, 5) == (0, 0)
    assert interpolate(0, 0, 100, 0, 10, 20, 25) == (100, 0)
