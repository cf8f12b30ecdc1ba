"""Injects: the typed events of the MSEL and of the live exercise (a discriminated union).

Every inject carries the HSEEP MSEL fields (number, time, from, to, method, content, expected
player action, objectives, core capabilities, responsible controller, evaluator notes). Those
with a model effect are also that effect (``WindChangeInject`` is a ``WindChange``), so the
engine applies ``model_effect(inject)`` and never looks at the paperwork.

Built in Python the same way as in YAML::

    WindChangeInject(time_min="T+00:45", wind_speed_m_s=3, wind_from_deg=200, content="Met office update")
    parse_inject({"type": "message", "time_min": 10, "content": "Caller reports people collapsing"})
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter

from .common import Identifier, ScenarioModel, TimeMin
from .effects import (
    AgentIdentified, Effect, HospitalStatusChange, ProtectiveAction, PublicMessage, RoadClosure,
    SecondaryRelease, StockpileDelivery, UnitOutOfService, UnitsArrive, WindChange,
)
from .objectives import CoreCapability, Rating

DeliveryMethod = Literal["in_person", "phone", "radio", "email", "text_message", "paper", "video",
                         "news_media", "social_media", "system", "other"]
"""How the inject reaches the players (the HSEEP MSEL 'method' column)."""


class InjectFields(ScenarioModel):
    """The HSEEP MSEL fields every inject has."""

    number: int | None = Field(default=None, ge=1, le=100_000,
                               description="MSEL event number (integer); omit for unscripted injects.")
    time_min: TimeMin = Field(description="Scenario time of delivery (min since STARTEX, or 'T+hh:mm').")
    title: str = Field(default="", max_length=200, description="Short heading for lists (text).")
    from_: str = Field(default="Exercise Control", alias="from",
                       description="Who the inject is from, as played (text), e.g. 'Dispatch (SimCell)'.")
    to: str = Field(default="All players", description="Player or cell it is delivered to (text).")
    method: DeliveryMethod = Field(default="in_person", description="Delivery method.")
    content: str = Field(default="", description="What the players are told or shown (text).")
    expected_action: str = Field(default="", description="Expected player action (text).")
    objectives: tuple[Identifier, ...] = Field(default=(), description="Ids of the objectives it supports.")
    core_capabilities: tuple[CoreCapability, ...] = Field(default=(), description="Core capabilities it exercises.")
    controller: str = Field(default="", description="Responsible controller (text).")
    evaluator_notes: str = Field(default="", description="What evaluators should watch for (text).")


class MessageInject(InjectFields):
    """A narrative message; no model effect."""

    type: Literal["message"] = Field(default="message", description="Inject type tag.")


class NoteInject(InjectFields):
    """A controller or evaluator note, optionally rating an objective; no model effect."""

    type: Literal["note"] = Field(default="note", description="Inject type tag.")
    objective: Identifier | None = Field(default=None, description="Id of the objective the note is about (text).")
    rating: Rating | None = Field(default=None, description="Evaluator's P/S/M/U rating of that objective.")


class DecisionInject(InjectFields):
    """A player decision recorded by the controller, with the model effect it has, if any."""

    type: Literal["decision"] = Field(default="decision", description="Inject type tag.")
    decision: str = Field(min_length=1, description="What was decided, in the players' words (text).")
    decided_by: str = Field(default="", description="Who decided (role) (text).")
    effect: Effect | None = Field(default=None, description="The model effect of the decision, if any.")


class WindChangeInject(InjectFields, WindChange):
    """Weather update: the wind changes from delivery onward."""


class ReleaseInject(InjectFields, SecondaryRelease):
    """Secondary release (a second device), starting at delivery."""


class HospitalStatusInject(InjectFields, HospitalStatusChange):
    """A hospital's status or beds change."""


class UnitsArriveInject(InjectFields, UnitsArrive):
    """Mutual-aid units arrive."""


class UnitOutOfServiceInject(InjectFields, UnitOutOfService):
    """Units become unavailable."""


class RoadClosureInject(InjectFields, RoadClosure):
    """A road or junction closes."""


class ProtectiveActionInject(InjectFields, ProtectiveAction):
    """Shelter-in-place or evacuation takes effect."""


class StockpileDeliveryInject(InjectFields, StockpileDelivery):
    """Stock arrives at a hospital or station."""


class AgentIdentifiedInject(InjectFields, AgentIdentified):
    """The agent is identified."""


class PublicMessageInject(InjectFields, PublicMessage):
    """A public message goes out."""


Inject = Annotated[
    Union[MessageInject, WindChangeInject, ReleaseInject, HospitalStatusInject, UnitsArriveInject,
          UnitOutOfServiceInject, RoadClosureInject, ProtectiveActionInject, StockpileDeliveryInject,
          AgentIdentifiedInject, PublicMessageInject, DecisionInject, NoteInject],
    Field(discriminator="type"),
]
"""Any inject, chosen by its ``type``."""

INJECT_TYPES: tuple[str, ...] = (
    "message", "wind_change", "release", "hospital_status", "units_arrive", "unit_out_of_service",
    "road_closure", "protective_action", "stockpile_delivery", "agent_identified", "public_message",
    "decision", "note",
)
"""Every inject ``type`` tag."""

_INJECT_ADAPTER: TypeAdapter[Inject] = TypeAdapter(Inject)


def parse_inject(data: dict[str, Any]) -> Inject:
    """Validate one inject given as plain data (raises pydantic.ValidationError)."""
    return _INJECT_ADAPTER.validate_python(data)


def model_effect(inject: Inject) -> Effect | None:
    """The effect the engine must apply: the inject itself, a decision's effect, or None."""
    if isinstance(inject, (MessageInject, NoteInject)):
        return None
    if isinstance(inject, DecisionInject):
        return inject.effect
    return inject  # every other inject class is also its effect class
