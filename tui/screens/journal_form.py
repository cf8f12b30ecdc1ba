"""The behaviour every journaling form shares: its submit button or Ctrl+S journals the result
once the form is valid, Escape or any other button cancels."""
from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Button

_R = TypeVar("_R")


class JournalFormScreen(ModalScreen[_R]):
    """A modal form whose result goes to the journal when the controller submits it."""

    SUBMIT_ID: ClassVar[str] = "submit"
    """Id of the form's submit button; every other button cancels."""

    def validated(self) -> _R | None:
        """The result if the form is valid; otherwise None, with the errors shown. Each form
        defines its own; a form without one never submits."""
        return None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SUBMIT_ID:
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        result = self.validated()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
