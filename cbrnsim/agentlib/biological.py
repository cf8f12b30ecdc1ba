"""The biological agent class of the agent library (one YAML file per agent in agents/).

A biological agent file describes one disease as the engine needs it: how many inhaled
organisms infect (dose–response), when the infected fall ill (incubation, dose-dependent
where the source says so), how illness runs (prodromal then fulminant phase), who dies with and
without treatment, what prophylaxis buys and until when, and for contagious agents how cases
make cases (R0, dispersion, timing of transmission). Every number is a :class:`Sourced` value
with its unit in the field name; the formulas that use them live in
:mod:`cbrnsim.hazard.biological`.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .base import AgentBase, Frozen, Sourced

SourcedFloat = Sourced[float]


class DoseResponse(Frozen):
    """Probability of infection as a function of the number of inhaled organisms.

    ``exponential``: P = 1 − exp(−k·N). ``beta-poisson``: P = 1 − (1 + N(2^(1/α) − 1)/N50)^(−α).
    ``log-probit``: P = Φ(slope·log10(N/ID50)).  (Haas, Rose & Gerba, *Quantitative Microbial
    Risk Assessment*, 2nd ed. 2014, ch. 7.)
    """

    model: Literal["exponential", "beta-poisson", "log-probit"] = Field(
        description="Functional form, as fitted by the source.")
    organism_unit: str = Field(description="What is counted: 'spores', 'CFU', 'PFU', 'organisms'.")
    fitted_on: str = Field(description="Species, strain and data the model was fitted to.")
    k_per_organism: SourcedFloat | None = Field(default=None, description="Exponential k (per organism).")
    alpha: SourcedFloat | None = Field(default=None, description="Beta-Poisson slope parameter α.")
    n50_organisms: SourcedFloat | None = Field(default=None, description="Beta-Poisson N50 (organisms).")
    id50_organisms: SourcedFloat | None = Field(default=None, description="Log-probit median infective dose.")
    probit_slope_per_log10: SourcedFloat | None = Field(
        default=None, description="Log-probit slope: probits per tenfold dose.")

    @model_validator(mode="after")
    def _parameters_of_the_model_are_given(self) -> DoseResponse:
        needed = {
            "exponential": ("k_per_organism",),
            "beta-poisson": ("alpha", "n50_organisms"),
            "log-probit": ("id50_organisms", "probit_slope_per_log10"),
        }[self.model]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"dose–response model '{self.model}' needs {', '.join(missing)}")
        return self


class LognormalIncubation(Frozen):
    """Dose-independent lognormal incubation: median and dispersion factor (geometric SD)."""

    distribution: Literal["lognormal"] = Field(description="Selects this form.")
    median_days: SourcedFloat = Field(description="Median time from exposure to symptom onset, days.")
    dispersion_factor: SourcedFloat = Field(
        description="Geometric standard deviation exp(σ) (dimensionless, > 1).")


class CompetingRisksIncubation(Frozen):
    """Brookmeyer et al. (2003) competing-risks incubation: spores clear or germinate.

    Dose enters through the infection probability p of the dose–response model; the q-quantile
    is −ln[1 − ln(1 − q·p)/ln(1 − p)]/θ, which tends to −ln(1 − q)/θ at low dose.
    """

    distribution: Literal["competing-risks"] = Field(description="Selects this form.")
    spore_clearance_rate_per_day: SourcedFloat = Field(description="θ, the lung clearance rate of spores.")


Incubation = Annotated[
    Union[LognormalIncubation, CompetingRisksIncubation], Field(discriminator="distribution")
]
"""An incubation-period model; the `distribution` key selects it."""


class ClinicalCourse(Frozen):
    """Timeline of illness after symptom onset, for the engine's deterioration model."""

    prodromal_phase_days: SourcedFloat = Field(
        description="Onset of symptoms to the fulminant (critical) phase, untreated, days.")
    fulminant_phase_hours: SourcedFloat = Field(
        description="Onset of the fulminant phase to death, untreated fatal cases, hours.")


class CaseFatality(Frozen):
    """Fraction of symptomatic cases who die, by when effective treatment starts."""

    untreated_fraction: SourcedFloat = Field(description="No effective treatment.")
    treated_prodromal_fraction: SourcedFloat = Field(description="Treatment started in the prodromal phase.")
    treated_fulminant_fraction: SourcedFloat = Field(description="Treatment started in the fulminant phase.")


class Prophylaxis(Frozen):
    """Post-exposure prophylaxis (antibiotics or vaccine) given before symptoms."""

    drug: str = Field(description="Regimen, e.g. 'ciprofloxacin 500 mg or doxycycline 100 mg twice daily'.")
    efficacy_fraction: SourcedFloat = Field(
        description="Fraction of would-be cases prevented while the course is taken as prescribed.")
    course_length_days: SourcedFloat | None = Field(
        default=None, description="Length of the course; absent for a vaccine (lasting protection).")
    latest_useful_start_day: SourcedFloat | None = Field(
        default=None, description="Hard limit after exposure beyond which prophylaxis no longer helps.")
    typical_adherence_fraction: SourcedFloat = Field(
        description="Fraction who complete the course in a mass campaign (to pass as `adherence`).")


class InfectiousnessBin(Frozen):
    """Share of all secondary transmissions that happen in a window after the case's onset."""

    start_day: float = Field(ge=0, description="Window start, days after the infector's symptom onset.")
    end_day: float = Field(gt=0, description="Window end, days after the infector's symptom onset.")
    fraction: float = Field(ge=0, le=1, description="Share of transmissions in the window.")


class Transmission(Frozen):
    """Person-to-person spread for contagious agents (a branching process in the engine)."""

    r0: SourcedFloat = Field(description="Chosen basic reproduction number (before control measures).")
    r0_low: SourcedFloat = Field(description="Lowest published estimate considered.")
    r0_high: SourcedFloat = Field(description="Highest published estimate considered.")
    dispersion_k: SourcedFloat | None = Field(
        default=None, description="Negative-binomial dispersion of secondary cases; absent means Poisson.")
    infectious_period_median_days: SourcedFloat = Field(description="Median infectious period, days.")
    infectious_period_dispersion_factor: SourcedFloat = Field(
        description="Geometric SD of the (lognormal) infectious period.")
    timing: Literal["uniform-over-infectious-period", "profile"] = Field(
        description="How transmission is spread after the infector's onset: constant hazard over a "
        "lognormal infectious period, or a published profile of shares by day.")
    profile: list[Sourced[InfectiousnessBin]] = Field(
        default_factory=list, description="Shares of transmissions by day after onset (timing 'profile').")

    @model_validator(mode="after")
    def _profile_is_complete(self) -> Transmission:
        if self.timing != "profile":
            return self
        bins = [b.value for b in self.profile]
        if not bins:
            raise ValueError("timing 'profile' needs at least one profile bin")
        if any(b.end_day <= b.start_day for b in bins):
            raise ValueError("every profile bin needs end_day > start_day")
        if abs(sum(b.fraction for b in bins) - 1.0) > 1e-6:
            raise ValueError("profile fractions must sum to 1")
        return self


class Vaccination(Frozen):
    """The vaccine, before and after exposure."""

    vaccine: str = Field(description="Product or type.")
    pre_exposure_efficacy_fraction: SourcedFloat | None = Field(
        default=None, description="Protection of a completed pre-exposure series.")
    post_exposure_doses: SourcedFloat | None = Field(
        default=None, description="Doses in the post-exposure schedule.")


class HospitalNeeds(Frozen):
    """Care a symptomatic case needs."""

    hospitalised_fraction_of_cases: SourcedFloat = Field(description="Cases needing a hospital bed.")
    icu_fraction_of_hospitalised: SourcedFloat = Field(description="Hospitalised cases needing ICU.")
    ventilator_fraction_of_icu: SourcedFloat = Field(description="ICU cases needing mechanical ventilation.")


class BiologicalAgent(AgentBase):
    """A biological agent: every number it carries is sourced."""

    category: Literal["biological"] = Field(description="Agent class; selects this model.")
    disease: str = Field(description="The disease it causes by the route modelled, e.g. 'inhalational anthrax'.")
    organism: str = Field(description="Causative organism, e.g. 'Bacillus anthracis (spores)'.")
    dose_response: DoseResponse = Field(description="Infection probability versus inhaled organisms.")
    published_id50_organisms: SourcedFloat = Field(description="ID50 as the chosen source publishes it.")
    published_id10_organisms: SourcedFloat | None = Field(
        default=None, description="ID10 as published, where available.")
    incubation: Incubation = Field(description="Exposure to symptom onset.")
    clinical_course: ClinicalCourse = Field(description="Phases of illness after onset.")
    case_fatality: CaseFatality = Field(description="Deaths among cases, by treatment start.")
    prophylaxis: Prophylaxis = Field(description="Post-exposure prophylaxis.")
    transmission: Transmission | None = Field(
        default=None, description="Person-to-person spread; absent for non-contagious agents.")
    vaccination: Vaccination = Field(description="Vaccine facts.")
    people_decontamination_needed: Sourced[bool] = Field(
        description="Whether exposed people need decontamination beyond removing clothing and washing.")
    decontamination_guidance: Sourced[str] = Field(description="People and environment decontamination.")
    environmental_persistence_days: SourcedFloat = Field(
        description="How long the agent stays a hazard in the environment, days (order of magnitude).")
    hospital: HospitalNeeds = Field(description="Hospital care needs of cases.")
