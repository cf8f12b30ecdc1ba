"""Plain-text views of the agent library for the command line."""
from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .base import AgentBase, Sourced
from .library import AgentLibrary

_HEADER_FIELDS = {"id", "name", "aliases", "summary", "references", "notes", "category"}


def agent_table(library: AgentLibrary) -> str:
    """One line per agent: id, class, name, summary (shortened)."""
    rows = [("ID", "CLASS", "NAME", "SUMMARY")]
    for agent in library:
        summary = agent.summary if len(agent.summary) <= 60 else agent.summary[:57] + "..."
        rows.append((agent.id, agent.category, agent.name, summary))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in rows]
    lines.append("")
    lines.append(f"{len(library)} agents. `cbrnsim agents ID` shows every parameter with its source.")
    return "\n".join(lines)


def sourced_leaves(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Sourced[Any]]]:
    """Every Sourced value in a model, with its dotted path."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _walk(value, f"{prefix}{name}")


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Sourced):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from sourced_leaves(value, path + ".")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


def plain_leaves(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Scalar fields that are not Sourced (names, flags, units, model choices)."""
    for name in type(model).model_fields:
        if isinstance(model, AgentBase) and not prefix and name in _HEADER_FIELDS:
            continue
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Sourced):
            continue
        if isinstance(value, BaseModel):
            yield from plain_leaves(value, path + ".")
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                yield from plain_leaves(item, f"{path}[{i}].")
        elif isinstance(value, dict) and value and isinstance(next(iter(value.values())), BaseModel):
            for key, item in value.items():
                yield from plain_leaves(item, f"{path}.{key}.")
        elif value is not None and value != [] and value != {}:
            yield path, value


def describe_agent(agent: AgentBase) -> str:
    """Every parameter of one agent with its source, then the references and notes."""
    out = [f"{agent.name}  [{agent.id}, {getattr(agent, 'category', '?')}]"]
    if agent.aliases:
        out.append("also: " + ", ".join(agent.aliases))
    out.extend(textwrap.wrap(agent.summary, 96))
    out.append("")
    plain = list(plain_leaves(agent))
    if plain:
        out.append("Properties")
        for path, value in plain:
            out.append(f"  {path} = {value}")
        out.append("")
    out.append("Parameters (value — source)")
    for path, item in sourced_leaves(agent):
        out.append(f"  {path} = {item.value}")
        out.append(f"      source: {item.source}")
        if item.note:
            out.extend(textwrap.wrap(f"note: {item.note}", 92, initial_indent="      ", subsequent_indent="        "))
    if agent.references:
        out.append("")
        out.append("References")
        for ref in agent.references:
            out.extend(textwrap.wrap(f"[{ref.key}] {ref.citation}", 96, initial_indent="  ", subsequent_indent="    "))
    if agent.notes:
        out.append("")
        out.append("Notes")
        for note in agent.notes:
            out.extend(textwrap.wrap(note, 96, initial_indent="  - ", subsequent_indent="    "))
    out.append("")
    out.append("Exercise grade: for training, not for operational hazard prediction.")
    return "\n".join(out)
