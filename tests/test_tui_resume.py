"""A console killed with SIGKILL comes back with ``--resume`` to the same state and clock, paused."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cbrnsim.exercise import Exercise
from tui_support import screen_text, wait_for, write_tiny_scenario
from tui.app import ControllerApp
from tui.command import open_exercise

REPO = Path(__file__).resolve().parent.parent

DRIVER = r"""
import asyncio, json, sys
from pathlib import Path
from tui_support import wait_for
from tui.app import ControllerApp
from tui.command import open_exercise
from tui.screens.goto_time import GotoTimeScreen

async def main() -> None:
    exercise = open_exercise(Path(sys.argv[1]), 3, None, Path(sys.argv[2]))
    app = ControllerApp(exercise)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.snapshot is not None)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 9.0 and not app.snapshot.run_to_min)
        await pilot.press("d")
        await wait_for(pilot, lambda: app.snapshot.view.msel[0].status == "delivered")
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GotoTimeScreen))
        await pilot.press(*"T+00:45", "enter")
        await wait_for(pilot, lambda: app.snapshot.view.clock.now_min == 45.0 and not app.snapshot.run_to_min)
        state = app.snapshot.view.model
        print(json.dumps({"run": app.run_store, "now": app.exercise.now_min, "exposed": state.exposed,
                          "by_state": dict(state.by_state), "msel": [i.status for i in app.snapshot.view.msel]}),
              flush=True)
        await asyncio.sleep(600)

asyncio.run(main())
"""


@pytest.mark.asyncio
async def test_a_killed_session_resumes_to_the_same_state_and_clock_paused(tmp_path: Path) -> None:
    scenario = write_tiny_scenario(tmp_path)
    process = subprocess.Popen([sys.executable, "-c", DRIVER, str(scenario), str(tmp_path / "runs")],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO / "tests")})
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line, process.stderr.read()  # type: ignore[union-attr]
        before = json.loads(line)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL

    exercise = open_exercise(None, 0, Path(before["run"]), None)
    assert exercise.now_min == before["now"] == 45.0
    assert exercise.paused
    state = exercise.view().model
    assert state.exposed == before["exposed"] and dict(state.by_state) == before["by_state"]
    assert [item.status for item in exercise.msel()] == before["msel"]

    app = ControllerApp(exercise)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.snapshot is not None)
        assert app.snapshot.clock.running is False
        text = screen_text(app)
        assert "T+00:45" in text and "PAUSED" in text
        assert Path(before["run"]).name in text


def test_resume_refuses_a_file_that_is_not_a_run_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.command import tui_command

    bogus = tmp_path / "not-a-run.db"
    bogus.write_text("hello", encoding="utf-8")
    assert tui_command(None, 0, bogus, None, False, None) == 1
    err = capsys.readouterr().err
    assert "not-a-run.db" in err and "Traceback" not in err


def test_resume_replays_to_the_last_journaled_minute(tmp_path: Path) -> None:
    from tui_support import tiny_exercise

    exercise = tiny_exercise(tmp_path)
    exercise.advance_to(12.5)
    exercise.pause()
    exercise.store.close()
    resumed = Exercise.resume(tmp_path / "run.db")
    assert resumed.now_min == 12.5 and resumed.paused
