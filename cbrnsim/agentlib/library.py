"""Load and look up the agent library."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Union

from pydantic import Field, TypeAdapter, ValidationError

from ..data import agents_dir
from ..located import issues_from_validation_error
from ..yamlio import Location, YamlError, YamlIssue, load_file
from .biological import BiologicalAgent
from .chemical import ChemicalAgent
from .nuclear import NuclearAgent
from .radiological import RadiologicalAgent

Agent = Annotated[
    Union[ChemicalAgent, BiologicalAgent, RadiologicalAgent, NuclearAgent],
    Field(discriminator="category"),
]
"""Any agent; the `category` key of the file selects the model."""

_ADAPTER: TypeAdapter[Agent] = TypeAdapter(Agent)


class LibraryError(Exception):
    """The agent library has errors; each is a located one-line issue."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def load_agent_file(path: Path) -> Agent:
    """Load one agent file; raise LibraryError with located issues."""
    try:
        doc = load_file(path)
    except YamlError as exc:
        raise LibraryError(exc.issues) from None
    if not isinstance(doc.data, dict):
        raise LibraryError([YamlIssue(Location(str(path), 1, 1), "", "an agent file must be a mapping")])
    try:
        agent = _ADAPTER.validate_python(doc.data)
    except ValidationError as exc:
        raise LibraryError(issues_from_validation_error(exc, doc)) from None
    if agent.id != path.stem:
        loc = doc.locate(("id",))
        raise LibraryError([YamlIssue(loc, "id", f"id '{agent.id}' must equal the file name '{path.stem}'")])
    return agent


class AgentLibrary:
    """The agents, by id (the file stem: 'sarin', 'cs-137', ...)."""

    def __init__(self, agents: dict[str, Agent]) -> None:
        self._agents = dict(sorted(agents.items()))

    @classmethod
    def load(cls, folder: Path | None = None) -> AgentLibrary:
        """Load every ``*.yaml`` in `folder` (default: the bundled library); all errors at once."""
        folder = folder or agents_dir()
        agents: dict[str, Agent] = {}
        issues: list[YamlIssue] = []
        for path in sorted(folder.glob("*.yaml")):
            try:
                agents[path.stem] = load_agent_file(path)
            except LibraryError as exc:
                issues.extend(exc.issues)
        if issues:
            raise LibraryError(issues)
        return cls(agents)

    def __contains__(self, agent_id: object) -> bool:
        return isinstance(agent_id, str) and agent_id.lower() in self._agents

    def __iter__(self) -> Iterator[Agent]:
        return iter(self._agents.values())

    def __len__(self) -> int:
        return len(self._agents)

    def ids(self) -> list[str]:
        """All agent ids, sorted."""
        return list(self._agents)

    def get(self, agent_id: str) -> Agent:
        """The agent with this id (case-insensitive); KeyError names the known ids."""
        try:
            return self._agents[agent_id.lower()]
        except KeyError:
            raise KeyError(f"unknown agent '{agent_id}'; known: {', '.join(self._agents)}") from None


@functools.cache
def default_library() -> AgentLibrary:
    """The bundled agent library, loaded once per process (it is immutable)."""
    return AgentLibrary.load()


def get_agent(agent_id: str) -> Agent:
    """Shortcut: an agent from the bundled library."""
    return default_library().get(agent_id)
