"""Cohorts: receptor patterns, stable ids, vectorised counting and splitting."""
from __future__ import annotations

import math

import numpy as np

from cbrnsim.engine.cohorts import (ID_BLOCK, INDOOR, OUTDOOR, Cohorts, KeyedNormals, build_population,
                                    circle_pattern_m, distance_to_edge_m, polygon_pattern_m)
from cbrnsim.rng import Streams
from cbrnsim.scenario import PopulationZone


def _zone(**kw) -> PopulationZone:
    data = {"id": "z", "name": "Z", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 1000, "count": 1000,
            "indoor_fraction": 0.7}
    data.update(kw)
    return PopulationZone.model_validate(data)


def test_circle_pattern_has_the_mean_distance_of_a_uniform_disc():
    x, y = circle_pattern_m(0.0, 0.0, 1000.0)
    assert x.size == 19
    # Uniform disc of radius R: mean distance from the centre 2R/3.
    assert abs(np.mean(np.hypot(x, y)) - 2000.0 / 3.0) < 30.0


def test_polygon_pattern_stays_inside_and_edge_distance():
    square = np.array([0.0, 1000.0, 1000.0, 0.0]), np.array([0.0, 0.0, 1000.0, 1000.0])
    x, y = polygon_pattern_m(*square)
    assert x.size == 19 and np.all((x > 0) & (x < 1000) & (y > 0) & (y < 1000))
    zone = _zone(centre=None, radius_m=None, polygon=[{"x_m": 0, "y_m": 0}, {"x_m": 1000, "y_m": 0},
                                                      {"x_m": 1000, "y_m": 1000}, {"x_m": 0, "y_m": 1000}])
    assert distance_to_edge_m(zone, np.array([500.0, 100.0]), np.array([500.0, 500.0])).tolist() == [500.0, 100.0]


def test_population_ids_indoor_share_and_points_are_stable():
    pop = build_population((_zone(), _zone(id="b", count=10)), Streams(1))
    assert pop.size == 1010
    assert pop.person_id[0] == ID_BLOCK and pop.person_id[1000] == 2 * ID_BLOCK
    assert np.count_nonzero(pop.indoor[:1000]) == 700
    again = build_population((_zone(), _zone(id="b", count=10)), Streams(1))
    assert np.array_equal(pop.u_dose, again.u_dose)


def test_counts_at_or_above_is_the_count_of_uniforms_below_the_exceedance():
    pop = build_population((_zone(count=5000),), Streams(2))
    cohorts = Cohorts(pop)
    exceed = np.linspace(0, 1, cohorts.count * 4).reshape(cohorts.count, 4)[:, ::-1].copy()
    counts = cohorts.counts_at_or_above(exceed)
    for c in range(cohorts.count):
        u = pop.u_dose[cohorts.cohort_of == c]
        assert counts[c].tolist() == [int(np.count_nonzero(u < s)) for s in exceed[c]]


def test_split_moves_exactly_the_compliant():
    pop = build_population((_zone(count=2000),), Streams(3))
    cohorts = Cohorts(pop)
    outdoor = np.flatnonzero(cohorts.mode == OUTDOOR)
    children = cohorts.split(outdoor, 0.25)
    moved = np.isin(cohorts.cohort_of, children[children >= 0])
    assert np.array_equal(moved, (pop.u_comply < 0.25) & ~pop.indoor)
    cohorts.schedule(int(children[0]), 10.0, INDOOR)
    assert cohorts.next_move_min() == 10.0 and not cohorts.apply_moves(5.0) and cohorts.apply_moves(10.0)
    assert cohorts.mode[children[0]] == INDOOR and math.isinf(cohorts.next_move_min())


def test_keyed_normals_hand_out_the_given_values():
    keyed = KeyedNormals(np.array([0.5, -1.0]), np.array([0.1, 0.2]))
    assert keyed.standard_normal(2).tolist() == [0.5, -1.0] and keyed.random((2,)).tolist() == [0.1, 0.2]
