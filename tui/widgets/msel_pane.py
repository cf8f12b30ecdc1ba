"""The MSEL pane: every scripted inject with its status; due injects stand out.

The table lists the Master Scenario Events List in delivery order. The highlighted row is the
inject ``d`` delivers and ``s`` skips; the panel under the table shows its HSEEP fields (from,
to, method, content, expected player action, objectives, evaluator notes).
"""
from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from cbrnsim.exercise import MselItem
from cbrnsim.scenario import format_time_min

from .keyed_table import KeyedTable

COLUMNS: tuple[tuple[str, str], ...] = (("number", "#"), ("time", "Time"), ("status", "Status"), ("title", "Title"))


STATUS_WIDTH = 10
"""Characters of the status column (fixed: a column keeps the width of its first cells)."""


def status_cell(item: MselItem, now_min: float) -> Text:
    """How an inject's status reads in the table: DUE (and how late), ✓ delivered time, skipped, in N min."""
    if item.status == "due":
        late = now_min - item.time_min
        text, style = (f" DUE +{late:.0f}m" if late >= 1 else " DUE"), "bold white on red"
    elif item.status == "delivered":
        assert item.delivered_at_min is not None
        text, style = f"✓ {format_time_min(item.delivered_at_min)[2:]}", "green"
    elif item.status == "skipped":
        text, style = "skipped", "dim strike"
    else:
        text, style = f"in {item.time_min - now_min:.0f}m", "dim"
    return Text(text.ljust(STATUS_WIDTH), style=style)


def msel_row(item: MselItem, now_min: float) -> tuple[Text | str, ...]:
    """The table cells of one inject."""
    style = "bold" if item.status == "due" else ("dim" if item.status in ("delivered", "skipped") else "")
    return (Text(str(item.number), style=style), Text(format_time_min(item.time_min), style=style),
            status_cell(item, now_min), Text(item.title or item.type, style=style))


def detail_text(item: MselItem) -> Text:
    """The HSEEP fields of one inject, for the detail panel."""
    inject = item.inject
    text = Text()
    text.append(f"MSEL {item.number} · {format_time_min(item.time_min)} · {item.type}\n", style="bold")
    text.append(f"{inject.from_} → {inject.to} ({inject.method.replace('_', ' ')})\n", style="italic")
    if item.status == "delivered" and item.delivered_at_min is not None:
        late = item.late_by_min or 0.0
        text.append(f"Delivered {format_time_min(item.delivered_at_min)}"
                    f"{f' ({late:+.0f} min)' if abs(late) >= 1 else ''}\n", style="green")
    if item.status == "skipped":
        text.append(f"Skipped: {item.skip_reason or 'no reason given'}\n", style="yellow")
    for label, value in (("Content", inject.content), ("Expected action", inject.expected_action),
                         ("Objectives", ", ".join(inject.objectives)), ("Evaluator notes", inject.evaluator_notes)):
        if value:
            text.append(f"{label}: ", style="bold")
            text.append(f"{value}\n")
    return text


def counts_line(items: Sequence[MselItem]) -> Text:
    """``MSEL  2 due · 3 delivered · 1 skipped · 6 ahead``."""
    counts = {status: sum(1 for i in items if i.status == status) for status in ("due", "delivered", "skipped", "pending")}
    line = Text("MSEL  ", style="bold")
    line.append(f"{counts['due']} due", style="bold white on red" if counts["due"] else "")
    line.append(f" · {counts['delivered']} delivered · {counts['skipped']} skipped · {counts['pending']} ahead")
    return line


class MselPane(Vertical):
    """MSEL table and the highlighted inject's details."""

    def __init__(self, items: Sequence[MselItem], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._items: dict[int, MselItem] = {item.number: item for item in items}
        self._now_min = 0.0

    def compose(self) -> ComposeResult:
        yield Static(counts_line(list(self._items.values())), id="msel-counts")
        yield KeyedTable(COLUMNS, id="msel-table")
        with VerticalScroll(id="msel-detail-scroll"):
            yield Static("", id="msel-detail")

    def on_mount(self) -> None:
        self.show(list(self._items.values()), self._now_min)

    @property
    def table(self) -> KeyedTable:
        """The MSEL table."""
        return self.query_one("#msel-table", KeyedTable)

    @property
    def selected(self) -> MselItem | None:
        """The highlighted inject, if any."""
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._items.get(int(key)) if key is not None else None

    def select_number(self, number: int) -> None:
        """Move the highlight to an inject."""
        keys = self.table.shown_keys
        if str(number) in keys:
            self.table.move_cursor(row=keys.index(str(number)))

    def show(self, items: Sequence[MselItem], now_min: float) -> None:
        """Show the injects' statuses at ``now_min`` (only changed cells are redrawn)."""
        selected_before = self.selected
        self._items = {item.number: item for item in items}
        self._now_min = now_min
        self.table.sync({str(item.number): msel_row(item, now_min) for item in items})
        self.query_one("#msel-counts", Static).update(counts_line(items))
        closed_now = selected_before is not None and selected_before.status in ("due", "pending") and \
            self._items[selected_before.number].status in ("delivered", "skipped")
        if closed_now or selected_before is None:
            self._highlight_first_open()
        self._show_detail()

    def _highlight_first_open(self) -> None:
        for item in self._items.values():
            if item.status in ("due", "pending"):
                self.select_number(item.number)
                return

    def _show_detail(self) -> None:
        item = self.selected
        self.query_one("#msel-detail", Static).update(detail_text(item) if item is not None else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()
