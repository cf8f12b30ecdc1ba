"""The ``?`` screen: every key, and how an exercise is run with them."""
from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HOW_TO = """\
Running an exercise
 1. The clock starts paused. Press space to run it; + and - change the speed (1×, 10×, 60×, 600×).
 2. When an MSEL inject falls due the clock holds (h turns the hold off) and the inject turns red.
    Read it out or send it, then press d to deliver it (its effect reaches the model), or s to skip it.
 3. n runs straight to the next inject due; g goes to any later time.
 4. i enters an unscripted inject (a form per type), p a player decision, o a note or an evaluator's rating.
 5. Everything is journaled before it takes effect. q quits at any time; nothing is lost:
    cbrnsim tui --resume RUN.db comes back to the same minute, paused.
 6. v opens the review (objectives, KPIs, timeline, scrub back in time); b branches a what-if;
    r writes the after-action report.
The model is exercise grade: plausible, sourced and explained, not for operational hazard prediction."""


def key_label(key: str) -> str:
    """``"space"`` -> ``"space"``, ``"plus,equals_sign"`` -> ``"+"``."""
    names = {"plus": "+", "minus": "-", "question_mark": "?", "equals_sign": "=", "space": "space"}
    first = key.split(",")[0]
    return names.get(first, first)


def bindings_table(bindings: Sequence[Binding]) -> Table:
    """Key and what it does, in binding order."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("What it does")
    for binding in bindings:
        table.add_row(key_label(binding.key), binding.tooltip or binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and the controller's routine."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: Sequence[Binding]) -> None:
        super().__init__()
        self._keys = list(bindings)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Controller console — keys (Escape or ? closes)", classes="dialog-title")
            with VerticalScroll(classes="form-scroll"):
                yield Static(bindings_table(self._keys), id="help-keys")
                yield Static(Text(HOW_TO), id="help-howto")

    def action_close(self) -> None:
        self.dismiss(None)
