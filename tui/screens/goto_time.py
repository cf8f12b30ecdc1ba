"""Go to a scenario time: the clock runs fast to it, then stops there."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cbrnsim.scenario import format_time_min, parse_time_min


def parse_target(text: str, now_min: float, end_min: float) -> float:
    """``"T+01:30"``, ``"90"`` or ``"+15"`` (minutes from now) -> minutes; ValueError with a reason."""
    text = text.strip()
    if not text:
        raise ValueError("type a time, e.g. T+01:30, 90 (minutes) or +15 (from now)")
    if text.startswith("+"):
        value = now_min + float(text[1:])
    else:
        parsed = parse_time_min(text)
        value = float(parsed)
    if value < now_min:
        raise ValueError(f"{format_time_min(value)} has passed (now {format_time_min(now_min)}); the clock only "
                         "runs forward — use Review (v) to look back or Branch (b) for a what-if")
    if value > end_min:
        raise ValueError(f"the exercise ends at {format_time_min(end_min)}")
    return value


class GotoTimeScreen(ModalScreen[float | None]):
    """Asks for a time and returns it in minutes (None if cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, now_min: float, end_min: float) -> None:
        super().__init__()
        self._now_min = now_min
        self._end_min = end_min

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Go to a time (now {format_time_min(self._now_min)}, "
                         f"ENDEX {format_time_min(self._end_min)})", classes="dialog-title")
            yield Input(placeholder="T+01:30, 90 (min) or +15 (from now)", id="goto-input")
            yield Static("The simulation runs to that time as fast as it can and stops there. "
                         "MSEL injects that fall due on the way wait for you as DUE.", classes="dialog-help")
            yield Static("", id="goto-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            target = parse_target(event.value, self._now_min, self._end_min)
        except ValueError as error:
            self.query_one("#goto-error", Static).update(str(error))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
