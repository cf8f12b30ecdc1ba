"""Exercise objectives with measurable targets, rated P/S/M/U as in HSEEP.

HSEEP (FEMA, 2020, §5 and Appendix) rates each objective or capability target as
P — performed without challenges, S — performed with some challenges, M — performed with major
challenges, U — unable to be performed. Here each objective names one metric that the engine
computes from the run; its ``target`` is the P threshold and ``thresholds`` give the S and M
limits. Whether higher or lower is better is a property of the metric (see METRICS).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import Field, ValidationInfo, field_validator

from .common import Identifier, ScenarioModel

CoreCapability = Literal[
    # Common to all mission areas
    "Planning", "Public Information and Warning", "Operational Coordination",
    # Prevention / Protection
    "Forensics and Attribution", "Intelligence and Information Sharing", "Interdiction and Disruption",
    "Screening, Search, and Detection", "Access Control and Identity Verification", "Cybersecurity",
    "Physical Protective Measures", "Risk Management for Protection Programs and Activities",
    "Supply Chain Integrity and Security",
    # Mitigation
    "Community Resilience", "Long-term Vulnerability Reduction", "Risk and Disaster Resilience Assessment",
    "Threats and Hazards Identification",
    # Response
    "Infrastructure Systems", "Critical Transportation", "Environmental Response/Health and Safety",
    "Fatality Management Services", "Fire Management and Suppression", "Logistics and Supply Chain Management",
    "Mass Care Services", "Mass Search and Rescue Operations",
    "On-scene Security, Protection, and Law Enforcement", "Operational Communications",
    "Public Health, Healthcare, and Emergency Medical Services", "Situational Assessment",
    # Recovery
    "Economic Recovery", "Health and Social Services", "Housing", "Natural and Cultural Resources",
]
"""The 32 core capabilities of the US National Preparedness Goal, 2nd ed. (DHS, Sept 2015), spelled as there."""

CORE_CAPABILITIES: tuple[str, ...] = get_args(CoreCapability)
"""The core-capability names, for listings and suggestions."""

MetricName = Literal[
    "immediate_in_hospital_within_min", "antidote_within_min", "decon_within_min",
    "prophylaxis_within_min", "agent_identified_by_min", "first_unit_on_scene_min",
    "first_decon_line_open_min", "protective_action_by_min", "public_message_by_min",
    "ed_peak_occupancy_pct", "icu_peak_occupancy_pct", "deaths", "deaths_prehospital",
    "undertriage_pct", "pod_throughput_per_h",
]
"""The metrics an objective can use; the engine computes exactly these (see METRICS)."""


@dataclass(frozen=True)
class MetricInfo:
    """What a metric measures, in what unit, and which way is better."""

    unit: str
    """Unit of the measured value and of the thresholds."""
    better: Literal["higher", "lower"]
    """Whether a higher or a lower value is better performance."""
    needs_within_min: bool
    """Whether the objective must give `within_min` (the time window the metric counts in)."""
    meaning: str
    """What the engine computes, precisely."""


METRICS: dict[str, MetricInfo] = {
    "immediate_in_hospital_within_min": MetricInfo(
        "%", "higher", True,
        "Share of casualties triaged immediate (T1/red) who reached a hospital bed or ED space within "
        "`within_min` of their symptom onset, of all immediate casualties."),
    "antidote_within_min": MetricInfo(
        "%", "higher", True,
        "Share of casualties whose agent has an antidote and who got the first dose within `within_min` "
        "of symptom onset, of all symptomatic casualties of such an agent. 'Symptomatic' here means "
        "moderate or worse: miosis and rhinorrhoea alone (mild) are not treated with atropine (USAMRICD "
        "Medical Management of Chemical Casualties Handbook, 4th ed. 2007, Nerve agents), so mild "
        "casualties are not counted."),
    "decon_within_min": MetricInfo(
        "%", "higher", True,
        "Share of people needing decontamination who completed it within `within_min` of their exposure."),
    "prophylaxis_within_min": MetricInfo(
        "%", "higher", True,
        "Share of the exposed population who received post-exposure prophylaxis within `within_min` of the "
        "release start (biological and some radiological scenarios)."),
    "agent_identified_by_min": MetricInfo(
        "min", "lower", False,
        "Minutes from the first release to the first presumptive identification of the released agent "
        "(the rest of the exercise if it is never identified)."),
    "first_unit_on_scene_min": MetricInfo(
        "min", "lower", False, "Minutes from the first release to the first responder unit arriving on scene."),
    "first_decon_line_open_min": MetricInfo(
        "min", "lower", False,
        "Minutes from the first release to the first decontamination line (field or hospital) working."),
    "protective_action_by_min": MetricInfo(
        "min", "lower", False,
        "Minutes from the first release to the first shelter-in-place or evacuation order taking effect."),
    "public_message_by_min": MetricInfo(
        "min", "lower", False, "Minutes from the first release to the first public message."),
    "ed_peak_occupancy_pct": MetricInfo(
        "%", "lower", False,
        "Highest ED demand reached at any hospital (patients in an ED space plus those waiting for one), "
        "as a share of that hospital's ED spaces at STARTEX: an ED 'above 100 %' has "
        "patients in corridors."),
    "icu_peak_occupancy_pct": MetricInfo(
        "%", "lower", False,
        "Highest ICU demand reached at any hospital (patients in an ICU bed plus those waiting for one), as a "
        "share of its ICU beds at STARTEX."),
    "deaths": MetricInfo("persons", "lower", False, "Deaths from the incident by the end of the run."),
    "deaths_prehospital": MetricInfo(
        "persons", "lower", False, "Deaths before reaching a hospital, by the end of the run."),
    "undertriage_pct": MetricInfo(
        "%", "lower", False,
        "Share of casualties who truly needed immediate care but were triaged delayed or minor."),
    "pod_throughput_per_h": MetricInfo(
        "persons/h", "higher", False,
        "Mean people per hour served by points of dispensing while they were open."),
}
"""Every metric by name; an objective's thresholds are in the metric's unit."""

Rating = Literal["P", "S", "M", "U"]
"""HSEEP performance rating."""


class Thresholds(ScenarioModel):
    """The limits below the target: where performance drops to S and to M (metric's unit)."""

    some_challenges: float = Field(allow_inf_nan=False,
                                   description="Worst value still rated S (performed with some challenges) (metric's unit).")
    major_challenges: float = Field(allow_inf_nan=False,
                                    description="Worst value still rated M (performed with major challenges); "
                                                "anything worse is U (metric's unit).")


class Objective(ScenarioModel):
    """A measurable exercise objective tied to a core capability."""

    id: Identifier = Field(description="Unique objective id, referred to by injects (text), e.g. 'OBJ-1'.")
    text: str = Field(min_length=1, description="The objective as written in the Exercise Plan (text).")
    core_capability: CoreCapability = Field(description="FEMA core capability the objective exercises.")
    metric: MetricName = Field(description="What the engine measures (see the metric table in docs/scenario-format.md).")
    within_min: float | None = Field(default=None, gt=0, allow_inf_nan=False, validate_default=True,
                                     description="Time window of *_within_min metrics (min); omit for other metrics.")
    target: float = Field(allow_inf_nan=False, description="Value to reach for a P rating (metric's unit).")
    thresholds: Thresholds = Field(description="Where S ends and M ends (metric's unit).")

    @field_validator("within_min")
    @classmethod
    def _window_fits_metric(cls, value: float | None, info: ValidationInfo) -> float | None:
        metric = info.data.get("metric")
        if metric is None:
            return value
        if METRICS[metric].needs_within_min and value is None:
            raise ValueError(f"metric '{metric}' needs within_min (the time window, min)")
        if not METRICS[metric].needs_within_min and value is not None:
            raise ValueError(f"metric '{metric}' takes no within_min; remove it")
        return value

    @field_validator("thresholds")
    @classmethod
    def _ordered_for_metric(cls, value: Thresholds, info: ValidationInfo) -> Thresholds:
        metric, target = info.data.get("metric"), info.data.get("target")
        if metric is None or target is None:
            return value
        better = METRICS[metric].better
        limits = (target, value.some_challenges, value.major_challenges)
        ordered = limits[0] >= limits[1] >= limits[2] if better == "higher" else limits[0] <= limits[1] <= limits[2]
        if not ordered:
            word = "≥" if better == "higher" else "≤"
            raise ValueError(f"'{metric}' is better when {better}, so write target {word} some_challenges "
                             f"{word} major_challenges (got {target:g}, {value.some_challenges:g}, "
                             f"{value.major_challenges:g})")
        return value

    def rate(self, measured: float) -> Rating:
        """The proposed HSEEP rating for a measured value."""
        better_or_equal = (lambda a, b: a >= b) if METRICS[self.metric].better == "higher" else (lambda a, b: a <= b)
        if better_or_equal(measured, self.target):
            return "P"
        if better_or_equal(measured, self.thresholds.some_challenges):
            return "S"
        if better_or_equal(measured, self.thresholds.major_challenges):
            return "M"
        return "U"
