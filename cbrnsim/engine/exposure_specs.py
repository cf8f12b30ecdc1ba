"""What the exposure model hands to the care model: casualties and unexposed care-seekers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Injury = Literal["toxic", "blast", "burn", "radiation", "infection", "combined"]
"""What hurt the casualty."""

SEVERITY_NAMES: tuple[str, ...] = ("none", "mild", "moderate", "severe", "lethal_without_care")
"""Severity codes 0-4, as in the agent library."""


@dataclass(frozen=True)
class CasualtySpec:
    """One person physically affected by the release, as the care model needs them."""

    id: int
    """Unique and stable across branches: derived from zone/enclosure, cohort and person index."""
    zone: str
    """Population zone id; for enclosure occupants the release id."""
    x_m: float
    """East coordinate where they are when affected (m, local frame)."""
    y_m: float
    """North coordinate where they are when affected (m, local frame)."""
    exposed_min: float
    """When their exposure began (min since STARTEX)."""
    onset_min: float
    """When symptoms begin (min since STARTEX, ≥ exposed_min)."""
    severity: int
    """1 mild, 2 moderate, 3 severe, 4 lethal without care."""
    injury: Injury
    """'toxic', 'blast', 'burn', 'radiation', 'infection' or 'combined'."""
    contaminated: bool
    """Needs decontamination (at least disrobing and washing) before the emergency department."""
    ambulatory: bool
    """Can walk: self-evacuates, goes through the ambulatory decon line (START 'walking wounded')."""
    death_untreated_min: float | None
    """Minutes from onset to death without definitive care; None if they survive untreated."""
    agent: str
    """Agent id (library)."""
    dose: float
    """The dose measure that set the severity, in `dose_unit`."""
    dose_unit: str
    """Unit of `dose`, e.g. '(mg/m3)^1.4·min', 'organisms', 'Gy', 'psi'."""
    leaves_min: float | None = None
    """When they get out of the place where they were exposed and can seek care or be reached (min
    since STARTEX): enclosure occupants at their stop. None: free to act from onset."""


WorriedWellKind = Literal["worried_well", "screening"]
"""'worried_well': unexposed person seeking hospital care; 'screening': person told to attend a
community reception centre for radiological contamination screening."""


@dataclass(frozen=True)
class WorriedWellSpec:
    """An unexposed (or not measurably harmed) person setting off for care or screening."""

    id: int
    """Unique and stable across branches (per worried-well index)."""
    x_m: float
    """East coordinate where they set off from (m)."""
    y_m: float
    """North coordinate where they set off from (m)."""
    depart_min: float
    """When they set off (min since STARTEX)."""
    kind: WorriedWellKind = "worried_well"
    """Hospital care-seeker, or radiological screening demand (goes to a reception centre)."""
    zone: str = ""
    """Population zone they come from ('' if not tied to one)."""
