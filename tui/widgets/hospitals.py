"""Hospitals tab: occupancy per bed type against capacity, status, waiting, decon, surge, stock."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from .keyed_table import KeyedTable

BED_COLUMNS: tuple[tuple[str, str], ...] = (("ed_spaces", "ED"), ("ward_beds", "Ward"), ("icu_beds", "ICU"),
                                            ("burn_beds", "Burn"), ("ventilators", "Vent"))
"""Bed types as columns."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Hospital"), ("status", "Status"), *BED_COLUMNS, ("ed_waiting", "ED wait"),
    ("decon", "Decon"), ("surge", "Surge"), ("arrivals", "Arrived (+WW)"))
"""Occupancy table columns; stock has its own table under it (it is wide)."""

NAME_WIDTH = 26
"""Hospital names are cut to this many characters in the table."""

STATUS_STYLES: dict[str, str] = {"open": "green", "diverting": "bold yellow", "closed": "bold red",
                                 "contaminated": "bold magenta"}


def occupancy_cell(occupied: int, capacity: int) -> Text:
    """``52/60`` coloured by how full: ≥ 100 % red, ≥ 85 % yellow."""
    if capacity <= 0:
        return Text(f"{occupied}/–" if occupied else "–", style="red" if occupied else "dim")
    share = occupied / capacity
    style = "bold white on red" if share > 1 else ("bold red" if share >= 1 else ("yellow" if share >= 0.85 else ""))
    return Text(f"{occupied}/{capacity}", style=style)


def stock_text(stock: Mapping[str, int]) -> Text:
    """``atropine_1mg 380 · pralidoxime_1g 60``; a zero stands out."""
    text = Text()
    for i, (name, doses) in enumerate(sorted(stock.items())):
        if i:
            text.append(" · ")
        text.append(f"{name} {doses:,}", style="bold red" if doses == 0 else "")
    return text


def hospital_row(h: Any) -> tuple[Text | str, ...]:
    """One hospital's cells."""
    beds = tuple(occupancy_cell(int(h.occupied.get(k, 0)), int(h.capacity.get(k, 0))) for k, _ in BED_COLUMNS)
    decon = f"open, {h.decon_waiting} wait" if h.decon_open else (f"not set up, {h.decon_waiting} wait"
                                                                    if h.decon_waiting else "–")
    name = h.name if len(h.name) <= NAME_WIDTH else h.name[: NAME_WIDTH - 1] + "…"
    return (name, Text(h.status, style=STATUS_STYLES.get(h.status, "")), *beds,
            Text(str(h.ed_waiting), style="bold red" if h.ed_waiting else ""), decon,
            Text("active", style="cyan") if h.surge_active else "–",
            f"{h.arrivals:,} (+{h.worried_well_arrivals:,})")


class HospitalsTable(Vertical):
    """Occupancy table (one row per hospital) and the antidote stock table under it."""

    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS, id="beds-table")
        yield Static("Antidote and prophylaxis stock (doses)", classes="chart-title")
        yield KeyedTable((("name", "Hospital"), ("stock", "Stock")), id="stock-table")

    def show(self, hospitals: Sequence[Any]) -> None:
        """Show the hospitals' states."""
        self.query_one("#beds-table", KeyedTable).sync({h.id: hospital_row(h) for h in hospitals})
        self.query_one("#stock-table", KeyedTable).sync({h.id: (h.name, stock_text(h.stock)) for h in hospitals})
