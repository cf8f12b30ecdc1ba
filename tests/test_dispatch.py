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


# ------------------------------------------------------------------ nuclear collection points
def _scene(damage_radii_m=None):
    from cbrnsim.engine.response import Scene
    scenario = tiny_scenario()
    scene = Scene(simpy.Environment(), scenario.releases[0], 0.0, hooks=None)
    scene.damage_radii_m = damage_radii_m
    return scene


def test_one_site_scene_gathers_everyone_at_the_release_point():
    assert _scene().collection_point(3000.0, -200.0) == (0.0, 0.0, True)


def test_nuclear_scene_has_a_collection_point_per_damage_ring_and_quadrant():
    # 10 kt radii of the Planning Guidance for Response to a Nuclear Detonation (2010), ch. 2, as
    # scaled by cbrnsim.hazard.nuclear.zone_radii_m: severe 805 m, moderate 1,609 m, light 4,828 m.
    scene = _scene((805.0, 1609.0, 4828.0))
    assert scene.collection_point(500.0, 100.0) == (805.0, 0.0, True)        # severe ring, east
    assert scene.collection_point(1200.0, -300.0) == (1609.0, 0.0, True)     # moderate ring, east
    assert scene.collection_point(100.0, 3000.0) == (0.0, 4828.0, False)     # light ring, north: no rescue
    assert scene.collection_point(-9000.0, 0.0) == (-9656.0, 0.0, False)     # beyond: twice the light radius


def test_greater_alarm_commits_the_fire_rescue_reserve_when_extraction_backs_up():
    # 4 fire/rescue crews: the first alarm sends half (2 x 60/h); 130 stretcher cases are more than
    # an hour's work for them, so the other 2 are sent as well.
    from cbrnsim.scenario import UnitsArrive
    recorder = MemoryRecorder()
    specs = [spec(i, severity=2) for i in range(1, 131)]
    model = Model(tiny_scenario(), 1, recorder, exposure_factory=fake(specs))
    model.apply_effect(UnitsArrive(station="s1", kind="fire_rescue", count=3, origin="mutual aid"), label="aid")
    model.run_until(14)
    assert [k for _, k, _, _ in recorder.events if k == "greater_alarm"] == ["greater_alarm"]
    assert model.fleet.busy("fire_rescue") == 4 and model.scenes[0].extraction_people_per_h == 240.0


def test_severe_burns_go_to_the_burn_centre_and_burn_bed_need_is_counted():
    # h1 (2 km) has no burn beds; h2 (5 km the other way) gets 1. Both severe burns are taken to
    # h2 while its bed is free (field triage: burns to a burn facility, CDC 2011 MMWR 61(RR-1)
    # step 4); the first admitted gets the bed, the other goes to ICU and is an unmet need.
    specs = [spec(1, severity=3, injury="burn"), spec(2, severity=3, injury="burn", onset_min=40.0)]
    model = Model(tiny_scenario(two_hospitals=True, ambulances=2), 1, MemoryRecorder(), exposure_factory=fake(specs))
    model.apply_effect(HospitalStatusChange(hospital="h2", bed_changes={"burn_beds": 1}), label="burn beds")
    model.run_until(1500)
    assert [c.hospital_id for c in model.casualties.values()] == ["h2", "h2"]
    assert sorted(c.state for c in model.casualties.values()) == ["admitted_burn", "admitted_icu"]
    out = model.outcome()
    assert (out["burn_beds_needed"], out["burn_beds_available"], out["burn_beds_unmet"]) == (2, 1, 1)
    assert model.state().burn_beds_unmet == 1


def test_severe_burn_goes_to_the_nearest_hospital_when_no_burn_bed_is_free():
    model = Model(tiny_scenario(two_hospitals=True), 1, MemoryRecorder(),
                  exposure_factory=fake([spec(1, severity=3, injury="burn")]))
    model.run_until(600)
    assert model.casualties[1].hospital_id == "h1" and model.casualties[1].state == "admitted_icu"
    assert model.outcome()["burn_beds_unmet"] == 1


def test_stretcher_cases_board_before_walkers_of_the_same_category():
    from cbrnsim.engine.casualty import Casualty
    from cbrnsim.engine.transport import transport_priority
    walker, stretcher, delayed = (Casualty(spec(i, ambulatory=a), None) for i, a in ((1, True), (2, False), (3, False)))
    walker.category = stretcher.category = "immediate"
    delayed.category = "delayed"
    assert transport_priority(stretcher) < transport_priority(walker) < transport_priority(delayed)
