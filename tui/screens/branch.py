"""Branch a what-if from now: a new run replayed to this minute, to try another decision."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cbrnsim.scenario import format_time_min


class BranchScreen(ModalScreen[bool]):
    """Explains a branch and asks to confirm."""

    BINDINGS = [Binding("y", "answer(True)", "Branch"), Binding("n,escape", "answer(False)", "Cancel")]

    def __init__(self, now_min: float, run_store: str) -> None:
        super().__init__()
        self._now_min = now_min
        self._run_store = run_store

    def compose(self) -> ComposeResult:
        when = format_time_min(self._now_min)
        with Vertical(classes="dialog"):
            yield Static(f"Branch a what-if at {when}?", classes="dialog-title")
            yield Static(
                f"A new run store is made next to {self._run_store}, replayed from the same scenario, seed and "
                f"journal to {when}. The console then continues in the branch: what you do next happens there "
                "only. The original run stays as it is (resume it with --resume). Random draws are shared, so "
                "differences come from your decisions, not from chance. Review (v) compares the two.",
                classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Branch (y)", variant="warning", id="branch-yes")
                yield Button("Cancel (n)", variant="primary", id="branch-no")

    def on_mount(self) -> None:
        self.query_one("#branch-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "branch-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
