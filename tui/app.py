"""The controller console: a Textual app over one ``Exercise`` run on its own thread.

    from tui.app import ControllerApp
    ControllerApp(exercise).run()

The app composes the main screen (``tui.screens.main``) and the dialogs; the exercise runs in an
``ExerciseSession`` (``tui.session``). Every controller action is handed to the session, which
calls the Exercise API — journal first, then effect — between two clock steps. The app reacts
to the outcome (a line in the event log, a toast for errors) and draws the snapshots the
session publishes, the newest only.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.message import Message

from cbrnsim.agentlib import default_library
from cbrnsim.exercise import Exercise, InjectError, MselError, MselItem
from cbrnsim.scenario import format_time_min

from .clock import faster, slower
from .runs import display_path
from .screens.branch import BranchScreen
from .screens.decision import DecisionScreen
from .screens.goto_time import GotoTimeScreen
from .screens.help import HelpScreen
from .screens.inject_form import InjectFormScreen, InjectTypeScreen, NewInject
from .screens.main import MainScreen
from .screens.note import NewNote, NoteScreen
from .screens.quit_confirm import QuitScreen
from .screens.review import ReviewScreen
from .screens.skip import SkipScreen
from .session import ExerciseSession, Snapshot

T = TypeVar("T")

ACTION_ERRORS = (InjectError, MselError, ValueError, KeyError)
"""Errors an action can meet that the controller must read (shown, never a traceback)."""


class SnapshotReady(Message):
    """The session has a new snapshot (take it with ``session.take_snapshot``)."""


class ControllerApp(App[None]):
    """The cbrnsim controller console."""

    CSS_PATH = "styles.tcss"
    TITLE = "cbrnsim controller console"
    BINDINGS = [Binding("ctrl+q", "quit_console", "Quit", show=False, priority=True)]

    def __init__(self, exercise: Exercise, *, hold_at_due: bool = True, parent_run: str | None = None) -> None:
        super().__init__()
        self.session = ExerciseSession(exercise, self._snapshot_ready, hold_at_due=hold_at_due)
        """The exercise on its thread."""
        self.parent_run: str | None = parent_run
        """The run this one was branched from, if any (Review compares the two)."""
        self._agent_ids = self._library_agents()
        self._main: MainScreen | None = None
        self.snapshots_drawn = 0
        """How many snapshots were drawn (for tests and the performance note)."""

    @staticmethod
    def _library_agents() -> tuple[str, ...]:
        try:
            return tuple(default_library().ids())
        except Exception:  # noqa: BLE001 — without the library, the scenario's agents still fill the forms
            return ()

    @property
    def exercise(self) -> Exercise:
        """The exercise (read facts only; act through the session)."""
        return self.session.exercise

    @property
    def run_store(self) -> str:
        """Path of the run store being written."""
        return str(self.exercise.store.path)

    @property
    def main(self) -> MainScreen:
        """The main screen."""
        assert self._main is not None
        return self._main

    # ------------------------------------------------------------------ life cycle
    def on_mount(self) -> None:
        exercise = self.exercise
        self.title = exercise.scenario.metadata.title
        self.sub_title = display_path(self.run_store)
        self._main = MainScreen(exercise.scenario, self.run_store, exercise.msel())
        self.push_screen(self._main)
        self.session.start()

    def on_unmount(self) -> None:
        self.session.stop()

    def _snapshot_ready(self) -> None:
        self.post_message(SnapshotReady())

    def on_snapshot_ready(self, _: SnapshotReady) -> None:
        snapshot = self.session.take_snapshot()
        if snapshot is not None and self._main is not None and self._main.is_mounted:
            self._main.show_snapshot(snapshot)
            self.snapshots_drawn += 1

    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot on screen."""
        return self._main.last_snapshot if self._main is not None else None

    # ------------------------------------------------------------------ running actions
    def submit_action(self, fn: Callable[[Exercise], T], done: Callable[[T], None] | None = None,
                   what: str = "") -> Future[T]:
        """Hand an action to the session; report its outcome on screen when it is done."""
        future = self.session.submit(fn)
        future.add_done_callback(lambda f: self.call_from_thread_safe(self._action_done, f, done, what))
        return future

    def call_from_thread_safe(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args)`` on the UI thread, from any thread (dropped once the app has closed)."""
        if self._loop is None or self._exit:
            return
        try:
            self._loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:
            return

    def _action_done(self, future: Future[Any], done: Callable[[Any], None] | None, what: str) -> None:
        error = future.exception()
        if error is not None:
            if isinstance(error, ACTION_ERRORS):
                self.notify(str(error), title=f"Not done: {what}" if what else "Not done", severity="error",
                            timeout=8)
                return
            raise error
        if done is not None:
            done(future.result())

    def log_line(self, text: str) -> None:
        """A console line in the event log."""
        if self._main is not None:
            self._main.console_note(text)

    # ------------------------------------------------------------------ the clock
    def toggle_clock(self) -> None:
        """Space: play or pause (journaled)."""
        future = self.session.play_pause()
        future.add_done_callback(lambda f: self.call_from_thread_safe(self._clock_changed, f))

    def _clock_changed(self, future: Future[Any]) -> None:
        if future.exception() is None:
            state = future.result()
            self.log_line(f"clock {'running' if state.running else 'paused'} at "
                          f"{format_time_min(self.exercise.now_min)} (journaled)")

    def change_speed(self, direction: int) -> None:
        """+ / -: the next speed up or down (journaled)."""
        snapshot = self.snapshot
        if snapshot is None:
            return
        state = faster(snapshot.clock) if direction > 0 else slower(snapshot.clock)
        if state.speed != snapshot.clock.speed:
            self.session.change_speed(state.speed)

    def toggle_hold(self) -> None:
        """h: hold the clock when an MSEL inject falls due, or not."""
        hold = not self.session.hold_at_due
        self.session.set_hold_at_due(hold)
        self.notify(f"Hold at due injects {'on' if hold else 'off'}", timeout=3)

    def next_due(self) -> None:
        """n: run to the time the next MSEL inject falls due."""
        snapshot = self.snapshot
        if snapshot is None:
            return
        now = snapshot.view.clock.now_min
        ahead = [item.time_min for item in snapshot.view.msel if item.status == "pending" and item.time_min > now]
        if not ahead:
            self.notify("No MSEL inject ahead." + (" Some are still DUE: d delivers, s skips."
                                                   if snapshot.view.msel_due else ""), timeout=5)
            return
        self.session.run_to(min(ahead))

    def goto(self) -> None:
        """g: ask for a time, then run to it."""
        clock = self.exercise.scenario
        snapshot = self.snapshot
        now = snapshot.view.clock.now_min if snapshot is not None else 0.0

        def chosen(target: float | None) -> None:
            if target is not None:
                self.session.run_to(target)
        self.push_screen(GotoTimeScreen(now, clock.end_min), chosen)

    # ------------------------------------------------------------------ MSEL
    def deliver(self, item: MselItem | None) -> None:
        """d: deliver the highlighted MSEL inject now."""
        if item is None:
            self.notify("No MSEL inject highlighted.", severity="warning")
            return
        number = item.number
        self.submit_action(lambda ex: ex.deliver(number),
                        lambda seq: self.log_line(f"MSEL {number} delivered (journal #{seq})"),
                        what=f"deliver MSEL {number}")

    def skip(self, item: MselItem | None) -> None:
        """s: skip the highlighted MSEL inject, with a reason."""
        if item is None:
            self.notify("No MSEL inject highlighted.", severity="warning")
            return
        if item.status in ("delivered", "skipped"):
            self.notify(f"MSEL {item.number} is already {item.status}.", severity="warning")
            return
        number = item.number

        def reason_given(reason: str | None) -> None:
            if reason is not None:
                self.submit_action(lambda ex: ex.skip(number, reason),
                                lambda seq: self.log_line(f"MSEL {number} skipped (journal #{seq})"),
                                what=f"skip MSEL {number}")
        self.push_screen(SkipScreen(item), reason_given)

    # ------------------------------------------------------------------ injects, decisions, notes
    def _now(self) -> float:
        snapshot = self.snapshot
        return snapshot.view.clock.now_min if snapshot is not None else self.exercise.now_min

    def new_inject(self) -> None:
        """i: choose a type, fill in the form, journal and apply."""
        def type_chosen(inject_type: str | None) -> None:
            if inject_type is not None:
                self.push_screen(InjectFormScreen(inject_type, self.exercise.scenario, self._agent_ids, self._now()),
                                 self.apply_new_inject)
        self.push_screen(InjectTypeScreen(), type_chosen)

    def apply_new_inject(self, result: NewInject | None) -> None:
        """Journal and apply what a form returned (now: at the clock's time when it is journaled)."""
        if result is None:
            return
        inject, now = result.inject, result.now
        label = f" '{inject.title}'" if inject.title else ""

        def apply(ex: Exercise) -> tuple[int, float]:
            final = inject.model_copy(update={"time_min": ex.now_min}) if now else inject
            return ex.apply(final), max(final.time_min, ex.now_min)

        def done(outcome: tuple[int, float]) -> None:
            seq, at_min = outcome
            when = "now" if now else f"for {format_time_min(at_min)}"
            self.log_line(f"{inject.type}{label} journaled #{seq}, takes effect {when}")
        self.submit_action(apply, done, what=f"{inject.type} inject")

    def new_decision(self) -> None:
        """p: record a player decision."""
        self.push_screen(DecisionScreen(self.exercise.scenario, self._agent_ids, self._now()), self.apply_new_inject)

    def new_note(self) -> None:
        """o: a note, optionally rating an objective."""
        def noted(note: NewNote | None) -> None:
            if note is None:
                return
            rated = f", rates {note.objective} {note.rating}" if note.rating else ""
            self.submit_action(lambda ex: ex.note(note.text, objective=note.objective, rating=note.rating),
                            lambda seq: self.log_line(f"note journaled #{seq}{rated}"), what="note")
        self.push_screen(NoteScreen(self.exercise.scenario, self._now()), noted)

    # ------------------------------------------------------------------ branch, review, report
    def branch(self) -> None:
        """b: branch a what-if from now and continue in it."""
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session.pause()
                self.submit_action(lambda ex: ex.branch(ex.now_min), self._continue_in, what="branch")
        self.push_screen(BranchScreen(self._now(), display_path(self.run_store)), confirmed)

    def _continue_in(self, branch: Exercise) -> None:
        parent = self.run_store
        self.session.stop()
        self.session = ExerciseSession(branch, self._snapshot_ready, hold_at_due=self.session.hold_at_due)
        self.parent_run = parent
        self.sub_title = display_path(self.run_store)
        self.main.switch_run(self.run_store)
        self.session.start()
        self.log_line(f"branched at {format_time_min(branch.now_min)}: now writing {display_path(self.run_store)}; "
                      f"the original is {display_path(parent)}")
        self.notify(f"Now in the branch {display_path(self.run_store)}", title="Branch", timeout=6)

    def review(self) -> None:
        """v: the review screen (pauses the clock)."""
        self.session.pause()
        self.session.submit(lambda ex: ex.store.flush()).result(timeout=30)
        self.push_screen(ReviewScreen(self.exercise.scenario, self.run_store, self.parent_run, self._now()))

    def report(self) -> None:
        """r: write the after-action report of this run (and its parent, if it is a branch)."""
        runs = [self.run_store] + ([self.parent_run] if self.parent_run else [])

        def summarise(ex: Exercise) -> None:
            ex.store.set_summary(ex.summary())
            ex.store.flush()
        self.submit_action(summarise, lambda _: self._build_report(runs), what="report")

    def _build_report(self, runs: Sequence[str]) -> None:
        self.notify("Writing the after-action report…", timeout=4)
        self.run_worker(lambda: self._report_worker(runs), thread=True, group="report", exclusive=True)

    def _report_worker(self, runs: Sequence[str]) -> None:
        try:
            from reports import ReportError, build_report
        except ImportError:
            self.call_from_thread(self.notify, f"Run: cbrnsim report {runs[0]}", title="Report")
            return
        try:
            result = build_report(list(runs), force=True)
        except ReportError as error:
            self.call_from_thread(self.notify, str(error), title="Report not written", severity="error", timeout=10)
            return
        files = ", ".join(display_path(p) for p in result.files.values())
        self.call_from_thread(self.notify, f"{files} ({result.seconds:.1f} s)", title="Report written", timeout=12)
        self.call_from_thread(self.log_line, f"after-action report written: {files}")

    # ------------------------------------------------------------------ help and quit
    def show_help(self, bindings: Sequence[Binding]) -> None:
        """?: the keys."""
        self.push_screen(HelpScreen(bindings))

    def ask_quit(self) -> None:
        """q: ask, then quit (the journal already holds everything)."""
        def answered(yes: bool | None) -> None:
            if yes:
                self.session.pause().result(timeout=30)
                self.exit()
        self.push_screen(QuitScreen(display_path(self.run_store)), answered)

    def action_quit_console(self) -> None:
        self.ask_quit()
