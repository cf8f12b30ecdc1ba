"""Exercise metadata: time zone, local start, wall-clock labels."""
from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import DEFAULT_MARKING, Metadata


def _meta(**over: object) -> Metadata:
    fields: dict[str, object] = {"title": "T", "start": "2026-03-28T23:00", "time_zone": "Europe/Berlin",
                                 "duration_min": 240}
    fields.update(over)
    return Metadata.model_validate(fields)


def test_defaults() -> None:
    meta = _meta()
    assert meta.handling_marking == DEFAULT_MARKING == "EXERCISE — FOR TRAINING ONLY"
    assert meta.exercise_type == "tabletop"


def test_wall_clock_crosses_daylight_saving_change() -> None:
    # Central Europe moves clocks from 02:00 CET to 03:00 CEST on 29 March 2026 (EU Directive 2000/84/EC:
    # last Sunday of March, 01:00 UTC). Four hours after 23:00 CET is 04:00 CEST, not 03:00.
    meta = _meta()
    assert meta.wall_clock(240).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 4, 0)
    assert meta.clock_label(240) == "T+04:00 (04:00 CEST)"
    assert meta.clock_label(0) == "T+00:00 (23:00 CET)"


def test_start_is_local_and_aware_on_request() -> None:
    assert _meta().start_local().utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize("zone", ["CET+1", "Mars/Olympus", "", "../etc/passwd"])
def test_unknown_time_zones_are_rejected(zone: str) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        _meta(time_zone=zone)


def test_start_with_offset_is_rejected() -> None:
    with pytest.raises(ValidationError, match="without an offset"):
        _meta(start="2026-03-10T07:45:00+01:00")


@pytest.mark.parametrize("duration", [0, -5, 10**9])
def test_duration_must_be_positive_and_bounded(duration: float) -> None:
    with pytest.raises(ValidationError):
        _meta(duration_min=duration)
