"""Journal entry kinds: every kind written by the exercise reads back to the same action."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cbrnsim.exercise.journal import (
    ENTRY_KINDS, ControlChange, DeliverAction, InjectAction, JournalError, SkipAction, action_payload,
    control_change, decode, inject_kind, with_timing,
)
from cbrnsim.runstore import JournalEntry, RunStore
from cbrnsim.scenario import (
    AgentIdentified, DecisionInject, NoteInject, ProtectiveActionInject, WindChangeInject, parse_inject,
)

ACTIONS = [
    InjectAction(WindChangeInject(time_min="T+00:45", wind_speed_m_s=4, wind_from_deg=300, content="Met update",
                                  **{"from": "Met office (SimCell)"})),
    InjectAction(ProtectiveActionInject(time_min=20, action="shelter", zones=("centraal",), compliance=0.7,
                                        source="planning assumption")),
    InjectAction(DecisionInject(time_min=30, decision="Send HAZMAT to Centraal", decided_by="Fire IC",
                                effect=AgentIdentified(agent="sarin"))),
    InjectAction(NoteInject(time_min=31, content="Slow", objective="OBJ-1", rating="M")),
    DeliverAction(6),
    SkipAction(2, "players ahead of the script"),
    ControlChange("speed", 30.0),
    ControlChange("pause", None),
]


def row(seq: int, kind: str, payload: dict, at_min: float = 40.0) -> JournalEntry:
    return JournalEntry(seq, at_min, "2026-03-10T06:45:00.000Z", kind, json.dumps(payload), "controller")


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: type(a).__name__)
def test_every_action_round_trips_through_a_run_store(tmp_path: Path, action) -> None:
    kind, body = action_payload(action)
    assert kind in ENTRY_KINDS
    with RunStore.create(tmp_path / "r.db", "x: 1", None, seed=1) as store:
        seq = store.append_journal(kind, with_timing(body, entered_at_min=12.5, after_steps=3), at_min=40.0,
                                   author="controller")
        entry = decode(store.journal()[0])
    assert (entry.seq, entry.kind, entry.at_min, entry.entered_at_min, entry.after_steps) == (seq, kind, 40.0, 12.5, 3)
    assert entry.action == action
    assert entry.author == "controller"


def test_hseep_fields_and_aliases_survive() -> None:
    _, body = action_payload(ACTIONS[0])
    assert body["inject"]["from"] == "Met office (SimCell)"          # the file's key, not from_
    assert parse_inject(body["inject"]) == ACTIONS[0].inject


def test_kind_follows_the_inject_type() -> None:
    assert [inject_kind(a.inject) for a in ACTIONS[:4]] == ["inject", "inject", "decision", "note"]


def test_after_steps_is_written_only_when_needed() -> None:
    assert "after_steps" not in with_timing({"number": 1}, 5.0, 0)
    assert with_timing({"number": 1}, 5.0, 2)["after_steps"] == 2


def test_old_style_entry_without_timing_keys_defaults_to_its_own_time() -> None:
    entry = decode(row(1, "deliver", {"number": 4}, at_min=25.0))
    assert (entry.entered_at_min, entry.after_steps, entry.action) == (25.0, 0, DeliverAction(4))


@pytest.mark.parametrize(("kind", "payload", "message"), [
    ("teleport", {}, "unknown journal kind 'teleport'"),
    ("inject", {"type": "message"}, "no inject in the payload"),
    ("inject", {"inject": {"type": "wind_change", "time_min": 1}}, "invalid inject"),
    ("deliver", {"number": "six"}, "no MSEL number"),
    ("control", {"action": "rewind"}, "unknown control action 'rewind'"),
    ("control", {"action": "speed", "speed": -1}, "speed must be"),
    ("skip", {"number": 1, "after_steps": -2}, "bad entered_at_min or after_steps"),
])
def test_malformed_entries_are_one_line_errors(kind: str, payload: dict, message: str) -> None:
    with pytest.raises(JournalError, match=message) as caught:
        decode(row(7, kind, payload))
    assert str(caught.value).startswith("journal entry 7 (") and "\n" not in str(caught.value)


def test_control_changes_are_checked() -> None:
    assert control_change("resume") == ControlChange("resume", None)
    with pytest.raises(JournalError, match="takes no speed"):
        control_change("pause", 2.0)
    with pytest.raises(JournalError, match="speed must be"):
        control_change("speed", float("nan"))
