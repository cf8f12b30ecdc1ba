"""Responder stations and their unit pools, and the dispatch centre's timings.

Numbers here are operational planning figures; every scenario must say where its figures come
from in the pool's ``source`` (or a YAML comment next to the number).
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Identifier, Point, ScenarioModel, SourceText

UnitKind = Literal["ambulance", "hazmat", "decon", "fire_rescue", "medical_team"]
"""The unit pools a station can hold; also the `kind` of units_arrive / unit_out_of_service injects."""

UNIT_KINDS: tuple[UnitKind, ...] = ("ambulance", "hazmat", "decon", "fire_rescue", "medical_team")
"""Every unit kind, in the order stations list their pools."""


class PoolBase(ScenarioModel):
    """What every unit pool has: how many, crewed by whom, how fast they roll."""

    count: int = Field(ge=0, le=10_000, description="Units in the pool (units).")
    crew: int = Field(ge=1, le=100, description="People per unit (persons).")
    speed_km_h: float = Field(gt=0, le=200, allow_inf_nan=False,
                              description="Average road speed on emergency runs (km/h).")
    turnout_min: float = Field(ge=0, le=240, allow_inf_nan=False,
                               description="From dispatch to wheels rolling (min).")
    source: SourceText


class AmbulancePool(PoolBase):
    """Ambulances: carry patients from the scene (or casualty clearing) to hospital."""

    patients_per_unit: int = Field(default=1, ge=1, le=20, description="Stretcher patients carried per trip (patients).")
    handover_min: float = Field(default=15.0, ge=0, le=240, allow_inf_nan=False,
                                description="Patient handover at the hospital before the unit is free (min).")


class HazmatPool(PoolBase):
    """HAZMAT teams: reconnaissance, detection and agent identification, hot-zone entry."""

    setup_min: float = Field(ge=0, le=240, allow_inf_nan=False,
                             description="On-scene set-up before entry: PPE, briefing, entry control (min).")
    identification_min: float = Field(ge=0, le=24 * 60, allow_inf_nan=False,
                                      description="From entry to a presumptive identification of the agent (min).")
    extraction_people_per_h: float = Field(default=0.0, ge=0, le=1000, allow_inf_nan=False,
                                           description="Non-ambulatory casualties carried out of the hot zone per team (persons/h).")


class DeconPool(PoolBase):
    """Mass-casualty decontamination units (a line each)."""

    setup_min: float = Field(ge=0, le=240, allow_inf_nan=False,
                             description="From arrival to the first person through the line (min).")
    ambulatory_people_per_h: float = Field(gt=0, le=2000, allow_inf_nan=False,
                                           description="Walking people decontaminated per line (persons/h).")
    non_ambulatory_people_per_h: float = Field(gt=0, le=500, allow_inf_nan=False,
                                               description="Stretcher casualties decontaminated per line (persons/h).")


class FireRescuePool(PoolBase):
    """Fire and rescue appliances: scene safety, gross decon, extraction, cordons."""

    extraction_people_per_h: float = Field(default=0.0, ge=0, le=1000, allow_inf_nan=False,
                                           description="Non-ambulatory casualties carried out per appliance crew (persons/h).")
    gross_decon: bool = Field(default=True, description="Can give improvised (disrobe + water) decon on arrival (yes/no).")


class MedicalTeamPool(PoolBase):
    """Medical teams deployed to the scene: triage, antidotes, casualty clearing."""

    patients_per_h: float = Field(gt=0, le=1000, allow_inf_nan=False,
                                  description="Casualties triaged and given first treatment per team (patients/h).")
    autoinjectors_per_team: int = Field(default=0, ge=0, le=10_000,
                                        description="Nerve-agent antidote autoinjectors carried per team (doses).")


class Station(ScenarioModel):
    """A base from which units are dispatched (ambulance station, fire station, HAZMAT base)."""

    id: Identifier = Field(description="Unique station id (text).")
    name: str = Field(min_length=1, description="Name shown to players (text).")
    location: Point = Field(description="Where the units start (m, local frame).")
    ambulance: AmbulancePool | None = Field(default=None, description="Ambulances based here.")
    hazmat: HazmatPool | None = Field(default=None, description="HAZMAT teams based here.")
    decon: DeconPool | None = Field(default=None, description="Decontamination units based here.")
    fire_rescue: FireRescuePool | None = Field(default=None, description="Fire/rescue appliances based here.")
    medical_team: MedicalTeamPool | None = Field(default=None, description="Deployable medical teams based here.")

    @model_validator(mode="after")
    def _has_units(self) -> Station:
        if not any(getattr(self, kind) is not None for kind in UNIT_KINDS):
            raise ValueError("a station needs at least one unit pool (ambulance, hazmat, decon, fire_rescue, medical_team)")
        return self

    def pool(self, kind: UnitKind) -> PoolBase | None:
        """The pool of that kind, if the station has one."""
        return getattr(self, kind)

    def pools(self) -> dict[UnitKind, PoolBase]:
        """The station's pools by kind."""
        return {kind: pool for kind in UNIT_KINDS if (pool := self.pool(kind)) is not None}


class Responders(ScenarioModel):
    """Dispatch timings and the responder stations."""

    call_processing_min: float = Field(
        default=1.0, ge=0, le=60, allow_inf_nan=False,
        description="From answering an emergency call to dispatching a unit (min). Default 1.0: NFPA 1221 "
                    "(2019) §7.4.2 sets 60 s for 90 % of alarm processing.")
    source: SourceText
    stations: tuple[Station, ...] = Field(min_length=1, description="Every responder station.")
