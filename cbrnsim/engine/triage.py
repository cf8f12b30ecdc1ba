"""Triage: START categories from true severity, with realistic over- and under-triage.

True category from the casualty's severity (the exposure model's scale):
1 mild → minor (green, walking), 2 moderate → delayed (yellow), 3 severe → immediate (red),
4 lethal-without-care → immediate, or expectant when resources are overwhelmed (SALT: expectant
when unlikely to survive given current resources; Lerner et al. 2008, Disaster Med Public Health
Prep 2(S1):S25, 'SALT mass casualty triage', Figure 1).

Errors (Behaviour fields, each a per-casualty uniform draw so branches keep common random numbers):
- over-triage: a casualty who is not critically injured (truly delayed or minor) is tagged
  immediate with probability ``overtriage_rate`` (default 0.05: London, 7 July 2005, 55
  casualties given priority dispatch of whom 20 were critically injured, i.e. 35 of the ~700-755
  others; Aylwin et al. 2006, Lancet 368:2219, abstract). Frykberg's "over-triage rate" (mean
  59 % across ten terrorist bombings, J Trauma 2002;53:201) is a different measure — the share of
  the immediate tags that were not critical, 64 % in London — and depends on how many critical
  casualties there were, so it cannot be applied per casualty;
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

def true_category(severity: int, overwhelmed: bool) -> Category:
    """The category a perfect triage officer would assign."""
    if severity >= 4:
        return "expectant" if overwhelmed else "immediate"
    if severity == 3:
        return "immediate"
    if severity == 2:
        return "delayed"
    return "minor"


def overtriage_share(overtriage_rate: float, undertriage_rate: float, critical: int, others: int) -> float:
    """Frykberg's measure for a mix: the share of the immediate tags that go to casualties who are
    not critical, when each of ``others`` is over-triaged with probability ``overtriage_rate`` and
    ``critical`` casualties are tagged immediate unless under-triaged."""
    over = overtriage_rate * others
    tagged_critical = (1.0 - undertriage_rate) * critical
    return over / (over + tagged_critical) if over + tagged_critical > 0 else 0.0


def assigned_category(true: Category, u_over: float, u_under: float, overtriage_rate: float,
                      undertriage_rate: float) -> Category:
    """The category actually assigned, given the casualty's two uniform draws."""
    if true == "immediate":
        return "delayed" if u_under < undertriage_rate else "immediate"
    if true in ("delayed", "minor") and u_over < overtriage_rate:
        return "immediate"
    return true


def undertriaged(true: Category, assigned: Category) -> bool:
    """A truly immediate casualty triaged delayed or minor (the undertriage_pct metric)."""
    return true == "immediate" and assigned in ("delayed", "minor")
