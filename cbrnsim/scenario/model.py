"""The root of a scenario file (format version 1)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

from pydantic import Field, PrivateAttr

from .behaviour import Behaviour
from .common import ScenarioModel
from .countermeasures import Countermeasures
from .geography import Geography
from .hospitals import Hospital
from .injects import Inject
from .metadata import Metadata
from .objectives import Objective
from .population import PopulationZone
from .releases import Release
from .responders import Responders, Station
from .weather import WeatherObservation, weather_at

SCHEMA_VERSION = 1
"""The scenario format version this code reads."""


class Scenario(ScenarioModel):
    """A complete exercise scenario: the world at STARTEX, the script, and what is measured."""

    schema_version: Literal[1] = Field(description="Scenario format version; must be 1 (integer).")
    metadata: Metadata = Field(description="Title, marking, organisers, start and duration.")
    geography: Geography = Field(description="The local map frame and its bounds.")
    weather: tuple[WeatherObservation, ...] = Field(
        min_length=1, description="Weather timeline; the first observation is at time 0, times increase.")
    releases: tuple[Release, ...] = Field(min_length=1, description="The planned releases.")
    population: tuple[PopulationZone, ...] = Field(default=(), description="Population zones.")
    responders: Responders = Field(description="Dispatch timings and responder stations.")
    hospitals: tuple[Hospital, ...] = Field(min_length=1, description="Receiving hospitals.")
    msel: tuple[Inject, ...] = Field(default=(), description="Master Scenario Events List: scripted injects.")
    objectives: tuple[Objective, ...] = Field(default=(), description="Exercise objectives with measurable targets.")
    countermeasures: Countermeasures = Field(
        default_factory=Countermeasures,
        description="Points of dispensing (prophylaxis) and community reception centres (radiological screening).")
    behaviour: Behaviour = Field(default_factory=Behaviour,
                                 description="Behaviour of the public and of triage (defaults are sourced).")

    _source_text: str = PrivateAttr(default="")
    _source_path: str = PrivateAttr(default="")

    def __eq__(self, other: object) -> bool:
        """Equal when the content is equal; where it was loaded from does not matter."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = ScenarioModel.__hash__

    # --- provenance -------------------------------------------------------------------------
    @property
    def source_text(self) -> str:
        """The YAML text this scenario was loaded from ('' when built in Python)."""
        return self._source_text

    @property
    def source_path(self) -> str:
        """The file this scenario was loaded from ('' when built in Python)."""
        return self._source_path

    def with_source(self, text: str, path: str) -> Scenario:
        """The same scenario remembering the text and file it came from (used by the loader)."""
        self._source_text = text
        self._source_path = path
        return self

    def canonical_json(self) -> str:
        """The scenario as canonical JSON: sorted keys, no spaces, UTF-8; equal scenarios give equal text."""
        return json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True,
                          separators=(",", ":"), ensure_ascii=False)

    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON; comments and formatting of the file do not change it."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    # --- time -----------------------------------------------------------------------------
    @property
    def end_min(self) -> float:
        """Scenario time at which the exercise ends (min)."""
        return self.metadata.duration_min

    def wall_clock(self, time_min: float) -> dt.datetime:
        """Local date-time at a scenario time."""
        return self.metadata.wall_clock(time_min)

    def weather_at(self, time_min: float) -> WeatherObservation:
        """The planned weather in force at a scenario time (injected wind changes not included)."""
        return weather_at(self.weather, time_min)

    # --- look-ups -------------------------------------------------------------------------
    def hospital(self, hospital_id: str) -> Hospital:
        """The hospital with this id (KeyError otherwise)."""
        return _by_id(self.hospitals, hospital_id, "hospital")

    def station(self, station_id: str) -> Station:
        """The responder station with this id (KeyError otherwise)."""
        return _by_id(self.responders.stations, station_id, "station")

    def zone(self, zone_id: str) -> PopulationZone:
        """The population zone with this id (KeyError otherwise)."""
        return _by_id(self.population, zone_id, "zone")

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id (KeyError otherwise)."""
        return _by_id(self.objectives, objective_id, "objective")

    def release(self, release_id: str) -> Release:
        """The planned release with this id (KeyError otherwise)."""
        return _by_id(self.releases, release_id, "release")

    def agent_ids(self) -> list[str]:
        """Agent ids used by planned releases and secondary-release injects, in first-use order."""
        ids = [r.agent for r in self.releases]
        ids += [i.release.agent for i in self.msel if i.type == "release"]
        return list(dict.fromkeys(ids))


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _by_id(items: Sequence[_T], wanted: str, what: str) -> _T:
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(i.id for i in items) or "none"
    raise KeyError(f"no {what} '{wanted}' (known: {known})")
