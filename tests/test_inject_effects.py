"""What each inject does to the model (cbrnsim.engine.inject_effects)."""
from __future__ import annotations

import pytest

from cbrnsim.engine.inject_effects import EXPOSURE_EFFECTS, HANDLERS
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.scenario import HospitalStatusChange, RoadClosure, StockpileDelivery, UnitsArrive

from care_support import fake, tiny_scenario


def test_injects_route_to_hospitals_units_roads_and_stock():
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(), 1, recorder, exposure_factory=fake([]))
    model.run_until(5)
    model.apply_effect(HospitalStatusChange(hospital="h1", status="diverting"), label="MSEL 1")
    model.apply_effect(UnitsArrive(station="s1", kind="ambulance", count=2, origin="mutual aid"), label="MSEL 2")
    model.apply_effect(RoadClosure(road="Ring", centre={"x_m": 500, "y_m": 0}, radius_m=100,
                                   travel_time_factor=2.0), label="MSEL 3")
    model.apply_effect(StockpileDelivery(hospital="h1", items={"atropine_1mg": 5}), label="MSEL 4")
    state = model.state()
    assert state.hospitals[0].status == "diverting"
    assert [u.id for u in state.units if u.kind == "ambulance"] == ["s1/ambulance/1", "s1/ambulance/2",
                                                                     "s1/ambulance/3"]
    assert model.travel.time_min(0, 0, 1000, 0, 85.02, 5) == pytest.approx(2.0)
    assert state.hospitals[0].stock["atropine_1mg"] == 15
    assert [(c.road, c.radius_m, c.travel_time_factor) for c in state.road_closures] == [("Ring", 100, 2.0)]
    assert state.weather is None  # the fake exposure has no weather
    assert [p["label"] for _, k, _, p in recorder.events if k == "inject_applied"] == [
        "MSEL 1", "MSEL 2", "MSEL 3", "MSEL 4"]


def test_exposure_effects_are_routed_to_the_exposure_model():
    from cbrnsim.scenario import PublicMessage, WindChange
    model = Model(tiny_scenario(), 1, MemoryRecorder(), exposure_factory=fake([]))
    model.apply_effect(WindChange(wind_speed_m_s=4, wind_from_deg=90), label="w")
    model.apply_effect(PublicMessage(worried_well_factor=2), label="p")
    assert [e.type for e in model.exposure.effects] == ["wind_change", "public_message"]
    assert model.metric("public_message_by_min") == 0.0


def test_every_effect_type_has_a_handler_or_goes_to_the_exposure_model():
    from cbrnsim.scenario.effects import EFFECT_TYPES
    assert set(EFFECT_TYPES) <= set(HANDLERS) | EXPOSURE_EFFECTS
