"""Population zones: who is where when the exercise starts."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Area, Fraction, Identifier, SourceText

ZoneKind = Literal["residential", "commercial", "transit", "industrial", "institutional", "event", "mixed", "rural"]
"""What a zone mostly is; the TUI colours zones by it."""


class PopulationZone(Area):
    """People in an area (a polygon, or a circle given by centre and radius_m)."""

    id: Identifier = Field(description="Unique zone id, used by protective actions (text).")
    name: str = Field(min_length=1, description="Name shown to players (text).")
    kind: ZoneKind = Field(default="mixed", description="Land use of the zone (one of the listed kinds).")
    count: int = Field(ge=0, le=50_000_000, description="People present at STARTEX (persons); the engine uses this.")
    count_day: int | None = Field(default=None, ge=0, le=50_000_000,
                                  description="Typical daytime population (persons), for what-if runs at another hour.")
    count_night: int | None = Field(default=None, ge=0, le=50_000_000,
                                    description="Typical night-time population (persons), for what-if runs at another hour.")
    indoor_fraction: Fraction = Field(description="Share of the people who are indoors at STARTEX (0–1).")
    source: SourceText

    def density_per_km2(self) -> float:
        """People per square kilometre at STARTEX."""
        return self.count / (self.area_m2() / 1e6)
