"""The top of every screen: the handling marking, the exercise, the clock and the run store."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from cbrnsim.scenario import Scenario, format_time_min

from ..clock import ClockState
from ..runs import display_path


def clock_text(scenario: Scenario, now_min: float) -> str:
    """``T+00:45 · 08:30 CET Tue 10 Mar``: scenario time and the scenario's local time."""
    local = scenario.wall_clock(now_min)
    return f"{format_time_min(now_min)} · {local:%H:%M} {local.tzname()} {local:%a %d %b}"


RUN_PATH_WIDTH = 58
"""Characters the run-store path may take in the header; longer paths lose their start, not the file name."""


def run_label(path: str) -> str:
    """``run: runs/metro-sarin-0-….db``, cut at the front when too long so the file name stays."""
    shown = display_path(path)
    if len(shown) > RUN_PATH_WIDTH:
        shown = "…" + shown[-(RUN_PATH_WIDTH - 1):]
    return f"run: {shown}"


class MarkingBar(Static):
    """The handling marking, e.g. 'EXERCISE — FOR TRAINING ONLY', across the full width."""


class ExerciseHeader(Widget):
    """Marking bar, then one status line: title · clock · running/paused · run store."""

    DEFAULT_CSS = """
    ExerciseHeader { height: 2; dock: top; }
    """

    def __init__(self, scenario: Scenario, run_store: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._scenario = scenario
        self._run_store = run_store
        self._shown: tuple[float, ClockState, float | None] | None = None

    def compose(self) -> ComposeResult:
        marking = self._scenario.metadata.handling_marking
        yield MarkingBar(f"{marking}   ·   exercise grade, not for operational hazard prediction", id="marking")
        with Horizontal(id="header-line"):
            yield Static(self._scenario.metadata.title, id="title")
            yield Static(clock_text(self._scenario, 0.0), id="clock")
            yield Static(ClockState().label, id="clock-state")
            yield Static(run_label(self._run_store), id="run-store")

    def show_clock(self, now_min: float, clock: ClockState, run_to_min: float | None = None) -> None:
        """Update the clock and its state (only when they changed)."""
        key = (round(now_min, 4), clock, run_to_min)
        if key == self._shown:
            return
        self._shown = key
        self.query_one("#clock", Static).update(clock_text(self._scenario, now_min))
        state = self.query_one("#clock-state", Static)
        if run_to_min is not None:
            state.update(Text(f"⏩ TO {format_time_min(run_to_min)}", style="bold"))
        else:
            state.update(Text(clock.label, style="bold"))
        state.set_class(clock.running or run_to_min is not None, "running")
        state.set_class(not clock.running and run_to_min is None, "paused")

    def show_run_store(self, path: str) -> None:
        """Show a different run store (after a branch)."""
        self._run_store = path
        self.query_one("#run-store", Static).update(run_label(path))
