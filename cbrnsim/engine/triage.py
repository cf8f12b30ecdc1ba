"""Triage: START categories from true severity, with realistic over- and under-triage.

True category from the casualty's severity (the exposure model's scale):
1 mild → minor (green, walking), 2 moderate → delayed (yellow), 3 severe → immediate (red),
4 lethal-without-care → immediate, or expectant when resources are overwhelmed (SALT: expectant
when unlikely to survive given current resources; Lerner et al. 2008, Disaster Med Public Health
Prep 2(S1):S25, 'SALT mass casualty triage', Figure 1).

Errors (Behaviour fields, each a per-casualty uniform draw so branches keep common random numbers):
- over-triage: a minor or delayed casualty is put one category higher with probability
  ``overtriage_rate`` (default 0.59, Frykberg 2002, J Trauma 53:201);
- under-triage: a truly immediate casualty is put in delayed with probability ``undertriage_rate``
  (default 0.05, ACS COT 2014, ch. 3).
"""
from __future__ import annotations

from typing import Literal

Category = Literal["immediate", "delayed", "minor", "expectant"]
"""START / SALT triage category."""

CATEGORIES: tuple[Category, ...] = ("immediate", "delayed", "minor", "expectant")
"""Every category, most urgent first (expectant last: comfort care, transported after the others)."""

PRIORITY: dict[str, int] = {"immediate": 0, "delayed": 1, "minor": 2, "expectant": 3}
"""Queue priority of each category (lower is served first); the worried well use WORRIED_WELL_PRIORITY."""

WORRIED_WELL_PRIORITY = 4
"""ED priority of unexposed care-seekers: after every casualty."""

_UP: dict[str, Category] = {"minor": "delayed", "delayed": "immediate"}


def true_category(severity: int, overwhelmed: bool) -> Category:
    """The category a perfect triage officer would assign."""
    if severity >= 4:
        return "expectant" if overwhelmed else "immediate"
    if severity == 3:
        return "immediate"
    if severity == 2:
        return "delayed"
    return "minor"


def assigned_category(true: Category, u_over: float, u_under: float, overtriage_rate: float,
                      undertriage_rate: float) -> Category:
    """The category actually assigned, given the casualty's two uniform draws."""
    if true == "immediate":
        return "delayed" if u_under < undertriage_rate else "immediate"
    if true in _UP and u_over < overtriage_rate:
        return _UP[true]
    return true


def undertriaged(true: Category, assigned: Category) -> bool:
    """A truly immediate casualty triaged delayed or minor (the undertriage_pct metric)."""
    return true == "immediate" and assigned in ("delayed", "minor")
