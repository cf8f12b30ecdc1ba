"""The nuclear agent class: the reference values the nuclear-detonation models read.

The yield (and burst type) come from the scenario; the agent file holds what does not depend
on the scenario: the blast, thermal, prompt-radiation and fallout reference relations, the
response-planning zone definitions and the acute radiation syndrome (ARS) thresholds.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import AgentBase, Frozen, Sourced


class BlastReference(Frozen):
    """Reference values of the air-blast model (cube-root scaling from 1 kt)."""

    surface_reflection_yield_factor: Sourced[float] = Field(description="A contact surface burst acts as a free-air burst of this many times the yield.")
    optimum_hob_search_max_m_per_kt13: Sourced[float] = Field(description="Largest scaled height of burst searched for the optimum airburst, m/kt^(1/3).")


class BurnThresholds(Frozen):
    """Radiant exposures giving 50 % incidence of 1st/2nd/3rd-degree burns on bare skin, vs yield."""

    yields_kt: list[float] = Field(min_length=2, description="Yields of the table rows, kt, ascending.")
    first_degree_cal_cm2: list[float] = Field(description="1st degree, cal/cm², one per yield.")
    second_degree_cal_cm2: list[float] = Field(description="2nd degree, cal/cm², one per yield.")
    third_degree_cal_cm2: list[float] = Field(description="3rd degree, cal/cm², one per yield.")
    source: str = Field(min_length=3, description="Where the table comes from.")
    note: str | None = Field(default=None, description="How it is interpolated and extrapolated.")


class ThermalReference(Frozen):
    """Thermal partition and burn thresholds."""

    partition_airburst: Sourced[float] = Field(description="Fraction of yield emitted as thermal radiation, air burst.")
    partition_surface: Sourced[float] = Field(description="Effective thermal partition, contact surface burst.")
    burns: BurnThresholds = Field(description="Burn thresholds vs yield.")


class PromptRadiationReference(Frozen):
    """Point-source fit D = k·W·exp(-R/λ)/R² of the initial (prompt) nuclear radiation."""

    k_gy_m2_per_kt: Sourced[float] = Field(description="Coefficient k, Gy·m² per kt.")
    relaxation_length_m: Sourced[float] = Field(description="Air relaxation length λ, m.")


class FalloutReference(Frozen):
    """WSEG-10 normalisation, decay law and the fallout planning zones."""

    wseg_k_r_mi2_per_h_per_mt: Sourced[float] = Field(description="WSEG-10 H+1 normalisation, (R/h)·mi² per Mt of fission.")
    decay_exponent: Sourced[float] = Field(description="Way–Wigner exponent n in D(t) = D1·t^-n.")
    gy_per_roentgen: Sourced[float] = Field(description="Conversion from exposure (R) to tissue absorbed dose, Gy/R.")
    earliest_arrival_h: Sourced[float] = Field(description="Earliest fallout arrival near ground zero, h.")
    dangerous_fallout_zone_r_h: Sourced[float] = Field(description="Dose-rate boundary of the dangerous fallout zone, R/h.")
    hot_zone_r_h: Sourced[float] = Field(description="Dose-rate boundary of the hot zone, R/h.")


class DamageZones(Frozen):
    """Outer radii of the Planning Guidance damage zones at a reference yield (surface burst)."""

    reference_yield_kt: Sourced[float] = Field(description="Yield at which the radii are given, kt.")
    severe_damage_radius_m: Sourced[float] = Field(description="Outer radius of the severe damage zone, m.")
    moderate_damage_radius_m: Sourced[float] = Field(description="Outer radius of the moderate damage zone, m.")
    light_damage_radius_m: Sourced[float] = Field(description="Outer radius of the light damage zone, m.")


class ArsThresholds(Frozen):
    """Acute radiation syndrome: severity bands and lethality (whole-body dose, Gy)."""

    mild_from_gy: Sourced[float] = Field(description="Lower bound of mild ARS, Gy.")
    moderate_from_gy: Sourced[float] = Field(description="Lower bound of moderate ARS, Gy.")
    severe_from_gy: Sourced[float] = Field(description="Lower bound of severe ARS, Gy.")
    lethal_from_gy: Sourced[float] = Field(description="Lower bound of (nearly always) lethal ARS, Gy.")
    ld50_60_no_care_gy: Sourced[float] = Field(description="LD50/60 with minimal medical care, Gy.")
    ld50_60_supportive_care_gy: Sourced[float] = Field(description="LD50/60 with supportive care (antibiotics, transfusions), Gy.")
    lognormal_sigma: Sourced[float] = Field(description="Geometric standard deviation (natural log) of the lethality curve.")


class NuclearAgent(AgentBase):
    """An improvised nuclear device (or weapon): reference relations; the yield is in the scenario."""

    category: Literal["nuclear"] = Field(description="Agent class; selects this model.")
    blast: BlastReference = Field(description="Air-blast reference values.")
    thermal: ThermalReference = Field(description="Thermal radiation reference values.")
    prompt_radiation: PromptRadiationReference = Field(description="Initial nuclear radiation fit.")
    fallout: FalloutReference = Field(description="Fallout reference values.")
    damage_zones: DamageZones = Field(description="Response-planning damage zones.")
    ars: ArsThresholds = Field(description="Acute radiation syndrome thresholds.")
