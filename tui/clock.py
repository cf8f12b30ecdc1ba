"""The exercise clock: how far the simulation may advance for the wall-clock time that passed.

The clock never owns simulation time: the exercise does (``Exercise.now_min``). The clock only
turns wall-clock seconds into a *target* for the next small step, so that

- a pause stops the simulation where it is (the step in flight is at most ``max_step_min``
  long), and a resume starts from there: wall time spent paused is never turned into
  simulation time, so nothing scheduled during the pause fires late or all at once;
- every step stops at the next *stop* (an MSEL inject's scheduled time, an inject entered for
  later, the end of the exercise), so each happens at its own minute and is seen on screen;
- when the engine cannot keep up with the chosen speed, the exercise runs slower instead of
  piling up debt that would later be paid in one jump.

Speeds are simulated seconds per wall-clock second: 1× is real time, 600× is ten minutes a second.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

SPEEDS: tuple[float, ...] = (1.0, 10.0, 60.0, 600.0)
"""The clock speeds a controller can choose (simulated seconds per wall-clock second)."""

MAX_WALL_STEP_S = 0.25
"""Longest stretch of wall time one step may account for (s): a stalled UI never causes a leap."""

STOP_EPSILON_MIN = 1e-9
"""Times closer than this to now count as now (min), so a stop just reached is not hit again."""


def speed_label(speed: float) -> str:
    """``600.0`` -> ``"600×"``."""
    return f"{speed:g}×"


@dataclass(frozen=True, slots=True)
class ClockState:
    """Whether the exercise clock runs, and how fast (immutable; change it with the functions below)."""

    running: bool = False
    """True while the clock runs; an exercise always starts (and resumes after a crash) paused."""
    speed: float = 60.0
    """Simulated seconds per wall-clock second, one of SPEEDS."""

    @property
    def label(self) -> str:
        """``"▶ 60×"`` or ``"⏸ PAUSED 60×"`` for the header."""
        return f"▶ RUNNING {speed_label(self.speed)}" if self.running else f"⏸ PAUSED {speed_label(self.speed)}"


def toggled(state: ClockState) -> ClockState:
    """Play if paused, pause if playing."""
    return replace(state, running=not state.running)


def paused(state: ClockState) -> ClockState:
    """The same clock, stopped."""
    return replace(state, running=False)


def faster(state: ClockState) -> ClockState:
    """The next speed up (stays at the fastest)."""
    index = _speed_index(state.speed)
    return replace(state, speed=SPEEDS[min(index + 1, len(SPEEDS) - 1)])


def slower(state: ClockState) -> ClockState:
    """The next speed down (stays at the slowest)."""
    index = _speed_index(state.speed)
    return replace(state, speed=SPEEDS[max(index - 1, 0)])


def _speed_index(speed: float) -> int:
    """Index of the listed speed nearest to ``speed`` (a resumed run may carry any value)."""
    return min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))


def next_stop(now_min: float, stops: Iterable[float]) -> float | None:
    """The earliest stop strictly after now, or None."""
    ahead = sorted(t for t in stops if t > now_min + STOP_EPSILON_MIN)
    return ahead[0] if ahead else None


def step_target(now_min: float, wall_elapsed_s: float, speed: float, end_min: float,
                stops: Iterable[float] = ()) -> float:
    """Where the next step should take the simulation (min).

    ``wall_elapsed_s`` is the wall time since the previous step while running. It is capped
    at MAX_WALL_STEP_S, so a frozen frame or a slow engine slows the exercise down rather
    than making it jump. The target never passes the next stop nor the end of the exercise.
    """
    elapsed_s = min(max(wall_elapsed_s, 0.0), MAX_WALL_STEP_S)
    target = now_min + elapsed_s * speed / 60.0
    limit = next_stop(now_min, [*stops, end_min])
    return min(target, limit) if limit is not None else min(target, end_min)

