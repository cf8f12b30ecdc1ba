"""Helpers for the console tests: a small scenario (fast to build) and waiting on the app.

The scenario (tests/tui_scenario.yaml) is the bundled default scaled down — population / 50, one
release starting at T+00:30 — so an exercise starts in a fraction of a second; the engine is the
real one.
"""
from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from pathlib import Path


from rich.console import Console

from cbrnsim.exercise import Exercise
from cbrnsim.scenario import Scenario, load_scenario_text


FIXTURE = Path(__file__).with_name("tui_scenario.yaml")
"""The console tests' own scenario (see the comment at its top)."""


def tiny_scenario_text() -> str:
    """The fixture scenario's text."""
    return FIXTURE.read_text(encoding="utf-8")


def write_tiny_scenario(folder: Path) -> Path:
    """The tiny scenario as a file in ``folder``."""
    path = folder / "tiny.yaml"
    path.write_text(tiny_scenario_text(), encoding="utf-8")
    return path


def tiny_scenario(folder: Path) -> Scenario:
    """The tiny scenario, loaded from a file in ``folder``."""
    path = write_tiny_scenario(folder)
    return load_scenario_text(path.read_text(encoding="utf-8"), str(path))


def tiny_exercise(folder: Path, name: str = "run.db", seed: int = 1) -> Exercise:
    """A new exercise of the tiny scenario writing ``folder/name``."""
    return Exercise(tiny_scenario(folder), seed, out=folder / name)


async def wait_for(pilot: object, condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (AssertionError after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await asyncio.sleep(0)


def screen_text(app: object) -> str:
    """What the terminal shows now, as plain text (the same render as a screenshot)."""
    width, height = app.size  # type: ignore[attr-defined]
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False, color_system=None)
    console.print(app.screen._compositor.render_update(  # type: ignore[attr-defined]
        full=True, screen_stack=app._background_screens, simplify=True))  # type: ignore[attr-defined]
    return console.export_text()
