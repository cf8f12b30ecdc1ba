"""The dispatch policy and unit pools (cbrnsim.engine.dispatch, cbrnsim.engine.units)."""
from __future__ import annotations

import simpy

from cbrnsim.engine.dispatch import NearestAvailable
from cbrnsim.engine.hospitals import HospitalModel
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.engine.travel import Travel
from cbrnsim.engine.units import Unit, UnitPool
from cbrnsim.scenario import HospitalStatusChange, UnitOutOfService

from care_support import fake, spec, tiny_scenario


def units(env, scenario, xs):
    station = scenario.responders.stations[0]
    result = []
    for i, x in enumerate(xs):
        u = Unit(f"u{i}", "ambulance", station, station.ambulance)
        u.stop(0.0)
        u._x0 = u._x1 = x  # place it for the test
        result.append(u)
    return result


def test_nearest_idle_unit_goes_and_most_urgent_request_is_served_first():
    env = simpy.Environment()
    scenario = tiny_scenario()
    policy = NearestAvailable(Travel())
    pool = UnitPool(env, "ambulance", policy.choose_unit)
    far, near = units(env, scenario, [9000.0, 100.0])
    minor = pool.request(2, 0, 0, "minor")
    immediate = pool.request(0, 0, 0, "immediate")
    pool.add(far)
    pool.add(near)
    env.run()
    assert immediate.value is far  # the first unit to come free goes to the most urgent request
    assert minor.value is near


def test_cancelled_request_is_skipped():
    env = simpy.Environment()
    pool = UnitPool(env, "x", NearestAvailable(Travel()).choose_unit)
    (u,) = units(env, tiny_scenario(), [0.0])
    first = pool.request(0, 0, 0)
    second = pool.request(1, 0, 0)
    first.cancel()
    pool.add(u)
    env.run()
    assert second.value is u and not first.triggered


def test_hospital_choice_nearest_with_room_then_least_loaded_and_never_diverting_if_open_exists():
    env = simpy.Environment()
    scenario = tiny_scenario(two_hospitals=True)
    h1, h2 = [HospitalModel(env, h, lambda k, p: None) for h in scenario.hospitals]
    policy = NearestAvailable(Travel())
    assert policy.choose_hospital([h1, h2], 0, 0, "immediate", 60, 0) is h1  # 2 km vs 5 km
    for _ in range(h1.beds["ed_spaces"].capacity):
        h1.request_bed("ed_spaces", 0)
    assert policy.choose_hospital([h1, h2], 0, 0, "immediate", 60, 0) is h2  # h1 full
    h2.set_status("diverting")
    assert policy.choose_hospital([h1, h2], 0, 0, "immediate", 60, 0) is h1
    assert policy.first_alarm("hazmat", 3) == 3 and policy.first_alarm("ambulance", 9) == 0
    assert policy.first_alarm("fire_rescue", 5) == 3 and policy.first_alarm("fire_rescue", 1) == 1


def test_out_of_service_takes_idle_units_now_and_busy_ones_when_free():
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(ambulances=2), 1, recorder, exposure_factory=fake([spec(1)]))
    model.run_until(15)  # one ambulance is on its way to cas-1
    model.apply_effect(UnitOutOfService(station="s1", kind="ambulance", count=2, duration_min=60), label="oos")
    statuses = {u.id: u.status for u in model.state().units if u.kind == "ambulance"}
    assert statuses == {"s1/ambulance/1": "en_route", "s1/ambulance/2": "out_of_service"}
    model.run_until(40)  # the busy one finished its handover at 33 and went out of service
    assert {u.id: u.status for u in model.state().units if u.kind == "ambulance"} == {
        "s1/ambulance/1": "out_of_service", "s1/ambulance/2": "out_of_service"}
    model.run_until(120)
    assert all(u.status == "available" for u in model.state().units if u.kind == "ambulance")


def test_closed_hospital_sends_waiting_patients_elsewhere():
    recorder = MemoryRecorder()
    specs = [spec(i, severity=1, ambulatory=True) for i in range(6)]
    model = Model(tiny_scenario(self_evac=1.0, ed=2, two_hospitals=True), 1, recorder, exposure_factory=fake(specs))
    model.run_until(60)
    model.apply_effect(HospitalStatusChange(hospital="h1", status="closed"), label="close")
    model.run_until(600)
    assert model.hospital_by_id["h2"].arrivals > 0
    assert model.state().hospitals[0].capacity["ed_spaces"] == 0
