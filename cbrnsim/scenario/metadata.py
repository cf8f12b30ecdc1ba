"""Who runs the exercise, when it starts, how long it lasts and how it is marked."""
from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, field_validator

from .common import ScenarioModel, check_time_zone, format_time_min

DEFAULT_MARKING = "EXERCISE — FOR TRAINING ONLY"
"""The handling marking printed on every screen and page unless the scenario says otherwise."""


_LOCAL_DATETIME_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$"}
"""A local date-time without offset; JSON Schema's 'date-time' format would demand one."""


class Contact(ScenarioModel):
    """The exercise point of contact printed in the after-action report."""

    name: str = Field(min_length=1, description="Full name (text).")
    role: str = Field(default="Exercise Director", description="Role in the exercise (text).")
    organisation: str = Field(default="", description="Organisation (text).")
    phone: str = Field(default="", description="Telephone number (text).")
    email: str = Field(default="", description="E-mail address (text).")


class Metadata(ScenarioModel):
    """Title, marking, organisers, start and duration of the exercise."""

    title: str = Field(min_length=1, max_length=200, description="Exercise name shown everywhere (text).")
    handling_marking: str = Field(
        default=DEFAULT_MARKING, min_length=1,
        description="Marking printed at the top of every screen, page and export (text), "
                    "e.g. 'EXERCISE — FOR TRAINING ONLY'.")
    summary: str = Field(default="", description="Two or three sentences for a newcomer: what happens and where (text).")
    exercise_type: Literal["tabletop", "functional", "full_scale", "drill", "workshop"] = Field(
        default="tabletop", description="HSEEP exercise type (HSEEP 2020, ch. 2).")
    scenario_version: str = Field(default="1", description="Author's own version label of this scenario (text).")
    organisers: tuple[str, ...] = Field(default=(), description="Organisations that design and run the exercise (text each).")
    sponsor: str = Field(default="", description="Sponsoring organisation (text).")
    participating_organisations: tuple[str, ...] = Field(
        default=(), description="Organisations whose staff play (text each).")
    point_of_contact: Contact | None = Field(default=None, description="Exercise point of contact for the report.")
    start: Annotated[dt.datetime, WithJsonSchema(_LOCAL_DATETIME_SCHEMA)] = Field(
        description="Local wall-clock date and time of STARTEX (T+00:00), ISO 8601 without offset, "
                    "e.g. '2025-03-11T07:50'; the time zone is given separately.")
    time_zone: str = Field(description="IANA time zone of the exercise area, e.g. 'Europe/Berlin' (text).")
    duration_min: float = Field(gt=0, le=30 * 24 * 60, allow_inf_nan=False,
                                description="Length of the exercise from STARTEX (min); injects must fall inside.")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_time_zone(value)

    @field_validator("start")
    @classmethod
    def _naive_start(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is not None:
            raise ValueError("write the local time without an offset (e.g. '2025-03-11T07:50'); "
                             "the time zone goes in time_zone")
        return value

    def zone(self) -> zoneinfo.ZoneInfo:
        """The exercise's time zone."""
        return zoneinfo.ZoneInfo(self.time_zone)

    def start_local(self) -> dt.datetime:
        """STARTEX as a time-zone-aware local date-time."""
        return self.start.replace(tzinfo=self.zone())

    def wall_clock(self, time_min: float) -> dt.datetime:
        """The local date-time at scenario time `time_min` (correct across DST changes)."""
        start_utc = self.start_local().astimezone(dt.timezone.utc)
        return (start_utc + dt.timedelta(minutes=time_min)).astimezone(self.zone())

    def clock_label(self, time_min: float) -> str:
        """``"T+01:30 (09:20 CET)"``: scenario time and local wall-clock time together."""
        local = self.wall_clock(time_min)
        return f"{format_time_min(time_min)} ({local:%H:%M} {local.tzname()})"
