"""Acute radiation syndrome in the exposure model: tiers, prodrome onset, untreated course.

Whole-body dose (Gy) → severity tier by the IAEA/WHO bands in agents/ind.yaml (mild ≥ 1,
moderate ≥ 2, severe ≥ 4, lethal ≥ 8 Gy; IAEA/WHO Safety Reports Series No. 2, 1998). The bands
are sharp, so a cohort's exceedance is 0 or 1 per tier. Symptom onset is the start of the
prodrome (vomiting), whose latency shortens with dose (same SRS-2 table).
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import ArsThresholds, NuclearAgent
from .cohorts import TIERS

PRODROME_ONSET_MIN: tuple[float, ...] = (180.0, 90.0, 45.0, 10.0)
"""Minutes from exposure to vomiting for mild, moderate, severe, lethal ARS: IAEA/WHO SRS-2
(1998), prodromal-phase table — vomiting 2 h or later (mild), 1-2 h (moderate), under 1 h
(severe), under 10 min (lethal); the model takes a representative value of each band."""

ARS_LETHAL_DEATH_UNTREATED_MIN = 10 * 1440.0
"""Onset to death without care for lethal ARS (> 8 Gy): about ten days (planning assumption:
the gastrointestinal syndrome kills within about two weeks, IAEA/WHO SRS-2 1998)."""


def _ars() -> ArsThresholds:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent.ars


def ars_thresholds_gy() -> tuple[float, float, float, float]:
    """Lower bounds of mild, moderate, severe and lethal ARS (Gy), from agents/ind.yaml."""
    t = _ars()
    return (t.mild_from_gy.value, t.moderate_from_gy.value, t.severe_from_gy.value, t.lethal_from_gy.value)


def ars_exceedance(dose_gy: ArrayLike) -> NDArray[np.float64]:
    """P(severity ≥ k) for k = 1..4 of whole-body doses (0 or 1: sharp bands), shape (..., 4)."""
    dose = np.asarray(dose_gy, dtype=float)[..., None]
    return (dose >= np.asarray(ars_thresholds_gy())).astype(float)


def ars_tier(dose_gy: ArrayLike) -> NDArray[np.int64]:
    """ARS severity code 0-4 of whole-body doses."""
    return ars_exceedance(dose_gy).sum(axis=-1).astype(np.int64)


def ars_onset_delay_min(tier: int, size: int) -> NDArray[np.float64]:
    """Prodrome latency (min) for `size` people reaching ARS tier 1-4."""
    if not 1 <= tier <= TIERS:
        raise ValueError("tier must be 1-4")
    return np.full(size, PRODROME_ONSET_MIN[tier - 1])
