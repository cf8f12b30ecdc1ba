"""Review: objectives with proposed and evaluator ratings, KPIs, the timeline, and time scrubbing.

The review pauses the exercise and replays its journal to the minute chosen (``tui.replay``),
so every view — overview, map, hospitals, units — shows the state at that moment. Replay runs
at 1, 2, 4, 8 or 16 scenario minutes per second. A branch is compared with its parent at the
same minute, side by side.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from cbrnsim.exercise import ExerciseView
from cbrnsim.exercise.journal import decode
from cbrnsim.runstore import RunStore
from cbrnsim.scenario import Scenario, format_time_min

from ..replay import Replayer
from ..widgets.header import clock_text
from ..widgets.hospitals import HospitalsTable
from ..widgets.keyed_table import KeyedTable
from ..widgets.map_scene import base_scene, live_scene
from ..widgets.map_view import MapPanel
from ..widgets.overview import Overview, rating_text
from ..widgets.units import UnitsPanel

REPLAY_SPEEDS: tuple[int, ...] = (1, 2, 4, 8, 16)
"""Replay speeds, scenario minutes per wall-clock second."""

COMPARE_ROWS: tuple[tuple[str, Callable[[object], float]], ...] = (
    ("exposed", lambda s: s.exposed), ("immediate", lambda s: s.by_category.get("immediate", 0)),
    ("delayed", lambda s: s.by_category.get("delayed", 0)), ("minor", lambda s: s.by_category.get("minor", 0)),
    ("expectant", lambda s: s.by_category.get("expectant", 0)), ("deaths", lambda s: s.deaths),
    ("deaths before hospital", lambda s: s.deaths_prehospital),
    ("in hospital (ED + admitted)", lambda s: sum(s.by_state.get(k, 0) for k in
                                                  ("in_ed", "admitted_ward", "admitted_icu", "admitted_burn"))),
    ("waiting for an ED space", lambda s: s.queues.get("ed", 0)),
    ("waiting for an ambulance", lambda s: s.queues.get("transport", 0)),
    ("worried well at hospitals", lambda s: s.worried_well_arrived),
)  # type: ignore[attr-defined]
"""Rows of the branch comparison: label and how to read it from a model state."""


class _ReplayThread:
    """Computes views for the latest requested minute on one thread (the replayers are not thread-safe)."""

    def __init__(self, replayers: list[Replayer], deliver: Callable[[float, list[ExerciseView]], None],
                 failed: Callable[[str], None]) -> None:
        self._replayers = replayers
        self._deliver = deliver
        self._failed = failed
        self._requests: queue.Queue[float | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="cbrnsim-review", daemon=True)
        self._thread.start()

    def request(self, at_min: float) -> None:
        self._requests.put(at_min)

    def stop(self) -> None:
        self._requests.put(None)
        self._thread.join(10)
        for replayer in self._replayers:
            replayer.close()

    def _loop(self) -> None:
        while True:
            at_min = self._requests.get()
            while not self._requests.empty():  # only the newest request matters
                newer = self._requests.get()
                at_min = None if newer is None else newer
                if newer is None:
                    break
            if at_min is None:
                return
            try:
                views = [replayer.view_at(at_min) for replayer in self._replayers]
            except Exception as error:  # noqa: BLE001 — shown to the controller; the review stays open
                self._failed(f"replay failed at {format_time_min(at_min)}: {error}")
                continue
            self._deliver(at_min, views)


class ReviewScreen(Screen[None]):
    """The review screen (module docstring)."""

    BINDINGS = [
        Binding("escape,v", "close", "Back to the exercise"),
        # priority: the tables would otherwise take these keys for their own cursor
        Binding("left", "shift(-1)", "−1 min", priority=True), Binding("right", "shift(1)", "+1 min", priority=True),
        Binding("left_square_bracket", "shift(-10)", "−10 min", key_display="[", priority=True),
        Binding("right_square_bracket", "shift(10)", "+10 min", key_display="]", priority=True),
        Binding("home", "jump(0)", "STARTEX", priority=True), Binding("end", "jump(-1)", "Now", priority=True),
        Binding("space", "toggle_replay", "Replay/stop"),
        Binding("plus,equals_sign", "replay_speed(1)", "Faster", key_display="+"),
        Binding("minus", "replay_speed(-1)", "Slower", key_display="-"),
        Binding("enter", "jump_to_entry", "Go to entry", show=False),
    ]

    def __init__(self, scenario: Scenario, run_store: str, parent_run: str | None, now_min: float) -> None:
        super().__init__()
        self._scenario = scenario
        self._run_store = run_store
        self._parent_run = parent_run
        self._now_min = now_min
        self._at_min = now_min
        self._speed_index = 2
        self._playing = False
        self._thread: _ReplayThread | None = None
        self._base = base_scene(scenario)
        self._entry_times: dict[str, float] = {}
        self.views: list[ExerciseView] = []
        """The views on screen: this run, then the parent when comparing."""

    def compose(self) -> ComposeResult:
        yield Static("", id="review-bar")
        with Horizontal(id="review-body"):
            with Vertical(id="review-left"):
                yield Static("Objectives (proposed from the measures; the evaluator's rating counts)",
                             classes="chart-title")
                yield KeyedTable((("id", "Objective"), ("measured", "Measured"), ("proposed", "Proposed"),
                                  ("evaluator", "Evaluator"), ("bands", "Bands")), id="review-objectives")
                yield Static("", id="review-kpis")
                yield Static("Timeline of injects and decisions (Enter: go there)", classes="chart-title")
                yield KeyedTable((("time", "Time"), ("kind", "Kind"), ("what", "What")), id="review-timeline")
            with TabbedContent(id="review-tabs"):
                with TabPane("Overview", id="r-overview"):
                    yield Overview(id="review-overview")
                with TabPane("Map", id="r-map"):
                    yield MapPanel(self._base, id="review-map")
                with TabPane("Hospitals", id="r-hospitals"):
                    yield HospitalsTable(id="review-hospitals")
                with TabPane("Units", id="r-units"):
                    yield UnitsPanel(id="review-units")
                with TabPane("Compare", id="r-compare"):
                    yield KeyedTable((("what", "At this minute"), ("this", "This run"), ("parent", "Parent run"),
                                      ("diff", "Difference")), id="review-compare")
                    yield Static("", id="review-compare-note")
        yield Footer()

    def on_mount(self) -> None:
        self._show_bar("replaying the journal…")
        replayers = [Replayer(self._run_store, self._now_min)]
        if self._parent_run:
            replayers.append(Replayer(self._parent_run, self._now_min))
        app = self.app
        self._thread = _ReplayThread(
            replayers, lambda t, views: app.call_from_thread_safe(self._show_views, t, views),  # type: ignore[attr-defined]
            lambda message: app.call_from_thread_safe(self.notify, message, severity="error"))  # type: ignore[attr-defined]
        self._thread.request(self._at_min)
        self.set_interval(0.25, self._replay_tick)
        if not self._parent_run:
            self.query_one("#review-compare-note", Static).update(
                "This run is not a branch. Press b in the exercise to branch a what-if; its review compares "
                "it here with this run, minute by minute.")

    def on_unmount(self) -> None:
        if self._thread is not None:
            self._thread.stop()

    # ------------------------------------------------------------------ time
    def _request(self, at_min: float) -> None:
        self._at_min = min(max(at_min, 0.0), self._now_min)
        self._show_bar("replaying…")
        if self._thread is not None:
            self._thread.request(self._at_min)

    def action_shift(self, minutes: int) -> None:
        self._request(self._at_min + minutes)

    def action_jump(self, where: int) -> None:
        self._request(0.0 if where == 0 else self._now_min)

    def action_toggle_replay(self) -> None:
        self._playing = not self._playing
        if self._playing and self._at_min >= self._now_min:
            self._at_min = 0.0
        self._show_bar()

    def action_replay_speed(self, step: int) -> None:
        self._speed_index = min(max(self._speed_index + step, 0), len(REPLAY_SPEEDS) - 1)
        self._show_bar()

    def _replay_tick(self) -> None:
        if not self._playing:
            return
        self._request(self._at_min + REPLAY_SPEEDS[self._speed_index] * 0.25)
        if self._at_min >= self._now_min:
            self._playing = False

    def action_jump_to_entry(self) -> None:
        table = self.query_one("#review-timeline", KeyedTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            at = self._entry_times.get(str(key))
            if at is not None:
                self._playing = False
                self._request(at)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "review-timeline":
            self.action_jump_to_entry()

    # ------------------------------------------------------------------ drawing
    def _show_bar(self, note: str = "") -> None:
        state = f"▶ replay {REPLAY_SPEEDS[self._speed_index]} min/s" if self._playing else "⏸"
        share = self._at_min / self._now_min if self._now_min else 1.0
        width = 30
        filled = int(round(share * width))
        bar = "█" * filled + "░" * (width - filled)
        text = Text()
        text.append(" REVIEW ", style="bold black on cyan")
        text.append(f"  {clock_text(self._scenario, self._at_min)}  {bar}  {format_time_min(self._now_min)} now  ")
        text.append(state, style="bold")
        text.append("   ←/→ 1 min · [/] 10 min · Home/End · space replay · +/- speed · Esc back", style="dim")
        if note:
            text.append(f"   {note}", style="italic yellow")
        self.query_one("#review-bar", Static).update(text)

    def _show_views(self, at_min: float, views: list[ExerciseView]) -> None:
        if not self.is_mounted:
            return
        self.views = views
        view = views[0]
        state = view.model
        with self.app.batch_update():
            self._show_bar()
            self.query_one("#review-objectives", KeyedTable).sync({
                r.id: (r.id, "not yet" if r.measured is None else f"{r.measured:.1f} {r.unit}".strip(),
                       rating_text(r.proposed), rating_text(r.evaluator.rating if r.evaluator else None), r.bands())
                for r in view.objectives})
            self.query_one("#review-overview", Overview).show(state, view.objectives)
            scene, legend = live_scene(self._base, self._scenario, view, tuple(self._scenario.agent_ids()), None, ())
            self.query_one("#review-map", MapPanel).show(scene, legend.text)
            self.query_one("#review-hospitals", HospitalsTable).show(state.hospitals)
            self.query_one("#review-units", UnitsPanel).show(state.units)
            self._show_timeline()
            self._show_kpis(at_min)
            if len(views) > 1:
                self._show_compare(view, views[1])

    def _show_kpis(self, at_min: float) -> None:
        view = self.views[0]
        k = view.model.key_times
        items = [("first call", k.first_call_min), ("first unit on scene", k.first_unit_on_scene_min),
                 ("agent identified", k.agent_identified_min), ("first antidote", k.first_antidote_min),
                 ("first decon line", k.first_decon_line_open_min)]
        text = Text("KPIs at this minute  ", style="bold")
        text.append(" · ".join(f"{name} {format_time_min(round(t)) if t is not None else '–'}" for name, t in items))
        self.query_one("#review-kpis", Static).update(text)

    def _show_timeline(self) -> None:
        table = self.query_one("#review-timeline", KeyedTable)
        if table.row_count:
            return  # the journal of a review does not change while it is open
        rows: dict[str, tuple[str, str, str]] = {}
        times: dict[str, float] = {}
        with_msel = {item.number: item for item in self.views[0].msel}
        with RunStore.open(self._run_store, read_only=True) as store:
            entries = [decode(row) for row in store.journal(until_min=self._now_min)]
        for entry in entries:
            if entry.kind == "control":
                continue
            action = entry.action
            what = _entry_text(entry.kind, action, with_msel)
            rows[str(entry.seq)] = (format_time_min(entry.at_min), entry.kind, what)
            times[str(entry.seq)] = entry.at_min
        self._entry_times = times
        if not rows:
            rows["none"] = ("–", "–", "no injects delivered, decisions or notes yet")
        table.sync(rows)

    def _show_compare(self, this: ExerciseView, parent: ExerciseView) -> None:
        rows: dict[str, tuple[str, str, str, Text]] = {}
        for label, read in COMPARE_ROWS:
            a, b = float(read(this.model)), float(read(parent.model))
            diff = a - b
            rows[label] = (label, f"{a:,.0f}", f"{b:,.0f}", Text(f"{diff:+,.0f}", style="bold" if diff else "dim"))
        for mine, theirs in zip(this.objectives, parent.objectives):
            rows[f"obj-{mine.id}"] = (f"{mine.id} rating", mine.rating or "–", theirs.rating or "–",
                                      Text("same" if mine.rating == theirs.rating else "differs", style="bold"))
        self.query_one("#review-compare", KeyedTable).sync(rows)
        self.query_one("#review-compare-note", Static).update(
            f"This run: {self._run_store}\nParent:   {self._parent_run}\nBoth replayed to "
            f"{format_time_min(this.clock.now_min)} with the same seed (common random numbers): differences "
            "come from the decisions and injects, not from chance.")

    def action_close(self) -> None:
        self.app.pop_screen()


def _entry_text(kind: str, action: object, msel: dict) -> str:  # type: ignore[type-arg]
    number = getattr(action, "number", None)
    if kind == "deliver" and number in msel:
        return f"MSEL {number} delivered: {msel[number].title}"
    if kind == "skip":
        return f"MSEL {number} skipped: {getattr(action, 'reason', '') or 'no reason given'}"
    inject = getattr(action, "inject", None)
    if inject is None:
        return kind
    if kind == "decision":
        effect = f" [{inject.effect.type}]" if inject.effect is not None else ""
        return f"{inject.decision}{effect}"
    if kind == "note":
        rating = f" [{inject.objective} {inject.rating}]" if inject.rating else ""
        return f"{inject.content}{rating}"
    return f"{inject.type}: {inject.title or inject.content}"[:120]

