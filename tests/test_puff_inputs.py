"""How sources are cut into puffs: mass, timing and placement are kept exactly."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.hazard.puff_inputs import LineSource, MovingSource, PointSource, WeatherStep, release_schedule


def test_a_timed_point_release_is_spread_evenly_over_its_duration() -> None:
    puffs = release_schedule(0, PointSource(10.0, 20.0, mass_g=600.0, start_min=5.0, duration_min=1.0), 10.0)
    # 60 s at one puff per 10 s: six puffs at the middle of each interval, 100 g each.
    assert puffs["t_s"].tolist() == [305.0, 315.0, 325.0, 335.0, 345.0, 355.0]
    assert puffs["mass"].sum() == pytest.approx(600.0)
    assert set(puffs["x"].tolist()) == {10.0} and set(puffs["y"].tolist()) == {20.0}


def test_an_instantaneous_release_is_one_puff() -> None:
    puffs = release_schedule(3, PointSource(0.0, 0.0, mass_g=1e3), 10.0)
    assert puffs["t_s"].tolist() == [0.0] and puffs["mass"].tolist() == [1e3]
    assert puffs["source"].tolist() == [3]


def test_a_line_source_covers_its_length_with_equal_masses() -> None:
    line = LineSource((0.0, 0.0), (1000.0, 0.0), mass_g=1e4, segment_m=100.0)
    puffs = release_schedule(0, line, 10.0)
    assert puffs["mass"].sum() == pytest.approx(1e4)
    assert sorted(set(puffs["x"].tolist())) == pytest.approx(np.arange(50.0, 1000.0, 100.0).tolist())


def test_a_moving_source_releases_along_its_route_at_its_rate() -> None:
    # 1 km at 10 m/s is 100 s; at 5 g/s that is 500 g.
    train = MovingSource(((0.0, 0.0), (1000.0, 0.0)), (10.0,), rate_g_s=5.0)
    puffs = release_schedule(0, train, 10.0)
    assert puffs["mass"].sum() == pytest.approx(500.0)
    assert puffs["x"].min() > 0.0 and puffs["x"].max() < 1000.0
    assert np.all(np.diff(puffs["t_s"]) > 0)


def test_weather_steps_check_their_class() -> None:
    with pytest.raises(ValueError):
        WeatherStep(0.0, 3.0, 270.0, "G")
