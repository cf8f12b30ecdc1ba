"""Wind and closures in force, derived from the journal entries that took effect."""
from __future__ import annotations

from pathlib import Path

from cbrnsim.exercise.journal import decode
from cbrnsim.scenario import Point, RoadClosureInject, WindChangeInject
from tui_support import tiny_exercise
from tui.applied import agents_released, applied_effects, closures_now, wind_now


def test_wind_changes_and_closures_follow_the_journal(tmp_path: Path) -> None:
    exercise = tiny_exercise(tmp_path)
    exercise.apply(WindChangeInject(time_min=20, wind_speed_m_s=6, wind_from_deg=10))
    exercise.apply(RoadClosureInject(time_min=30, road="Ring", centre=Point(x_m=0, y_m=0), radius_m=500,
                                     travel_time_factor=2, duration_min=60))
    entries = [decode(row) for row in exercise.journal()]
    msel = {item.number: item.inject for item in exercise.msel()}
    scenario = exercise.scenario
    assert wind_now(scenario, applied_effects(entries, msel, 10), 10) == (250.0, 3.0)
    assert wind_now(scenario, applied_effects(entries, msel, 25), 25) == (10.0, 6.0)
    # the scenario's T+03:00 forecast takes over again, as in the engine
    assert wind_now(scenario, applied_effects(entries, msel, 200), 200) == (270.0, 4.0)
    assert closures_now(applied_effects(entries, msel, 45), 45) == ((0.0, 0.0, 500.0),)
    assert closures_now(applied_effects(entries, msel, 95), 95) == ()
    assert agents_released(scenario, applied_effects(entries, msel, 95)) == ("sarin",)
    exercise.store.close()


def test_a_delivered_msel_inject_counts_as_applied(tmp_path: Path) -> None:
    exercise = tiny_exercise(tmp_path)
    exercise.advance_to(120)
    exercise.deliver(10)  # MSEL 10 is the police cordon (road closure)
    entries = [decode(row) for row in exercise.journal()]
    msel = {item.number: item.inject for item in exercise.msel()}
    assert closures_now(applied_effects(entries, msel, 120), 120) == ((0.0, 0.0, 700.0),)
    exercise.store.close()
