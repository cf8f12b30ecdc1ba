"""Biological hazard: infection, incubation, prophylaxis, fatality and transmission chains.

EXERCISE GRADE. The formulas are the published ones; the parameters come from the agent files
(``agents/anthrax.yaml`` ...) where each carries its source. See docs/models-biological.md.

- Dose–response (Haas, Rose & Gerba, *Quantitative Microbial Risk Assessment*, 2nd ed. 2014,
  ch. 7): exponential P = 1 − exp(−kN); beta-Poisson P = 1 − [1 + N(2^(1/α) − 1)/N50]^(−α);
  log-probit P = Φ(b·log10(N/ID50)).
- Incubation: lognormal (median, dispersion factor), or the Brookmeyer, Johnson & Bollinger
  (2003, PNAS 100:10129, Table 1) competing-risks model in which the q-quantile at infection
  probability p is −ln[1 − ln(1 − qp)/ln(1 − p)]/θ.
- Prophylaxis prevents the would-be cases not yet ill when it starts: efficacy × adherence ×
  [1 − F(start)], F the incubation CDF; for dormant spores only onsets while the course is taken,
  [F(start + course) − F(start)] (Brookmeyer 2003 on the length of prophylaxis); nothing after
  the agent's latest useful start day.
- Secondary cases: negative binomial with mean R and dispersion k (Lloyd-Smith et al. 2005,
  Nature 438:355), Poisson when the file gives no k.
- Serial interval = incubation of the infectee + time from the infector's onset to the
  transmission (uniform over a length-biased lognormal infectious period, or a published
  profile of shares by day).

All functions take the agent as its library id (``"anthrax"``) or a BiologicalAgent, broadcast
over numpy arrays, and take randomness only from the ``numpy.random.Generator`` passed in.
"""
from __future__ import annotations

import math
from statistics import NormalDist
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.biological import (
    BiologicalAgent,
    CompetingRisksIncubation,
    LognormalIncubation,
    Transmission,
)
from ..agentlib.library import get_agent

AgentRef = str | BiologicalAgent
"""An agent given by library id or as the loaded model."""

TreatmentStage = Literal["untreated", "prodromal", "fulminant"]
"""When effective treatment started: never, in the prodromal phase, in the fulminant phase."""

FloatArray = NDArray[np.float64]

_STANDARD_NORMAL = NormalDist()


def resolve_agent(agent: AgentRef) -> BiologicalAgent:
    """The BiologicalAgent for an id or model; TypeError if the agent is not biological."""
    model = get_agent(agent) if isinstance(agent, str) else agent
    if not isinstance(model, BiologicalAgent):
        raise TypeError(f"agent '{getattr(model, 'id', agent)}' is not a biological agent")
    return model


def _non_negative(values: ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if np.any(np.isnan(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be non-negative numbers")
    return array


def _normal_cdf(z: FloatArray) -> FloatArray:
    # Abramowitz & Stegun (1964) 7.1.26 erf approximation, |error| < 1.5e-7: vectorised, no scipy.
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


def _normal_quantile(q: FloatArray) -> FloatArray:
    return np.vectorize(_STANDARD_NORMAL.inv_cdf, otypes=[float])(q)


# --- dose–response -----------------------------------------------------------------------------

def infection_probability(agent: AgentRef, inhaled_organisms: ArrayLike) -> FloatArray:
    """Probability that a person who inhaled this many organisms is infected (falls ill)."""
    response = resolve_agent(agent).dose_response
    dose = _non_negative(inhaled_organisms, "inhaled_organisms")
    if response.model == "exponential":
        assert response.k_per_organism is not None
        return -np.expm1(-response.k_per_organism.value * dose)
    if response.model == "beta-poisson":
        assert response.alpha is not None and response.n50_organisms is not None
        alpha = response.alpha.value
        scaled = dose * (2.0 ** (1.0 / alpha) - 1.0) / response.n50_organisms.value
        return 1.0 - (1.0 + scaled) ** (-alpha)
    assert response.id50_organisms is not None and response.probit_slope_per_log10 is not None
    with np.errstate(divide="ignore"):
        log_ratio = np.log10(dose / response.id50_organisms.value)
    return _normal_cdf(response.probit_slope_per_log10.value * log_ratio)


def infective_dose_organisms(agent: AgentRef, probability: ArrayLike) -> FloatArray:
    """Inhaled organisms that infect the given fraction (the inverse of the dose–response)."""
    response = resolve_agent(agent).dose_response
    p = np.asarray(probability, dtype=float)
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("probability must lie strictly between 0 and 1")
    if response.model == "exponential":
        assert response.k_per_organism is not None
        return -np.log1p(-p) / response.k_per_organism.value
    if response.model == "beta-poisson":
        assert response.alpha is not None and response.n50_organisms is not None
        alpha = response.alpha.value
        return response.n50_organisms.value * ((1 - p) ** (-1 / alpha) - 1) / (2 ** (1 / alpha) - 1)
    assert response.id50_organisms is not None and response.probit_slope_per_log10 is not None
    return response.id50_organisms.value * 10 ** (_normal_quantile(p) / response.probit_slope_per_log10.value)


def inhaled_organisms(dosage_org_min_m3: ArrayLike, breathing_rate_m3_min: ArrayLike) -> FloatArray:
    """Organisms inhaled: time-integrated air concentration × breathing rate (no deposition loss)."""
    dosage = _non_negative(dosage_org_min_m3, "dosage_org_min_m3")
    rate = _non_negative(breathing_rate_m3_min, "breathing_rate_m3_min")
    return dosage * rate


# --- incubation --------------------------------------------------------------------------------

def _infection_probability_or_limit(agent: BiologicalAgent, dose: ArrayLike | None) -> FloatArray:
    # Without a dose the low-dose limit (p → 0) applies: the distribution of sporadic cases.
    if dose is None:
        return np.zeros(())
    return infection_probability(agent, dose)


def _competing_risks_quantile(theta_per_day: float, q: FloatArray, p: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p > 0, np.log1p(-q * p) / np.log1p(-p), q)
    ratio = np.where(p >= 1.0, 0.0, ratio)
    return -np.log1p(-ratio) / theta_per_day


def _competing_risks_cdf(theta_per_day: float, t_day: FloatArray, p: FloatArray) -> FloatArray:
    fraction_germinating = -np.expm1(-theta_per_day * t_day)
    with np.errstate(divide="ignore", invalid="ignore"):
        at_dose = -np.expm1(np.log1p(-p) * fraction_germinating) / p
    at_dose = np.where(p >= 1.0, np.where(t_day > 0, 1.0, 0.0), at_dose)
    return np.where(p > 0, at_dose, fraction_germinating)


def incubation_days(agent: AgentRef, quantile: ArrayLike = 0.5,
                    inhaled_organisms: ArrayLike | None = None) -> FloatArray:
    """The given quantile of the incubation period, days; dose-dependent where the model is."""
    model = resolve_agent(agent)
    q = np.asarray(quantile, dtype=float)
    if np.any((q <= 0) | (q >= 1)):
        raise ValueError("quantile must lie strictly between 0 and 1")
    incubation = model.incubation
    if isinstance(incubation, LognormalIncubation):
        sigma = math.log(incubation.dispersion_factor.value)
        days = incubation.median_days.value * np.exp(sigma * _normal_quantile(q))
        if inhaled_organisms is not None:  # dose-independent, but keep the broadcast shape
            days = days + np.zeros(np.shape(inhaled_organisms))
        return days
    p = _infection_probability_or_limit(model, inhaled_organisms)
    return _competing_risks_quantile(incubation.spore_clearance_rate_per_day.value, q, p)


def incubation_cdf(agent: AgentRef, days: ArrayLike, inhaled_organisms: ArrayLike | None = None) -> FloatArray:
    """Fraction of cases whose symptoms have started by the given day after exposure."""
    model = resolve_agent(agent)
    t = _non_negative(days, "days")
    incubation = model.incubation
    if isinstance(incubation, LognormalIncubation):
        sigma = math.log(incubation.dispersion_factor.value)
        with np.errstate(divide="ignore"):
            z = np.log(t / incubation.median_days.value) / sigma
        cdf = _normal_cdf(np.where(t > 0, z, -np.inf))
        if inhaled_organisms is not None:
            cdf = cdf + np.zeros(np.shape(inhaled_organisms))
        return cdf
    p = _infection_probability_or_limit(model, inhaled_organisms)
    return _competing_risks_cdf(incubation.spore_clearance_rate_per_day.value, t, p)


def sample_incubation_days(agent: AgentRef, rng: np.random.Generator, size: int | tuple[int, ...],
                           inhaled_organisms: ArrayLike | None = None) -> FloatArray:
    """Incubation periods (days) for `size` cases; one uniform or normal draw per case."""
    model = resolve_agent(agent)
    incubation = model.incubation
    if isinstance(incubation, LognormalIncubation):
        sigma = math.log(incubation.dispersion_factor.value)
        return incubation.median_days.value * np.exp(sigma * rng.standard_normal(size))
    assert isinstance(incubation, CompetingRisksIncubation)
    # Inverse-CDF sampling; a uniform strictly inside (0, 1) keeps the quantile finite.
    u = 1.0 - rng.random(size)
    u = np.clip(u, np.finfo(float).tiny, 1.0 - np.finfo(float).eps)
    p = _infection_probability_or_limit(model, inhaled_organisms)
    return _competing_risks_quantile(incubation.spore_clearance_rate_per_day.value, u, p)


# --- prophylaxis and fatality ------------------------------------------------------------------

def prophylaxis_protection(agent: AgentRef, start_day: ArrayLike, adherence: ArrayLike = 1.0,
                           inhaled_organisms: ArrayLike | None = None) -> FloatArray:
    """Fraction of would-be cases prevented by prophylaxis started `start_day` after exposure.

    Cases whose onset would fall before the start are not prevented; for spore agents
    (competing-risks incubation) neither are those whose spores germinate after the course ends.
    Nothing is prevented after the agent's latest useful start day.
    """
    model = resolve_agent(agent)
    plan = model.prophylaxis
    start = _non_negative(start_day, "start_day")
    share = np.asarray(adherence, dtype=float)
    if np.any((share < 0) | (share > 1)):
        raise ValueError("adherence must lie between 0 and 1")
    already_ill = incubation_cdf(model, start, inhaled_organisms)
    if plan.course_length_days is None or not isinstance(model.incubation, CompetingRisksIncubation):
        # Without dormant spores a completed course clears the infection: every case not yet ill is covered.
        covered = 1.0 - already_ill
    else:
        # Dormant spores germinate after the drug stops (Brookmeyer 2003): only onsets within the course count.
        end = start + plan.course_length_days.value
        covered = incubation_cdf(model, end, inhaled_organisms) - already_ill
    protection = plan.efficacy_fraction.value * share * covered
    if plan.latest_useful_start_day is not None:
        protection = np.where(start <= plan.latest_useful_start_day.value, protection, 0.0)
    return np.clip(protection, 0.0, 1.0)


def case_fatality(agent: AgentRef, treatment_stage: TreatmentStage) -> float:
    """Fraction of symptomatic cases who die, by when effective treatment started."""
    fatality = resolve_agent(agent).case_fatality
    by_stage = {
        "untreated": fatality.untreated_fraction,
        "prodromal": fatality.treated_prodromal_fraction,
        "fulminant": fatality.treated_fulminant_fraction,
    }
    if treatment_stage not in by_stage:
        raise ValueError(f"unknown treatment stage {treatment_stage!r}; use one of {', '.join(by_stage)}")
    return by_stage[treatment_stage].value


# --- transmission ------------------------------------------------------------------------------

def _transmission(model: BiologicalAgent) -> Transmission:
    if model.transmission is None:
        raise ValueError(f"agent '{model.id}' is not transmitted from person to person")
    return model.transmission


def sample_secondary_cases(agent: AgentRef, rng: np.random.Generator, size: int | tuple[int, ...],
                           r_effective: ArrayLike | None = None) -> NDArray[np.int64]:
    """Secondary cases caused by each of `size` cases (zero for non-contagious agents)."""
    model = resolve_agent(agent)
    if model.transmission is None:
        return np.zeros(size, dtype=np.int64)
    mean = _non_negative(model.transmission.r0.value if r_effective is None else r_effective, "r_effective")
    if model.transmission.dispersion_k is None:
        return rng.poisson(mean, size).astype(np.int64)
    k = model.transmission.dispersion_k.value
    return rng.negative_binomial(k, k / (k + mean), size).astype(np.int64)


def _sample_transmission_offset_days(model: BiologicalAgent, rng: np.random.Generator,
                                     size: int | tuple[int, ...]) -> FloatArray:
    spread = _transmission(model)
    if spread.timing == "uniform-over-infectious-period":
        # Constant infectiousness: a transmission falls in a long infectious period more often, so
        # the period it falls in is length-biased; a length-biased lognormal has median m·e^(σ²).
        sigma = math.log(spread.infectious_period_dispersion_factor.value)
        median = spread.infectious_period_median_days.value * math.exp(sigma**2)
        period = median * np.exp(sigma * rng.standard_normal(size))
        return rng.random(size) * period
    bins = [b.value for b in spread.profile]
    chosen = rng.choice(len(bins), size=size, p=np.array([b.fraction for b in bins]))
    starts = np.array([b.start_day for b in bins])[chosen]
    widths = np.array([b.end_day - b.start_day for b in bins])[chosen]
    return starts + rng.random(size) * widths


def sample_serial_interval_days(agent: AgentRef, rng: np.random.Generator,
                                size: int | tuple[int, ...]) -> FloatArray:
    """Onset-to-onset intervals (days) between an infector and the people it infects."""
    model = resolve_agent(agent)
    offset = _sample_transmission_offset_days(model, rng, size)
    return offset + sample_incubation_days(model, rng, size)


def mean_serial_interval_days(agent: AgentRef) -> float:
    """Expected serial interval (days), in closed form from the same components as the sampler."""
    model = resolve_agent(agent)
    spread = _transmission(model)
    incubation = model.incubation
    if not isinstance(incubation, LognormalIncubation):
        raise ValueError(f"agent '{model.id}' has no dose-independent incubation for person-to-person cases")
    sigma_inc = math.log(incubation.dispersion_factor.value)
    mean_incubation = incubation.median_days.value * math.exp(sigma_inc**2 / 2)
    if spread.timing == "uniform-over-infectious-period":
        sigma = math.log(spread.infectious_period_dispersion_factor.value)
        # E[D²] / (2 E[D]) for a lognormal D.
        mean_offset = spread.infectious_period_median_days.value * math.exp(1.5 * sigma**2) / 2
    else:
        mean_offset = sum(b.value.fraction * (b.value.start_day + b.value.end_day) / 2 for b in spread.profile)
    return mean_incubation + mean_offset
