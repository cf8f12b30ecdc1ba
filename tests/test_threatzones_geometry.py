"""Tests of cbrnsim.threatzones.geometry: rings, rotation, areas, containment."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.threatzones.geometry import (
    as_ring, circle_ring, halfwidth_rings, points_in_ring, points_in_rings, rings_area_km2, signed_area_m2, to_map,
)


def test_halfwidth_ring_is_closed_counter_clockwise_with_a_tip_on_the_axis() -> None:
    x = np.linspace(0.0, 1000.0, 101)
    width = np.sqrt(np.maximum(x * (1000.0 - x), 0.0)) / 10
    (ring,) = halfwidth_rings(x, width)
    assert np.array_equal(ring[0], ring[-1])
    assert signed_area_m2(ring) > 0
    assert ring[:, 0].max() == 1000.0 and ring[np.argmax(ring[:, 0]), 1] == 0.0


def test_separate_runs_give_separate_rings() -> None:
    x = np.arange(10.0)
    width = np.array([0, 1, 1, 0, 0, 0, 2, 2, 2, 0], dtype=float)
    assert len(halfwidth_rings(x, width)) == 2


def test_wind_from_west_rotates_downwind_to_east_and_keeps_orientation() -> None:
    ring = np.array([(0.0, -10.0), (100.0, 0.0), (0.0, 10.0), (0.0, -10.0)])
    mapped = to_map(ring, (500.0, 200.0), 270.0)
    np.testing.assert_allclose(mapped[1], (600.0, 200.0), atol=1e-9)
    assert signed_area_m2(mapped) == pytest.approx(signed_area_m2(ring))
    # wind from north: downwind is south
    np.testing.assert_allclose(to_map(ring, (0.0, 0.0), 0.0)[1], (0.0, -100.0), atol=1e-9)


def test_circle_area_and_containment() -> None:
    ring = as_ring(circle_ring((10.0, -5.0), 1000.0))
    assert ring[0] == ring[-1]
    assert rings_area_km2((ring,)) == pytest.approx(math.pi * 1.0, rel=1e-3)
    inside = points_in_rings(np.array([10.0, 900.0, 1200.0]), np.array([-5.0, -5.0, -5.0]), (ring,))
    assert inside.tolist() == [True, True, False]


def test_point_in_ring_even_odd_on_a_concave_polygon() -> None:
    u_shape = np.array([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)], dtype=float)
    xs = np.array([0.5, 1.5, 2.5, 1.5, 4.0])
    ys = np.array([2.0, 2.0, 2.0, 0.5, 1.0])
    assert points_in_ring(xs, ys, u_shape).tolist() == [True, False, True, True, False]


def test_as_ring_drops_repeated_points() -> None:
    ring = as_ring(np.array([(0, 0), (0, 0), (1, 0), (1, 1), (1, 1), (0, 0)], dtype=float))
    assert ring == ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0))
