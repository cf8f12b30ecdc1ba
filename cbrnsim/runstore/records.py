"""The rows a run store hands back, and the one JSON encoding every payload is stored in."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np


class RunStoreError(Exception):
    """A run store cannot be created, opened or written; the message is one line for the user."""


def _json_default(value: Any) -> Any:
    # numpy scalars and arrays reach payloads from vectorised models; store them as plain JSON.
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One encoder built once: json.dumps with non-default options builds a new encoder per call,
# which was a third of the per-event cost of record_event.
_CANONICAL_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default
)


def canonical_json(value: Any, what: str) -> str:
    """Compact JSON with sorted keys: equal payloads give equal text, hence equal digests.

    NaN and infinity are refused so that every payload stays valid JSON for any SQL tool.
    """
    try:
        return _CANONICAL_ENCODER.encode(value)
    except (TypeError, ValueError) as error:
        raise RunStoreError(f"{what} cannot be stored as JSON: {error}") from None


def finite_time_min(value: float, what: str) -> float:
    """A simulation time in minutes, checked: finite and not negative."""
    time_min = float(value)
    if not math.isfinite(time_min) or time_min < 0.0:
        raise RunStoreError(f"{what} must be a finite time in minutes >= 0, got {value!r}")
    return time_min


def utc_now_text() -> str:
    """Wall-clock time now, ISO 8601 in UTC with milliseconds, e.g. 2024-06-11T09:30:00.123Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One committed controller action: an inject, a decision, a pause, a speed change."""

    seq: int
    """Position in the journal, 1, 2, 3, ... in the order the entries were committed."""
    at_min: float
    """Simulation time (minutes since scenario start) at which the entry takes effect."""
    entered_at_utc: str
    """Wall-clock time the entry was committed, ISO 8601 UTC (not part of the model state)."""
    kind: str
    """What the entry is, e.g. ``inject``, ``msel_delivery``, ``decision``, ``pause``."""
    payload_json: str
    """The entry's content as canonical JSON text (immutable; see ``payload``)."""
    author: str | None
    """Who entered it (controller name or role), if recorded."""

    @property
    def payload(self) -> dict[str, Any]:
        """The content decoded into a fresh dict (each call returns a new copy)."""
        return json.loads(self.payload_json)


@dataclass(frozen=True, slots=True)
class Event:
    """One state change of the model, as recorded in the ``events`` table."""

    seq: int
    """Order of recording, 1, 2, 3, ..."""
    t_min: float
    """Simulation time of the change, minutes since scenario start."""
    kind: str
    """What changed, e.g. ``casualty.onset``, ``hospital.admit``."""
    entity: str | None
    """The entity it belongs to (``casualty:1234``, ``hospital:H2``), if any."""
    payload_json: str | None
    """Details as canonical JSON text, or ``None``."""

    @property
    def payload(self) -> dict[str, Any] | None:
        """The details decoded into a fresh dict, or ``None``."""
        return None if self.payload_json is None else json.loads(self.payload_json)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One value of a time series at one simulation minute."""

    t_min: float
    """Simulation time, minutes since scenario start."""
    series: str
    """Series name, e.g. ``casualties_by_state``."""
    key: str
    """Breakdown within the series (``immediate``, ``H2``); ``""`` for a single total."""
    value: float
    """The value (a count or a quantity in the unit the series name says)."""
