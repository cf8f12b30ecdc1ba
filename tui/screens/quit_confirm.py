"""Quit, after asking: nothing is lost, the journal already holds every action."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class QuitScreen(ModalScreen[bool]):
    """Asks before quitting; says how to come back."""

    BINDINGS = [Binding("y", "answer(True)", "Quit"), Binding("n,escape", "answer(False)", "Stay")]

    def __init__(self, run_store: str) -> None:
        super().__init__()
        self._run_store = run_store

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Quit the controller console?", classes="dialog-title")
            yield Static("Nothing is lost: every action is already in the run's journal.\n"
                         f"To carry on later:  cbrnsim tui --resume {self._run_store}", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit (y)", variant="error", id="quit-yes")
                yield Button("Stay (n)", variant="primary", id="quit-no")

    def on_mount(self) -> None:
        self.query_one("#quit-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
