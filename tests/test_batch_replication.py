"""One replication as a pure function: KPIs from a run summary, failures as results, the in-memory store."""
from __future__ import annotations

import dataclasses

import pytest

from cbrnsim.batch.plan import build_arms
from cbrnsim.batch.replication import ReplicationJob, StudySpec, kpi_values, prepared, run_replication
from cbrnsim.data import default_scenario
from cbrnsim.exercise import Exercise
from cbrnsim.scenario import Scenario, load_scenario

UNTIL_MIN = 15.0


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(default_scenario())


@pytest.fixture(scope="module")
def spec(scenario: Scenario) -> StudySpec:
    arms = build_arms(scenario, ["responders.stations[amb-centraal].ambulance.count=6,12"])
    return StudySpec(scenario.source_text, scenario.source_path, arms, until_min=UNTIL_MIN)


def test_kpi_values_flatten_the_summary_and_drop_bookkeeping() -> None:
    summary = {
        "scenario": "x.yaml", "seed": 3, "until_min": 60.0, "run_store": ":memory:", "msel": {"delivered": 2},
        "objectives": [{"id": "OBJ-1"}], "by_state": {"dead": 1},
        "deaths": 4, "casualties": {"immediate": 2, "minor": 0},
        "hospitals": {"h1": {"arrivals": 3, "peak_occupancy": {"icu_beds": 2}, "beds": {"icu_beds": 10}}},
        "kpis": {"deaths": 4.0, "antidote_within_60_min": 50.0, "antidote_within_min@60": 50.0, "pod": None},
        "key_times": {"first_call_min": 12.5, "agent_identified_min": None}, "flag": True,
    }
    assert kpi_values(summary) == {
        "deaths": 4.0, "casualties.immediate": 2.0, "casualties.minor": 0.0, "hospitals.h1.arrivals": 3.0,
        "hospitals.h1.peak_occupancy.icu_beds": 2.0, "kpis.antidote_within_60_min": 50.0, "kpis.pod": None,
        "key_times.first_call_min": 12.5, "key_times.agent_identified_min": None,
    }


def test_a_replication_equals_a_headless_run_of_its_arm(spec: StudySpec, scenario: Scenario, tmp_path) -> None:
    result = run_replication(spec, ReplicationJob(arm=1, replication=0, seed=11))
    assert result.ok and (result.arm, result.replication, result.seed) == (1, 0, 11)
    variant = prepared(spec).arm_scenarios[1]
    assert variant.station("amb-centraal").ambulance.count == 12
    # The same run written to a file store, as `cbrnsim run` does it, gives the same KPIs.
    exercise = Exercise(variant, 11, out=tmp_path / "run.db", auto_deliver_msel=True)
    exercise.advance_to(UNTIL_MIN)
    assert kpi_values(exercise.summary()) == result.kpis
    exercise.close()


def test_same_seed_same_result_and_workers_build_the_study_once(spec: StudySpec) -> None:
    first = run_replication(spec, ReplicationJob(0, 2, 99))
    second = run_replication(spec, ReplicationJob(0, 2, 99))
    assert first.kpis == second.kpis
    assert prepared(spec) is prepared(dataclasses.replace(spec))  # an equal spec hits the memo


def test_a_failing_replication_is_a_result_with_its_error_not_an_exception(spec: StudySpec) -> None:
    backwards = StudySpec(spec.scenario_text, spec.scenario_file, spec.arms, until_min=-5.0)
    result = run_replication(backwards, ReplicationJob(1, 4, 1234))
    assert not result.ok and result.kpis == {}
    assert (result.arm, result.replication, result.seed) == (1, 4, 1234)
    assert result.error.startswith("ValueError: cannot go back in time")


def test_a_worker_with_another_cbrnsim_version_refuses(spec: StudySpec) -> None:
    other = StudySpec(spec.scenario_text, spec.scenario_file, spec.arms, until_min=UNTIL_MIN,
                      cbrnsim_version="0.0.0-other")
    result = run_replication(other, ReplicationJob(0, 0, 1))
    assert not result.ok and "install the same version on every worker" in result.error


def test_the_digest_names_the_content(spec: StudySpec) -> None:
    assert spec == StudySpec(spec.scenario_text, spec.scenario_file, spec.arms, until_min=UNTIL_MIN)
    assert spec.digest != StudySpec(spec.scenario_text, spec.scenario_file, spec.arms, until_min=30.0).digest
    assert spec.digest != StudySpec(spec.scenario_text, spec.scenario_file, spec.arms[:1], until_min=UNTIL_MIN).digest
