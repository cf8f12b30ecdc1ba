"""Releases: what agent, where, how much, when, for how long, at what height.

One model covers the four threat classes; which amount is required depends on the agent's
category in the agent library (checked by the loader): ``quantity_kg`` for chemical agents,
``organisms`` for biological agents, ``activity_bq`` (plus ``explosive_kg_tnt`` for an RDD)
for radiological sources, ``yield_kt`` and ``burst`` for a nuclear device.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Fraction, Identifier, Point, ScenarioModel, SourceText, TimeMin

Geometry = Literal["point", "line", "moving"]
"""A fixed point; a line source (released evenly along a path); a source moving along a path."""


class Enclosure(ScenarioModel):
    """An enclosed space the agent is released into (a metro car, a hall)."""

    volume_m3: float = Field(gt=0, allow_inf_nan=False, description="Air volume of the space (m³).")
    air_changes_per_h: float = Field(ge=0, allow_inf_nan=False,
                                     description="Ventilation: air changes per hour (1/h); doors opening count.")
    occupants: int = Field(ge=0, description="People inside when the release starts (persons).")
    source: SourceText


class ReleaseSpec(ScenarioModel):
    """A release without its start time (a secondary release inject starts when it is delivered)."""

    id: Identifier = Field(description="Unique id of the release, used in results (text).")
    name: str = Field(default="", description="Short label for maps and logs, e.g. 'Car 3, Line 2 northbound' (text).")
    agent: str = Field(min_length=1, description="Agent id from the agent library, e.g. 'sarin', 'chlorine', 'cs-137' (text).")
    geometry: Geometry = Field(default="point", description="'point' (needs location), 'line' or 'moving' (need path).")
    location: Point | None = Field(default=None, description="Where a point release happens (m, local frame).")
    path: tuple[Point, ...] | None = Field(
        default=None, min_length=2,
        description="For 'line': the line the agent is spread along; for 'moving': the route, covered at even "
                    "speed over duration_min (m, local frame).")
    duration_min: float = Field(default=0.0, ge=0, le=7 * 24 * 60, allow_inf_nan=False,
                                description="How long the release lasts (min); 0 means instantaneous (a puff).")
    height_m: float = Field(default=0.0, ge=0, le=20_000, allow_inf_nan=False,
                            description="Effective release height above ground (m).")
    quantity_kg: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                      description="Chemical agent mass released (kg).")
    airborne_fraction: Fraction = Field(
        default=1.0, description="Share of quantity_kg (or activity_bq) that becomes airborne (0–1); "
                                 "e.g. well below 1 for liquid sarin evaporating from punctured bags.")
    activity_bq: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                      description="Radioactive activity dispersed (Bq).")
    organisms: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                    description="Viable organisms or spores aerosolised (count).")
    explosive_kg_tnt: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                           description="Explosive charge of a dispersal device (kg TNT equivalent).")
    yield_kt: float | None = Field(default=None, gt=0, le=1000, allow_inf_nan=False,
                                   description="Nuclear yield (kt TNT equivalent).")
    burst: Literal["surface", "air"] | None = Field(default=None, description="Nuclear burst type: 'surface' or 'air'.")
    enclosure: Enclosure | None = Field(
        default=None, description="Set when the release is inside an enclosed space (a metro car).")
    source: SourceText

    @model_validator(mode="after")
    def _geometry_fields(self) -> ReleaseSpec:
        if self.geometry == "point":
            if self.location is None:
                raise ValueError("a point release needs location")
            if self.path is not None:
                raise ValueError("a point release takes location, not path (or set geometry: line / moving)")
        else:
            if self.path is None:
                raise ValueError(f"a '{self.geometry}' release needs path (two or more points)")
            if self.location is not None:
                raise ValueError(f"a '{self.geometry}' release takes path, not location")
        if (self.yield_kt is None) != (self.burst is None):
            raise ValueError("a nuclear release needs both yield_kt and burst")
        return self

    def points(self) -> tuple[Point, ...]:
        """Every point of the release's geometry."""
        return (self.location,) if self.location is not None else (self.path or ())

    @property
    def is_instantaneous(self) -> bool:
        """True for a puff (duration 0)."""
        return self.duration_min == 0

    def amount_fields(self) -> dict[str, float]:
        """The amount fields that are set, by name."""
        names = ("quantity_kg", "activity_bq", "organisms", "yield_kt")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


class Release(ReleaseSpec):
    """A release planned in the scenario, starting at a given scenario time."""

    start_min: TimeMin = Field(default=0.0, description="When the release begins (min since STARTEX, or 'T+hh:mm').")


def scheduled_release(release: ReleaseSpec, start_min: float) -> Release:
    """A scheduled release from a spec (used when a secondary-release inject is delivered)."""
    return Release(**release.model_dump(), start_min=start_min)

