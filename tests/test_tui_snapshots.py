"""Snapshot tests (pytest-textual-snapshot) of the main screen, the map and the inject form.

The clock is paused when each picture is taken (the exercise starts paused and ``n`` stops it), the
pictures are taken before the fixture scenario's release (T+00:30), so they show the console and
not the engine's numbers, the run store has a fixed relative name and the text cursor does not
blink, so the pictures are stable. Update them after a deliberate change with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs before committing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cbrnsim.scenario import Point, RoadClosureInject, WindChangeInject
from tui_support import tiny_exercise, wait_for
from tui.app import ControllerApp
from tui.screens.inject_form import InjectFormScreen
from tui.widgets.form_fields import FormFields

SIZE = (160, 48)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ControllerApp:
    monkeypatch.chdir(tmp_path)  # the header shows the run store relative to here: 'console.db'
    return ControllerApp(tiny_exercise(Path("."), name="console.db"))


async def _settled(pilot: Pilot, app: ControllerApp, now_min: float) -> None:
    await wait_for(pilot, lambda: app.snapshot is not None and app.snapshot.view.clock.now_min == now_min
                   and not app.snapshot.run_to_min and not app.snapshot.clock.running)
    await wait_for(pilot, lambda: app.session.take_snapshot() is None)
    await pilot.pause(0.6)  # the event log reads new events every 0.25 s


def test_main_screen_with_an_inject_due(app: ControllerApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.snapshot is not None)
        await pilot.press("n")
        await _settled(pilot, app, 9.0)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_map_after_a_wind_change_and_a_road_closure(app: ControllerApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.snapshot is not None)
        wind = WindChangeInject(time_min=0, wind_speed_m_s=6, wind_from_deg=30, title="Met update")
        cordon = RoadClosureInject(time_min=0, road="Ring road", centre=Point(x_m=0, y_m=0), radius_m=1500,
                                   travel_time_factor=2)
        for inject in (wind, cordon):
            app.session.submit(lambda ex, inject=inject: ex.apply(inject)).result(30)
        await pilot.press("n")
        await _settled(pilot, app, 9.0)
        await pilot.press("2")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_inject_form_with_an_error_beside_its_field(app: ControllerApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.snapshot is not None)
        app.push_screen(InjectFormScreen("wind_change", app.exercise.scenario, ("sarin",), 0.0))
        await wait_for(pilot, lambda: isinstance(app.screen, InjectFormScreen) and bool(app.screen.query(FormFields)))
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        form = app.screen.query_one(FormFields)
        form.set_value(("wind_speed_m_s",), "4")
        form.set_value(("wind_from_deg",), "400")
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
