"""Charts tab: casualty flow and hospital occupancy over time, one sparkline per line.

Drawn with Textual's ``Sparkline`` (one bar per column; minutes are binned to the width),
from the run store's per-minute series. Each line says what it counts, its value now and its
peak so far; the time axis runs from STARTEX to now.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Sparkline, Static

from cbrnsim.scenario import format_time_min

from ..series import SeriesReader

PREHOSPITAL = ["symptomatic_on_scene", "self_evacuating", "awaiting_extraction", "awaiting_decon", "in_decon",
               "awaiting_transport", "in_transport"]
IN_HOSPITAL = ["in_ed", "admitted_ward", "admitted_icu", "admitted_burn"]

FLOW_LINES: tuple[tuple[str, str, str, list[str]], ...] = (
    ("flow-prehospital", "Symptomatic, not yet in hospital", "casualties", PREHOSPITAL),
    ("flow-hospital", "In hospital (ED + admitted)", "casualties", IN_HOSPITAL),
    ("flow-dead", "Dead (cumulative)", "casualties", ["dead"]),
    ("flow-wait-transport", "Waiting for an ambulance", "queue", ["transport"]),
    ("flow-wait-decon", "Waiting for decon", "queue", ["decon"]),
    ("flow-wait-ed", "Waiting for an ED space", "queue", ["ed"]),
    ("flow-worried", "Worried well at hospitals (cumulative)", "worried_well", ["arrived"]),
)
"""(widget id, label, series, keys summed) of the casualty-flow chart."""


class ChartLine(Horizontal):
    """A label, a sparkline and the value now / peak."""

    def __init__(self, label: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="chart-label")
        yield Sparkline([], classes="chart-spark")
        yield Label("", classes="chart-value")

    def show(self, values: Sequence[float], capacity: float | None = None) -> None:
        """New data; ``capacity`` is printed next to the value when given."""
        data = list(values) or [0.0]
        self.query_one(Sparkline).data = data
        now, peak = data[-1], max(data)
        of = f"/{capacity:.0f}" if capacity else ""
        self.query_one(".chart-value", Label).update(f"now {now:,.0f}{of} · peak {peak:,.0f}")


class Charts(VerticalScroll):
    """Casualty flow and hospital occupancy over time."""

    def __init__(self, run_store: str, hospitals: Sequence[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._reader = SeriesReader(run_store)
        self._hospitals = list(hospitals)
        self._shown_minutes = -1

    def compose(self) -> ComposeResult:
        yield Static("Casualty flow", classes="chart-title")
        for widget_id, label, _, _ in FLOW_LINES:
            yield ChartLine(label, id=widget_id)
        yield Static("ED occupancy (patients in or waiting for an ED space, incl. baseline)", classes="chart-title")
        for hospital_id, name in self._hospitals:
            yield ChartLine(name, id=f"ed-{hospital_id}")
        yield Static("", id="chart-axis")

    def switch_run(self, run_store: str) -> None:
        """Read another run store (after a branch)."""
        self._reader.close()
        self._reader = SeriesReader(run_store)
        self._shown_minutes = -1

    def show(self, now_min: float, ed_capacity: dict[str, int]) -> None:
        """Bring the charts up to ``now_min`` (nothing happens if no new minute has passed)."""
        minutes = int(now_min) + 1
        if minutes == self._shown_minutes:
            return
        self._shown_minutes = minutes
        self._reader.refresh(now_min)
        for widget_id, _, series, keys in FLOW_LINES:
            self.query_one(f"#{widget_id}", ChartLine).show(self._values(series, keys, minutes))
        for hospital_id, _ in self._hospitals:
            values = self._reader.per_minute("occupancy", f"{hospital_id}.ed_spaces", minutes)
            self.query_one(f"#ed-{hospital_id}", ChartLine).show(values.tolist(), ed_capacity.get(hospital_id))
        self.query_one("#chart-axis", Static).update(
            f"time axis: {format_time_min(0)} → {format_time_min(now_min)} (left to right)")

    def _values(self, series: str, keys: list[str], minutes: int) -> list[float]:
        values: np.ndarray = self._reader.total_per_minute(series, keys, minutes)
        return values.tolist()

    def on_unmount(self) -> None:
        self._reader.close()
