"""Radiological dose models: inhalation, groundshine, RDD dispersal and acute radiation syndrome.

Public API (nuclide names case-insensitive, "Cs-137" or "cs-137"; numpy-broadcastable):

- :func:`inhalation_dose_sv` — committed effective dose from activity inhaled (ICRP 72 adult
  public, 1 µm AMAD; absorption type F/M/S, default from the agent file).
- :func:`inhaled_activity_bq` — activity inhaled from a time-integrated air concentration.
- :func:`groundshine_dose_rate_sv_h` — effective dose rate 1 m above a contaminated plane
  (FGR 12, short-lived progeny included).
- RDD: :func:`rdd_cloud_height_m`, :func:`rdd_aerosolised_fraction`,
  :func:`rdd_respirable_fraction`, :data:`RESPIRABLE_DEPOSITION_VELOCITY_M_S`,
  :func:`blast_injury_radius_m` (see :mod:`.rad_rdd`).
- ARS: :func:`ars_severity`, :func:`ars_lethality`.

Every coefficient is read from ``agents/<nuclide>.yaml`` or ``agents/ind.yaml`` (ARS), where
its source sits next to it. EXERCISE GRADE: effective dose is a protection quantity, not a
predictor of deterministic injury; ARS uses whole-body absorbed dose (Gy).
"""
from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import ArsThresholds, NuclearAgent
from ..agentlib.radiological import AbsorptionType, RadiologicalAgent
from .rad_rdd import (
    BLAST_THRESHOLDS_PSI,
    RESPIRABLE_DEPOSITION_VELOCITY_M_S,
    RESPIRABLE_FRACTION,
    blast_injury_radius_m,
    rdd_aerosolised_fraction,
    rdd_cloud_height_m,
    rdd_respirable_fraction,
)

__all__ = [
    "ARS_CATEGORIES", "BLAST_THRESHOLDS_PSI", "RESPIRABLE_DEPOSITION_VELOCITY_M_S", "RESPIRABLE_FRACTION",
    "ars_lethality", "ars_severity", "blast_injury_radius_m", "groundshine_dose_rate_sv_h", "inhalation_dose_sv",
    "inhaled_activity_bq", "nuclide_agent", "rdd_aerosolised_fraction", "rdd_cloud_height_m",
    "rdd_respirable_fraction",
]

ArsCategory = Literal["none", "mild", "moderate", "severe", "lethal"]
ARS_CATEGORIES: tuple[ArsCategory, ...] = ("none", "mild", "moderate", "severe", "lethal")
"""ARS severity labels, in increasing order (IAEA/WHO SRS-2 bands; severe merges 'very severe')."""


def nuclide_agent(nuclide: str) -> RadiologicalAgent:
    """The library entry of a nuclide ('Cs-137', 'cs-137'); KeyError if it is not radiological."""
    agent = get_agent(nuclide.strip().lower())
    if not isinstance(agent, RadiologicalAgent):
        raise KeyError(f"'{nuclide}' is not a radionuclide in the agent library")
    return agent


def inhalation_dose_sv(nuclide: str, activity_inhaled_bq: ArrayLike,
                       absorption: AbsorptionType | None = None) -> NDArray[np.float64]:
    """Committed effective dose (Sv, 50 y) from an inhaled activity (ICRP 72, adult public)."""
    inhalation = nuclide_agent(nuclide).inhalation
    kind = absorption if absorption is not None else inhalation.default_type.value
    if kind not in ("F", "M", "S"):
        raise ValueError("absorption must be 'F', 'M' or 'S'")
    activity = np.asarray(activity_inhaled_bq, dtype=float)
    if np.any(activity < 0):
        raise ValueError("activity_inhaled_bq must be >= 0")
    return activity * inhalation.coefficient(kind).value


def inhaled_activity_bq(time_integrated_concentration_bq_s_m3: ArrayLike,
                        breathing_rate_m3_min: float | None = None) -> NDArray[np.float64]:
    """Activity inhaled (Bq) from a time-integrated air concentration (Bq·s/m³).

    Default breathing rate: ICRP 66 reference adult, light exercise (from
    :mod:`cbrnsim.hazard.physiology`).
    """
    if breathing_rate_m3_min is None:
        from .physiology import breathing_rate_m3_min as reference_rate  # lazy: sibling module
        breathing_rate_m3_min = reference_rate("light")
    exposure = np.asarray(time_integrated_concentration_bq_s_m3, dtype=float)
    return exposure * breathing_rate_m3_min / 60.0


def groundshine_dose_rate_sv_h(nuclide: str, deposition_bq_m2: ArrayLike) -> NDArray[np.float64]:
    """Effective dose rate (Sv/h) 1 m above a uniformly contaminated plane, progeny included."""
    coefficient = nuclide_agent(nuclide).groundshine_sv_h_per_bq_m2.value
    deposition = np.asarray(deposition_bq_m2, dtype=float)
    if np.any(deposition < 0):
        raise ValueError("deposition_bq_m2 must be >= 0")
    return deposition * coefficient


def _ars() -> ArsThresholds:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent.ars


def ars_severity(whole_body_dose_gy: ArrayLike) -> NDArray[np.str_]:
    """ARS category of an acute whole-body dose: none / mild / moderate / severe / lethal."""
    t = _ars()
    dose = np.asarray(whole_body_dose_gy, dtype=float)
    bounds = [t.lethal_from_gy.value, t.severe_from_gy.value, t.moderate_from_gy.value, t.mild_from_gy.value]
    return np.select([dose >= b for b in bounds], ["lethal", "severe", "moderate", "mild"], default="none")


def ars_lethality(whole_body_dose_gy: ArrayLike, supportive_care: bool = False) -> NDArray[np.float64]:
    """Probability of death within 60 days: log-normal in dose, LD50/60 and σ from agents/ind.yaml."""
    t = _ars()
    ld50 = (t.ld50_60_supportive_care_gy if supportive_care else t.ld50_60_no_care_gy).value
    dose = np.asarray(whole_body_dose_gy, dtype=float)
    if np.any(dose < 0):
        raise ValueError("whole_body_dose_gy must be >= 0")
    with np.errstate(divide="ignore"):
        z = np.log(dose / ld50) / (t.lognormal_sigma.value * math.sqrt(2.0))
    return 0.5 * (1.0 + _erf(z))


def _erf(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Error function, vectorised (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7); erf(±inf) = ±1."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))
