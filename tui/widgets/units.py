"""Units tab: every responder unit with its status, position and task, and counts by kind."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from .keyed_table import KeyedTable

COLUMNS: tuple[tuple[str, str], ...] = (("id", "Unit"), ("kind", "Kind"), ("station", "Station"),
                                        ("status", "Status"), ("position", "Position (km E, N)"), ("task", "Task"))

STATUS_STYLES: dict[str, str] = {"available": "green", "en_route": "yellow", "on_scene": "bold red",
                                 "transporting": "cyan", "at_hospital": "bright_green", "returning": "dim",
                                 "out_of_service": "bold white on grey35"}


def unit_row(unit: Any) -> tuple[Text | str, ...]:
    """One unit's cells (position to 0.1 km: a tick moves it visibly, not noisily)."""
    return (unit.id, unit.kind.replace("_", " "), unit.station,
            Text(unit.status.replace("_", " "), style=STATUS_STYLES.get(unit.status, "")),
            f"{unit.x_m / 1000:+.1f}, {unit.y_m / 1000:+.1f}", unit.task or "–")


def counts_line(units: Sequence[Any]) -> Text:
    """``ambulance 6/21 busy · hazmat 1/1 busy …``."""
    total = Counter(u.kind for u in units)
    busy = Counter(u.kind for u in units if u.status not in ("available", "out_of_service"))
    out = Counter(u.kind for u in units if u.status == "out_of_service")
    text = Text()
    for i, kind in enumerate(sorted(total)):
        if i:
            text.append(" · ")
        text.append(f"{kind.replace('_', ' ')} ", style="bold")
        text.append(f"{busy[kind]}/{total[kind]} busy")
        if out[kind]:
            text.append(f", {out[kind]} out", style="red")
    return text


class UnitsPanel(Vertical):
    """Counts line and the units table."""

    def compose(self) -> ComposeResult:
        yield Static("", id="units-counts")
        yield KeyedTable(COLUMNS, id="units-table")

    def show(self, units: Sequence[Any]) -> None:
        """Show the units' states."""
        self.query_one("#units-counts", Static).update(counts_line(units))
        self.query_one("#units-table", KeyedTable).sync({u.id: unit_row(u) for u in units})
