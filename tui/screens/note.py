"""A controller or evaluator note, optionally rating an objective P / S / M / U (HSEEP)."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cbrnsim.objectives import RATING_MEANINGS
from cbrnsim.scenario import Scenario, format_time_min

from .journal_form import JournalFormScreen


@dataclass(frozen=True, slots=True)
class NewNote:
    """What the note screen returns."""

    text: str
    """The note."""
    objective: str | None
    """Objective id it is about, if any."""
    rating: str | None
    """P, S, M or U, if rating."""


class NoteScreen(JournalFormScreen[NewNote | None]):
    """Note text, and an optional objective with a rating."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Journal")]
    SUBMIT_ID = "note-submit"

    def __init__(self, scenario: Scenario, now_min: float) -> None:
        super().__init__()
        self._scenario = scenario
        self._now_min = now_min

    def compose(self) -> ComposeResult:
        objectives = [(f"{o.id}: {o.text[:70]}", o.id) for o in self._scenario.objectives]
        with Vertical(classes="dialog wide"):
            yield Static(f"Controller / evaluator note at {format_time_min(self._now_min)}", classes="dialog-title")
            yield Label("Note *", classes="field-label")
            yield Input(placeholder="What you observed", id="note-text", compact=True)
            yield Label("About objective (optional)", classes="field-label")
            yield Select(objectives, allow_blank=True, prompt="(none)", id="note-objective", compact=True)
            yield Label("Rating (optional; needs an objective)", classes="field-label")
            yield Select([(f"{k} — {v}", k) for k, v in RATING_MEANINGS.items()], allow_blank=True,
                         prompt="(no rating)", id="note-rating", compact=True)
            yield Static("", id="note-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Journal note (Ctrl+S)", variant="success", id="note-submit")
                yield Button("Cancel (Esc)", id="note-cancel")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def validated(self) -> NewNote | None:
        """The note, or None with the reason shown."""
        text = self.query_one("#note-text", Input).value.strip()
        objective = self.query_one("#note-objective", Select).value
        rating = self.query_one("#note-rating", Select).value
        objective_id = None if objective is Select.NULL else str(objective)
        rating_letter = None if rating is Select.NULL else str(rating)
        error = ""
        if not text:
            error = "write the note (what you observed)"
        elif rating_letter is not None and objective_id is None:
            error = "a rating needs the objective it rates"
        self.query_one("#note-error", Static).update(error)
        return None if error else NewNote(text, objective_id, rating_letter)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()


