"""The biological agent class of the agent library (one YAML file per agent in agents/)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import AgentBase


class BiologicalAgent(AgentBase):
    """A biological agent: every number it carries is sourced."""

    category: Literal["biological"] = Field(description="Agent class; selects this model.")
