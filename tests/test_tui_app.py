"""The controller console driven by its keys (Textual pilot), checked on the exercise and on the screen.

Every test runs the real engine on a scaled-down copy of the default scenario (tests/tui_support.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from cbrnsim.exercise import Exercise
from cbrnsim.exercise.journal import decode
from tui_support import screen_text, tiny_exercise, wait_for
from tui.app import ControllerApp
from tui.screens.branch import BranchScreen
from tui.screens.decision import DecisionScreen
from tui.screens.goto_time import GotoTimeScreen
from tui.screens.help import HelpScreen
from tui.screens.inject_form import InjectFormScreen, InjectTypeScreen
from tui.screens.note import NoteScreen
from tui.screens.quit_confirm import QuitScreen
from tui.screens.review import ReviewScreen
from tui.screens.skip import SkipScreen
from tui.widgets.form_fields import FormFields
from tui.widgets.header import ExerciseHeader
from tui.widgets.msel_pane import MselPane

SIZE = (160, 48)


def kinds(exercise: Exercise) -> list[str]:
    """Journal kinds in order."""
    return [row.kind for row in exercise.journal()]


async def started(pilot: object, app: ControllerApp) -> None:
    await wait_for(pilot, lambda: app.snapshot is not None)


def msel_status(app: ControllerApp, number: int) -> str:
    return next(item.status for item in app.snapshot.view.msel if item.number == number)  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_space_plays_and_pauses_the_clock_through_the_journal(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        assert app.snapshot.clock.running is False  # an exercise starts paused
        await pilot.press("space")
        await wait_for(pilot, lambda: app.snapshot.clock.running and app.snapshot.view.clock.now_min > 0)
        assert "RUNNING" in str(app.main.query_one("#clock-state").render())
        await pilot.press("space")
        await wait_for(pilot, lambda: not app.snapshot.clock.running)
        assert kinds(app.exercise)[:2] == ["control", "control"]
        actions = [row.payload["action"] for row in app.exercise.journal()]
        assert actions[:2] == ["resume", "pause"]
        assert "PAUSED" in str(app.main.query_one("#clock-state").render())


@pytest.mark.asyncio
async def test_plus_and_minus_change_the_speed_and_journal_it(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        assert app.snapshot.clock.speed == 60
        await pilot.press("plus")
        await wait_for(pilot, lambda: app.snapshot.clock.speed == 600)
        await pilot.press("minus", "minus")
        await wait_for(pilot, lambda: app.snapshot.clock.speed == 10)
        speeds = [row.payload["speed"] for row in app.exercise.journal() if row.payload.get("action") == "speed"]
        assert speeds == [600.0, 60.0, 10.0]
        assert "10×" in str(app.main.query_one("#clock-state").render())


@pytest.mark.asyncio
async def test_n_runs_to_the_next_inject_and_it_shows_due(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 9.0 and not app.snapshot.run_to_min)
        assert app.exercise.now_min == 9.0
        assert msel_status(app, 1) == "due"
        assert "DUE" in screen_text(app) and "T+00:09" in screen_text(app)


@pytest.mark.asyncio
async def test_g_goes_to_a_typed_time_and_refuses_the_past(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GotoTimeScreen))
        await pilot.press(*"T+00:30", "enter")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 30.0 and not app.snapshot.run_to_min)
        assert app.exercise.now_min == 30.0
        assert "T+00:30" in str(app.main.query_one("#clock").render())
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GotoTimeScreen))
        await pilot.press(*"10", "enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, GotoTimeScreen)
        assert "has passed" in str(app.screen.query_one("#goto-error").render())
        await pilot.press("escape")


@pytest.mark.asyncio
async def test_d_delivers_the_highlighted_inject(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("n")
        await wait_for(pilot, lambda: msel_status(app, 1) == "due")
        assert app.main.query_one(MselPane).selected.number == 1
        await pilot.press("d")
        await wait_for(pilot, lambda: msel_status(app, 1) == "delivered")
        entries = [decode(row) for row in app.exercise.journal()]
        delivery = [e for e in entries if e.kind == "deliver"]
        assert len(delivery) == 1 and delivery[0].action.number == 1 and delivery[0].at_min == 9.0
        assert "✓ 00:09" in screen_text(app)
        assert app.main.query_one(MselPane).selected.number == 2  # the highlight moves on to the next open one


@pytest.mark.asyncio
async def test_s_skips_with_a_reason(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SkipScreen))
        await pilot.press(*"players already called it", "enter")
        await wait_for(pilot, lambda: msel_status(app, 1) == "skipped")
        row = [r for r in app.exercise.journal() if r.kind == "skip"][0]
        assert row.payload["number"] == 1 and row.payload["reason"] == "players already called it"
        assert "skipped" in screen_text(app)


@pytest.mark.asyncio
async def test_i_opens_a_form_that_validates_and_journals_a_wind_change(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InjectTypeScreen))
        app.screen.dismiss("wind_change")
        await wait_for(pilot, lambda: isinstance(app.screen, InjectFormScreen) and bool(app.screen.query(FormFields)))
        form = app.screen.query_one(FormFields)
        form.set_value(("wind_speed_m_s",), "4")
        form.set_value(("wind_from_deg",), "400")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, InjectFormScreen)  # refused: the error sits beside the field
        error = str(app.screen.query_one("#f-wind-from-deg-error").render())
        assert "less than 360" in error
        assert "inject" not in kinds(app.exercise)
        form.set_value(("wind_from_deg",), "300")
        form.set_value(("title",), "Met office update")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "inject" in kinds(app.exercise))
        row = [r for r in app.exercise.journal() if r.kind == "inject"][0]
        inject = row.payload["inject"]
        assert (inject["type"], inject["wind_from_deg"], inject["wind_speed_m_s"]) == ("wind_change", 300.0, 4.0)
        assert row.at_min == 0.0
        await wait_for(pilot, lambda: app.snapshot.wind == (300.0, 4.0))
        assert "journaled" in screen_text(app)


@pytest.mark.asyncio
async def test_i_refuses_a_hospital_the_scenario_does_not_have(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        app.push_screen(InjectFormScreen("stockpile_delivery", app.exercise.scenario, (), 0.0))
        await wait_for(pilot, lambda: isinstance(app.screen, InjectFormScreen) and bool(app.screen.query(FormFields)))
        form = app.screen.query_one(FormFields)
        form.set_value(("items",), "atropine_1mg: [oops")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert "YAML" in str(app.screen.query_one("#f-items-error").render()) or \
            "write e.g." in str(app.screen.query_one("#f-items-error").render())
        form.set_value(("items",), "atropine_1mg: 200")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, InjectFormScreen)  # neither hospital nor station given
        assert str(app.screen.query_one("#form-error").render()).strip()


@pytest.mark.asyncio
async def test_a_later_inject_is_scheduled_not_applied(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        app.push_screen(InjectFormScreen("message", app.exercise.scenario, (), 0.0), app.apply_new_inject)
        await wait_for(pilot, lambda: isinstance(app.screen, InjectFormScreen) and bool(app.screen.query(FormFields)))
        form = app.screen.query_one(FormFields)
        form.set_value(("time_min",), "T+00:20")
        form.set_value(("content",), "Radio check")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(app.snapshot.view.scheduled) == 1)
        assert app.snapshot.view.scheduled[0].at_min == 20.0
        assert "1 scheduled" in screen_text(app)


@pytest.mark.asyncio
async def test_p_records_a_decision_with_its_effect(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
        screen = app.screen
        screen.query_one("#decision-form", FormFields).set_value(("decision",), "Evacuate Centraal")
        screen.query_one("#effect-type", Select).value = "protective_action"
        await wait_for(pilot, lambda: bool(screen.query("#effect-form")))
        effect = screen.query_one("#effect-form", FormFields)
        effect.set_value(("effect", "action"), "evacuate")
        effect.set_value(("effect", "zones"), ["centraal"])
        effect.set_value(("effect", "compliance"), "0.8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "decision" in kinds(app.exercise))
        inject = [r for r in app.exercise.journal() if r.kind == "decision"][0].payload["inject"]
        assert inject["decision"] == "Evacuate Centraal"
        assert inject["effect"]["type"] == "protective_action" and inject["effect"]["zones"] == ["centraal"]


@pytest.mark.asyncio
async def test_o_records_a_note_that_rates_an_objective(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        app.screen.query_one("#note-text", Input).value = "Dispatch slow to say HAZMAT"
        app.screen.query_one("#note-objective", Select).value = "OBJ-1"
        app.screen.query_one("#note-rating", Select).value = "S"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "note" in kinds(app.exercise))
        await wait_for(pilot, lambda: any(r.evaluator is not None for r in app.snapshot.view.objectives))
        result = next(r for r in app.snapshot.view.objectives if r.id == "OBJ-1")
        assert result.evaluator.rating == "S"


@pytest.mark.asyncio
async def test_b_branches_and_continues_in_the_branch(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 9.0 and not app.snapshot.run_to_min)
        await pilot.press("d")
        await wait_for(pilot, lambda: msel_status(app, 1) == "delivered")
        parent = app.run_store
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BranchScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.run_store != parent and app.snapshot.view.run_store == app.run_store)
        assert app.parent_run == parent
        assert app.exercise.now_min == 9.0
        assert msel_status(app, 1) == "delivered"  # the journal prefix came along
        assert app.exercise.store.meta()["parent_run"] == parent
        assert Path(app.run_store).name in str(app.main.query_one("#run-store").render())


@pytest.mark.asyncio
async def test_v_reviews_and_scrubs_back_in_time(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GotoTimeScreen))
        await pilot.press(*"40", "enter")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 40.0 and not app.snapshot.run_to_min)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        await wait_for(pilot, lambda: bool(review.views) and review.views[0].clock.now_min == 40.0)
        exposed_now = review.views[0].model.exposed
        await pilot.press("home")
        await wait_for(pilot, lambda: review.views[0].clock.now_min == 0.0)
        assert review.views[0].model.exposed <= exposed_now
        assert "T+00:00" in str(review.query_one("#review-bar").render())
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: review.views[0].clock.now_min == 10.0)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.exercise.now_min == 40.0  # the review only read the run


@pytest.mark.asyncio
async def test_question_mark_shows_every_key(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for phrase in ("Run or stop the exercise clock", "Deliver the highlighted MSEL inject", "Branch a what-if",
                       "after-action report", "--resume"):
            assert phrase in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main)


@pytest.mark.asyncio
async def test_q_asks_and_quits_with_the_journal_intact(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SkipScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: msel_status(app, 1) == "skipped")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitScreen))
        assert "--resume" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is app.main)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitScreen))
        await pilot.press("y")
        await pilot.pause(0.2)
    assert app.return_code in (0, None)
    path = app.run_store
    app.exercise.store.close()
    resumed = Exercise.resume(path)
    assert [item.status for item in resumed.msel()][0] == "skipped"
    resumed.store.close()


@pytest.mark.asyncio
async def test_r_writes_the_after_action_report(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GotoTimeScreen))
        await pilot.press(*"30", "enter")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 30.0 and not app.snapshot.run_to_min)
        await pilot.press("r")
        report = tmp_path / "run-aar" / "aar.html"
        await wait_for(pilot, report.exists, timeout_s=120)
        await wait_for(pilot, lambda: "after-action report written" in screen_text(app), timeout_s=30)
        assert "html" in report.read_text(encoding="utf-8").lower()


@pytest.mark.asyncio
async def test_the_header_shows_marking_clock_and_run_store(tmp_path: Path) -> None:
    app = ControllerApp(tiny_exercise(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        header = app.main.query_one(ExerciseHeader)
        text = screen_text(app)
        assert "EXERCISE — FOR TRAINING ONLY" in text
        assert "T+00:00 · 07:45 CET Tue 10 Mar" in text
        assert "run.db" in str(header.query_one("#run-store").render())
