"""Responder stations and unit pools."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import UNIT_KINDS, Responders, Station

AMB = {"count": 4, "crew": 2, "speed_km_h": 35, "turnout_min": 1}


def test_station_pools_by_kind() -> None:
    station = Station.model_validate({
        "id": "s", "name": "S", "location": {"x_m": 0, "y_m": 0}, "ambulance": AMB,
        "decon": {**AMB, "crew": 10, "setup_min": 20, "ambulatory_people_per_h": 120,
                  "non_ambulatory_people_per_h": 12}})
    assert list(station.pools()) == ["ambulance", "decon"]
    assert station.pool("hazmat") is None
    assert station.pools()["ambulance"].count == 4


def test_a_station_needs_a_pool() -> None:
    with pytest.raises(ValidationError, match="at least one unit pool"):
        Station.model_validate({"id": "s", "name": "S", "location": {"x_m": 0, "y_m": 0}})


@pytest.mark.parametrize("change", [{"count": -1}, {"crew": 0}, {"speed_km_h": 0}, {"turnout_min": -1}])
def test_invalid_pools(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Station.model_validate({"id": "s", "name": "S", "location": {"x_m": 0, "y_m": 0}, "ambulance": {**AMB, **change}})


def test_dispatch_default_is_nfpa_1221() -> None:
    responders = Responders.model_validate({"stations": [{"id": "s", "name": "S", "location": {"x_m": 0, "y_m": 0},
                                                         "ambulance": AMB}]})
    # NFPA 1221 (2019) §7.4.2: alarm processing within 60 s for 90 % of calls.
    assert responders.call_processing_min == 1.0
    assert UNIT_KINDS == ("ambulance", "hazmat", "decon", "fire_rescue", "medical_team")
