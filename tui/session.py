"""The exercise behind the console, run on one worker thread so the screen never waits for it.

``ExerciseSession`` owns the ``Exercise``. Everything that touches it — the clock's small
steps, and every controller action (deliver, skip, inject, decision, note, pause, speed,
branch) — runs on the session's thread, one at a time and in the order asked, so an action is
always applied between two steps, never in the middle of one. Actions go through the
Exercise API, which journals (commits) each one before it takes effect.

After each step or action the thread takes a fresh ``ExerciseView`` and hands it to the UI
through ``on_snapshot``. Snapshots are coalesced: while the UI is still drawing one, newer
ones replace each other, so a slow frame never builds a backlog.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from cbrnsim.exercise import Entry, Exercise, ExerciseView
from cbrnsim.exercise.journal import decode

from .applied import agents_released, applied_effects
from .clock import SPEEDS, ClockState, step_target

T = TypeVar("T")

TICK_S = 0.05
"""Wall time between clock steps while running (s): 20 steps a second keeps the clock smooth."""

FAST_FORWARD_BUDGET_S = 0.08
"""Wall time one fast-forward chunk aims to take (s), so the screen keeps updating on the way."""

CHECKPOINT_EVERY_S = 10.0
"""While the clock runs, the clock position is journaled this often (wall s) so a crash loses little."""

DEFAULT_SPEED = 60.0
"""Clock speed of a new run (simulated seconds per wall second)."""

HAZARD_CELLS = 61
"""Cells per side of the hazard grid the map draws."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the UI draws: the exercise view and the clock's state, taken together."""

    view: ExerciseView
    """The immutable exercise view."""
    clock: ClockState
    """Running or paused, and the speed."""
    run_to_min: float | None
    """Where a fast-forward (``n`` / ``g``) is heading, or None."""
    step_wall_s: float
    """Wall time the last step took (s), for the status line."""
    wind: tuple[float, float] = (0.0, 0.0)
    """Wind now: (from °, speed m/s), injects included."""
    closures: tuple[tuple[float, float, float], ...] = ()
    """Road closures in force as (x_m, y_m, radius_m)."""
    agents: tuple[str, ...] = ()
    """Agents released so far (planned and secondary)."""
    message: str = ""
    """Something the controller should read (e.g. why the clock stopped)."""


@dataclass(slots=True)
class _Job:
    fn: Callable[[Exercise], Any]
    future: Future[Any] = field(default_factory=Future)


class ExerciseSession:
    """The exercise on its own thread (module docstring)."""

    def __init__(self, exercise: Exercise, on_snapshot: Callable[[], None], *,
                 hold_at_due: bool = True, hazard_cells: int = HAZARD_CELLS) -> None:
        self._exercise = exercise
        self._notify = on_snapshot
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._clock = ClockState(running=False, speed=_initial_speed(exercise))
        self._run_to: float | None = None
        self._hold_at_due = hold_at_due
        self._hazard_cells = hazard_cells
        self._latest: Snapshot | None = None
        self._latest_lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="cbrnsim-exercise", daemon=True)
        self._stopping = threading.Event()
        self._step_wall_s = 0.0
        self._message = ""
        self._last_checkpoint = time.monotonic()
        self._chunk_min = 1.0
        self._entries: list[Entry] = []

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Start the thread and publish the first snapshot."""
        self._thread.start()
        self.submit(lambda ex: None)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the thread after the step in flight (the journal is already on disk)."""
        self._stopping.set()
        self._jobs.put(None)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout_s)

    @property
    def exercise(self) -> Exercise:
        """The exercise (touch it only through ``submit``; read facts such as its scenario freely)."""
        return self._exercise

    @property
    def hold_at_due(self) -> bool:
        """Whether the clock stops when an MSEL inject falls due."""
        return self._hold_at_due

    # ------------------------------------------------------------------ the UI side
    def take_snapshot(self) -> Snapshot | None:
        """The newest snapshot not yet taken (None if there is none)."""
        with self._latest_lock:
            snapshot, self._latest = self._latest, None
        return snapshot

    def submit(self, fn: Callable[[Exercise], T]) -> Future[T]:
        """Run ``fn(exercise)`` on the session thread between two steps; a snapshot follows."""
        job = _Job(fn)
        self._jobs.put(job)
        return job.future

    def play_pause(self) -> Future[ClockState]:
        """Start the clock if stopped, stop it if running (journaled either way)."""
        return self.submit(lambda ex: self._set_running(ex, not self._clock.running))

    def pause(self) -> Future[ClockState]:
        """Stop the clock where it is (journaled)."""
        return self.submit(lambda ex: self._set_running(ex, False))

    def change_speed(self, speed: float) -> Future[ClockState]:
        """Set the clock speed (journaled)."""
        def change(ex: Exercise) -> ClockState:
            ex.set_speed(speed)
            self._clock = replace(self._clock, speed=speed)
            return self._clock
        return self.submit(change)

    def set_hold_at_due(self, hold: bool) -> Future[bool]:
        """Choose whether the clock stops when an MSEL inject falls due (console preference)."""
        def change(ex: Exercise) -> bool:
            self._hold_at_due = hold
            return hold
        return self.submit(change)

    def run_to(self, target_min: float) -> Future[float]:
        """Fast-forward to ``target_min`` in chunks (the screen follows), then stop the clock there."""
        def start(ex: Exercise) -> float:
            if target_min < ex.now_min:
                raise ValueError(f"the clock cannot run backwards (now {ex.now_min:g} min)")
            self._run_to = min(target_min, ex.scenario.end_min)
            self._message = ""
            return self._run_to
        return self.submit(start)

    # ------------------------------------------------------------------ the thread
    def _loop(self) -> None:
        last_wall = time.monotonic()
        while not self._stopping.is_set():
            busy = self._clock.running or self._run_to is not None
            try:
                job = self._jobs.get(timeout=TICK_S if busy else 0.5)
            except queue.Empty:
                job = None
            if self._stopping.is_set():
                break
            if job is None and not busy:
                last_wall = time.monotonic()
                continue
            if job is not None:
                self._run_job(job)
                if not busy:
                    last_wall = time.monotonic()  # paused time never becomes simulated time
                if not (self._clock.running or self._run_to is not None):
                    continue
            # A step after every job while running: a stream of actions never starves the clock.
            now_wall = time.monotonic()
            if self._run_to is not None:
                self._fast_forward_chunk()
            elif self._clock.running:
                self._clock_step(now_wall - last_wall)
            last_wall = now_wall

    def _run_job(self, job: _Job) -> None:
        try:
            result = job.fn(self._exercise)
        except BaseException as error:  # handed to the UI, which shows it; the session goes on
            job.future.set_exception(error)
        else:
            job.future.set_result(result)
        self._exercise.store.flush()  # the event log shows what the action did at once, not after the next step
        self._publish()

    def _set_running(self, ex: Exercise, running: bool) -> ClockState:
        if not running and not self._clock.running and self._run_to is None:
            return self._clock  # already stopped: nothing to journal
        if running and ex.now_min >= ex.scenario.end_min:
            self._message = "The exercise has reached its end time (ENDEX)."
            return self._clock
        if running:
            ex.play()
        else:
            ex.pause()
            self._run_to = None
        self._clock = replace(self._clock, running=running)
        self._message = ""
        self._last_checkpoint = time.monotonic()
        return self._clock

    def _stops(self, ex: Exercise) -> list[float]:
        stops = [item.time_min for item in ex.msel() if item.status == "pending"]
        stops += [entry.at_min for entry in ex.pending_entries()]
        return stops

    def _clock_step(self, wall_elapsed_s: float) -> None:
        ex = self._exercise
        due_before = {item.number for item in ex.msel() if item.status == "due"}
        target = step_target(ex.now_min, wall_elapsed_s, self._clock.speed, ex.scenario.end_min, self._stops(ex))
        self._timed_advance(target)
        newly_due = [item for item in ex.msel() if item.status == "due" and item.number not in due_before]
        if ex.now_min >= ex.scenario.end_min:
            self._stop_clock(ex, "ENDEX: the exercise has reached its end time. Press v to review.")
        elif newly_due and self._hold_at_due:
            numbers = ", ".join(str(item.number) for item in newly_due)
            self._stop_clock(ex, f"Clock held: MSEL {numbers} due. d deliver · s skip · space to go on.")
        elif time.monotonic() - self._last_checkpoint >= CHECKPOINT_EVERY_S:
            ex.set_speed(self._clock.speed)  # journals the clock position: a crash resumes from here
            self._last_checkpoint = time.monotonic()
        self._publish()

    def _fast_forward_chunk(self) -> None:
        ex = self._exercise
        assert self._run_to is not None
        self._timed_advance(min(ex.now_min + self._chunk_min, self._run_to))
        # Size the next chunk so it takes about FAST_FORWARD_BUDGET_S of wall time.
        scale = FAST_FORWARD_BUDGET_S / max(self._step_wall_s, 1e-3)
        self._chunk_min = min(max(self._chunk_min * min(scale, 4.0), 0.25), 60.0)
        if ex.now_min >= self._run_to - 1e-9:
            self._run_to = None
            self._stop_clock(ex, "")
        self._publish()

    def _timed_advance(self, target_min: float) -> None:
        started = time.perf_counter()
        self._exercise.advance_to(target_min)
        self._step_wall_s = time.perf_counter() - started

    def _stop_clock(self, ex: Exercise, message: str) -> None:
        ex.pause()
        self._clock = replace(self._clock, running=False)
        self._message = message

    def _journal_entries(self, ex: Exercise, count: int) -> list[Entry]:
        if count != len(self._entries):
            self._entries = [decode(row) for row in ex.journal()]
        return self._entries

    def _publish(self) -> None:
        ex = self._exercise
        view = ex.view(hazard_cells=self._hazard_cells)
        msel = {item.number: item.inject for item in view.msel}
        applied = applied_effects(self._journal_entries(ex, view.journal_entries), msel, ex.now_min)
        state = view.model
        wind = (state.weather.wind_from_deg, state.weather.wind_speed_m_s) if state.weather is not None else (0.0, 0.0)
        closures = tuple((c.x_m, c.y_m, c.radius_m) for c in state.road_closures)
        snapshot = Snapshot(view=view, clock=self._clock, run_to_min=self._run_to, step_wall_s=self._step_wall_s,
                            wind=wind, closures=closures, agents=agents_released(ex.scenario, applied),
                            message=self._message)
        with self._latest_lock:
            was_empty = self._latest is None
            self._latest = snapshot
        if was_empty:
            self._notify()


def _initial_speed(exercise: Exercise) -> float:
    """The journaled speed of a resumed run; 60× for a new one (an hour of exercise a minute)."""
    journaled = any(row.kind == "control" and row.payload.get("action") == "speed" for row in exercise.journal())
    speed = exercise.speed if journaled else DEFAULT_SPEED
    return min(SPEEDS, key=lambda s: abs(s - speed))
