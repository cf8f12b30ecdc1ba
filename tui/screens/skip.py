"""Skip an MSEL inject: the controller says why (kept in the journal and the report)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cbrnsim.exercise import MselItem
from cbrnsim.scenario import format_time_min


class SkipScreen(ModalScreen[str | None]):
    """Returns the reason (may be empty), or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, item: MselItem) -> None:
        super().__init__()
        self._item = item

    def compose(self) -> ComposeResult:
        item = self._item
        with Vertical(classes="dialog"):
            yield Static(f"Skip MSEL {item.number} ({format_time_min(item.time_min)}): {item.title}",
                         classes="dialog-title")
            yield Input(placeholder="Why is it not played? (e.g. players already acted on it)", id="skip-reason")
            yield Static("Enter skips it; Escape keeps it in the MSEL.", classes="dialog-help")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
