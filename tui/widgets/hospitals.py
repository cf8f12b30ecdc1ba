"""Hospitals tab: occupancy per bed type against capacity, status, waiting, decon, surge, stock."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from .keyed_table import KeyedTable

BED_COLUMNS: tuple[tuple[str, str], ...] = (("ed_spaces", "ED"), ("ward_beds", "Ward"), ("icu_beds", "ICU"),
                                            ("burn_beds", "Burn"), ("ventilators", "Vent"))
"""Bed types as columns."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Hospital"), ("status", "Status"), *BED_COLUMNS, ("ed_waiting", "ED wait"),
    ("decon", "Decon"), ("surge", "Surge"), ("arrivals", "Arrived (WW)"), ("stock", "Stock (doses)"))

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
    decon = f"open ({h.decon_waiting} wait)" if h.decon_open else ("waiting" if h.decon_waiting else "–")
    return (h.name, Text(h.status, style=STATUS_STYLES.get(h.status, "")), *beds,
            Text(str(h.ed_waiting), style="bold red" if h.ed_waiting else ""), decon,
            Text("active", style="cyan") if h.surge_active else "–",
            f"{h.arrivals:,} ({h.worried_well_arrivals:,})", stock_text(h.stock))


class HospitalsTable(KeyedTable):
    """One row per hospital."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(COLUMNS, **kwargs)

    def show(self, hospitals: Sequence[Any]) -> None:
        """Show the hospitals' states."""
        self.sync({h.id: hospital_row(h) for h in hospitals})
