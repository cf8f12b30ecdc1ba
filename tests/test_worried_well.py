"""Worried well: ratio, public-message factor, departure times and stable ids."""
from __future__ import annotations

import math

import numpy as np

from cbrnsim.engine.cohorts import build_population
from cbrnsim.engine.worried_well import WORRIED_WELL_GROUP, WorriedWell
from cbrnsim.engine.cohorts import ID_BLOCK
from cbrnsim.rng import Streams
from cbrnsim.scenario import Behaviour, PopulationZone

ZONES = (PopulationZone.model_validate({"id": "a", "name": "A", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 500,
                                        "count": 30_000, "indoor_fraction": 0.5}),
         PopulationZone.model_validate({"id": "b", "name": "B", "centre": {"x_m": 5000, "y_m": 0}, "radius_m": 500,
                                        "count": 10_000, "indoor_fraction": 0.5}))


def _model(seed: int = 1):
    emitted = []
    pop = build_population(ZONES, Streams(seed))
    return WorriedWell(Behaviour(), pop, Streams(seed), emitted.append, first_release_min=0.0), emitted


def test_ratio_is_the_behaviour_default_and_messages_scale_it():
    ww, emitted = _model()
    # SBCCOM 2000 (Behaviour.worried_well_ratio default 5): 5 care-seekers per affected casualty.
    ww.casualties_emitted([10.0] * 100, now_min=10.0)
    assert len(emitted) == ww.count == 500
    ww.set_factor(0.2)
    ww.casualties_emitted([20.0] * 100, now_min=20.0)
    assert ww.count == 600
    assert [s.id for s in emitted] == list(WORRIED_WELL_GROUP * ID_BLOCK + np.arange(600))


def test_departures_follow_the_lognormal_delay_and_wait_for_onset():
    ww, emitted = _model()
    ww.casualties_emitted([0.0] * 2000, now_min=0.0)
    delays = np.array([s.depart_min for s in emitted])
    # Median = Behaviour.worried_well_delay_median_min (120 min, planning assumption in behaviour.py).
    assert np.median(delays) == pytest_approx(120.0)
    late, late_emitted = _model()
    late.casualties_emitted([5000.0], now_min=0.0)
    assert all(s.depart_min >= 5000.0 for s in late_emitted)


def pytest_approx(value: float):
    import pytest
    return pytest.approx(value, rel=0.08)


def test_places_are_weighted_by_population_and_ids_are_stable():
    ww, emitted = _model()
    ww.casualties_emitted([0.0] * 2000, now_min=0.0)
    share_a = sum(s.zone == "a" for s in emitted) / len(emitted)
    assert math.isclose(share_a, 0.75, abs_tol=0.03)
    again, emitted_again = _model()
    again.casualties_emitted([0.0] * 2000, now_min=0.0)
    assert emitted == emitted_again


def test_the_limit_caps_the_total():
    ww, emitted = _model()
    ww.casualties_emitted([0.0] * 100, now_min=0.0, limit=50)
    assert len(emitted) == 50
