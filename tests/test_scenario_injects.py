"""Injects: the HSEEP fields, the union, construction from Python, model effects."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import (
    INJECT_TYPES, DecisionInject, MessageInject, NoteInject, ProtectiveAction, WindChange, WindChangeInject,
    model_effect, parse_inject,
)


def test_build_in_python_with_t_plus_time_and_from() -> None:
    inject = WindChangeInject(time_min="T+00:45", wind_speed_m_s=3, wind_from_deg=200, from_="Met office")
    assert inject.time_min == 45.0 and inject.from_ == "Met office" and inject.type == "wind_change"
    assert isinstance(inject, WindChange)
    assert inject.model_dump(by_alias=True)["from"] == "Met office"


def test_parse_uses_yaml_keys() -> None:
    inject = parse_inject({"type": "message", "time_min": 10, "from": "Caller", "content": "People collapsing"})
    assert isinstance(inject, MessageInject) and inject.from_ == "Caller"
    assert inject.method == "in_person" and inject.number is None


def test_every_type_parses() -> None:
    extra = {
        "wind_change": {"wind_speed_m_s": 2, "wind_from_deg": 10},
        "release": {"release": {"id": "r", "agent": "sarin", "location": {"x_m": 0, "y_m": 0}, "quantity_kg": 1}},
        "hospital_status": {"hospital": "h", "status": "closed"},
        "units_arrive": {"station": "s", "kind": "ambulance", "count": 1},
        "unit_out_of_service": {"station": "s", "kind": "ambulance", "count": 1},
        "road_closure": {"road": "A", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 5, "travel_time_factor": 1.5},
        "protective_action": {"action": "evacuate", "zones": ["z"], "compliance": 0.8},
        "stockpile_delivery": {"hospital": "h", "items": {"a": 1}},
        "agent_identified": {"agent": "sarin", "confidence": "confirmed"},
        "public_message": {"worried_well_factor": 0.8},
        "decision": {"decision": "Evacuate the mill"},
        "note": {"objective": "O1", "rating": "S"},
        "message": {},
    }
    assert sorted(extra) == sorted(INJECT_TYPES)
    for tag, fields in extra.items():
        assert parse_inject({"type": tag, "time_min": 5, **fields}).type == tag


def test_model_effects() -> None:
    shift = WindChangeInject(time_min=1, wind_speed_m_s=1, wind_from_deg=0)
    assert model_effect(shift) is shift
    assert model_effect(MessageInject(time_min=1)) is None
    assert model_effect(NoteInject(time_min=1, rating="P")) is None
    shelter = ProtectiveAction(action="shelter", zones=("z",), compliance=0.6)
    decision = DecisionInject(time_min=20, decision="Shelter zone z", effect=shelter)
    assert model_effect(decision) == shelter
    assert model_effect(DecisionInject(time_min=20, decision="Wait")) is None


@pytest.mark.parametrize("fields", [
    {"type": "message"},
    {"type": "message", "time_min": 1, "method": "pigeon"},
    {"type": "message", "time_min": 1, "core_capabilities": ["Planing"]},
    {"type": "message", "time_min": 1, "number": 0},
    {"type": "note", "time_min": 1, "rating": "A"},
    {"type": "decision", "time_min": 1, "decision": ""},
    {"type": "teleport", "time_min": 1},
    {"time_min": 1},
])
def test_invalid_injects(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_inject(fields)
