"""The main screen: header, MSEL pane, view tabs, event log, status line, footer.

It draws snapshots (``tui.session.Snapshot``) and turns keys into requests to the session. It
never touches the exercise itself: every action goes through ``ExerciseSession.submit`` and
so through the Exercise API, which journals it before it takes effect.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from cbrnsim.scenario import Scenario, format_time_min

from ..clock import speed_label
from ..events import EventTail
from ..session import Snapshot
from ..widgets.charts import Charts
from ..widgets.event_log import EventLog
from ..widgets.header import ExerciseHeader
from ..widgets.hospitals import HospitalsTable
from ..widgets.map_scene import base_scene, live_scene
from ..widgets.map_view import MapPanel
from ..widgets.msel_pane import MselPane
from ..widgets.overview import Overview
from ..widgets.units import UnitsPanel

if TYPE_CHECKING:
    from ..app import ControllerApp

TABS: tuple[tuple[str, str], ...] = (("overview", "Overview"), ("map", "Map"), ("hospitals", "Hospitals"),
                                     ("units", "Units"), ("charts", "Charts"))
"""View tabs: (id, title); keys 1–5 switch to them."""

MAIN_BINDINGS: list[Binding] = [
    Binding("space", "toggle_clock", "Play/Pause", tooltip="Run or stop the exercise clock (journaled)."),
    Binding("plus,equals_sign", "faster", "Faster", key_display="+", tooltip="Clock faster: 1× → 10× → 60× → 600×."),
    Binding("minus", "slower", "Slower", key_display="-", tooltip="Clock slower."),
    Binding("n", "next_due", "Next inject", tooltip="Run to the time the next MSEL inject falls due, then stop."),
    Binding("g", "goto", "Go to", tooltip="Run to a later time (T+hh:mm, minutes, or +minutes), then stop."),
    Binding("d", "deliver", "Deliver", tooltip="Deliver the highlighted MSEL inject now (its effect reaches the model)."),
    Binding("s", "skip", "Skip", tooltip="Skip the highlighted MSEL inject, with a reason."),
    Binding("i", "new_inject", "Inject", tooltip="Enter an unscripted inject: a form per type, now or later."),
    Binding("p", "decision", "Decision", tooltip="Record a player decision, with its model effect if any."),
    Binding("o", "note", "Note", tooltip="Controller/evaluator note; optionally rate an objective P/S/M/U."),
    Binding("b", "branch", "Branch", tooltip="Branch a what-if from now (a new run store; the original stays)."),
    Binding("v", "review", "Review", tooltip="Review: objectives, KPIs, timeline; scrub back in time; compare branches."),
    Binding("r", "report", "Report", tooltip="Write the after-action report of this run."),
    Binding("h", "toggle_hold", "Hold", tooltip="Hold the clock when an MSEL inject falls due (on/off)."),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="This help."),
    Binding("q", "quit_console", "Quit", tooltip="Quit (asks first; nothing is lost, resume with --resume)."),
]
"""The controller's keys, in the order the help lists them."""

TAB_BINDINGS: list[Binding] = [Binding(str(i + 1), f"show_tab('{tab}')", title, show=False)
                               for i, (tab, title) in enumerate(TABS)]


class MainScreen(Screen[None]):
    """The console's main screen."""

    BINDINGS = MAIN_BINDINGS + TAB_BINDINGS

    def __init__(self, scenario: Scenario, run_store: str, msel_items: tuple) -> None:  # type: ignore[type-arg]
        super().__init__()
        self._scenario = scenario
        self._run_store = run_store
        self._msel_items = msel_items
        self._base_scene = base_scene(scenario)
        self._events: EventTail | None = None
        self.last_snapshot: Snapshot | None = None
        """The snapshot on screen."""

    @property
    def controller(self) -> ControllerApp:
        """The app."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield ExerciseHeader(self._scenario, self._run_store, id="header")
        with Horizontal(id="body"):
            yield MselPane(self._msel_items, id="msel")
            with TabbedContent(id="tabs", initial="overview"):
                with TabPane("1 Overview", id="overview"):
                    yield Overview(id="overview-view")
                with TabPane("2 Map", id="map"):
                    yield MapPanel(self._base_scene, id="map-panel")
                with TabPane("3 Hospitals", id="hospitals"):
                    yield HospitalsTable(id="hospitals-table")
                with TabPane("4 Units", id="units"):
                    yield UnitsPanel(id="units-panel")
                with TabPane("5 Charts", id="charts"):
                    yield Charts(self._run_store, [(h.id, h.name) for h in self._scenario.hospitals], id="charts-view")
        with Vertical(id="log-box"):
            yield EventLog(id="event-log")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self._events = EventTail(self._run_store)
        self.query_one("#msel-table").focus()
        self.set_interval(0.25, self._read_events)

    def on_unmount(self) -> None:
        if self._events is not None:
            self._events.close()

    # ------------------------------------------------------------------ drawing
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw a snapshot: every widget updates only what changed."""
        view, state = snapshot.view, snapshot.view.model
        with self.app.batch_update():
            self.query_one(ExerciseHeader).show_clock(view.clock.now_min, snapshot.clock, snapshot.run_to_min)
            self.query_one(MselPane).show(view.msel, view.clock.now_min)
            active = self.query_one(TabbedContent).active
            if active == "overview":
                self.query_one(Overview).show(state, view.objectives)
            elif active == "map":
                scene, legend = live_scene(self._base_scene, self._scenario, view, snapshot.agents, snapshot.wind,
                                           snapshot.closures)
                self.query_one(MapPanel).show(scene, legend.text)
            elif active == "hospitals":
                self.query_one(HospitalsTable).show(state.hospitals)
            elif active == "units":
                self.query_one(UnitsPanel).show(state.units)
            elif active == "charts":
                self.query_one(Charts).show(view.clock.now_min,
                                            {h.id: int(h.capacity.get("ed_spaces", 0)) for h in state.hospitals})
            self._show_status(snapshot)
        self.last_snapshot = snapshot

    def _show_status(self, snapshot: Snapshot) -> None:
        view = snapshot.view
        text = Text()
        if snapshot.message:
            text.append(f" {snapshot.message} ", style="bold black on yellow")
            text.append("  ")
        due = view.msel_due
        if due and not snapshot.message:
            text.append(f" {len(due)} MSEL inject(s) due: d deliver · s skip ", style="bold white on red")
            text.append("  ")
        scheduled = len(view.scheduled)
        hold = "hold at due on" if self.controller.session.hold_at_due else "hold at due off"
        text.append(f"journal {view.journal_entries} entries · {scheduled} scheduled · {hold} · "
                    f"speed {speed_label(snapshot.clock.speed)} · ENDEX {format_time_min(view.clock.end_min)} · "
                    "? help", style="dim")
        self.query_one("#status-line", Static).update(text)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.last_snapshot is not None:
            self.show_snapshot(self.last_snapshot)

    def _read_events(self) -> None:
        if self._events is not None:
            lines = self._events.read()
            if lines:
                self.query_one(EventLog).add(lines)

    def switch_run(self, run_store: str) -> None:
        """Follow another run store (after a branch)."""
        self._run_store = run_store
        if self._events is not None:
            self._events.close()
        self._events = EventTail(run_store)
        self.query_one(ExerciseHeader).show_run_store(run_store)
        self.query_one(Charts).switch_run(run_store)

    # ------------------------------------------------------------------ actions
    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_toggle_clock(self) -> None:
        self.controller.toggle_clock()

    def action_faster(self) -> None:
        self.controller.change_speed(+1)

    def action_slower(self) -> None:
        self.controller.change_speed(-1)

    def action_next_due(self) -> None:
        self.controller.next_due()

    def action_goto(self) -> None:
        self.controller.goto()

    def action_deliver(self) -> None:
        item = self.query_one(MselPane).selected
        self.controller.deliver(item)

    def action_skip(self) -> None:
        item = self.query_one(MselPane).selected
        self.controller.skip(item)

    def action_new_inject(self) -> None:
        self.controller.new_inject()

    def action_decision(self) -> None:
        self.controller.new_decision()

    def action_note(self) -> None:
        self.controller.new_note()

    def action_branch(self) -> None:
        self.controller.branch()

    def action_review(self) -> None:
        self.controller.review()

    def action_report(self) -> None:
        self.controller.report()

    def action_toggle_hold(self) -> None:
        self.controller.toggle_hold()

    def action_help(self) -> None:
        self.controller.show_help(MAIN_BINDINGS)

    def action_quit_console(self) -> None:
        self.controller.ask_quit()

    def console_note(self, text: str) -> None:
        """A line in the event log from the console (what it journaled)."""
        self.query_one(EventLog).console_note(text)
