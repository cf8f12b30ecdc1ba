"""The Model: exact SimPy timelines on a tiny scenario, determinism, the clock API and injects."""
from __future__ import annotations

import dataclasses

import pytest

from cbrnsim.engine.casualty import ED_BEFORE_ADMISSION, SCENE_LOADING_MIN, CareDraws
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.engine.state import CASUALTY_STATES
from cbrnsim.rng import Streams

from care_support import fake, spec, tiny_scenario


def run(specs, *, seed=1, until=600.0, **kw):
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(**kw), seed, recorder, exposure_factory=fake(specs))
    model.run_until(until)
    return model, recorder


def test_exact_timeline_of_a_stretcher_casualty():
    # Release at 0; first call at 0 + 10 (behaviour); dispatch 1 min later (call processing);
    # fire crew: turnout 1 + 1 km at exactly 1 min/km -> on scene at 13, triage; extraction at
    # 60/h takes 1 min; the ambulance (turnout 1, 1 km) arrives at 16, loads for 5 min, drives
    # 2 km to the hospital (2 min): ED at 23; the agent is diagnosed 80 min after this first
    # patient (CLINICAL_IDENTIFICATION, Tokyo 1995) and the patient, still in the ED, gets the
    # antidote at 103; admission after the casualty's own ED-time draw.
    model, recorder = run([spec(1, severity=3)])
    ed_min = ED_BEFORE_ADMISSION.draw(CareDraws.for_casualty(Streams(1), 1).ed_time)
    assert 80.0 < ed_min  # this seed's draw keeps the antidote before admission
    assert recorder.timeline("cas-1") == [
        (0, "asymptomatic"), (2.0, "symptomatic_on_scene"), (13.0, "triaged"), (13.0, "awaiting_extraction"),
        (14.0, "awaiting_transport"), (16.0 + SCENE_LOADING_MIN, "in_transport"), (23.0, "in_ed"),
        (103.0, "antidote_given"), (23.0 + ed_min, "admitted_icu")]
    assert recorder.timeline(None, kinds=["first_call"]) == [(10.0, "first_call")]
    assert model.metric("first_unit_on_scene_min") == 13.0


def test_lethal_casualty_dies_on_scene_when_the_clock_runs_out():
    model, recorder = run([spec(1, severity=4, death_untreated_min=5.0)])
    assert recorder.timeline("cas-1")[-1] == (7.0, "dead")
    assert model.metric("deaths_prehospital") == 1.0


def test_a_casualty_on_a_moving_train_is_reached_only_at_its_stop():
    # Responders are on scene at 13 (as above) but the casualty gets off at 20: triage then;
    # extraction 1 min, the ambulance is already there: loading 5 min.
    _, recorder = run([spec(1, severity=3, leaves_min=20.0)])
    assert recorder.timeline("cas-1")[:5] == [
        (0, "asymptomatic"), (2.0, "symptomatic_on_scene"), (20.0, "triaged"), (20.0, "awaiting_extraction"),
        (21.0, "awaiting_transport")]


def test_a_nerve_agent_casualty_whose_clock_runs_out_at_the_collection_point_is_ventilated():
    # As the stretcher timeline: awaiting transport from 14, ambulance loading from 16 to 21. The
    # clock runs out at 2 + 14 = 16 with responders beside the casualty: arrest, ventilated, and
    # resuscitated at the hospital door at 23 (ARREST_WITH_RESPONDERS_STATES).
    _, recorder = run([spec(1, severity=4, death_untreated_min=14.0)], until=3000.0)
    assert recorder.timeline("cas-1", kinds=["cardiopulmonary_arrest", "in_transport", "arrived_in_arrest"]) == [
        (16.0, "cardiopulmonary_arrest"), (16.0 + SCENE_LOADING_MIN, "in_transport"), (23.0, "arrived_in_arrest")]


def test_a_casualty_in_arrest_who_waits_too_long_for_an_ambulance_dies_on_scene():
    # Seven stretcher cases extracted one a minute from 13 to 20; six severe ones take the only
    # ambulance first (about 20 min a trip); the lethal one arrests at the collection point at
    # 2 + 23 = 25 and is not at hospital ARREST_SURVIVABLE_MIN later: dead on scene at 85.
    from cbrnsim.engine.casualty import ARREST_SURVIVABLE_MIN
    severe = [spec(i, severity=3) for i in range(1, 7)]
    model, recorder = run([*severe, spec(7, severity=4, death_untreated_min=23.0)], until=3000.0)
    assert recorder.timeline("cas-7", kinds=["cardiopulmonary_arrest", "dead"]) == [
        (25.0, "cardiopulmonary_arrest"), (25.0 + ARREST_SURVIVABLE_MIN, "dead")]
    assert model.casualties[7].hospital_arrival_min is None


def test_walking_casualty_self_evacuates_before_ems():
    model, recorder = run([spec(1, severity=2, ambulatory=True)], self_evac=1.0)
    states = [k for _, k in recorder.timeline("cas-1")]
    assert states[:4] == ["asymptomatic", "symptomatic_on_scene", "self_evacuating", "triaged"]
    assert model.hospitals[0].arrivals == 1


def test_same_seed_same_event_log_and_different_seed_differs():
    specs = [spec(i, severity=1 + i % 4, ambulatory=i % 2 == 0, death_untreated_min=30.0 if i % 4 == 3 else None)
             for i in range(40)]
    _, a = run(specs, seed=7, self_evac=0.5)
    _, b = run(specs, seed=7, self_evac=0.5)
    _, c = run(specs, seed=8, self_evac=0.5)
    assert a.events == b.events and a.series == b.series
    assert a.events != c.events


def test_run_until_processes_events_before_the_limit_and_sets_now():
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(), 1, recorder, exposure_factory=fake([spec(1)]))
    model.run_until(13.0)
    assert model.env.now == 13.0
    assert [k for t, k in recorder.timeline("cas-1")] == ["asymptomatic", "symptomatic_on_scene"]
    assert model.peek() == 13.0
    before = model.events_processed
    model.step()
    assert model.events_processed == before + 1


def test_state_is_a_frozen_snapshot_with_every_state():
    model, _ = run([spec(1)], until=30)
    state = model.state()
    assert tuple(state.by_state) == CASUALTY_STATES
    assert sum(state.by_state.values()) == state.exposed == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.now_min = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        state.by_state["dead"] = 3  # type: ignore[index]
    ambulance = next(u for u in state.units if u.kind == "ambulance")
    assert ambulance.status == "at_hospital" or ambulance.status in ("returning", "available", "transporting")


def test_a_nerve_agent_casualty_whose_clock_runs_out_in_the_ambulance_arrives_in_arrest():
    # Timeline as above: in the ambulance 21-23; the clock runs out at 2 + 20 = 22. Tokyo: five
    # St Luke's patients arrived in cardiopulmonary or respiratory arrest, two died and three
    # recovered (Ohbu et al. 1997, South Med J 90:587, abstract) -> death probability 0.4.
    from cbrnsim.engine.casualty import ARRIVED_IN_ARREST_DEATH
    assert ARRIVED_IN_ARREST_DEATH == pytest.approx(2 / 5)
    outcomes = []
    for seed in range(1, 9):
        model, recorder = run([spec(1, severity=4, death_untreated_min=20.0)], seed=seed, until=3000.0)
        assert recorder.timeline("cas-1", kinds=["cardiopulmonary_arrest", "arrived_in_arrest"]) == [
            (22.0, "cardiopulmonary_arrest"), (23.0, "arrived_in_arrest")]
        dies = CareDraws.for_casualty(Streams(seed), 1).fate < ARRIVED_IN_ARREST_DEATH
        assert (model.casualties[1].state == "dead") == dies
        assert model.metric("deaths_prehospital") == 0.0 and model.outcome()["arrived_in_arrest"] == 1
        outcomes.append(dies)
    assert any(outcomes) and not all(outcomes)  # both outcomes occur across seeds


def test_a_burn_casualty_whose_clock_runs_out_in_the_ambulance_dies_there():
    model, recorder = run([spec(1, severity=4, death_untreated_min=20.0, injury="burn")])
    assert recorder.timeline("cas-1")[-1] == (22.0, "dead") and model.metric("deaths_prehospital") == 1.0


def test_minor_casualties_without_a_medical_team_on_scene_are_all_bussed_to_hospital():
    # SALT (Lerner et al. 2008): minor casualties are not ambulance patients. With no medical team
    # in the tiny service nobody can treat and release them at the scene: all board a bus
    # MCI_BUS_RESPONSE_MIN after the first unit on scene (T+13) and ride to h1 (2 km at 1 min/km).
    from cbrnsim.engine.casualty import MCI_BUS_RESPONSE_MIN
    specs = [spec(i, severity=1, ambulatory=True) for i in range(1, 41)]
    model, recorder = run(specs, until=100.0)
    for c in model.casualties.values():
        states = [k for _, k in recorder.timeline(c.key)]
        assert "awaiting_transport" not in states
        assert (13.0 + MCI_BUS_RESPONSE_MIN, "self_evacuating") in recorder.timeline(c.key)
        assert c.hospital_arrival_min == 13.0 + MCI_BUS_RESPONSE_MIN + 2.0


def test_a_medical_team_treats_and_releases_its_share_of_minor_casualties_at_the_scene():
    # With a medical team (60 patients/h, on scene at 13) the casualties drawn for release are
    # treated one a minute and go home; the others are bussed as above.
    from cbrnsim.engine.casualty import MCI_BUS_RESPONSE_MIN, MINOR_RELEASED_AT_SCENE_SHARE
    specs = [spec(i, severity=1, ambulatory=True) for i in range(1, 41)]
    model, recorder = run(specs, until=200.0, specialists=True)
    released = [c for c in model.casualties.values() if c.u.disposition < MINOR_RELEASED_AT_SCENE_SHARE]
    assert 0 < len(released) < 40
    release_times = sorted(recorder.timeline(c.key)[-1][0] for c in released)
    assert all(recorder.timeline(c.key)[-1][1] == "discharged" for c in released)
    assert release_times == [14.0 + k for k in range(len(released))]
    for c in model.casualties.values():
        if c not in released:
            assert (13.0 + MCI_BUS_RESPONSE_MIN, "self_evacuating") in recorder.timeline(c.key)


def test_an_ambulance_loading_at_the_scene_shows_on_scene():
    # Timeline above: the ambulance reaches the casualty at 16 and loads until 16 + 5 = 21 (one
    # SimPy timeout for drive and load; the status while loading is derived).
    model, _ = run([spec(1, severity=3)], until=18.0)
    ambulance = next(u for u in model.state().units if u.kind == "ambulance")
    assert ambulance.status == "on_scene"
    model.run_until(19.5)
    assert next(u for u in model.state().units if u.kind == "ambulance").status == "on_scene"
