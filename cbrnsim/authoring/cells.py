"""Read the cells of an MSEL spreadsheet as a planner's spreadsheet program leaves them.

Excel and LibreOffice turn "01:30" into a time, "3" into a number, add trailing spaces, and
(LibreOffice) curly quotes. Each reader here takes a raw cell (text from a CSV, or the typed
value openpyxl gives for .xlsx) and returns the value, or raises :class:`CellError` with a
message that says what is accepted. The accepted forms are listed in docs/authoring.md.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..scenario.common import parse_time_min
from ..scenario.objectives import CORE_CAPABILITIES

EXCEL_DAY_ZERO = dt.datetime(1899, 12, 31)
"""Excel's serial 0 ("1900-01-00"), as openpyxl reads serials below 60 (serial 1 is 1900-01-01)."""

EXCEL_CALENDAR_END = dt.datetime(1900, 3, 1)
"""Date-times before this are Excel durations (serials below 60 days), not dates of an exercise."""

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"})
_CLOCK = re.compile(r"^\+?(\d{1,4}):([0-5]\d)(?::([0-5]\d))?$")
_NUMBER = re.compile(r"^[+]?\d+(?:[.,]\d+)?$")
_HOURS_MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)\.?(?:\s*(\d+(?:[.,]\d+)?)\s*"
                            r"(?:m|min|mins|minute|minutes)?\.?)?$", re.I)
_MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes)\.?$", re.I)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?$")

TIME_FORMS = ("T+01:30", "01:30 (elapsed, not clock time)", "90 (minutes)", "90 min", "1.5 h", "1,5 h", "1 h 30",
              "an Excel time or duration", "a date-time on or after STARTEX (YYYY-MM-DD HH:MM, or an Excel date-time)")
"""What the Scenario Time column accepts, for messages and the docs."""


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def clean_text(raw: Any) -> str:
    """The cell as text: spaces (incl. no-break) at the ends removed, curly quotes straightened."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        return raw.isoformat()
    text = str(raw).translate(_QUOTES).replace("\r\n", "\n")
    return text.strip(" \t\n\u00a0\u2007\u202f\ufeff")


def is_blank(raw: Any) -> bool:
    """Whether a cell is empty (or only spaces)."""
    return clean_text(raw) == ""


def _decimal(text: str) -> float:
    return float(text.replace(",", "."))


def read_time_min(raw: Any, start: dt.datetime) -> float:
    """Minutes since STARTEX from a Scenario Time cell (see TIME_FORMS); `start` is the local STARTEX."""
    if isinstance(raw, bool):
        raise CellError("expected a time, got TRUE/FALSE")
    if isinstance(raw, (int, float)):
        return _finite_minutes(float(raw))
    if isinstance(raw, dt.timedelta):
        return _finite_minutes(raw.total_seconds() / 60)
    if isinstance(raw, dt.time):
        return raw.hour * 60 + raw.minute + raw.second / 60
    if isinstance(raw, dt.datetime):
        return _from_date_time(raw, start)
    text = _SPACES.sub(" ", clean_text(raw))
    if not text:
        raise CellError("is empty; every inject needs its time, e.g. T+01:30")
    return _from_text(text, start)


def _from_text(text: str, start: dt.datetime) -> float:
    compact = text.replace(" ", "")
    if compact[:2].upper() == "T+":
        return _t_plus(text)
    clock = _CLOCK.match(compact)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours) * 60 + int(minutes) + (int(seconds) / 60 if seconds else 0.0)
    if _NUMBER.match(compact):
        return _finite_minutes(_decimal(compact.lstrip("+")))
    hours_minutes = _HOURS_MINUTES.match(text)
    if hours_minutes:
        hours, minutes = hours_minutes.groups()
        return _decimal(hours) * 60 + (_decimal(minutes) if minutes else 0.0)
    minutes_only = _MINUTES.match(text)
    if minutes_only:
        return _decimal(minutes_only.group(1))
    if _DATE_TIME.match(text):
        return _from_date_time(dt.datetime.fromisoformat(text.replace(" ", "T")), start)
    raise CellError(f"'{text}' is not a time; write {', '.join(TIME_FORMS[:6])}")


def _t_plus(text: str) -> float:
    normalised = "T" + text[1:] if text[:1] == "t" else text
    try:
        value = parse_time_min(normalised)
    except ValueError:
        raise CellError(f"'{text}' is not a time; write T+hh:mm, e.g. T+01:30") from None
    return float(value)


def _from_date_time(value: dt.datetime, start: dt.datetime) -> float:
    value = value.replace(tzinfo=None)
    if value < EXCEL_CALENDAR_END:
        # An Excel time or duration formatted as a date-time lands in Excel's first days: the
        # elapsed time is its distance from serial 0 (a time-only serial may show as 1899-12-30).
        return max(0.0, (value - EXCEL_DAY_ZERO).total_seconds() / 60) if value >= EXCEL_DAY_ZERO \
            else value.hour * 60 + value.minute + value.second / 60
    minutes = (value - start.replace(tzinfo=None)).total_seconds() / 60
    if minutes < 0:
        raise CellError(f"{value:%Y-%m-%d %H:%M} is before STARTEX ({start:%Y-%m-%d %H:%M}); "
                        "give the time since STARTEX, e.g. T+01:30")
    return minutes


def _finite_minutes(value: float) -> float:
    if not math.isfinite(value):
        raise CellError("must be a finite number of minutes")
    return value


def read_whole_number(raw: Any) -> int | None:
    """An event number: 3, 3.0, "3", " 03 "; None for an empty cell."""
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise CellError("expected a whole number, got TRUE/FALSE")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not raw.is_integer():
            raise CellError(f"expected a whole number, got {raw:g}")
        return int(raw)
    text = clean_text(raw)
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise CellError(f"expected a whole number, got '{text}'") from None
    if not value.is_integer():
        raise CellError(f"expected a whole number, got '{text}'")
    return int(value)


def read_tag(raw: Any) -> str:
    """A type or method tag: 'Wind change', 'wind-change', 'WIND_CHANGE ' -> 'wind_change'."""
    text = _SPACES.sub(" ", clean_text(raw)).lower()
    return re.sub(r"[\s\-]+", "_", text)


def read_list(raw: Any, separators: str) -> list[str]:
    """Items of a list cell split on any of `separators` (and line breaks), blanks dropped."""
    text = clean_text(raw)
    parts = re.split("[" + re.escape(separators) + r"\n]", text)
    return [p.strip(" \t\u00a0") for p in parts if p.strip(" \t\u00a0")]


_CAPABILITY_BY_LOWER = {c.lower(): c for c in CORE_CAPABILITIES}


def read_capabilities(raw: Any) -> list[str]:
    """Core capabilities separated by ';' or line breaks (names contain commas), any letter case."""
    return [_CAPABILITY_BY_LOWER.get(_SPACES.sub(" ", name).lower(), name) for name in read_list(raw, ";")]


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
