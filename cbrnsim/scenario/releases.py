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
    """An enclosed space the agent is released into (a metro car, a platform hall).

    Occupants leave in groups: ``exit_shares[k]`` of them get off at the (k+1)-th stop, stops
    ``stop_interval_min`` apart; at every stop the doors replace ``door_exchange_fraction`` of
    the air on top of the ventilation ``air_changes_per_h``.
    """

    volume_m3: float = Field(gt=0, allow_inf_nan=False, description="Air volume of the space (m³).")
    air_changes_per_h: float = Field(ge=0, allow_inf_nan=False,
                                     description="Ventilation with the doors shut: outdoor-air changes per hour (1/h).")
    occupants: int = Field(ge=0, description="People inside when the release starts (persons).")
    stop_interval_min: float = Field(
        default=2.0, gt=0, le=120, allow_inf_nan=False,
        description="Minutes between stops, when doors open and groups of occupants get off (min). Default: "
                    "a metro timetable, e.g. Tokyo Metro Hibiya Line, 20.3 km, 21 stations in ~45 min.")
    exit_shares: tuple[Fraction, ...] = Field(
        default=(0.6, 0.25, 0.15), min_length=1, max_length=30,
        description="Share of occupants getting off at the 1st, 2nd, ... stop; sums to 1 (fractions). Default "
                    "(0.6, 0.25, 0.15): planning assumption — most leave the smell at once, some ride on "
                    "unaware or too ill to move (Tokyo 1995: Okumura et al. 1998, Acad Emerg Med 5:613).")
    door_exchange_fraction: Fraction = Field(
        default=0.0, description="Share of the enclosure air replaced each time the doors open at a stop "
                                 "(0–1); 0 when door openings are already in air_changes_per_h.")
    source: SourceText

    @model_validator(mode="after")
    def _exits_add_up(self) -> Enclosure:
        if abs(sum(self.exit_shares) - 1.0) > 1e-6:
            raise ValueError(f"exit_shares must add up to 1 (they add up to {sum(self.exit_shares):g})")
        return self


class Spill(ScenarioModel):
    """Liquid agent spilt inside an enclosure: it evaporates from a pool instead of being sprayed.

    The engine computes the evaporation rate from the pool area, the air speed over it, the
    agent's vapour pressure at the liquid temperature and its mole fraction in the liquid
    (Raoult's law), until ``quantity_kg`` of agent is gone (US EPA 1999, Risk Management Program
    Guidance for Offsite Consequence Analysis, Appendix D, eq. D-1).
    """

    pool_area_m2: float = Field(gt=0, le=10_000, allow_inf_nan=False,
                                description="Wetted area the liquid evaporates from (m²). Without a better "
                                            "figure: leaked volume spread 1 cm deep (US EPA 1999 RMP OCA "
                                            "Guidance §3.2, 'one centimetre' rule): 1 L → 0.1 m².")
    purity: Fraction = Field(default=1.0, description="Mass fraction of the agent in the liquid (0–1).")
    diluent_molecular_weight_g_mol: float | None = Field(
        default=None, gt=0, le=2000, allow_inf_nan=False,
        description="Mean molar mass of everything else in the liquid (g/mol), for the agent's mole fraction; "
                    "unset: the agent's own molar mass (mole fraction = purity).")
    air_speed_m_s: float = Field(gt=0, le=30, allow_inf_nan=False,
                                 description="Air speed over the pool (m/s).")
    liquid_temperature_c: float = Field(ge=-40, le=60, allow_inf_nan=False,
                                        description="Temperature of the liquid and the air over it (°C).")
    near_field_radius_m: float = Field(
        default=1.0, gt=0, le=10, allow_inf_nan=False,
        description="Radius of the near field around the pool, a hemisphere whose air is richer than the "
                    "rest (m); ~1 m, the breathing zone next to a source (AIHA 2009, Mathematical Models "
                    "for Estimating Occupational Exposure to Chemicals, 2nd ed., ch. 8).")
    near_field_share: Fraction = Field(
        default=0.0, description="Share of the occupants in the near field when the pool forms (0–1): e.g. the "
                                 "near-field floor area over the floor area per occupant. They move into the far "
                                 "field at their first symptoms.")
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
        default=1.0, description="Share of quantity_kg (or activity_bq) that becomes airborne (0–1), for a "
                                 "spray, aerosol or gas; a liquid spilt in an enclosure takes `spill` instead.")
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
    spill: Spill | None = Field(
        default=None, description="Set when liquid agent is spilt in the enclosure and evaporates from a pool "
                                  "(e.g. punctured bags of sarin); quantity_kg is then the agent in the liquid.")
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
        if self.spill is not None:
            if self.enclosure is None:
                raise ValueError("a spill (pool evaporation) is modelled inside an enclosure only: add enclosure")
            if self.quantity_kg is None:
                raise ValueError("a spill needs quantity_kg (the agent in the spilt liquid)")
            if self.airborne_fraction != 1.0:
                raise ValueError("a spill sets its own evaporation rate: leave out airborne_fraction")
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

