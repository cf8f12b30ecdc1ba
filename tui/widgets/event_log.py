"""Event log: every model event and applied journal entry, newest at the bottom, filtered by kind."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import RichLog, Select

from ..events import GROUPS, LogLine, shown_in

KEEP_LINES = 5000
"""Events kept in memory for re-filtering."""

SHOW_LINES = 1000
"""Lines the log widget holds."""

GROUP_STYLES: dict[str, str] = {"exercise": "bold cyan", "milestones": "bold yellow", "units": "",
                                "hospitals": "magenta", "casualties": "dim"}


def line_text(line: LogLine) -> Text:
    """A log line coloured by its group."""
    return Text(line.text(), style=GROUP_STYLES.get(line.group, ""), no_wrap=True, overflow="ellipsis")


class EventLog(Vertical):
    """Filter chooser and the log."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: deque[LogLine] = deque(maxlen=KEEP_LINES)
        self._filter = "key"

    def compose(self) -> ComposeResult:
        yield Select([(label, key) for key, label in GROUPS.items()], value="key", allow_blank=False,
                     id="log-filter", compact=True)
        yield RichLog(max_lines=SHOW_LINES, wrap=False, markup=False, id="log")

    @property
    def filter_key(self) -> str:
        """The filter in force (a GROUPS key)."""
        return self._filter

    def add(self, lines: Iterable[LogLine]) -> None:
        """Append new events (those passing the filter are written)."""
        log = self.query_one("#log", RichLog)
        for line in lines:
            self._lines.append(line)
            if shown_in(line.group, self._filter):
                log.write(line_text(line))

    def console_note(self, text: str) -> None:
        """A line from the console itself (what it journaled), always shown."""
        styled = Text(f"console  {text}", style="bold green")
        self.query_one("#log", RichLog).write(styled)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self._filter:
            self.set_filter(event.value)

    def set_filter(self, key: str) -> None:
        """Show only one group (re-written from the events kept in memory)."""
        self._filter = key
        log = self.query_one("#log", RichLog)
        log.clear()
        matching = [line for line in self._lines if shown_in(line.group, key)]
        for line in matching[-SHOW_LINES:]:
            log.write(line_text(line))
