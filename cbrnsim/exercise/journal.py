"""Journal entry kinds: what a controller action looks like in the run store, and back.

Every controller action is one row of the run store's append-only ``journal`` table
(``kind``, ``at_min``, ``payload``). This module owns the ``kind`` names and the payload
layout, so that the live exercise, replay, resume and branch all read the journal the same way.

Kinds (payload keys in brackets; ``entered_at_min`` and ``after_steps`` are on every kind):

``inject``    a typed inject with a model effect or a message ``{inject}``
``decision``  a player decision, with its model effect if any ``{inject}`` (a ``decision`` inject)
``note``      a controller or evaluator note, optionally rating an objective ``{inject}`` (a ``note`` inject)
``deliver``   an MSEL inject of the scenario delivered ``{number}`` (the inject itself is in the scenario)
``skip``      an MSEL inject deliberately not delivered ``{number, reason}``
``control``   pause / resume / speed ``{action, speed}``; recorded, no model effect

``entered_at_min`` is the simulation time at which the controller entered the entry (``at_min``
is when it takes effect; later for an inject scheduled ahead). ``after_steps`` is present only
when the entry was applied in the middle of a simulation instant, after single-stepping: it
says how many model events at ``at_min`` had been processed before it (see
``cbrnsim.exercise.timeline`` for the ordering rule).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from ..runstore import JournalEntry
from ..scenario import DecisionInject, Inject, NoteInject, parse_inject

EntryKind = Literal["inject", "decision", "note", "deliver", "skip", "control"]
"""Every journal ``kind`` the exercise writes."""

ENTRY_KINDS: tuple[str, ...] = ("inject", "decision", "note", "deliver", "skip", "control")
"""The journal kinds, in the order they are documented."""

ControlAction = Literal["pause", "resume", "speed"]
"""What a ``control`` entry does (front-end state only)."""

CONTROL_ACTIONS: tuple[str, ...] = ("pause", "resume", "speed")
"""Every control action."""

MAX_SPEED = 10_000.0
"""Fastest clock speed a control entry may set (simulated seconds per wall-clock second)."""


class JournalError(Exception):
    """A journal entry cannot be written or read back; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class InjectAction:
    """An inject, decision or note: applied through its model effect, if it has one."""

    inject: Inject
    """The validated inject, with its HSEEP fields."""


@dataclass(frozen=True, slots=True)
class DeliverAction:
    """The scenario's MSEL inject with this number is delivered."""

    number: int
    """MSEL event number."""


@dataclass(frozen=True, slots=True)
class SkipAction:
    """The scenario's MSEL inject with this number is skipped."""

    number: int
    """MSEL event number."""
    reason: str
    """Why the controller skipped it (text, may be empty)."""


@dataclass(frozen=True, slots=True)
class ControlChange:
    """Pause, resume or a new clock speed: front-end state, no model effect."""

    action: ControlAction
    """'pause', 'resume' or 'speed'."""
    speed: float | None
    """The new speed (simulated seconds per wall-clock second) for 'speed'; None otherwise."""


Action = InjectAction | DeliverAction | SkipAction | ControlChange
"""What one journal entry asks the exercise to do."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One journal entry decoded: when it takes effect, and what it does."""

    seq: int
    """Journal sequence number (commit order)."""
    kind: str
    """The journal kind (one of ENTRY_KINDS)."""
    at_min: float
    """Simulation time at which it takes effect (min since STARTEX)."""
    entered_at_min: float
    """Simulation time at which it was entered (≤ at_min)."""
    after_steps: int
    """Model events at ``at_min`` processed before it (0: before every model event at ``at_min``)."""
    action: Action
    """What it does."""
    author: str | None
    """Who entered it, if recorded."""


# ------------------------------------------------------------------------------ writing
def inject_kind(inject: Inject) -> EntryKind:
    """The journal kind for an inject: 'decision' and 'note' get their own kind, the rest 'inject'."""
    if isinstance(inject, DecisionInject):
        return "decision"
    if isinstance(inject, NoteInject):
        return "note"
    return "inject"


def inject_payload(inject: Inject) -> dict[str, Any]:
    """The inject as plain JSON data (aliases as in the scenario file, so it parses back)."""
    return {"inject": inject.model_dump(mode="json", by_alias=True, exclude_none=True)}


def action_payload(action: Action) -> tuple[EntryKind, dict[str, Any]]:
    """The journal kind and payload body of an action (without the timing keys)."""
    if isinstance(action, InjectAction):
        return inject_kind(action.inject), inject_payload(action.inject)
    if isinstance(action, DeliverAction):
        return "deliver", {"number": action.number}
    if isinstance(action, SkipAction):
        return "skip", {"number": action.number, "reason": action.reason}
    body: dict[str, Any] = {"action": action.action}
    if action.speed is not None:
        body["speed"] = action.speed
    return "control", body


def with_timing(body: dict[str, Any], entered_at_min: float, after_steps: int) -> dict[str, Any]:
    """Add the timing keys every entry carries (``after_steps`` only when it is not 0)."""
    payload = dict(body, entered_at_min=entered_at_min)
    if after_steps:
        payload["after_steps"] = after_steps
    return payload


def control_change(action: str, speed: float | None = None) -> ControlChange:
    """A checked control change (raises JournalError for an unknown action or a bad speed)."""
    if action not in CONTROL_ACTIONS:
        raise JournalError(f"unknown control action {action!r}; use one of {', '.join(CONTROL_ACTIONS)}")
    if action == "speed":
        if speed is None or not math.isfinite(speed) or not 0 < speed <= MAX_SPEED:
            raise JournalError(f"speed must be a number above 0 and at most {MAX_SPEED:g}, got {speed!r}")
        return ControlChange("speed", float(speed))
    if speed is not None:
        raise JournalError(f"control action '{action}' takes no speed")
    return ControlChange(action, None)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ reading
def decode(row: JournalEntry) -> Entry:
    """Read one run-store journal row back into an :class:`Entry` (raises JournalError)."""
    where = f"journal entry {row.seq} ({row.kind} at {row.at_min:g} min)"
    payload = row.payload
    if not isinstance(payload, dict):
        raise JournalError(f"{where}: payload is not a JSON object")
    entered = payload.get("entered_at_min", row.at_min)
    steps = payload.get("after_steps", 0)
    if not isinstance(entered, (int, float)) or not isinstance(steps, int) or steps < 0:
        raise JournalError(f"{where}: bad entered_at_min or after_steps")
    return Entry(seq=row.seq, kind=row.kind, at_min=row.at_min, entered_at_min=float(entered),
                 after_steps=steps, action=_decode_action(row.kind, payload, where), author=row.author)


def _decode_action(kind: str, payload: dict[str, Any], where: str) -> Action:
    if kind in ("inject", "decision", "note"):
        data = payload.get("inject")
        if not isinstance(data, dict):
            raise JournalError(f"{where}: no inject in the payload")
        try:
            return InjectAction(parse_inject(data))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise JournalError(f"{where}: invalid inject: {first['msg']}") from None
    if kind in ("deliver", "skip"):
        number = payload.get("number")
        if isinstance(number, bool) or not isinstance(number, int):
            raise JournalError(f"{where}: no MSEL number in the payload")
        return DeliverAction(number) if kind == "deliver" else SkipAction(number, str(payload.get("reason", "")))
    if kind == "control":
        try:
            return control_change(str(payload.get("action")), payload.get("speed"))
        except JournalError as error:
            raise JournalError(f"{where}: {error}") from None
    raise JournalError(f"{where}: unknown journal kind {kind!r} (this cbrnsim writes {', '.join(ENTRY_KINDS)})")
