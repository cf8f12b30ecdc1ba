"""Strengths and areas for improvement, each with the analysis of its root cause, from the run.

Every finding is computed: an objective's measured value against its target, and then the
events and series that explain it — where the dead were when they died, which hospital's beds
were full and when, how long immediates waited for which resource, whether walk-in patients
reached an ED before its decontamination line worked. The wording names the numbers; nothing
is asserted that the run does not show. Corrective actions are *proposals* for the Improvement
Plan, prefilled so that the team starts from the evidence; the team decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from cbrnsim.scenario import METRICS, format_time_min

from .analysis import Analysis, ObjectiveRating, format_number
from .vocabulary import BED_LABELS, EVENT_SECONDARY_CONTAMINATION, STATE_LABELS

Kind = Literal["strength", "improvement"]
"""A strength, or an area for improvement."""

LONG_WAIT_MIN = 30.0
"""A wait for a responder resource counted as long in the analysis (min): the 'golden' first
half hour of nerve-agent casualties, when antidote and airway care change outcomes (planning
threshold of this report, stated so the team can change its reading)."""

_RATING_WEIGHT = {"U": 4.0, "M": 3.0, "S": 1.5, "P": 2.0}


@dataclass(frozen=True)
class Finding:
    """A strength or an area for improvement, with its evidence and root-cause analysis."""

    kind: Kind
    """'strength' or 'improvement'."""
    title: str
    """One line: what went well or what must improve."""
    capability: str
    """The core capability it belongs to."""
    objective: str
    """The objective id it supports ('' when it is not tied to one)."""
    observation: str
    """What the run shows, with its numbers."""
    analysis: str
    """Why: the root cause as far as the model can tell ('' when the model cannot tell)."""
    weight: float
    """How much it matters, for ranking the top three (larger first)."""
    corrective_action: str = ""
    """Proposed corrective action (areas for improvement only)."""
    element: str = ""
    """Capability element: Planning, Organisation, Equipment, Training or Exercise."""
    responsible: str = ""
    """Proposed responsible organisation ('' where the team decides)."""


def t(minutes: float | None) -> str:
    """A scenario time as T+hh:mm, or 'never'."""
    return "never" if minutes is None else format_time_min(round(minutes))


def organisation_for(analysis: Analysis, *keywords: str) -> str:
    """The first participating organisation whose name contains one of the keywords ('' if none)."""
    for organisation in analysis.run.scenario.metadata.participating_organisations:
        if any(keyword.lower() in organisation.lower() for keyword in keywords):
            return organisation
    return ""


def all_findings(analysis: Analysis) -> list[Finding]:
    """Every finding of the run, strongest first within each kind."""
    found: list[Finding] = []
    for rating in analysis.objectives:
        found.extend(objective_findings(analysis, rating))
    found += death_findings(analysis)
    found += capacity_findings(analysis)
    found += secondary_contamination_findings(analysis)
    return sorted(found, key=lambda f: (f.kind, -f.weight))


def top(findings: list[Finding], kind: Kind, count: int = 3) -> list[Finding]:
    """The ``count`` weightiest findings of one kind."""
    return [f for f in findings if f.kind == kind][:count]


# ------------------------------------------------------------------------ objectives
def objective_findings(analysis: Analysis, rating: ObjectiveRating) -> list[Finding]:
    """A strength for a P, an area for improvement for S, M or U, with the metric's root cause."""
    if rating.rating is None:
        return []
    objective = rating.objective
    evidence = (f"Measured {rating.measured_text()} against a target of {format_number(objective.target)} "
                f"{rating.unit} ({rating.bands()}): rated {rating.rating}")
    if rating.evaluator is not None and rating.evaluator.rating != rating.proposed:
        evidence += f" by the evaluator (the thresholds proposed {rating.proposed or 'no rating'})"
    evidence += "."
    cause, action, element, responsible = _metric_cause(analysis, rating)
    if rating.rating == "P":
        return [Finding("strength", f"{objective.id} met — {_short(objective.text)}", objective.core_capability,
                        objective.id, evidence, cause, _RATING_WEIGHT["P"])]
    return [Finding("improvement", f"{objective.id} rated {rating.rating} — {_short(objective.text)}",
                    objective.core_capability, objective.id, evidence, cause, _RATING_WEIGHT[rating.rating],
                    action, element, responsible)]


def _short(text: str, limit: int = 110) -> str:
    text = text.rstrip(" .")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _metric_cause(analysis: Analysis, rating: ObjectiveRating) -> tuple[str, str, str, str]:
    """(root cause, corrective action, capability element, responsible organisation) for a metric."""
    metric = rating.objective.metric
    times = analysis.times
    if metric == "immediate_in_hospital_within_min":
        return (_immediate_delay_cause(analysis, rating.objective.within_min or 60.0),
                "Review the ambulance loading-point plan and mutual-aid triggers so that red casualties leave "
                "the scene first; pre-agree casualty distribution to hospitals.",
                "Planning", organisation_for(analysis, "ambulance", "EMS"))
    if metric == "agent_identified_by_min":
        cause = (f"The first casualty had symptoms at {t(times.first_onset)}, the first unit was on scene at "
                 f"{t(times.first_unit_on_scene)} and the agent was identified at {t(times.agent_identified)}.")
        return (cause, "Train dispatchers and first crews to recognise a chemical pattern from calls and send "
                       "HAZMAT detection with the first alarm.",
                "Training", organisation_for(analysis, "fire", "hazmat"))
    if metric == "antidote_within_min":
        cause = (f"The first antidote dose was given at {t(times.first_antidote)}; the agent was identified at "
                 f"{t(times.agent_identified)}. Specific treatment starts only once the agent is known.")
        return (cause, "Pre-position nerve-agent antidote with first-response units and allow treatment on "
                       "clinical signs before laboratory confirmation.",
                "Equipment", organisation_for(analysis, "health", "ambulance"))
    if metric in ("first_decon_line_open_min", "decon_within_min"):
        cause = (f"The first unit was on scene at {t(times.first_unit_on_scene)}; the first decontamination "
                 f"line worked at {t(times.first_decon_open)}." + _decon_queue_text(analysis))
        return (cause, "Dispatch a decontamination unit with the first HAZMAT alarm and practise improvised "
                       "gross decontamination (disrobe, water) while the line is set up.",
                "Equipment", organisation_for(analysis, "fire"))
    if metric in ("ed_peak_occupancy_pct", "icu_peak_occupancy_pct"):
        return (_overload_cause(analysis, "ed_spaces" if metric.startswith("ed") else "icu_beds"),
                "Agree a regional casualty-distribution plan: direct walk-in patients and EMS patients to "
                "hospitals with spare capacity, and trigger surge earlier.",
                "Planning", organisation_for(analysis, "emergency management", "health"))
    if metric in ("public_message_by_min", "protective_action_by_min"):
        return (_applied_text(analysis, "public_message" if metric.startswith("public") else "protective_action"),
                "Pre-script public messages and protective-action orders for this hazard (who should shelter or "
                "leave, who should seek care, where) and agree who releases them.",
                "Planning", organisation_for(analysis, "communication", "emergency management"))
    if metric in ("deaths", "deaths_prehospital"):
        return (_death_places(analysis), "Review the chain from extraction to hospital for the states where "
                                         "casualties died (see the death analysis).",
                "Planning", "")
    return ("", f"Review the {METRICS[metric].meaning.rstrip('.').lower()} with the responsible agencies.", "", "")


def _immediate_delay_cause(analysis: Analysis, window_min: float) -> str:
    journeys = analysis.journeys
    immediate = journeys.of_triage("immediate")
    late = immediate & ~(journeys.hospital_arrival_min - journeys.onset_min <= window_min)
    if not np.any(immediate):
        return "No casualty was triaged immediate."
    parts = [f"{int(late.sum())} of {int(immediate.sum())} immediate casualties were not in hospital within "
             f"{window_min:g} min of symptom onset."]
    waits = {
        "extraction": journeys.waited_min("awaiting_extraction", ("awaiting_decon", "in_decon", "awaiting_transport",
                                                                  "in_transport", "in_ed")),
        "decontamination": journeys.waited_min("awaiting_decon", ("in_decon",)),
        "transport": journeys.waited_min("awaiting_transport", ("in_transport",)),
    }
    for name, wait in waits.items():
        long = immediate & (wait > LONG_WAIT_MIN)
        if np.any(long):
            parts.append(f"{int(long.sum())} immediates waited over {LONG_WAIT_MIN:g} min for {name} "
                         f"(median wait {format_number(float(np.nanmedian(wait[immediate & np.isfinite(wait)])))} min).")
    ambulances = next((u for u in analysis.units if u.kind == "ambulance"), None)
    if ambulances is not None:
        all_busy = ambulances.minutes_all_busy(analysis.end_min)
        if all_busy > 0:
            parts.append(f"Every ambulance was committed for {format_number(round(all_busy))} min in total.")
    return " ".join(parts)


def _applied_text(analysis: Analysis, inject_type: str) -> str:
    """When injects of a type took effect in the run, from the model's inject_applied events."""
    applied = [e for e in analysis.run.events_of("inject_applied") if (e.payload or {}).get("type") == inject_type]
    words = inject_type.replace("_", " ")
    if not applied:
        return (f"No {words} took effect during the run: none was delivered from the MSEL or entered by the "
                f"controllers, so the measure ran to the end of the exercise.")
    first = applied[0]
    return (f"The first {words} took effect at {t(first.t_min)} "
            f"({(first.payload or {}).get('label', 'unlabelled')}); {len(applied)} in all.")


def _decon_queue_text(analysis: Analysis) -> str:
    peak, at = analysis.counts.peak("awaiting_decon")
    return f" Up to {peak} people waited for decontamination at once ({t(at)})." if peak else ""


def _overload_cause(analysis: Analysis, bed_type: str) -> str:
    loads = [l for l in analysis.loads if l.bed_type == bed_type]
    if not loads:
        return ""
    worst = max(loads, key=lambda l: l.peak / max(float(l.capacity.max()), 1.0))
    journeys = analysis.journeys
    at_hospital = journeys.hospital == worst.hospital
    walked = at_hospital & np.isfinite(journeys.time("self_evacuating"))
    text = (f"{analysis.hospital_name(worst.hospital)} peaked at {format_number(worst.peak)} occupied of "
            f"{format_number(float(worst.capacity.max()))} at {t(worst.peak_t_min)}.")
    if np.any(at_hospital):
        text += (f" {int(walked.sum())} of its {int(at_hospital.sum())} casualties arrived on their own, not by "
                 f"ambulance, so the load was not steered.")
    worried = analysis.summary.get("worried_well")
    if isinstance(worried, (int, float)) and worried:
        text += f" {format_number(worried)} worried well also sought care across all hospitals."
    return text


# ------------------------------------------------------------------------ deaths
def _death_places(analysis: Analysis) -> str:
    journeys = analysis.journeys
    dead = np.isfinite(journeys.death_min)
    if not np.any(dead):
        return "Nobody died."
    states, counts = np.unique(journeys.died_in[dead], return_counts=True)
    order = np.argsort(-counts)
    places = ", ".join(f"{counts[i]} {STATE_LABELS.get(states[i], states[i] or 'state unknown')}" for i in order)
    return f"Where the {int(dead.sum())} dead were when they died: {places}."


def death_findings(analysis: Analysis) -> list[Finding]:
    """Deaths before and in hospital, with the state they died in and full ICU beds at the time."""
    journeys = analysis.journeys
    death = journeys.death_min
    dead = np.isfinite(death)
    if not np.any(dead):
        if journeys.count == 0:
            return []
        return [Finding("strength", "No casualty died", "Public Health, Healthcare, and Emergency Medical Services",
                        "", f"All {journeys.count} casualties were alive at {t(analysis.end_min)}.", "", 1.0)]
    times = np.sort(death[dead])
    pre = dead & journeys.died_prehospital
    observation = (f"{int(dead.sum())} people died, {int(pre.sum())} of them before reaching a hospital; the first "
                   f"death was at {t(float(times[0]))} and half of the deaths had happened by "
                   f"{t(float(times[(times.size - 1) // 2]))}.")
    analysis_text = _death_places(analysis) + _deaths_with_full_icu(analysis, dead & ~pre)
    return [Finding("improvement", "Casualties died before they reached definitive care" if pre.any()
                    else "Casualties died in hospital", "Public Health, Healthcare, and Emergency Medical Services", "",
                    observation, analysis_text, 3.0 + float(dead.sum()) / 10.0,
                    "Trace each death back to the resource it waited for (see the timeline) and plan that "
                    "resource for the peak, not the average.", "Planning", "")]


def _deaths_with_full_icu(analysis: Analysis, in_hospital: np.ndarray) -> str:
    journeys = analysis.journeys
    parts = []
    for hospital in sorted(set(journeys.hospital[in_hospital])):
        load = analysis.load(hospital, "icu_beds")
        if load is None:
            continue
        died_here = journeys.death_min[in_hospital & (journeys.hospital == hospital)]
        index = np.searchsorted(load.t_min, died_here, side="right") - 1
        full = (index >= 0) & (load.occupied[np.clip(index, 0, None)] >= load.capacity[np.clip(index, 0, None)])
        if np.any(full):
            intervals = load.full_intervals(analysis.end_min)
            parts.append(f" {int(full.sum())} of the {died_here.size} deaths at {analysis.hospital_name(hospital)} "
                         f"happened while its ICU beds were full (full from {t(intervals[0][0])}).")
    return "".join(parts)


# ------------------------------------------------------------------------ capacity
def capacity_findings(analysis: Analysis) -> list[Finding]:
    """Bed types that ran full, worst first; a strength when none did."""
    end = analysis.end_min
    full = [(load, load.minutes_full(end)) for load in analysis.loads if load.minutes_full(end) > 0]
    if not full:
        if not analysis.loads:
            return []
        return [Finding("strength", "No hospital ran out of beds", "Public Health, Healthcare, and Emergency "
                        "Medical Services", "", "At no time was any hospital's ED, ward, ICU, burn unit or "
                        "ventilator pool at or above its capacity.", "", 1.5)]
    found = []
    for load, minutes in sorted(full, key=lambda item: -item[1])[:3]:
        name = analysis.hospital_name(load.hospital)
        intervals = load.full_intervals(end)
        bed = BED_LABELS.get(load.bed_type, load.bed_type)
        found.append(Finding(
            "improvement", f"{name}: {bed} full for {format_number(round(minutes))} min",
            "Public Health, Healthcare, and Emergency Medical Services", "",
            f"{name}'s {bed} were at or above capacity from {t(intervals[0][0])} for "
            f"{format_number(round(minutes))} min in total; the peak was {format_number(load.peak)} against "
            f"{format_number(float(load.capacity.max()))} at {t(load.peak_t_min)}.",
            _overload_cause(analysis, load.bed_type) if load.bed_type in ("ed_spaces", "icu_beds") else "",
            # Ranked below an objective rated U or M: a full ward matters through what it did to people.
            1.0 + min(minutes / 120.0, 2.0),
            "Trigger the surge plan earlier and agree transfers to hospitals with spare beds.", "Planning", name))
    return found


def secondary_contamination_findings(analysis: Analysis) -> list[Finding]:
    """EDs that lost staff to off-gassing from patients who were not decontaminated."""
    found = []
    for event in analysis.run.events_of(EVENT_SECONDARY_CONTAMINATION):
        payload = event.payload or {}
        hospital = str(payload.get("hospital", ""))
        name = analysis.hospital_name(hospital)
        lost = payload.get("ed_spaces_lost")
        decon = analysis.run.scenario.hospital(hospital).decon_people_per_h if hospital in \
            {h.id for h in analysis.run.scenario.hospitals} else None
        cause = ("The hospital has no decontamination capability at the ED door." if decon == 0
                 else "Contaminated walk-in patients arrived before the hospital's decontamination line worked.")
        found.append(Finding(
            "improvement", f"{name}: ED staff contaminated by undecontaminated patients",
            "Environmental Response/Health and Safety", "",
            f"At {t(event.t_min)} {name} lost {lost if lost is not None else 'some'} ED spaces to staff "
            f"symptoms from off-gassing.", cause, 2.5,
            "Lock down the ED entrance and decontaminate every walk-in from the scene before entry; give ED "
            "staff respiratory protection.", "Equipment", name))
    return found
