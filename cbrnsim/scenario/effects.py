"""Model effects: what an inject does to the running simulation.

Each effect is a small frozen model tagged by ``type``. An inject of the MSEL is an effect plus
the HSEEP fields (see :mod:`cbrnsim.scenario.injects`); a player decision may carry one effect.
The engine applies effects; it never needs the HSEEP fields to do so.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .common import Fraction, Identifier, Point, ScenarioModel, SourceText
from .hospitals import BedChanges, Doses, HospitalStatus
from .releases import ReleaseSpec
from .responders import UnitKind
from .weather import StabilityClass, Terrain


class WindChange(ScenarioModel):
    """The wind shifts from delivery onward; unset fields keep their current value."""

    type: Literal["wind_change"] = Field(default="wind_change", description="Inject type tag.")
    wind_speed_m_s: float = Field(gt=0, le=60, allow_inf_nan=False, description="New mean wind speed at 10 m (m/s).")
    wind_from_deg: float = Field(ge=0, lt=360, allow_inf_nan=False,
                                 description="New direction the wind blows FROM, clockwise from north (degrees).")
    stability: StabilityClass | None = Field(default=None, description="New Pasquill–Gifford class, A–F; omit to keep.")
    terrain: Terrain | None = Field(default=None, description="New dispersion regime; omit to keep.")
    temperature_c: float | None = Field(default=None, ge=-60, le=60, description="New air temperature (°C); omit to keep.")


class SecondaryRelease(ScenarioModel):
    """A further release (a secondary device) that starts when the inject is delivered."""

    type: Literal["release"] = Field(default="release", description="Inject type tag.")
    release: ReleaseSpec = Field(description="The release; it starts at the inject's delivery time.")


class HospitalStatusChange(ScenarioModel):
    """A hospital opens, diverts, closes or is contaminated, and/or gains or loses beds."""

    type: Literal["hospital_status"] = Field(default="hospital_status", description="Inject type tag.")
    hospital: Identifier = Field(description="Id of the hospital concerned (text).")
    status: HospitalStatus | None = Field(default=None, description="New status; omit to keep.")
    bed_changes: BedChanges = Field(default_factory=BedChanges, description="Beds added (+) or lost (−) per type.")

    @model_validator(mode="after")
    def _does_something(self) -> HospitalStatusChange:
        if self.status is None and self.bed_changes == BedChanges():
            raise ValueError("give a new status, bed_changes, or both")
        return self


class UnitsArrive(ScenarioModel):
    """Extra units (mutual aid) report to a station, with that kind's parameters there or elsewhere."""

    type: Literal["units_arrive"] = Field(default="units_arrive", description="Inject type tag.")
    station: Identifier = Field(description="Id of the station they report to (text).")
    kind: UnitKind = Field(description="Kind of unit.")
    count: int = Field(ge=1, le=1000, description="How many units arrive (units).")
    origin: str = Field(default="", description="Where they come from, e.g. 'Northport mutual aid' (text).")


class UnitOutOfService(ScenarioModel):
    """Units at a station become unavailable (breakdown, contaminated, crew down)."""

    type: Literal["unit_out_of_service"] = Field(default="unit_out_of_service", description="Inject type tag.")
    station: Identifier = Field(description="Id of the station whose units are lost (text).")
    kind: UnitKind = Field(description="Kind of unit.")
    count: int = Field(ge=1, le=1000, description="How many units (units).")
    duration_min: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                       description="How long they are out (min); omit for the rest of the exercise.")
    reason: str = Field(default="", description="Why, as told to players (text).")


class RoadClosure(ScenarioModel):
    """Roads through an area are closed or jammed: trips crossing it take longer."""

    type: Literal["road_closure"] = Field(default="road_closure", description="Inject type tag.")
    road: str = Field(min_length=1, description="Name of the road or junction (text).")
    centre: Point = Field(description="Centre of the affected area (m, local frame).")
    radius_m: float = Field(gt=0, le=100_000, allow_inf_nan=False, description="Radius of the affected area (m).")
    travel_time_factor: float = Field(ge=1, le=20, allow_inf_nan=False,
                                      description="Multiplier on the travel time of trips whose straight route "
                                                  "crosses the area (×); a detour is typically 1.5–3.")
    duration_min: float | None = Field(default=None, gt=0, allow_inf_nan=False,
                                       description="How long it lasts (min); omit for the rest of the exercise.")


class ProtectiveAction(ScenarioModel):
    """Shelter-in-place or evacuation ordered for population zones."""

    type: Literal["protective_action"] = Field(default="protective_action", description="Inject type tag.")
    action: Literal["shelter", "evacuate"] = Field(description="'shelter' (in place) or 'evacuate'.")
    zones: tuple[Identifier, ...] = Field(min_length=1, description="Ids of the zones ordered (text each).")
    compliance: Fraction = Field(description="Share of the people in those zones who comply (0–1).")
    delay_min: float | None = Field(
        default=None, ge=0, le=1440, allow_inf_nan=False,
        description="From the order to compliant people being indoors (shelter) or setting off (evacuate) "
                    "(min); omit for the engine's default (10 min shelter, 30 min evacuation, planning "
                    "assumptions in docs/models-exposure.md). A stewarded stadium empties in minutes: the "
                    "Guide to Safety at Sports Grounds (SGSA, 6th ed. 2018, §10.7) limits the egress time "
                    "from any viewing area to 8 min.")
    source: SourceText


class StockpileDelivery(ScenarioModel):
    """Antidote or prophylaxis stock delivered to a hospital or a station."""

    type: Literal["stockpile_delivery"] = Field(default="stockpile_delivery", description="Inject type tag.")
    hospital: Identifier | None = Field(default=None, description="Id of the receiving hospital (text); or give station.")
    station: Identifier | None = Field(default=None, description="Id of the receiving station (text); or give hospital.")
    items: dict[str, Doses] = Field(min_length=1, description="What arrives: name -> doses (doses).")

    @model_validator(mode="after")
    def _one_destination(self) -> StockpileDelivery:
        if (self.hospital is None) == (self.station is None):
            raise ValueError("give exactly one of hospital or station")
        return self


class AgentIdentified(ScenarioModel):
    """The agent has been identified: antidote-specific treatment can start."""

    type: Literal["agent_identified"] = Field(default="agent_identified", description="Inject type tag.")
    agent: str = Field(min_length=1, description="Agent id from the agent library (text).")
    confidence: Literal["presumptive", "confirmed"] = Field(
        default="presumptive", description="'presumptive' (field detector, symptoms) or 'confirmed' (laboratory).")
    identified_by: str = Field(default="", description="Who identified it, e.g. 'HAZMAT 1 detector' (text).")


class PublicMessage(ScenarioModel):
    """A public message that changes how many worried-well seek care from delivery onward."""

    type: Literal["public_message"] = Field(default="public_message", description="Inject type tag.")
    worried_well_factor: float = Field(
        default=1.0, ge=0, le=10, allow_inf_nan=False,
        description="Multiplier on the worried-well arrival rate from delivery onward (×); "
                    "below 1 for clear reassuring advice, above 1 for alarming or confusing messages.")
    channel: str = Field(default="", description="Radio, TV, SMS cell broadcast, social media… (text).")


Effect = Annotated[
    Union[WindChange, SecondaryRelease, HospitalStatusChange, UnitsArrive, UnitOutOfService, RoadClosure,
          ProtectiveAction, StockpileDelivery, AgentIdentified, PublicMessage],
    Field(discriminator="type"),
]
"""Any model effect, chosen by its ``type``."""

EFFECT_TYPES: tuple[str, ...] = (
    "wind_change", "release", "hospital_status", "units_arrive", "unit_out_of_service", "road_closure",
    "protective_action", "stockpile_delivery", "agent_identified", "public_message",
)
"""The ``type`` tags of the model effects."""
