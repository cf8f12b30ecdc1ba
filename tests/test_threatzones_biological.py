"""Tests of cbrnsim.threatzones.biological: infection-probability contours."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.hazard.biological import infection_probability
from cbrnsim.hazard.dispersion import plume_concentration
from cbrnsim.hazard.physiology import breathing_rate_m3_min
from cbrnsim.scenario import Point, Release, WeatherObservation
from cbrnsim.threatzones.biological import biological_picture
from cbrnsim.threatzones.plumes import point_source_plume

WEATHER = WeatherObservation(time_min=0, wind_speed_m_s=4.0, wind_from_deg=90.0, stability="E", terrain="rural")


def _release(agent: str = "anthrax", organisms: float = 1e9) -> Release:
    return Release(id="bio", agent=agent, location=Point(x_m=0, y_m=0), organisms=organisms, duration_min=5)


@pytest.mark.parametrize("agent", ["anthrax", "plague", "smallpox"])
def test_contours_nest_from_fifty_to_one_percent(agent: str) -> None:
    result = point_source_plume(biological_picture(_release(agent), get_agent(agent), WEATHER).plume(1.0))
    assert not any(result.capped)
    assert 0 < result.distances_m[0] < result.distances_m[1] < result.distances_m[2]


def test_infection_probability_at_each_contour_distance_is_its_level() -> None:
    # Round trip through the agent's dose-response (cbrnsim.hazard.biological): at the 10 % distance
    # the inhaled dose on the axis must give a 10 % infection probability.
    field = biological_picture(_release(), get_agent("anthrax"), WEATHER).plume(1.0)
    result = point_source_plume(field)
    assert not any(result.capped)
    distances = result.distances_m
    for distance, probability in zip(distances, (0.5, 0.1, 0.01)):
        integrated = plume_concentration(1e9, 4.0, np.array([distance]), 0.0, 0.0, 0.0, "E", "rural")
        inhaled = integrated * breathing_rate_m3_min() / 60.0
        assert float(infection_probability("anthrax", inhaled)[0]) == pytest.approx(probability, rel=0.01)
