"""Building blocks shared by every agent class: sourced numbers and the common header.

Every number in the agent library is a :class:`Sourced` value: the value, and the document
(with table or page) it comes from. Units are part of the field name (``lct50_mg_min_m3``),
so a number can never be read in the wrong unit.
"""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Frozen(BaseModel):
    """Base for every library model: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Frozen, Generic[T]):
    """A value with the document (and table or page) it comes from."""

    value: T = Field(description="The value, in the unit named by the field that holds it.")
    source: str = Field(min_length=3, description="Document and table/page the value comes from.")
    note: str | None = Field(default=None, description="Why this value was chosen, caveats, conversions.")


SourcedFloat = Sourced[float]
"""The common case: a sourced real number."""


class Reference(Frozen):
    """A document cited by an agent file (long form of the short `source` strings)."""

    key: str = Field(description="Short key used in `source` strings, e.g. 'NRC-AEGL-3'.")
    citation: str = Field(description="Full citation: authors, title, publisher, year, and where to find it.")


class AgentBase(Frozen):
    """Fields every agent file has, whatever its class."""

    id: str = Field(description="The agent's id; must equal the file's stem, e.g. 'chlorine'.")
    name: str = Field(description="Display name, e.g. 'Sarin (GB)'.")
    aliases: list[str] = Field(default_factory=list, description="Other names and military codes.")
    summary: str = Field(description="One or two sentences for the controller: what it is and does.")
    references: list[Reference] = Field(default_factory=list, description="Full citations of the sources used.")
    notes: list[str] = Field(default_factory=list, description="Where sources disagree, which we chose and why.")
