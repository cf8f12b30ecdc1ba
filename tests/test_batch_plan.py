"""Arms from --vary: paths by id / index / [*], relative values, validation before anything runs."""
from __future__ import annotations

import pytest

from cbrnsim.batch.plan import PlanError, arm_scenario, build_arms, parse_sweep
from cbrnsim.data import default_scenario
from cbrnsim.scenario import Scenario, load_scenario, parse_inject

AMBULANCES = "responders.stations[amb-centraal].ambulance.count"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(default_scenario())


def _errors(scenario: Scenario, *sweeps: str) -> str:
    with pytest.raises(PlanError) as caught:
        build_arms(scenario, list(sweeps))
    lines = caught.value.lines
    assert lines and all("\n" not in line for line in lines)
    return "\n".join(lines)


def test_no_sweep_is_one_baseline_arm_on_the_scenario_itself(scenario: Scenario) -> None:
    (arm,) = build_arms(scenario, [])
    assert arm.label == "baseline" and arm.assignments == ()
    assert arm_scenario(scenario, arm) is scenario


def test_absolute_values_by_station_id(scenario: Scenario) -> None:
    arms = build_arms(scenario, [f"{AMBULANCES}=6,9,12"])
    assert [a.short_label for a in arms] == ["6", "9", "12"]
    assert [arm_scenario(scenario, a).station("amb-centraal").ambulance.count for a in arms] == [6, 9, 12]
    assert arms[1].label == f"{AMBULANCES}=9"
    untouched = arm_scenario(scenario, arms[2])
    assert untouched.station("amb-west") == scenario.station("amb-west")


def test_percent_change_of_every_hospital_rounds_whole_beds(scenario: Scenario) -> None:
    (arm,) = build_arms(scenario, ["hospitals[*].capacity.icu_beds=+20%"])
    variant = arm_scenario(scenario, arm)
    for before, after in zip(scenario.hospitals, variant.hospitals):
        expected = int(before.capacity.icu_beds * 1.2 + 0.5)  # halves away from zero
        assert after.capacity.icu_beds == expected


def test_add_factor_index_and_negative_absolute(scenario: Scenario) -> None:
    (add,) = build_arms(scenario, ["hospitals[0].capacity.icu_beds=+4"])
    assert arm_scenario(scenario, add).hospitals[0].capacity.icu_beds == scenario.hospitals[0].capacity.icu_beds + 4
    (factor,) = build_arms(scenario, ["behaviour.self_evacuation_share=x0.5"])
    assert arm_scenario(scenario, factor).behaviour.self_evacuation_share == pytest.approx(
        scenario.behaviour.self_evacuation_share * 0.5)
    x = scenario.hospitals[0].location.x_m
    (moved,) = build_arms(scenario, [f"hospitals[0].location.x_m=({x - 100:g})"])
    assert arm_scenario(scenario, moved).hospitals[0].location.x_m == pytest.approx(x - 100)


def test_wildcard_skips_stations_without_the_pool(scenario: Scenario) -> None:
    (arm,) = build_arms(scenario, ["responders.stations[*].ambulance.count=x2"])
    with_ambulances = [s for s in scenario.responders.stations if s.ambulance is not None]
    assert len(arm.assignments) == len(with_ambulances) < len(scenario.responders.stations)


def test_two_sweeps_give_every_combination_in_order(scenario: Scenario) -> None:
    arms = build_arms(scenario, [f"{AMBULANCES}=6,12", "hospitals[kuh].capacity.icu_beds=+0%,+50%"])
    assert [a.short_label for a in arms] == ["6, +0%", "6, +50%", "12, +0%", "12, +50%"]
    assert [a.index for a in arms] == [0, 1, 2, 3]


@pytest.mark.parametrize(("sweep", "expected"), [
    (f"{AMBULANCES.replace('centraal', 'central')}=6", "no item with id 'amb-central' in responders.stations"),
    (f"{AMBULANCES.replace('count', 'cont')}=6", "no field 'cont' in responders.stations[amb-centraal].ambulance"),
    ("hospitals.capacity.icu_beds=6", "hospitals is a list; pick items with [id], [index] or [*]"),
    ("hospitals[9].capacity.icu_beds=6", "index 9 is out of range (0..3)"),
    ("responders.stations[amb-centraal].name=6", "is text ('Ambulance Station Centraal'), not a number"),
    ("responders.stations[fire-1].ambulance.count=3", "responders.stations[fire-1].ambulance is not set"),
    ("nonsense=3", "no field 'nonsense' in the scenario"),
    (f"{AMBULANCES}=six", "'six' is not a value"),
    (f"{AMBULANCES}=", "no values after '='"),
    (f"{AMBULANCES}=6,6", "value 6 is given twice"),
    (AMBULANCES, "write PATH=V1,V2,..."),
    ("a..b=1", "is not a field name"),
])
def test_bad_paths_and_values_are_one_line_naming_the_option(scenario: Scenario, sweep: str, expected: str) -> None:
    message = _errors(scenario, sweep)
    assert message.startswith("--vary ") and expected in message


@pytest.mark.parametrize(("sweep", "expected"), [
    (f"{AMBULANCES}=-50", "ambulance.count: Input should be greater than or equal to 0"),
    (f"{AMBULANCES}=(-5)", "ambulance.count: Input should be greater than or equal to 0"),
    (f"{AMBULANCES}=6.5", "Input should be a valid integer"),
    ("hospitals[kuh].capacity.icu_beds=1", "baseline occupancy"),
])
def test_values_the_scenario_model_refuses_are_caught_before_anything_runs(scenario: Scenario, sweep: str,
                                                                           expected: str) -> None:
    message = _errors(scenario, sweep)
    assert expected in message and sweep.split("=")[0] in message


def test_every_bad_arm_is_reported_not_only_the_first(scenario: Scenario) -> None:
    message = _errors(scenario, f"{AMBULANCES}=9,(-1),(-2)")
    assert f"{AMBULANCES}=(-1)" in message and f"{AMBULANCES}=(-2)" in message and "=9:" not in message


def test_a_signed_value_is_a_change_not_an_absolute_value(scenario: Scenario) -> None:
    (arm,) = build_arms(scenario, [f"{AMBULANCES}=-1"])
    assert arm_scenario(scenario, arm).station("amb-centraal").ambulance.count == \
        scenario.station("amb-centraal").ambulance.count - 1


def test_the_same_field_cannot_be_swept_twice(scenario: Scenario) -> None:
    assert "varied twice" in _errors(scenario, f"{AMBULANCES}=6", f"{AMBULANCES}=9")
    assert "also changed by" in _errors(scenario, "hospitals[*].capacity.icu_beds=+10%",
                                        "hospitals[kuh].capacity.icu_beds=50")


def test_injects_are_checked_against_every_arm(scenario: Scenario) -> None:
    close_west = parse_inject({"type": "unit_out_of_service", "time_min": 10, "station": "amb-west",
                               "kind": "ambulance", "count": 1})
    assert len(build_arms(scenario, [f"{AMBULANCES}=6,9"], [close_west])) == 2
    bad = parse_inject({"type": "unit_out_of_service", "time_min": 10, "station": "nowhere",
                        "kind": "ambulance", "count": 1})
    with pytest.raises(PlanError) as caught:
        build_arms(scenario, [f"{AMBULANCES}=6"], [bad])
    assert "injects file" in str(caught.value) and "nowhere" in str(caught.value)


def test_parse_sweep_kinds() -> None:
    sweep = parse_sweep("a.b=10, +5, -20%, x1.5, *2, (-3)")
    assert [(v.kind, v.number) for v in sweep.values] == [
        ("set", 10.0), ("add", 5.0), ("percent", -20.0), ("factor", 1.5), ("factor", 2.0), ("set", -3.0)]
