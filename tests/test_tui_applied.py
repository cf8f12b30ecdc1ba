"""Effects the journal applied (tui.applied), and the wind and closures the console shows, which
come from the engine's snapshot (ModelState.weather / road_closures) after the same journal."""
from __future__ import annotations

from pathlib import Path

from cbrnsim.exercise.journal import decode
from cbrnsim.scenario import Point, RoadClosureInject, WindChangeInject
from tui_support import tiny_exercise
from tui.applied import agents_released, applied_effects


def _wind(exercise, t_min: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    exercise.advance_to(t_min)
    weather = exercise.view().model.weather
    return weather.wind_from_deg, weather.wind_speed_m_s


def _closures(exercise, t_min: float) -> tuple[tuple[float, float, float], ...]:  # type: ignore[no-untyped-def]
    exercise.advance_to(t_min)
    return tuple((c.x_m, c.y_m, c.radius_m) for c in exercise.view().model.road_closures)


def test_wind_changes_and_closures_follow_the_journal(tmp_path: Path) -> None:
    exercise = tiny_exercise(tmp_path)
    exercise.apply(WindChangeInject(time_min=20, wind_speed_m_s=6, wind_from_deg=10))
    exercise.apply(RoadClosureInject(time_min=30, road="Ring", centre=Point(x_m=0, y_m=0), radius_m=500,
                                     travel_time_factor=2, duration_min=60))
    assert _wind(exercise, 10) == (250.0, 3.0)
    assert _wind(exercise, 25) == (10.0, 6.0)
    assert _closures(exercise, 45) == ((0.0, 0.0, 500.0),)
    assert _closures(exercise, 95) == ()
    # the scenario's T+03:00 forecast takes over again
    assert _wind(exercise, 200) == (270.0, 4.0)
    entries = [decode(row) for row in exercise.journal()]
    msel = {item.number: item.inject for item in exercise.msel()}
    assert agents_released(exercise.scenario, applied_effects(entries, msel, 95)) == ("sarin",)
    exercise.store.close()


def test_a_delivered_msel_inject_counts_as_applied(tmp_path: Path) -> None:
    exercise = tiny_exercise(tmp_path)
    exercise.advance_to(120)
    exercise.deliver(10)  # MSEL 10 is the police cordon (road closure)
    assert _closures(exercise, 121) == ((0.0, 0.0, 700.0),)
    entries = [decode(row) for row in exercise.journal()]
    msel = {item.number: item.inject for item in exercise.msel()}
    assert any(isinstance(a.effect, RoadClosureInject) for a in applied_effects(entries, msel, 120))
    exercise.store.close()
