"""Cross-reference checks that no single field can make: ids, references, times, places, beds.

They run on whatever parts of a file validated, so that a file with a typo in one hospital
still gets its dangling references and out-of-bounds points reported in the same pass.
Each finding is a path into the document and a message; the loader turns paths into
``FILE:LINE:COL``.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .common import Point, format_time_min
from .countermeasures import Countermeasures
from .effects import (
    AgentIdentified, Effect, HospitalStatusChange, ProtectiveAction, RoadClosure, SecondaryRelease,
    StockpileDelivery, UnitOutOfService, UnitsArrive,
)
from .geography import Bounds
from .hospitals import BED_TYPES, Hospital
from .injects import DecisionInject, Inject, NoteInject, model_effect
from .metadata import Metadata
from .objectives import Objective
from .population import PopulationZone
from .releases import Release, ReleaseSpec
from .responders import Station
from .weather import WeatherObservation

Path = tuple[str | int, ...]
Finding = tuple[Path, str]

AMOUNT_BY_CATEGORY: dict[str, str] = {
    "chemical": "quantity_kg", "biological": "organisms", "radiological": "activity_bq", "nuclear": "yield_kt",
}
"""Which amount field a release of each agent category must give."""


@dataclass
class Parts:
    """The sections of a scenario that validated, each item with its index in the file."""

    metadata: Metadata | None = None
    bounds: Bounds | None = None
    weather: list[tuple[int, WeatherObservation]] = field(default_factory=list)
    releases: list[tuple[int, Release]] = field(default_factory=list)
    zones: list[tuple[int, PopulationZone]] = field(default_factory=list)
    stations: list[tuple[int, Station]] = field(default_factory=list)
    hospitals: list[tuple[int, Hospital]] = field(default_factory=list)
    msel: list[tuple[int, Inject]] = field(default_factory=list)
    objectives: list[tuple[int, Objective]] = field(default_factory=list)
    countermeasures: Countermeasures | None = None
    known_ids: dict[str, list[str]] | None = None
    """Ids written in the file per kind ('hospital', 'station', 'zone', 'objective'), valid or not;
    None means: take them from the validated items."""
    pool_kinds: set[str] | None = None
    """Unit-pool kinds written at any station, valid or not; None: from the validated stations."""

    def ids(self, kind: str) -> list[str]:
        """Every id of that kind, so that one broken entry does not make its references dangle."""
        if self.known_ids is not None:
            return self.known_ids.get(kind, [])
        items = {"hospital": self.hospitals, "station": self.stations, "zone": self.zones,
                 "objective": self.objectives}[kind]
        return [item.id for _, item in items]

    def kinds(self) -> set[str]:
        """Unit-pool kinds some station has."""
        if self.pool_kinds is not None:
            return self.pool_kinds
        return {kind for _, station in self.stations for kind in station.pools()}


@dataclass(frozen=True)
class AgentCatalogue:
    """What the checks need to know about the agent library: ids, and categories when known."""

    categories: dict[str, str | None]
    """Agent id -> category ('chemical', ...), or None when the agent's file could not be read."""
    liquids: frozenset[str] | None = None
    """Chemical agents with a volatility at 20 °C in their file, which a spill can evaporate;
    None when unknown (the library could not be read)."""

    def knows(self, agent_id: str) -> bool:
        """Whether the id names an agent (case-insensitive, as the library looks them up)."""
        return agent_id.lower() in self.categories

    def category(self, agent_id: str) -> str | None:
        """The agent's category, if known."""
        return self.categories.get(agent_id.lower())


def run_checks(parts: Parts, agents: AgentCatalogue) -> list[Finding]:
    """Every cross-reference finding, in no particular order."""
    checks = (_unique_ids, _msel_numbers, _agents, _references, _times, _places, _beds, _unit_kinds)
    return [finding for check in checks for finding in check(parts, agents)]


# --- ids ----------------------------------------------------------------------------------
def _duplicates(section: Path, items: Iterable[tuple[int, Any]], what: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in items:
        if item.id in first:
            yield section + (index, "id"), f"duplicate {what} id '{item.id}' (also {_fmt(section)}[{first[item.id]}])"
        else:
            first[item.id] = index


def _unique_ids(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    yield from _duplicates(("population",), parts.zones, "zone")
    yield from _duplicates(("responders", "stations"), parts.stations, "station")
    yield from _duplicates(("hospitals",), parts.hospitals, "hospital")
    yield from _duplicates(("objectives",), parts.objectives, "objective")
    release_ids = {r.id: f"releases[{i}]" for i, r in parts.releases}
    yield from _duplicates(("releases",), parts.releases, "release")
    for index, inject in parts.msel:
        if isinstance(inject, SecondaryRelease):
            rid = inject.release.id
            if rid in release_ids:
                yield ("msel", index, "release", "id"), f"duplicate release id '{rid}' (also {release_ids[rid]})"
            release_ids.setdefault(rid, f"msel[{index}].release")


def _msel_numbers(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    seen: dict[int, int] = {}
    for index, inject in parts.msel:
        if inject.number is None:
            yield ("msel", index), "an MSEL inject needs its event number (number: 1, 2, ...)"
        elif inject.number in seen:
            yield ("msel", index, "number"), f"duplicate MSEL number {inject.number} (also msel[{seen[inject.number]}])"
        else:
            seen[inject.number] = index


# --- agents -------------------------------------------------------------------------------
def _agent_finding(path: Path, agent_id: str, agents: AgentCatalogue) -> Iterator[Finding]:
    if not agents.knows(agent_id):
        yield path, f"unknown agent '{agent_id}'{_suggest(agent_id, agents.categories)}"


def _release_findings(path: Path, release: ReleaseSpec, agents: AgentCatalogue) -> Iterator[Finding]:
    if not agents.knows(release.agent):
        yield from _agent_finding(path + ("agent",), release.agent, agents)
        return
    category = agents.category(release.agent)
    if category is None:
        return
    wanted = AMOUNT_BY_CATEGORY[category]
    given = release.amount_fields()
    if wanted not in given:
        yield path + ("agent",), f"a release of {category} agent '{release.agent}' needs {wanted}"
    for name in given:
        if name != wanted:
            yield path + (name,), f"{name} does not apply to {category} agent '{release.agent}' (give {wanted})"
    if release.spill is not None and agents.liquids is not None and release.agent.lower() not in agents.liquids:
        yield path + ("spill",), (f"'{release.agent}' has no volatility at 20 °C in the agent library (a gas, "
                                  "or not a chemical): a spill evaporating from a pool needs a liquid agent; "
                                  "give airborne_fraction instead")
    if release.burst is not None and category != "nuclear":
        yield path + ("burst",), f"burst applies to nuclear devices only, not to '{release.agent}'"


def _effects(parts: Parts) -> Iterator[tuple[Path, Effect]]:
    """Every model effect of the MSEL with its path (decision effects included)."""
    for index, inject in parts.msel:
        effect = model_effect(inject)
        if effect is not None:
            path: Path = ("msel", index, "effect") if isinstance(inject, DecisionInject) else ("msel", index)
            yield path, effect


def _agents(parts: Parts, agents: AgentCatalogue) -> Iterator[Finding]:
    for index, release in parts.releases:
        yield from _release_findings(("releases", index), release, agents)
    for path, effect in _effects(parts):
        if isinstance(effect, SecondaryRelease):
            yield from _release_findings(path + ("release",), effect.release, agents)
        elif isinstance(effect, AgentIdentified):
            yield from _agent_finding(path + ("agent",), effect.agent, agents)


# --- references ---------------------------------------------------------------------------
def _ref(path: Path, wanted: str | None, known: list[str], what: str) -> Iterator[Finding]:
    if wanted is not None and wanted not in known:
        listing = ", ".join(known) or "none defined"
        yield path, f"no {what} with id '{wanted}'{_suggest(wanted, known)} (known: {listing})"


def _references(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    hospitals, stations = parts.ids("hospital"), parts.ids("station")
    zones, objectives = parts.ids("zone"), parts.ids("objective")
    for path, effect in _effects(parts):
        if isinstance(effect, (HospitalStatusChange, StockpileDelivery)):
            yield from _ref(path + ("hospital",), effect.hospital, hospitals, "hospital")
        if isinstance(effect, (UnitsArrive, UnitOutOfService, StockpileDelivery)):
            yield from _ref(path + ("station",), effect.station, stations, "station")
        if isinstance(effect, ProtectiveAction):
            for k, zone_id in enumerate(effect.zones):
                yield from _ref(path + ("zones", k), zone_id, zones, "population zone")
    for index, inject in parts.msel:
        for k, objective_id in enumerate(inject.objectives):
            yield from _ref(("msel", index, "objectives", k), objective_id, objectives, "objective")
        if isinstance(inject, NoteInject):
            yield from _ref(("msel", index, "objective"), inject.objective, objectives, "objective")
    if parts.countermeasures is not None:
        for i, pod in enumerate(parts.countermeasures.points_of_dispensing):
            for k, zone_id in enumerate(pod.zones):
                path = ("countermeasures", "points_of_dispensing", i, "zones", k)
                yield from _ref(path, zone_id, zones, "population zone")


def _unit_kinds(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    """Arriving or lost units must be of a kind some station defines, so their parameters are known."""
    kinds = parts.kinds()
    if not kinds:
        return
    for path, effect in _effects(parts):
        if isinstance(effect, (UnitsArrive, UnitOutOfService)) and effect.kind not in kinds:
            yield path + ("kind",), (f"no station has a '{effect.kind}' pool, so the units' crew, speed and "
                                     f"capacity are unknown; add one to a station")


# --- times --------------------------------------------------------------------------------
def _times(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    if parts.weather and parts.weather[0][0] == 0 and parts.weather[0][1].time_min != 0:
        yield ("weather", 0, "time_min"), "the first weather observation must be at time 0 (STARTEX)"
    previous: float | None = None
    for index, obs in parts.weather:
        if previous is not None and obs.time_min <= previous:
            yield ("weather", index, "time_min"), "weather times must increase down the list"
        previous = obs.time_min
    if parts.metadata is None:
        return
    end = parts.metadata.duration_min
    timed: list[tuple[Path, float, str]] = [(("weather", i, "time_min"), w.time_min, "weather") for i, w in parts.weather]
    timed += [(("releases", i, "start_min"), r.start_min, "release") for i, r in parts.releases]
    timed += [(("msel", i, "time_min"), inj.time_min, "inject") for i, inj in parts.msel]
    for path, time_min, what in timed:
        if time_min > end:
            yield path, (f"{what} time {_clock(time_min)} is after the end of the exercise "
                         f"({_clock(end)}, metadata.duration_min {end:g})")


# --- places -------------------------------------------------------------------------------
def _located_points(parts: Parts) -> Iterator[tuple[Path, Point, str]]:
    for i, release in parts.releases:
        yield from _release_points(("releases", i), release)
    for i, zone in parts.zones:
        if zone.polygon is not None:
            for k, p in enumerate(zone.polygon):
                yield ("population", i, "polygon", k), p, "zone corner"
        elif zone.centre is not None and zone.radius_m is not None:
            for p in zone.points():
                yield ("population", i, "radius_m"), p, "zone edge"
    for i, station in parts.stations:
        yield ("responders", "stations", i, "location"), station.location, "station"
    for i, hospital in parts.hospitals:
        yield ("hospitals", i, "location"), hospital.location, "hospital"
    if parts.countermeasures is not None:
        for i, pod in enumerate(parts.countermeasures.points_of_dispensing):
            yield ("countermeasures", "points_of_dispensing", i, "location"), pod.location, "point of dispensing"
        for i, crc in enumerate(parts.countermeasures.reception_centres):
            yield ("countermeasures", "reception_centres", i, "location"), crc.location, "reception centre"
    for path, effect in _effects(parts):
        if isinstance(effect, SecondaryRelease):
            yield from _release_points(path + ("release",), effect.release)
        elif isinstance(effect, RoadClosure):
            yield path + ("centre",), effect.centre, "road closure"


def _release_points(path: Path, release: ReleaseSpec) -> Iterator[tuple[Path, Point, str]]:
    if release.location is not None:
        yield path + ("location",), release.location, "release"
    for k, p in enumerate(release.path or ()):
        yield path + ("path", k), p, "release path point"


def _places(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    if parts.bounds is None:
        return
    bounds = parts.bounds
    reported: set[Path] = set()
    for path, point, what in _located_points(parts):
        if path not in reported and not bounds.contains(point):
            reported.add(path)
            yield path, (f"{what} at ({point.x_m:g}, {point.y_m:g}) m is outside the map bounds "
                         f"({bounds.describe()})")


# --- beds ---------------------------------------------------------------------------------
def _beds(parts: Parts, _: AgentCatalogue) -> Iterator[Finding]:
    for i, hospital in parts.hospitals:
        for bed_type in BED_TYPES:
            used = getattr(hospital.baseline_occupied, bed_type)
            cap = getattr(hospital.capacity, bed_type)
            if used > cap:
                yield (("hospitals", i, "baseline_occupied", bed_type),
                       f"baseline occupancy {used} exceeds capacity {cap} (hospitals[{i}].capacity.{bed_type})")


# --- helpers ------------------------------------------------------------------------------
def _suggest(word: str, known: Iterable[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f"; did you mean '{by_lower[close[0]]}'?" if close else ""


def _fmt(path: Path) -> str:
    return ".".join(str(p) for p in path)


def _clock(time_min: float) -> str:
    return format_time_min(time_min)
