"""Triage: START categories from true severity, with realistic over- and under-triage.

True category from the casualty's severity (the exposure model's scale):
1 mild → minor (green, walking), 2 moderate → delayed (yellow), 3 severe → immediate (red),
4 lethal-without-care → immediate, or expectant when resources are overwhelmed (SALT: expectant
when unlikely to survive given current resources; Lerner et al. 2008, Disaster Med Public Health
Prep 2(S1):S25, 'SALT mass casualty triage', Figure 1).

Errors (Behaviour fields, each a per-casualty uniform draw so branches keep common random numbers):
- over-triage: ``overtriage_rate`` (default 0.59, Frykberg 2002, J Trauma 53:201) is Frykberg's
  measure, the share of casualties TAGGED CRITICAL (immediate) who were not critically injured —
  a share of the immediate tags, not a per-casualty probability. The model meets it by tagging
  a truly delayed casualty immediate with the probability of :func:`overtriage_probability`,
  from the counts of critical and delayed casualties so far; minor casualties are not over-triaged
  (no published rate for green-to-yellow errors was found);
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


def overtriage_probability(overtriage_rate: float, undertriage_rate: float, critical: int, delayed: int) -> float:
    """Probability that a truly delayed casualty is tagged immediate, so that the non-critical share
    of the immediate tags equals ``overtriage_rate``.

    With C critical casualties, (1 − under)·C of them tagged immediate, and D delayed ones each
    tagged immediate with probability p, the share is pD / (pD + (1 − under)·C); solved for p:
    p = r / (1 − r) · (1 − under) · C / D, at most 1 (too few delayed casualties to reach the
    rate: all of them are over-triaged and the share stays below it). No critical casualty: 0.
    """
    if critical <= 0 or delayed <= 0 or overtriage_rate <= 0:
        return 0.0
    if overtriage_rate >= 1:
        return 1.0
    wanted = overtriage_rate / (1.0 - overtriage_rate) * (1.0 - undertriage_rate) * critical
    return min(1.0, wanted / delayed)


def assigned_category(true: Category, u_over: float, u_under: float, p_over: float,
                      undertriage_rate: float) -> Category:
    """The category actually assigned, given the casualty's two uniform draws and the delayed
    casualty's over-triage probability ``p_over`` (see overtriage_probability)."""
    if true == "immediate":
        return "delayed" if u_under < undertriage_rate else "immediate"
    if true == "delayed" and u_over < p_over:
        return "immediate"
    return true


def undertriaged(true: Category, assigned: Category) -> bool:
    """A truly immediate casualty triaged delayed or minor (the undertriage_pct metric)."""
    return true == "immediate" and assigned in ("delayed", "minor")
