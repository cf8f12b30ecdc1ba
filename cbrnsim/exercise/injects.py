"""Checking injects against a scenario before they are journaled, and reading an injects file.

An inject that names a hospital the scenario does not have must be refused *before* it is
written to the journal: once committed, the journal is replayed on every resume and branch, so a
bad entry would break the run for good. The checks are the scenario loader's own cross-reference
checks (``cbrnsim.scenario.checks``), run on the inject as if it were an MSEL line.

An injects file (``cbrnsim run --injects FILE.yaml``) is a YAML list of injects in the scenario
file's MSEL syntax; its problems come out like the loader's, ``FILE:LINE:COL: [i].field: message``.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from pydantic import Field, ValidationError

from ..agentlib import AgentLibrary, LibraryError, default_library
from ..located import issues_from_validation_error
from ..scenario import Inject, Scenario, ScenarioModel, parse_inject
from ..scenario.checks import AgentCatalogue, Parts, run_checks
from ..yamlio import Document, Location, YamlError, YamlIssue, format_path, load_file


class InjectError(Exception):
    """Injects that do not fit the scenario; ``issues`` holds one line each."""

    def __init__(self, issues: Sequence[YamlIssue | str]) -> None:
        self.issues = [str(issue) for issue in issues]
        super().__init__("\n".join(self.issues))


class _InjectList(ScenarioModel):
    injects: tuple[Inject, ...] = Field(description="The injects, in file order.")


def _catalogue(library: AgentLibrary | None) -> AgentCatalogue:
    try:
        library = library or default_library()
    except (LibraryError, FileNotFoundError):
        return AgentCatalogue({})
    return AgentCatalogue({agent.id.lower(): agent.category for agent in library})


def cross_reference_findings(scenario: Scenario, injects: Sequence[Inject],
                             library: AgentLibrary | None = None) -> list[tuple[tuple[str | int, ...], str]]:
    """(path within the list, message) for every inject that does not fit the scenario."""
    # Unscripted injects need no MSEL number; give each a distinct one so the number check is quiet.
    numbered = [(i, inject.model_copy(update={"number": i + 1})) for i, inject in enumerate(injects)]
    parts = Parts(metadata=scenario.metadata, bounds=scenario.geography.bounds,
                  releases=list(enumerate(scenario.releases)), zones=list(enumerate(scenario.population)),
                  stations=list(enumerate(scenario.responders.stations)),
                  hospitals=list(enumerate(scenario.hospitals)), msel=numbered,
                  objectives=list(enumerate(scenario.objectives)))
    return sorted(((path[1:], message) for path, message in run_checks(parts, _catalogue(library))
                   if path[:1] == ("msel",)), key=lambda finding: str(finding[0]))


def check_inject(scenario: Scenario, inject: Inject, library: AgentLibrary | None = None) -> None:
    """Raise InjectError (``field.path: message`` lines) if the inject does not fit the scenario."""
    findings = cross_reference_findings(scenario, [inject], library)
    if findings:
        raise InjectError([f"{format_path(path[1:]) or inject.type}: {message}" for path, message in findings])


def load_injects_file(path: str | os.PathLike[str], scenario: Scenario,
                      library: AgentLibrary | None = None) -> list[Inject]:
    """Read and check an injects file; raises InjectError with every problem, located."""
    try:
        document = load_file(path)
    except YamlError as error:
        raise InjectError(error.issues) from None
    if document.data is None:
        return []
    if not isinstance(document.data, list):
        message = "an injects file is a YAML list of injects ('- type: wind_change ...'), one item per inject"
        raise InjectError([YamlIssue(Location(document.file, 1, 1), "", message)])
    issues: list[YamlIssue] = []
    try:
        _InjectList.model_validate({"injects": document.data})
    except ValidationError as error:
        issues += [_unwrapped(issue) for issue in
                   issues_from_validation_error(error, _wrapped(document), _InjectList)]
    valid = _valid_items(document.data)
    for found, message in cross_reference_findings(scenario, [inject for _, inject in valid], library):
        found = (valid[int(found[0])][0], *found[1:])
        issues.append(YamlIssue(document.locate(found), format_path(found), message))
    if issues:
        raise InjectError(sorted(dict.fromkeys(issues), key=lambda i: (i.location.line, i.location.column)))
    return [inject for _, inject in valid]


def _valid_items(items: list[Any]) -> list[tuple[int, Inject]]:
    """(index, inject) of the items that validate on their own, so their references get checked too."""
    valid: list[tuple[int, Inject]] = []
    for index, item in enumerate(items):
        try:
            valid.append((index, parse_inject(item)))
        except (ValidationError, ValueError, TypeError):
            continue
    return valid


def _wrapped(document: Document) -> Document:
    """The same document seen as ``{injects: [...]}`` so the loader's error locator can read it."""
    def shift(table: dict[tuple[str | int, ...], tuple[int, int]]) -> dict[tuple[str | int, ...], tuple[int, int]]:
        return {("injects", *path): position for path, position in table.items()}
    return Document(file=document.file, data={"injects": document.data},
                    value_positions=shift(document.value_positions), key_positions=shift(document.key_positions),
                    text=document.text)


def _unwrapped(issue: YamlIssue) -> YamlIssue:
    return YamlIssue(issue.location, issue.field_path.removeprefix("injects"), issue.message)
