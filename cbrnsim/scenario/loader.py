"""Load a scenario file: YAML -> validated :class:`Scenario`, or every problem at once.

Each problem is a :class:`cbrnsim.yamlio.YamlIssue`: ``FILE:LINE:COL: field.path: message``.
Nothing but :class:`ScenarioError` ever leaves :func:`load_scenario`, whatever the input.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from ..agentlib import AgentLibrary, LibraryError, default_library
from ..data import agents_dir
from ..located import issues_from_validation_error
from ..yamlio import Document, Location, YamlError, YamlIssue, format_path, load_file, load_text
from .checks import AgentCatalogue, Parts, run_checks
from .countermeasures import Countermeasures
from .geography import Bounds
from .hospitals import Hospital
from .injects import parse_inject
from .metadata import Metadata
from .model import SCHEMA_VERSION, Scenario
from .objectives import Objective
from .population import PopulationZone
from .releases import Release
from .responders import UNIT_KINDS, Station
from .weather import WeatherObservation

_M = TypeVar("_M")


class ScenarioError(Exception):
    """A scenario file has problems; ``issues`` holds them all, one located line each."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def load_scenario(path: str | os.PathLike[str], library: AgentLibrary | None = None) -> Scenario:
    """Read, validate and cross-check a scenario file (agents from `library`, default: bundled)."""
    try:
        doc = load_file(path)
    except YamlError as exc:
        raise ScenarioError(exc.issues) from None
    return _load_document(doc, library)


def load_scenario_text(text: str, file: str = "<string>", library: AgentLibrary | None = None) -> Scenario:
    """Like :func:`load_scenario`, from text already in memory (`file` names it in messages)."""
    try:
        doc = load_text(text, file)
    except YamlError as exc:
        raise ScenarioError(exc.issues) from None
    return _load_document(doc, library)


def validate_file(path: str | os.PathLike[str], library: AgentLibrary | None = None) -> list[YamlIssue]:
    """Every problem of a scenario file, in file order; an empty list means it is valid."""
    try:
        load_scenario(path, library)
    except ScenarioError as exc:
        return exc.issues
    return []


def check_scenario(scenario: Scenario, library: AgentLibrary | None = None) -> list[str]:
    """Cross-reference problems of a scenario built in Python, as ``field.path: message`` lines."""
    findings = run_checks(_parts_of(scenario), _catalogue(library))
    return [f"{format_path(path)}: {message}" for path, message in findings]


# --- the pipeline -------------------------------------------------------------------------
def _load_document(doc: Document, library: AgentLibrary | None) -> Scenario:
    try:
        return _validate(doc, library)
    except ScenarioError:
        raise
    except Exception as exc:  # a bug of ours must still come out as one located line, not a traceback
        where = Location(doc.file, 1, 1)
        raise ScenarioError([YamlIssue(where, "", f"internal error while checking this file: "
                                                  f"{type(exc).__name__}: {exc}")]) from exc


def _validate(doc: Document, library: AgentLibrary | None) -> Scenario:
    data = doc.data
    start = Location(doc.file, 1, 1)
    if data is None:
        raise ScenarioError([YamlIssue(start, "", "empty file; a scenario starts with 'schema_version: 1' "
                                                  "followed by metadata, geography, weather, releases, ...")])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise ScenarioError([YamlIssue(start, "", f"the top level is {kind}; a scenario is a mapping of "
                                                  "sections (schema_version, metadata, geography, ...)")])
    issues = _version_issues(doc)
    if any(i.field_path == "schema_version" and "unsupported" in i.message for i in issues):
        raise ScenarioError(issues)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        issues += [i for i in issues_from_validation_error(exc, doc, Scenario) if i.field_path != "schema_version"]
    parts = _parts_of(scenario) if scenario is not None else _parts_from_raw(data)
    for path, message in run_checks(parts, _catalogue(library)):
        issues.append(YamlIssue(doc.locate(path), format_path(path), message))
    if issues:
        raise ScenarioError(_in_file_order(issues))
    assert scenario is not None
    return scenario.with_source(doc.text, doc.file)


def _version_issues(doc: Document) -> list[YamlIssue]:
    if "schema_version" not in doc.data:
        return [YamlIssue(Location(doc.file, 1, 1), "schema_version",
                          f"required field is missing; begin the file with 'schema_version: {SCHEMA_VERSION}'")]
    version = doc.data["schema_version"]
    if version == SCHEMA_VERSION and not isinstance(version, bool) and isinstance(version, int):
        return []
    return [YamlIssue(doc.locate(("schema_version",)), "schema_version",
                      f"unsupported scenario format version {version!r}; this cbrnsim reads version "
                      f"{SCHEMA_VERSION} (write 'schema_version: {SCHEMA_VERSION}')")]


def _in_file_order(issues: list[YamlIssue]) -> list[YamlIssue]:
    unique = dict.fromkeys(issues)
    return sorted(unique, key=lambda i: (i.location.line, i.location.column, i.field_path))


# --- agents -------------------------------------------------------------------------------
def _catalogue(library: AgentLibrary | None) -> AgentCatalogue:
    """Agent ids and categories; if the bundled library has errors, the ids of its files still count."""
    if library is None:
        try:
            library = default_library()
        except LibraryError:
            try:
                return AgentCatalogue({p.stem.lower(): None for p in agents_dir().glob("*.yaml")})
            except FileNotFoundError:
                return AgentCatalogue({})
        except FileNotFoundError:
            return AgentCatalogue({})
    liquids = frozenset(agent.id.lower() for agent in library
                        if agent.category == "chemical" and agent.volatility_mg_m3_20c is not None)
    return AgentCatalogue({agent.id.lower(): agent.category for agent in library}, liquids)


# --- parts for the cross-reference checks -------------------------------------------------
def _parts_of(scenario: Scenario) -> Parts:
    return Parts(
        metadata=scenario.metadata, bounds=scenario.geography.bounds,
        weather=list(enumerate(scenario.weather)), releases=list(enumerate(scenario.releases)),
        zones=list(enumerate(scenario.population)), stations=list(enumerate(scenario.responders.stations)),
        hospitals=list(enumerate(scenario.hospitals)), msel=list(enumerate(scenario.msel)),
        objectives=list(enumerate(scenario.objectives)), countermeasures=scenario.countermeasures,
    )


def _parts_from_raw(data: dict[str, Any]) -> Parts:
    """The items that validate on their own, when the whole file does not."""
    geography = data.get("geography")
    responders = data.get("responders")
    return Parts(
        metadata=_one(Metadata.model_validate, data.get("metadata")),
        bounds=_one(Bounds.model_validate, geography.get("bounds") if isinstance(geography, dict) else None),
        weather=_each(WeatherObservation.model_validate, data.get("weather")),
        releases=_each(Release.model_validate, data.get("releases")),
        zones=_each(PopulationZone.model_validate, data.get("population")),
        stations=_each(Station.model_validate, responders.get("stations") if isinstance(responders, dict) else None),
        hospitals=_each(Hospital.model_validate, data.get("hospitals")),
        msel=_each(parse_inject, data.get("msel")),
        objectives=_each(Objective.model_validate, data.get("objectives")),
        countermeasures=_one(Countermeasures.model_validate, data.get("countermeasures")),
        known_ids={
            "hospital": _raw_ids(data.get("hospitals")),
            "station": _raw_ids(responders.get("stations") if isinstance(responders, dict) else None),
            "zone": _raw_ids(data.get("population")),
            "objective": _raw_ids(data.get("objectives")),
        },
        pool_kinds=_raw_pool_kinds(responders.get("stations") if isinstance(responders, dict) else None),
    )


def _raw_ids(raw: Any) -> list[str]:
    """The ids written in a list section, whether or not their entries are valid."""
    if not isinstance(raw, list):
        return []
    return [item["id"] for item in raw if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _raw_pool_kinds(raw: Any) -> set[str]:
    if not isinstance(raw, list):
        return set()
    return {key for item in raw if isinstance(item, dict) for key in item if key in UNIT_KINDS}


def _one(validate: Callable[[Any], _M], raw: Any) -> _M | None:
    if raw is None:
        return None
    try:
        return validate(raw)
    except (ValidationError, ValueError, TypeError):
        return None


def _each(validate: Callable[[Any], _M], raw: Any) -> list[tuple[int, _M]]:
    if not isinstance(raw, list):
        return []
    out: list[tuple[int, _M]] = []
    for index, item in enumerate(raw):
        model = _one(validate, item)
        if model is not None:
            out.append((index, model))
    return out


