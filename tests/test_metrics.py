"""Objective metrics and the run outcome (cbrnsim.engine.metrics)."""
from __future__ import annotations

import pytest

from cbrnsim.engine.exposure_specs import WorriedWellSpec
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.scenario import METRICS, AgentIdentified, ProtectiveAction

from care_support import fake, spec, tiny_scenario


def model_with(specs, worried=(), until=600.0, **kw):
    model = Model(tiny_scenario(**kw), 1, MemoryRecorder(), exposure_factory=fake(specs, worried))
    model.run_until(until)
    return model


def test_every_metric_name_is_computed():
    model = model_with([spec(1)])
    for name, info in METRICS.items():
        value = model.metric(name, 60.0 if info.needs_within_min else None)
        assert value is None or isinstance(value, float)
    with pytest.raises(KeyError):
        model.metric("no_such_metric")
    with pytest.raises(ValueError):
        model.metric("antidote_within_min")


def test_immediate_in_hospital_counts_ed_space_time_from_onset():
    model = model_with([spec(1, severity=3)])  # onset 2, ED space at 23 (see test_model)
    assert model.metric("immediate_in_hospital_within_min", 21.0) == 100.0
    assert model.metric("immediate_in_hospital_within_min", 20.9) == 0.0


def test_identification_times_and_antidote_share():
    # HAZMAT: dispatch 11, turnout 1 + 1 km, set-up 10, identification 5 -> identified at 28.
    specs = [spec(1, severity=2, ambulatory=True), spec(2, severity=1, ambulatory=True)]
    model = model_with(specs, specialists=True)
    assert model.metric("agent_identified_by_min") == 28.0
    # cas-1 (moderate) gets the antidote from the medical team after identification; cas-2
    # (miosis only) needs none and is not counted.
    assert model.casualties[1].antidote_min is not None and model.casualties[2].antidote_min is None
    assert model.metric("antidote_within_min", 60.0) == 100.0


def test_milestones_not_reached_count_the_run_so_far():
    model = model_with([], until=50)
    assert model.metric("protective_action_by_min") == 50.0
    model.apply_effect(ProtectiveAction(action="shelter", zones=("z",), compliance=0.5), label="pa")
    assert model.metric("protective_action_by_min") == 50.0
    model.apply_effect(AgentIdentified(agent="sarin"), label="id")
    assert model.metric("agent_identified_by_min") == 50.0


def test_milestones_before_the_release_have_no_value_and_early_actions_count_as_zero():
    # The tiny scenario's release is at 0; shift it to 30 with a scheduled release start.
    model = Model(tiny_scenario(), 1, MemoryRecorder(), exposure_factory=fake([]))
    first = model.scenario.releases[0]
    model.scenario = model.scenario.model_copy(update={"releases": [first.model_copy(update={"start_min": 30.0})]})
    model.run_until(10.0)
    assert model.metric("protective_action_by_min") is None  # nothing to measure before the release
    model.apply_effect(ProtectiveAction(action="shelter", zones=("z",), compliance=0.5), label="pa")
    model.run_until(40.0)
    assert model.metric("protective_action_by_min") == 0.0  # ordered before the release: no delay
    assert model.metric("agent_identified_by_min") == 10.0  # not yet: the 10 min since the release


def test_undertriage_and_deaths():
    model = model_with([spec(1, severity=4, death_untreated_min=1.0)])
    assert model.metric("deaths") == 1.0 and model.metric("deaths_prehospital") == 1.0
    assert model.metric("undertriage_pct") is None  # died before triage


def test_outcome_has_the_run_json_fields():
    worried = [WorriedWellSpec(id=i, x_m=0.0, y_m=0.0, depart_min=5.0) for i in range(3)]
    out = model_with([spec(1, severity=2, ambulatory=True)], worried, self_evac=1.0).outcome()
    for key in ("scenario", "seed", "until_min", "exposed", "casualties", "worried_well", "deaths",
                "deaths_prehospital", "hospital_arrivals", "admissions", "icu_admissions", "hospitals", "kpis",
                "events"):
        assert key in out
    assert set(out["casualties"]) == {"immediate", "delayed", "minor", "expectant"}
    assert out["worried_well"] == 3 and out["hospital_arrivals"] == 1 and out["admissions"] == 1
    assert set(out["hospitals"]["h1"]) >= {"arrivals", "peak_occupancy", "beds"}


def test_outcome_peak_occupancy_never_exceeds_beds_and_the_metric_rates_demand():
    # 8 walking casualties reach a 4-space ED within minutes of each other (6 h observation
    # each): the ED fills, the rest wait in corridors; the objective metric rates that demand.
    specs = [spec(i, severity=2, ambulatory=True) for i in range(1, 9)]
    model = model_with(specs, self_evac=1.0, until=60)
    h1 = model.outcome()["hospitals"]["h1"]
    occupied, waiting, demand = (h1[k]["ed_spaces"] for k in ("peak_occupancy", "peak_waiting", "peak_demand"))
    assert occupied <= h1["beds"]["ed_spaces"] and waiting > 0
    assert max(occupied, waiting) < demand <= occupied + waiting
    assert model.metric("ed_peak_occupancy_pct") == pytest.approx(100.0 * demand / 4)
    assert demand > 4  # above 100 % only because those waiting count
