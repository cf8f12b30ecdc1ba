"""The engine's names as the report reads them: casualty states, triage categories, event kinds.

The engine records a casualty's every change of state as an event whose ``kind`` is the new
state and whose ``entity`` is ``cas-<id>`` (engine contract, cbrnsim/engine). The report groups
the states the way an evaluator talks about them: before care, in hospital, out of the system.
"""
from __future__ import annotations

CASUALTY_STATES: tuple[str, ...] = (
    "asymptomatic", "symptomatic_on_scene", "self_evacuating", "awaiting_extraction", "awaiting_decon",
    "in_decon", "awaiting_transport", "in_transport", "in_ed", "admitted_ward", "admitted_icu",
    "admitted_burn", "discharged", "dead",
)
"""Every state a casualty can be in, in the order of a journey through the system."""

PREHOSPITAL_STATES: frozenset[str] = frozenset({
    "asymptomatic", "symptomatic_on_scene", "self_evacuating", "awaiting_extraction", "awaiting_decon",
    "in_decon", "awaiting_transport", "in_transport",
})
"""States before a casualty reaches a hospital."""

HOSPITAL_STATES: tuple[str, ...] = ("in_ed", "admitted_ward", "admitted_icu", "admitted_burn")
"""States inside a hospital (the first of them is the arrival)."""

WAITING_STATES: tuple[str, ...] = ("awaiting_extraction", "awaiting_decon", "awaiting_transport")
"""States in which a casualty waits for a responder resource."""

TRIAGE_CATEGORIES: tuple[str, ...] = ("immediate", "delayed", "minor", "expectant")
"""START triage categories, most urgent first."""

TRIAGE_LABELS: dict[str, str] = {
    "immediate": "Immediate (T1, red)", "delayed": "Delayed (T2, yellow)",
    "minor": "Minor (T3, green)", "expectant": "Expectant (black)",
}
"""How the categories are printed (START colour codes)."""

STATE_LABELS: dict[str, str] = {
    "asymptomatic": "exposed, no symptoms yet", "symptomatic_on_scene": "symptomatic on scene",
    "self_evacuating": "making own way to hospital", "awaiting_extraction": "waiting for extraction",
    "awaiting_decon": "waiting for decontamination", "in_decon": "in decontamination",
    "awaiting_transport": "waiting for transport", "in_transport": "in an ambulance",
    "in_ed": "in an emergency department", "admitted_ward": "admitted to a ward",
    "admitted_icu": "admitted to ICU", "admitted_burn": "admitted to a burn unit",
    "discharged": "discharged", "dead": "dead",
}
"""Plain words for each state."""

CASUALTY_ENTITY_PREFIXES: tuple[str, ...] = ("cas-", "casualty:")
"""How a casualty's entity id starts in the events table."""

BED_TYPES: tuple[str, ...] = ("ed_spaces", "ward_beds", "icu_beds", "burn_beds", "ventilators")
"""Hospital bed (and ventilator) types, as in the scenario."""

BED_LABELS: dict[str, str] = {
    "ed_spaces": "ED spaces", "ward_beds": "ward beds", "icu_beds": "ICU beds",
    "burn_beds": "burn beds", "ventilators": "ventilators",
}
"""Plain words for each bed type."""

UNIT_LABELS: dict[str, str] = {
    "ambulance": "ambulances", "hazmat": "HAZMAT units", "decon": "decontamination units",
    "fire_rescue": "fire/rescue units", "medical_team": "medical teams",
}
"""Plain words for each responder unit kind."""


def casualty_id(entity: str | None) -> int | None:
    """The casualty number in an entity id (``cas-12`` → 12), or None for any other entity."""
    if entity is None:
        return None
    for prefix in CASUALTY_ENTITY_PREFIXES:
        if entity.startswith(prefix):
            number = entity[len(prefix):]
            return int(number) if number.isdigit() else None
    return None

EVENT_AGENT_IDENTIFIED = "agent_identified"
"""The agent was (presumptively) identified; payload names by whom."""

EVENT_ANTIDOTE = "antidote_given"
"""A casualty got a first antidote dose (entity: the casualty)."""

EVENT_CALL = "first_call"
"""Dispatch received the first call about an incident scene (entity: the release)."""

EVENT_DECON_OPEN = "decon_line_open"
"""A decontamination line (field unit or hospital) started working."""

EVENT_UNIT_ON_SCENE = "unit_on_scene"
"""A responder unit arrived on scene."""

EVENT_SECONDARY_CONTAMINATION = "secondary_contamination"
"""An ED lost staff to off-gassing from undecontaminated patients (payload: hospital, ed_spaces_lost)."""

EVENT_SECONDARY_CONTAMINATION_OVER = "secondary_contamination_over"
"""The ED spaces lost to secondary contamination are back (payload: hospital)."""

EVENT_HOSPITAL_BEDS = "hospital_beds"
"""A hospital's beds changed by an inject (payload: hospital and a signed change per bed type)."""

EVENT_SURGE = "surge_activated"
"""A hospital activated its surge plan (payload: hospital, extra_ed_spaces, extra_icu_beds)."""

EVENT_HOSPITAL_STATUS = "hospital_status"
"""A hospital changed status (open, diverting, closed, contaminated)."""
