"""Model effects of injects."""
from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from cbrnsim.scenario import EFFECT_TYPES, BedChanges, Effect, HospitalStatusChange, StockpileDelivery, WindChange

EFFECT = TypeAdapter(Effect)


def test_effect_union_covers_every_effect_type() -> None:
    samples = {
        "wind_change": {"wind_speed_m_s": 2, "wind_from_deg": 10},
        "release": {"release": {"id": "r2", "agent": "chlorine", "location": {"x_m": 0, "y_m": 0}, "quantity_kg": 5}},
        "hospital_status": {"hospital": "h", "status": "diverting"},
        "units_arrive": {"station": "s", "kind": "ambulance", "count": 2},
        "unit_out_of_service": {"station": "s", "kind": "decon", "count": 1},
        "road_closure": {"road": "A1", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 100, "travel_time_factor": 2},
        "protective_action": {"action": "shelter", "zones": ["z"], "compliance": 0.7},
        "stockpile_delivery": {"station": "s", "items": {"atropine_1mg": 10}},
        "agent_identified": {"agent": "sarin"},
        "public_message": {"worried_well_factor": 0.5},
    }
    assert sorted(samples) == sorted(EFFECT_TYPES)
    for tag, fields in samples.items():
        assert EFFECT.validate_python({"type": tag, **fields}).type == tag


def test_wind_change_keeps_unset_fields_unset() -> None:
    shift = WindChange(wind_speed_m_s=4, wind_from_deg=180)
    assert shift.stability is None and shift.terrain is None and shift.type == "wind_change"


def test_hospital_status_must_change_something() -> None:
    with pytest.raises(ValidationError, match="status, bed_changes"):
        HospitalStatusChange(hospital="h")
    assert HospitalStatusChange(hospital="h", bed_changes=BedChanges(icu_beds=-2)).bed_changes.icu_beds == -2


def test_stockpile_goes_to_exactly_one_place() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        StockpileDelivery(hospital="h", station="s", items={"x": 1})
    with pytest.raises(ValidationError):
        StockpileDelivery(hospital="h", items={})


@pytest.mark.parametrize("fields", [
    {"type": "protective_action", "action": "leave", "zones": ["z"], "compliance": 0.5},
    {"type": "protective_action", "action": "shelter", "zones": [], "compliance": 0.5},
    {"type": "road_closure", "road": "A1", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 10, "travel_time_factor": 0.5},
    {"type": "units_arrive", "station": "s", "kind": "helicopter", "count": 1},
    {"type": "public_message", "worried_well_factor": -1},
    {"type": "protective_action", "action": "evacuate", "zones": ["z"], "compliance": 0.5, "delay_min": -1},
])
def test_invalid_effects(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        EFFECT.validate_python(fields)


def test_protective_action_delay_defaults_to_the_engine_value() -> None:
    order = EFFECT.validate_python({"type": "protective_action", "action": "evacuate", "zones": ["z"],
                                    "compliance": 0.9})
    assert order.delay_min is None
    # Green Guide (SGSA, 6th ed. 2018, §10.7): egress from a stand within 8 min.
    stewarded = EFFECT.validate_python({"type": "protective_action", "action": "evacuate", "zones": ["z"],
                                        "compliance": 0.9, "delay_min": 8})
    assert stewarded.delay_min == 8.0
