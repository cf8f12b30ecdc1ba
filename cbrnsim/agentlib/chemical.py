"""The chemical agent class of the agent library (one YAML file per agent in agents/).

A chemical agent file carries what the hazard models and the exercise engine need: identity and
physical properties (for dispersion), the lethality dose-response (a published probit, or an
LCt50 with toxic-load exponent and probit slope), the dose-responses that split survivors into
mild / moderate / severe casualties, the AEGL table (for threat zones), antidotes, decontamination
needs and the clinical timeline by severity. Every number is sourced: scalars are `Sourced`
values, and numbers that come together from one table (a probit, an AEGL row, a time range)
share the `source` of the group that holds them.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import AgentBase, Frozen, Sourced

ConcentrationUnit = Literal["ppm", "mg/m3"]
"""Concentration units the sources use; ppm converts at 24.45 L/mol (25 °C, 1 atm)."""

SEVERITIES: tuple[str, ...] = ("none", "mild", "moderate", "severe", "lethal_without_care")
"""Casualty severities, in increasing order; the index is the severity code the engine uses."""


class ProbitEquation(Frozen):
    """Lethality probit Y = a + b·ln(C^n·t), C in `concentration_unit`, t in minutes."""

    a: float = Field(description="Intercept of the probit.")
    b: float = Field(gt=0, description="Slope per natural log of the toxic load.")
    n: float = Field(gt=0, description="Toxic-load exponent on concentration.")
    concentration_unit: ConcentrationUnit = Field(description="Unit of C in the equation.")
    time_unit: Literal["min"] = Field(description="Unit of t in the equation (always minutes).")
    source: str = Field(min_length=3, description="Document and table/page of the equation.")
    note: str | None = Field(default=None, description="Why this equation was chosen.")


class EffectDose(Frozen):
    """A median effective dosage (ECt50) for one severity tier at a reference duration."""

    endpoint: str = Field(description="What the tier means clinically, e.g. 'miosis, rhinorrhoea'.")
    ect50_mg_min_m3: float = Field(gt=0, description="Median effective dosage, mg·min/m³.")
    reference_duration_min: float = Field(gt=0, description="Exposure duration the ECt50 refers to, min.")
    source: str = Field(min_length=3, description="Document and table/page of the ECt50.")
    note: str | None = Field(default=None, description="Conversions, ranges and assumptions.")


class Persistence(Frozen):
    """How long a release stays hazardous on the ground."""

    description: str = Field(description="Persistent / non-persistent and what that means here.")
    typical_hours: Sourced[float] = Field(description="Typical time the hazard persists, hours.")


class TimeRange(Frozen):
    """A published time range, minutes; the engine draws from a lognormal built on it.

    The range [low, high] is read as the 5th-95th percentile of a lognormal distribution
    (median = geometric mean of the bounds); see cbrnsim.hazard.toxicology.
    """

    low_min: float = Field(gt=0, description="Lower bound of the published range, min.")
    high_min: float = Field(gt=0, description="Upper bound of the published range, min.")
    source: str = Field(min_length=3, description="Document and table/page of the range.")
    note: str | None = Field(default=None, description="How the range was read from the source.")

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.high_min < self.low_min:
            raise ValueError("high_min must be >= low_min")
        return self


class SeverityTimeline(Frozen):
    """Clinical course of one severity tier."""

    description: str = Field(description="Signs and course for this tier.")
    onset: TimeRange = Field(description="Time from exposure to first signs, min.")
    time_to_death_untreated: TimeRange | None = Field(
        default=None, description="Time from exposure to death without care (lethal tier only), min.")


class Timeline(Frozen):
    """Clinical course by severity tier."""

    mild: SeverityTimeline = Field(description="Mild casualties (walking, self-evacuating).")
    moderate: SeverityTimeline = Field(description="Moderate casualties (need care, not urgent).")
    severe: SeverityTimeline = Field(description="Severe casualties (urgent care; survive with it).")
    lethal_without_care: SeverityTimeline = Field(description="Casualties who die without timely care.")


class Antidote(Frozen):
    """A specific treatment and what it does in the model."""

    name: str = Field(description="Drug or intervention, e.g. 'atropine'.")
    action: str = Field(description="What it does clinically.")
    effective_window_min: float | None = Field(
        default=None, gt=0, description="Minutes after exposure within which it must be given; null = no limit.")
    lethal_mortality_multiplier: float = Field(
        ge=0, le=1, description="Factor on the death probability of lethal-without-care casualties treated in time.")
    source: str = Field(min_length=3, description="Document and page for the window and effect.")
    note: str | None = Field(default=None, description="How the model effect was set; caveats.")


class Decontamination(Frozen):
    """Whether and how casualties need decontamination."""

    required: bool = Field(description="True if casualties need decontamination before care.")
    of: Literal["none", "vapour", "liquid", "liquid_and_vapour"] = Field(
        description="What is removed: clothing-trapped vapour only, liquid on skin, or both.")
    description: str = Field(description="What decon achieves for this agent, for the controller.")
    source: str = Field(min_length=3, description="Document and page.")


class SecondaryContamination(Frozen):
    """Risk that casualties contaminate responders and hospitals."""

    risk: Literal["low", "moderate", "high"] = Field(description="Qualitative risk to responders and staff.")
    description: str = Field(description="Why, and what happened in past incidents.")
    source: str = Field(min_length=3, description="Document and page.")


class AeglRow(Frozen):
    """One AEGL tier at the five AEGL durations, in the table's unit; null = not recommended (NR)."""

    at_10min: float | None = Field(description="Value for a 10-minute exposure.")
    at_30min: float | None = Field(description="Value for a 30-minute exposure.")
    at_60min: float | None = Field(description="Value for a 1-hour exposure.")
    at_240min: float | None = Field(description="Value for a 4-hour exposure.")
    at_480min: float | None = Field(description="Value for an 8-hour exposure.")
    source: str = Field(min_length=3, description="Document and table of the row.")

    def values(self) -> tuple[float | None, ...]:
        """The five values in duration order."""
        return (self.at_10min, self.at_30min, self.at_60min, self.at_240min, self.at_480min)


AEGL_DURATIONS_MIN: tuple[float, ...] = (10.0, 30.0, 60.0, 240.0, 480.0)
"""The AEGL exposure durations, minutes (NRC 2001, Standing Operating Procedures, §2.2)."""


class AeglTable(Frozen):
    """AEGL-1/2/3 as published, with the unit they are published in."""

    unit: ConcentrationUnit = Field(description="Unit of every value in the table.")
    aegl_1: AeglRow = Field(description="AEGL-1: notable discomfort, non-disabling, reversible.")
    aegl_2: AeglRow = Field(description="AEGL-2: irreversible or serious effects, impaired escape.")
    aegl_3: AeglRow = Field(description="AEGL-3: life-threatening effects or death.")


class ChemicalAgent(AgentBase):
    """A chemical agent: every number it carries is sourced."""

    category: Literal["chemical"] = Field(description="Agent class; selects this model.")
    cas_number: str = Field(pattern=r"^\d{2,7}-\d{2}-\d$", description="CAS Registry Number.")
    military_code: str | None = Field(default=None, description="NATO/US military symbol, e.g. 'GB'.")
    physical_state_20c: Literal["gas", "liquid", "solid"] = Field(description="State at 20 °C, 1 atm.")
    molecular_weight_g_mol: Sourced[float] = Field(description="Molar mass, g/mol.")
    boiling_point_c: Sourced[float] = Field(description="Normal boiling point, °C.")
    vapour_density_rel_air: Sourced[float] = Field(description="Vapour density relative to air (air = 1).")
    volatility_mg_m3_20c: Sourced[float] | None = Field(
        default=None, description="Saturated vapour concentration at 20 °C, mg/m³ (null for gases).")
    volatility_mg_m3_25c: Sourced[float] | None = Field(
        default=None, description="Saturated vapour concentration at 25 °C, mg/m³ (null for gases).")
    persistence: Persistence = Field(description="Persistence class and typical duration.")
    toxic_load_exponent_n: Sourced[float] = Field(description="n in the toxic load C^n·t used for every tier.")
    lethality_probit: ProbitEquation | None = Field(
        default=None, description="Published lethality probit; if null, built from LCt50, n and slope.")
    lct50_mg_min_m3: Sourced[float] = Field(description="Median lethal dosage at the reference duration, mg·min/m³.")
    lct50_reference_duration_min: Sourced[float] = Field(description="Exposure duration of the LCt50, min.")
    reference_minute_volume_l_min: Sourced[float] | None = Field(
        default=None,
        description="Breathing rate (L/min) at which the moderate, severe and lethal estimates hold. When set, "
                    "those systemic tiers scale with the exposed person's own breathing (the inhaled dose is "
                    "Ct × minute volume); null for estimates from human population data, used as they are.")
    probit_slope_per_log10_dosage: Sourced[float] = Field(
        description="Probit units per decade of dosage at fixed duration (used for all tiers).")
    mild_effects: EffectDose = Field(description="Mild tier: e.g. miosis (nerve agents), irritation (chlorine).")
    moderate_effects: EffectDose | None = Field(
        default=None, description="Moderate tier; if null, placed at the log-midpoint of mild and severe.")
    severe_effects: EffectDose = Field(description="Severe / incapacitating tier (ECt50).")
    aegl: AeglTable = Field(description="AEGL table as published by NRC/EPA.")
    antidotes: list[Antidote] = Field(default_factory=list, description="Specific treatments; empty = supportive care only.")
    decontamination: Decontamination = Field(description="Decontamination need.")
    secondary_contamination: SecondaryContamination = Field(description="Risk to responders and hospitals.")
    timeline: Timeline = Field(description="Onset and deterioration by severity.")

    @model_validator(mode="after")
    def _consistent(self) -> ChemicalAgent:
        if self.lethality_probit is not None and abs(self.lethality_probit.n - self.toxic_load_exponent_n.value) > 1e-9:
            raise ValueError("lethality_probit.n must equal toxic_load_exponent_n (one toxic load per agent)")
        if self.timeline.lethal_without_care.time_to_death_untreated is None:
            raise ValueError("timeline.lethal_without_care needs time_to_death_untreated")
        return self
