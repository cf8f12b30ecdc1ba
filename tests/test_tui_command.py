"""``tui_command`` (the body of ``cbrnsim tui``): argument checks and one-line errors, no traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from tui_support import write_tiny_scenario
from tui.command import open_exercise, tui_command
from tui.runs import display_path, new_run_path
from tui.serve import WEB_HOST, console_command


def test_scenario_and_resume_together_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert tui_command(tmp_path / "a.yaml", 0, tmp_path / "b.db", None, False, None) == 1
    assert "not both" in capsys.readouterr().err


def test_port_needs_web(capsys: pytest.CaptureFixture[str]) -> None:
    assert tui_command(None, 0, None, None, False, 9000) == 1
    assert "--port only goes with --web" in capsys.readouterr().err


def test_a_broken_scenario_gives_located_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nmetadata: {title: x}\n", encoding="utf-8")
    assert tui_command(bad, 0, None, tmp_path / "runs", False, None) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "Traceback" not in err
    assert not (tmp_path / "runs").exists() or not list((tmp_path / "runs").iterdir())


def test_a_new_run_goes_to_the_runs_folder(tmp_path: Path) -> None:
    exercise = open_exercise(write_tiny_scenario(tmp_path), 7, None, tmp_path / "runs")
    path = Path(exercise.store.path)
    assert path.parent == tmp_path / "runs" and path.name.startswith("tiny-7-") and path.suffix == ".db"
    assert exercise.seed == 7 and exercise.now_min == 0.0
    exercise.store.close()


def test_run_paths_are_never_reused(tmp_path: Path) -> None:
    exercise = open_exercise(write_tiny_scenario(tmp_path), 1, None, tmp_path)
    again = new_run_path(exercise.scenario, 1, tmp_path)
    assert again != Path(exercise.store.path)
    exercise.store.close()


def test_display_path_is_relative_below_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "runs" / "x.db") == str(Path("runs") / "x.db")
    assert display_path("/elsewhere/y.db") == "/elsewhere/y.db"


def test_web_serves_the_same_run_on_this_machine_only(tmp_path: Path) -> None:
    command = console_command(tmp_path / "run.db")
    assert WEB_HOST == "127.0.0.1"
    assert "-m tui --resume" in command and str((tmp_path / "run.db").resolve()) in command
