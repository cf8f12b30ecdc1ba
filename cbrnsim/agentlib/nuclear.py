"""The nuclear agent class: the reference values the nuclear-detonation models read.

The yield (and burst type) come from the scenario; the agent file holds what does not depend
on the scenario: the blast, thermal, prompt-radiation and fallout reference relations, the
response-planning zone definitions and the acute radiation syndrome (ARS) thresholds.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

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


class IdealizedContours(Frozen):
    """Unit-time reference dose-rate contours of a contact surface burst of W kilotons.

    Each contour's downwind distance, maximum width and ground-zero width (statute miles) are
    ``coefficient × W^exponent``, for a 15 mph effective wind with 15° directional shear and a
    100 % fission weapon (Glasstone & Dolan 1977, Table 9.93).
    """

    dose_rates_rad_h: list[float] = Field(min_length=2, description="H+1 reference dose rate of each contour, rad/h, descending.")
    downwind_coef_mi: list[float] = Field(description="Downwind distance coefficient, miles, one per contour.")
    downwind_exponent: float = Field(gt=0, description="Yield exponent of every downwind distance.")
    max_width_coef_mi: list[float] = Field(description="Maximum-width coefficient, miles, one per contour.")
    max_width_exponent: list[float] = Field(description="Yield exponent of the maximum width, one per contour.")
    ground_zero_width_coef_mi: list[float] = Field(description="Ground-zero width coefficient, miles, one per contour.")
    ground_zero_width_exponent: list[float] = Field(description="Yield exponent of the ground-zero width, one per contour.")
    reference_wind_mph: float = Field(gt=0, description="Effective wind the table is drawn for, mph.")
    source: str = Field(min_length=3, description="Where the table comes from.")
    note: str | None = Field(default=None, description="How the table was read and what it assumes.")

    @model_validator(mode="after")
    def _one_value_per_contour(self) -> IdealizedContours:
        n = len(self.dose_rates_rad_h)
        columns = (self.downwind_coef_mi, self.max_width_coef_mi, self.max_width_exponent,
                   self.ground_zero_width_coef_mi, self.ground_zero_width_exponent)
        if any(len(column) != n for column in columns):
            raise ValueError("every contour column needs one value per dose rate")
        if any(b >= a for a, b in zip(self.dose_rates_rad_h, self.dose_rates_rad_h[1:])):
            raise ValueError("dose_rates_rad_h must be strictly descending")
        if any(b <= a for a, b in zip(self.downwind_coef_mi, self.downwind_coef_mi[1:])):
            raise ValueError("lower contours must reach farther downwind")
        return self


class FalloutReference(Frozen):
    """The idealized fallout pattern, its corrections, decay law and the fallout planning zones."""

    idealized_contours: IdealizedContours = Field(description="Glasstone & Dolan Table 9.93 scaling relationships.")
    wind_factor_span_above_mph: Sourced[float] = Field(description="Above the reference wind, downwind distances × (1 + (v − v_ref)/span), mph.")
    wind_factor_span_below_mph: Sourced[float] = Field(description="Below the reference wind, downwind distances × (1 + (v − v_ref)/span), mph.")
    terrain_factor: Sourced[float] = Field(description="Dose rate over real ground as a fraction of the ideal smooth plane.")
    wseg_k_r_mi2_per_h_per_mt: Sourced[float] = Field(description="H+1 activity normalisation of WSEG-10, (R/h)·mi² per Mt of fission; the pattern's integral is checked against it.")
    decay_exponent: Sourced[float] = Field(description="Way–Wigner exponent n in D(t) = D1·t^-n.")
    gy_per_roentgen: Sourced[float] = Field(description="Conversion from exposure (R) or rad to tissue absorbed dose, Gy per unit.")
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
