"""The chemical agent class of the agent library (one YAML file per agent in agents/)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import AgentBase


class ChemicalAgent(AgentBase):
    """A chemical agent: every number it carries is sourced."""

    category: Literal["chemical"] = Field(description="Agent class; selects this model.")
