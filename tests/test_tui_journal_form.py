"""A journaling form dismisses with its result only when valid; Escape and other buttons cancel."""
from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from tui.screens.journal_form import JournalFormScreen


class _Form(JournalFormScreen[str]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Journal")]
    SUBMIT_ID = "ok"

    def __init__(self, valid: bool) -> None:
        super().__init__()
        self.valid = valid

    def compose(self) -> ComposeResult:
        yield Button("OK", id="ok")
        yield Button("Cancel", id="no")

    def validated(self) -> str | None:
        return "journaled" if self.valid else None


def _results(valid: bool, *keys: str) -> list[str | None]:
    results: list[str | None] = []

    class _App(App[None]):
        def on_mount(self) -> None:
            self.push_screen(_Form(valid), results.append)

    async def drive() -> None:
        async with _App().run_test() as pilot:
            await pilot.press(*keys)
            await pilot.pause()

    asyncio.run(drive())
    return results


def test_submit_journals_a_valid_form() -> None:
    assert _results(True, "ctrl+s") == ["journaled"]


def test_an_invalid_form_stays_open() -> None:
    assert _results(False, "ctrl+s") == []


def test_escape_cancels() -> None:
    assert _results(True, "escape") == [None]
