"""The weather timeline."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import WeatherObservation, weather_at


def _obs(time_min: float, speed: float) -> WeatherObservation:
    return WeatherObservation(time_min=time_min, wind_speed_m_s=speed, wind_from_deg=270, stability="D")


def test_observation_in_force() -> None:
    timeline = (_obs(0, 1), _obs(60, 2), _obs(180, 3))
    assert [weather_at(timeline, t).wind_speed_m_s for t in (0, 59.9, 60, 179, 500)] == [1, 1, 2, 2, 3]


def test_defaults() -> None:
    obs = _obs(0, 2)
    assert obs.terrain == "urban" and obs.temperature_c == 15.0


@pytest.mark.parametrize(("field", "value"), [("stability", "G"), ("stability", "d"), ("wind_from_deg", 360),
                                              ("wind_speed_m_s", 0), ("terrain", "suburban")])
def test_invalid_values(field: str, value: object) -> None:
    data = {"time_min": 0, "wind_speed_m_s": 3, "wind_from_deg": 90, "stability": "C", field: value}
    with pytest.raises(ValidationError):
        WeatherObservation.model_validate(data)
