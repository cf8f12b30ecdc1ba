"""Spreadsheet cells as Excel and LibreOffice leave them: every accepted form of time, number, list."""
from __future__ import annotations

import datetime as dt

import pytest

from cbrnsim.authoring.cells import (
    CellError, clean_text, column_letter, read_capabilities, read_list, read_tag, read_time_min, read_whole_number,
)

START = dt.datetime(2026, 3, 10, 7, 45)


@pytest.mark.parametrize("raw,minutes", [
    ("T+01:30", 90), ("t+1:30", 90), (" T + 01:30 ", 90), ("T+72:00", 4320), ("T+00:01:30", 1.5),
    ("01:30", 90), ("1:30", 90), ("90", 90), ("90,5", 90.5), ("90 min", 90), ("90m", 90), ("1.5 h", 90),
    ("1,5 h", 90), ("1 h 30", 90), ("1h30min", 90), ("2 hours", 120), (90, 90), (1.5, 1.5),
    (dt.time(1, 30), 90), (dt.timedelta(hours=25, minutes=30), 1530),
    (dt.datetime(1900, 1, 1, 1, 30), 1530),  # an Excel [h]:mm serial of 1.0625 days, read as a date-time
    (dt.datetime(1899, 12, 30, 1, 30), 90),  # a time-only serial shown as a date-time
    (dt.datetime(2026, 3, 10, 9, 15), 90), ("2026-03-10 09:15", 90),  # wall clock, STARTEX 07:45
    ("90\u00a0", 90),  # a no-break space Excel keeps
])
def test_accepted_times(raw: object, minutes: float) -> None:
    assert read_time_min(raw, START) == pytest.approx(minutes)


@pytest.mark.parametrize("raw", ["soon", "", None, "2026-03-10 07:00", True, "T+1:75", float("nan")])
def test_refused_times_say_what_is_accepted(raw: object) -> None:
    with pytest.raises(CellError):
        read_time_min(raw, START)


@pytest.mark.parametrize("raw,number", [(3, 3), (3.0, 3), ("3", 3), (" 03 ", 3), ("3.0", 3), ("", None), (None, None)])
def test_event_numbers(raw: object, number: int | None) -> None:
    assert read_whole_number(raw) == number


@pytest.mark.parametrize("raw", ["two", "3.5", 3.5, True])
def test_bad_event_numbers(raw: object) -> None:
    with pytest.raises(CellError):
        read_whole_number(raw)


def test_tags_lists_and_text() -> None:
    assert read_tag(" Wind change ") == read_tag("wind-change") == read_tag("WIND_CHANGE") == "wind_change"
    assert read_list("OBJ-1, OBJ-2;OBJ-3\nOBJ-4 ", ",;") == ["OBJ-1", "OBJ-2", "OBJ-3", "OBJ-4"]
    assert read_capabilities("screening, search, and detection; Mass Care Services") == [
        "Screening, Search, and Detection", "Mass Care Services"]
    assert clean_text("\u201cquoted\u201d  ") == '"quoted"'
    assert [column_letter(i) for i in (0, 13, 25, 26, 27)] == ["A", "N", "Z", "AA", "AB"]
