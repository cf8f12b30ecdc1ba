"""The agent library: one YAML file per agent, validated by one pydantic model per class."""
from __future__ import annotations

from .base import AgentBase, Reference, Sourced
from .biological import BiologicalAgent
from .chemical import ChemicalAgent
from .library import Agent, AgentLibrary, LibraryError, default_library, get_agent
from .nuclear import NuclearAgent
from .radiological import RadiologicalAgent

__all__ = [
    "Agent", "AgentBase", "AgentLibrary", "BiologicalAgent", "ChemicalAgent", "LibraryError",
    "NuclearAgent", "RadiologicalAgent", "Reference", "Sourced", "default_library", "get_agent",
]
