"""Chemical dose-response: toxic load, probits, AEGL tiers, severity mix and clinical timelines.

EXERCISE GRADE. These functions turn an exposure (a concentration held for some minutes, or a
concentration history) into probabilities of death and of each casualty severity, and into AEGL
tiers for threat zones, using the numbers of the agent files in agents/. They are meant to give
an exercise realistic casualty numbers and timing, not to predict the outcome of a real release.

Conventions (see docs/models-toxicology.md):
- concentrations are mg/m³ and times minutes unless a name says otherwise;
- the toxic load is TL = Σ C^n·Δt with the agent's single exponent n, in (mg/m³)^n·min;
- a probit Y gives the probability Φ(Y − 5) (Finney, *Probit Analysis*, 3rd ed. 1971, ch. 3);
- every tier uses the agent's probit slope (probit units per decade of dosage at fixed duration);
  a tier's median toxic load is TL50 = (ECt50/t_ref)^n · t_ref.
Inputs broadcast like numpy arrays; nothing loops over receptors in Python.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib import ChemicalAgent, get_agent
from ..agentlib.chemical import AEGL_DURATIONS_MIN, SEVERITIES, ConcentrationUnit, EffectDose, TimeRange

MOLAR_VOLUME_L_MOL = 24.45
"""Molar volume of an ideal gas at 25 °C and 1 atm, L/mol: the conversion used by NIOSH and the
AEGL documents, mg/m³ = ppm × MW / 24.45 (US EPA, Air Toxics Health Effects Notebook conversion
factors; NRC 2001 AEGL Standing Operating Procedures, §2.3)."""

_Z_5_95 = 1.6448536269514722
"""Standard normal quantile of 0.95: a published range is read as the 5th-95th percentiles."""

# Abramowitz & Stegun (1964), Handbook of Mathematical Functions, formula 7.1.26, p. 299:
# erf(x) ≈ 1 − (a1·t + a2·t² + a3·t³ + a4·t⁴ + a5·t⁵)·exp(−x²), t = 1/(1 + p·x), x ≥ 0,
# with |error| ≤ 1.5e-7. numpy has no erf and scipy is not a dependency.
_AS_P = 0.3275911
_AS_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)

FloatArray = NDArray[np.float64]


def _erf(x: FloatArray) -> FloatArray:
    ax = np.abs(x)
    t = 1.0 / (1.0 + _AS_P * ax)
    poly = t * (_AS_A[0] + t * (_AS_A[1] + t * (_AS_A[2] + t * (_AS_A[3] + t * _AS_A[4]))))
    return np.sign(x) * (1.0 - poly * np.exp(-ax * ax))


def probit_probability(probit: ArrayLike) -> FloatArray:
    """Probability for a probit value: Φ(probit − 5), vectorised (A&S 7.1.26, |error| ≤ 1e-7)."""
    z = np.asarray(probit, dtype=float) - 5.0
    return np.clip(0.5 * (1.0 + _erf(z / math.sqrt(2.0))), 0.0, 1.0)


def ppm_to_mg_m3(ppm: ArrayLike, molecular_weight_g_mol: float) -> FloatArray:
    """Convert ppm (by volume) to mg/m³ at 25 °C, 1 atm."""
    return np.asarray(ppm, dtype=float) * molecular_weight_g_mol / MOLAR_VOLUME_L_MOL


def mg_m3_to_ppm(concentration_mg_m3: ArrayLike, molecular_weight_g_mol: float) -> FloatArray:
    """Convert mg/m³ to ppm (by volume) at 25 °C, 1 atm."""
    return np.asarray(concentration_mg_m3, dtype=float) * MOLAR_VOLUME_L_MOL / molecular_weight_g_mol


def toxic_load(concentration_mg_m3: ArrayLike, minutes: ArrayLike, n: float) -> FloatArray:
    """Toxic load C^n·t of a constant exposure, (mg/m³)^n·min."""
    c = np.maximum(np.asarray(concentration_mg_m3, dtype=float), 0.0)
    return np.power(c, n) * np.maximum(np.asarray(minutes, dtype=float), 0.0)


def toxic_load_history(concentration_mg_m3: ArrayLike, dt_min: ArrayLike, n: float, axis: int = -1) -> FloatArray:
    """Toxic load Σ C^n·Δt of a concentration history sampled along `axis`, (mg/m³)^n·min."""
    c = np.maximum(np.asarray(concentration_mg_m3, dtype=float), 0.0)
    return np.sum(np.power(c, n) * np.asarray(dt_min, dtype=float), axis=axis)


def resolve_agent(agent: str | ChemicalAgent) -> ChemicalAgent:
    """The chemical agent for an id (e.g. 'chlorine') or the agent itself."""
    if isinstance(agent, ChemicalAgent):
        return agent
    found = get_agent(agent)
    if not isinstance(found, ChemicalAgent):
        raise ValueError(f"agent '{agent}' is {found.category}, not chemical")
    return found


# --- dose-response --------------------------------------------------------------------------


def _unit_factor(agent: ChemicalAgent, unit: ConcentrationUnit) -> float:
    """Multiplier taking mg/m³ to `unit`."""
    return 1.0 if unit == "mg/m3" else MOLAR_VOLUME_L_MOL / agent.molecular_weight_g_mol.value


def _slope_per_ln_tl(agent: ChemicalAgent) -> float:
    """Probit units per unit of ln(toxic load): slope per decade of C, divided by n·ln 10."""
    return agent.probit_slope_per_log10_dosage.value / (agent.toxic_load_exponent_n.value * math.log(10.0))


def _median_toxic_load(agent: ChemicalAgent, ect50_mg_min_m3: float, reference_min: float) -> float:
    n = agent.toxic_load_exponent_n.value
    return (ect50_mg_min_m3 / reference_min) ** n * reference_min


def _lethal_probit(agent: ChemicalAgent, tl_mg: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        ln_tl = np.log(tl_mg)
    probit = agent.lethality_probit
    if probit is not None:
        # The published equation is in its own unit: rescale the load, (f·C)^n·t = f^n·C^n·t.
        shift = probit.n * math.log(_unit_factor(agent, probit.concentration_unit))
        return probit.a + probit.b * (ln_tl + shift)
    tl50 = _median_toxic_load(agent, agent.lct50_mg_min_m3.value, agent.lct50_reference_duration_min.value)
    return 5.0 + _slope_per_ln_tl(agent) * (ln_tl - math.log(tl50))


def lethality_from_toxic_load(agent: str | ChemicalAgent, toxic_load_value: ArrayLike) -> FloatArray:
    """Probability of death (without care) for a toxic load in (mg/m³)^n·min."""
    chem = resolve_agent(agent)
    return probit_probability(_lethal_probit(chem, np.asarray(toxic_load_value, dtype=float)))


def lethality(agent: str | ChemicalAgent, concentration_mg_m3: ArrayLike, minutes: ArrayLike) -> FloatArray:
    """Probability of death (without care) after a constant exposure of `minutes` at C."""
    chem = resolve_agent(agent)
    return lethality_from_toxic_load(chem, toxic_load(concentration_mg_m3, minutes, chem.toxic_load_exponent_n.value))


def lethality_history(agent: str | ChemicalAgent, concentration_mg_m3: ArrayLike, dt_min: ArrayLike,
                      axis: int = -1) -> FloatArray:
    """Probability of death (without care) for a concentration history (toxic load Σ C^n·Δt)."""
    chem = resolve_agent(agent)
    tl = toxic_load_history(concentration_mg_m3, dt_min, chem.toxic_load_exponent_n.value, axis=axis)
    return lethality_from_toxic_load(chem, tl)


def lc50_mg_m3(agent: str | ChemicalAgent, minutes: float) -> float:
    """Concentration that kills half of those exposed for `minutes` (untreated), mg/m³."""
    chem = resolve_agent(agent)
    n = chem.toxic_load_exponent_n.value
    probit = chem.lethality_probit
    if probit is None:
        tl50 = _median_toxic_load(chem, chem.lct50_mg_min_m3.value, chem.lct50_reference_duration_min.value)
    else:
        tl50_own_unit = math.exp((5.0 - probit.a) / probit.b)
        tl50 = tl50_own_unit / _unit_factor(chem, probit.concentration_unit) ** n
    return float((tl50 / minutes) ** (1.0 / n))


# --- severity mix ---------------------------------------------------------------------------


def _moderate_effects(chem: ChemicalAgent) -> EffectDose:
    """The moderate tier; absent a published value, the log-midpoint of mild and severe ECt50s."""
    if chem.moderate_effects is not None:
        return chem.moderate_effects
    mild, severe = chem.mild_effects, chem.severe_effects
    return EffectDose(
        endpoint="between mild and severe (model placement)",
        ect50_mg_min_m3=math.sqrt(mild.ect50_mg_min_m3 * severe.ect50_mg_min_m3),
        reference_duration_min=math.sqrt(mild.reference_duration_min * severe.reference_duration_min),
        source="cbrnsim model rule: geometric mean of the mild and severe ECt50s",
    )


def _tier_probits_from_toxic_load(chem: ChemicalAgent, tl_mg: FloatArray, ratio: float = 1.0) -> list[FloatArray]:
    slope = _slope_per_ln_tl(chem)
    with np.errstate(divide="ignore"):
        ln_tl = np.log(tl_mg)
    # Breathing scales the effective concentration: (r·C)^n·t = r^n·TL (systemic tiers only).
    shift = chem.toxic_load_exponent_n.value * math.log(ratio)
    tiers = (chem.mild_effects, _moderate_effects(chem), chem.severe_effects)
    out = [5.0 + slope * (ln_tl + (shift if k else 0.0)
                          - math.log(_median_toxic_load(chem, e.ect50_mg_min_m3, e.reference_duration_min)))
           for k, e in enumerate(tiers)]
    out.append(_lethal_probit(chem, tl_mg * ratio ** chem.toxic_load_exponent_n.value))
    return out


def _tier_probits_from_dosage(chem: ChemicalAgent, dosage: FloatArray, ratio: float = 1.0) -> list[FloatArray]:
    # Dosage alone (no duration): each estimate is read at its own reference duration (Haber's
    # rule there), which is how the military ECt50/LCt50 tables are meant to be used.
    beta10 = chem.probit_slope_per_log10_dosage.value
    with np.errstate(divide="ignore"):
        log_d = np.log10(dosage)
    tiers = (chem.mild_effects, _moderate_effects(chem), chem.severe_effects)
    out = [5.0 + beta10 * (log_d + (math.log10(ratio) if k else 0.0) - math.log10(e.ect50_mg_min_m3))
           for k, e in enumerate(tiers)]
    t_ref = chem.lct50_reference_duration_min.value
    out.append(_lethal_probit(chem, toxic_load(ratio * dosage / t_ref, t_ref, chem.toxic_load_exponent_n.value)))
    return out


def severity_mix(agent: str | ChemicalAgent, dosage_mg_min_m3: ArrayLike | None = None,
                 toxic_load: ArrayLike | None = None, *, minute_volume_l_min: float | None = None) -> FloatArray:
    """Probabilities of [none, mild, moderate, severe, lethal-without-care], shape (..., 5).

    Give either the dosage Ct (mg·min/m³) or the toxic load Σ C^n·Δt ((mg/m³)^n·min, agent n).
    P(severity ≥ k) comes from tier k's probit; the four exceedance curves are made nested
    (a person who would die would also show severe signs) by taking, for each tier, the largest
    exceedance of that tier and every tier above it. The mix is the difference of neighbours,
    so it sums to 1 and shifts towards worse outcomes as the dose grows.

    ``minute_volume_l_min``: the exposed person's breathing rate. For an agent whose estimates hold
    at a stated minute volume (``reference_minute_volume_l_min``) the moderate, severe and lethal
    tiers see the inhaled dose, Ct × (V / V_ref) (:func:`systemic_breathing_factor`); the mild tier
    (miosis, rhinorrhoea: vapour on the eye and nose) does not depend on breathing (NRC 1997, Review
    of Acute Human-Toxicity Estimates, ch. 3 p. 31: the mild-effects ECt50 'is independent of
    minute volume').
    """
    chem = resolve_agent(agent)
    if (dosage_mg_min_m3 is None) == (toxic_load is None):
        raise ValueError("give exactly one of dosage_mg_min_m3 or toxic_load")
    ratio = systemic_breathing_factor(chem, minute_volume_l_min)
    if toxic_load is not None:
        probits = _tier_probits_from_toxic_load(chem, np.maximum(np.asarray(toxic_load, dtype=float), 0.0), ratio)
    else:
        probits = _tier_probits_from_dosage(chem, np.maximum(np.asarray(dosage_mg_min_m3, dtype=float), 0.0), ratio)
    exceed = np.stack([probit_probability(p) for p in probits], axis=-1)
    nested = np.flip(np.maximum.accumulate(np.flip(exceed, axis=-1), axis=-1), axis=-1)
    upper = np.concatenate([np.ones(nested.shape[:-1] + (1,)), nested], axis=-1)
    lower = np.concatenate([nested, np.zeros(nested.shape[:-1] + (1,))], axis=-1)
    return upper - lower


def systemic_breathing_factor(agent: str | ChemicalAgent, minute_volume_l_min: float | None) -> float:
    """V / V_ref: how much more (or less) agent a person breathing ``minute_volume_l_min`` inhales
    than the reference person of the agent's estimates, at the same Ct. 1 when either is unknown.

    The lethal inhalation dosage is proportional to body weight over minute volume (Bide, Armour &
    Yee 2005, DTIC ADA426350, abstract, for sarin), so at the same inhaled dose Ct·V is constant."""
    chem = resolve_agent(agent)
    reference = chem.reference_minute_volume_l_min
    if minute_volume_l_min is None or reference is None:
        return 1.0
    return float(minute_volume_l_min) / reference.value


# --- AEGL -----------------------------------------------------------------------------------


def _aegl_row_mg_m3(chem: ChemicalAgent, tier: int) -> FloatArray:
    if tier not in (1, 2, 3):
        raise ValueError(f"AEGL tier must be 1, 2 or 3, not {tier}")
    row = getattr(chem.aegl, f"aegl_{tier}")
    values = np.array([np.nan if v is None else v for v in row.values()], dtype=float)
    if chem.aegl.unit == "ppm":
        return ppm_to_mg_m3(values, chem.molecular_weight_g_mol.value)
    return values


def aegl_concentration_mg_m3(agent: str | ChemicalAgent, tier: int, minutes: ArrayLike) -> FloatArray:
    """AEGL-`tier` concentration for an exposure of `minutes`, mg/m³ (NaN where not recommended).

    Between the published durations the value is interpolated linearly in log C against log t,
    i.e. C^n·t = k with the n implied by the two neighbouring table values — the time scaling
    the AEGL documents themselves use (NRC 2001, SOP §2.7). Outside 10 min-8 h the nearest
    published value is held (AEGLs are not defined there).
    """
    chem = resolve_agent(agent)
    row = _aegl_row_mg_m3(chem, tier)
    t = np.clip(np.asarray(minutes, dtype=float), AEGL_DURATIONS_MIN[0], AEGL_DURATIONS_MIN[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        log_c = np.interp(np.log(t), np.log(AEGL_DURATIONS_MIN), np.log(row))
    return np.exp(log_c)


def aegl_tier(agent: str | ChemicalAgent, concentration_mg_m3: ArrayLike, minutes: ArrayLike) -> NDArray[np.int_]:
    """Highest AEGL tier (0-3) whose level is exceeded (strictly above) by C held for `minutes`.

    A tier that is not recommended (NR) is never counted as exceeded on its own; exceeding a
    higher tier still counts.
    """
    chem = resolve_agent(agent)
    c = np.asarray(concentration_mg_m3, dtype=float)
    tier_out = np.zeros(np.broadcast_shapes(c.shape, np.shape(minutes)), dtype=int)
    for tier in (1, 2, 3):
        level = aegl_concentration_mg_m3(chem, tier, minutes)
        with np.errstate(invalid="ignore"):
            above = np.nan_to_num(c > level, nan=False).astype(bool)
        tier_out = np.where(above, tier, tier_out)
    return tier_out


# --- timelines ------------------------------------------------------------------------------


def _lognormal_parameters(span: TimeRange) -> tuple[float, float]:
    """(median, sigma) of the lognormal whose 5th-95th percentiles are the published range."""
    median = math.sqrt(span.low_min * span.high_min)
    sigma = math.log(span.high_min / span.low_min) / (2.0 * _Z_5_95)
    return median, sigma


def _draw(span: TimeRange, rng: np.random.Generator, size: int | tuple[int, ...] | None) -> FloatArray:
    median, sigma = _lognormal_parameters(span)
    return np.asarray(median * np.exp(sigma * rng.standard_normal(size)), dtype=float)


def _severity_name(severity: int | str) -> str:
    name = SEVERITIES[severity] if isinstance(severity, int) else severity
    if name not in SEVERITIES or name == "none":
        raise ValueError(f"severity must be one of {SEVERITIES[1:]} or 1-4, not {severity!r}")
    return name


def onset_minutes(agent: str | ChemicalAgent, severity: int | str, rng: np.random.Generator,
                  size: int | tuple[int, ...] | None = None) -> FloatArray:
    """Draw times from exposure to first signs, min, for casualties of `severity`."""
    chem = resolve_agent(agent)
    return _draw(getattr(chem.timeline, _severity_name(severity)).onset, rng, size)


def time_to_death_untreated_min(agent: str | ChemicalAgent, severity: int | str, rng: np.random.Generator,
                                size: int | tuple[int, ...] | None = None) -> FloatArray:
    """Draw times from exposure to death without care, min; +inf for tiers that survive untreated."""
    chem = resolve_agent(agent)
    span = getattr(chem.timeline, _severity_name(severity)).time_to_death_untreated
    if span is None:
        return np.full(() if size is None else size, np.inf)
    return _draw(span, rng, size)


def timeline_median_min(agent: str | ChemicalAgent, severity: int | str) -> tuple[float, float]:
    """(median onset, median time to death untreated or +inf), min: for displays and checks."""
    chem = resolve_agent(agent)
    course = getattr(chem.timeline, _severity_name(severity))
    death = course.time_to_death_untreated
    return _lognormal_parameters(course.onset)[0], (math.inf if death is None else _lognormal_parameters(death)[0])
