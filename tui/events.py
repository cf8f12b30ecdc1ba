"""The run store's model events, tailed for the event log and sorted into groups a controller filters by.

Every model event and every applied journal entry (deliveries, skips, injects, decisions, notes,
pause/speed) is a row of the run store's ``events`` table. ``EventTail`` reads the rows added
since it last looked, on its own read-only connection.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cbrnsim.engine.state import CASUALTY_STATES
from cbrnsim.scenario import format_time_min

CASUALTY_KINDS: frozenset[str] = frozenset(CASUALTY_STATES) | {"triaged", "clock_stopped", "antidote_given"}
"""Events about one casualty (thousands in a mass-casualty incident)."""

MILESTONE_KINDS: frozenset[str] = frozenset({"release", "first_call", "agent_identified", "agent_misidentified"})
"""Events that mark the incident's progress."""

GROUPS: dict[str, str] = {
    "key": "Key events (all but single casualties)",
    "exercise": "Exercise: injects, MSEL, decisions, notes",
    "milestones": "Milestones: release, first call, identification",
    "units": "Units",
    "hospitals": "Hospitals",
    "casualties": "Single casualties",
    "all": "Everything",
}
"""Filter choices of the event log, by key."""


def group_of(kind: str, entity: str | None) -> str:
    """The filter group of an event kind."""
    if kind.startswith(("msel.", "exercise.")) or kind == "inject_applied":
        return "exercise"
    if kind in MILESTONE_KINDS:
        return "milestones"
    if kind in CASUALTY_KINDS or (entity or "").startswith("casualty"):
        return "casualties"
    if entity is not None and entity.count("/") == 2:
        return "units"  # unit ids are '<station>/<kind>/<n>'
    return "hospitals" if kind.startswith(("hospital", "ed_", "surge", "decon")) or "hospital" in kind else "units"


def shown_in(group: str, filter_key: str) -> bool:
    """Whether an event of ``group`` passes the filter ``filter_key`` (a GROUPS key or 'kind:<kind>')."""
    if filter_key == "all":
        return True
    if filter_key == "key":
        return group != "casualties"
    return group == filter_key


@dataclass(frozen=True, slots=True)
class LogLine:
    """One event as the log shows it."""

    seq: int
    """Event sequence number."""
    t_min: float
    """Scenario time (min)."""
    kind: str
    """Event kind."""
    entity: str | None
    """Entity, if any."""
    detail: str
    """The payload in a few words."""
    group: str
    """Filter group."""

    def text(self) -> str:
        """``T+00:14  msel.delivered  msel:2  number=2 title=…``."""
        entity = f"  {self.entity}" if self.entity else ""
        return f"{format_time_min(self.t_min)}  {self.kind}{entity}  {self.detail}".rstrip()


def _detail(payload_json: str | None) -> str:
    if not payload_json:
        return ""
    try:
        payload = json.loads(payload_json)
    except ValueError:
        return payload_json[:120]
    if not isinstance(payload, dict):
        return str(payload)[:120]
    parts = [f"{k}={v}" for k, v in payload.items() if v not in (None, "", [], {})]
    return " ".join(parts)[:160]


class EventTail:
    """Reads events newer than the last one read."""

    def __init__(self, run_store: str | Path) -> None:
        uri = f"{Path(run_store).resolve().as_uri()}?mode=ro"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._last_seq = 0

    def read(self, limit: int = 5000) -> list[LogLine]:
        """New events in order (at most ``limit``: the newest ones when more have piled up)."""
        rows = self._connection.execute(
            "SELECT seq, t_min, kind, entity, payload FROM events WHERE seq > ? ORDER BY seq DESC LIMIT ?",
            (self._last_seq, limit)).fetchall()
        if not rows:
            return []
        rows.reverse()
        self._last_seq = rows[-1][0]
        return [LogLine(seq, t, kind, entity, _detail(payload), group_of(kind, entity))
                for seq, t, kind, entity, payload in rows]

    def close(self) -> None:
        """Close the read connection."""
        self._connection.close()
