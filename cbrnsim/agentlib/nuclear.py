"""The nuclear agent class of the agent library (one YAML file per agent in agents/)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import AgentBase


class NuclearAgent(AgentBase):
    """A nuclear agent: every number it carries is sourced."""

    category: Literal["nuclear"] = Field(description="Agent class; selects this model.")
