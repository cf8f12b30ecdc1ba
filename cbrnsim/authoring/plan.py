"""The exercise-design parts of a new scenario: objectives and a starter MSEL per threat class.

Targets and inject contents are the exercise design team's choices: every one is marked for
the author to replace. The MSEL gives one inject of each common kind, so that the author sees
how a model effect is written, and so that the MSEL spreadsheet round trip has something in it.
"""
from __future__ import annotations

_OBJECTIVES: dict[str, str] = {
    "chemical": """\
  - id: OBJ-1
    text: "Presumptively identify the agent within 45 minutes of the release."
    core_capability: "Screening, Search, and Detection"
    metric: agent_identified_by_min
    target: 45
    thresholds: {some_challenges: 60, major_challenges: 90}
  - id: OBJ-2
    text: "Get 90 % of immediate (red) casualties to a hospital within 60 minutes of symptom onset."
    core_capability: "Public Health, Healthcare, and Emergency Medical Services"
    metric: immediate_in_hospital_within_min
    within_min: 60
    target: 90
    thresholds: {some_challenges: 75, major_challenges: 50}
  - id: OBJ-3
    text: "Have the first mass-decontamination line working within 30 minutes of the release."
    core_capability: "Environmental Response/Health and Safety"
    metric: first_decon_line_open_min
    target: 30
    thresholds: {some_challenges: 45, major_challenges: 75}
  - id: OBJ-4
    text: "Issue the first public protective message within 30 minutes of the release."
    core_capability: "Public Information and Warning"
    metric: public_message_by_min
    target: 30
    thresholds: {some_challenges: 45, major_challenges: 90}
""",
    "biological": """\
  - id: OBJ-1
    text: "Confirm the agent within 48 hours of the release."
    core_capability: "Screening, Search, and Detection"
    metric: agent_identified_by_min
    target: 2880
    thresholds: {some_challenges: 3600, major_challenges: 4320}
  - id: OBJ-2
    # 48 h is the goal of the US Cities Readiness Initiative: prophylaxis for the whole population
    # within 48 hours of the decision to do so (CDC, Cities Readiness Initiative programme).
    text: "Give post-exposure prophylaxis to 80 % of the exposed population within 48 hours of the release."
    core_capability: "Public Health, Healthcare, and Emergency Medical Services"
    metric: prophylaxis_within_min
    within_min: 2880
    target: 80
    thresholds: {some_challenges: 60, major_challenges: 40}
  - id: OBJ-3
    text: "Serve at least 150 people per hour at the points of dispensing while they are open."
    core_capability: "Mass Care Services"
    metric: pod_throughput_per_h
    target: 150
    thresholds: {some_challenges: 100, major_challenges: 50}
  - id: OBJ-4
    text: "Issue the first public message within 60 minutes of the agent being suspected."
    core_capability: "Public Information and Warning"
    metric: public_message_by_min
    target: 60
    thresholds: {some_challenges: 120, major_challenges: 240}
""",
    "radiological": """\
  - id: OBJ-1
    text: "Order shelter-in-place downwind within 30 minutes of the explosion."
    core_capability: "Public Information and Warning"
    metric: protective_action_by_min
    target: 30
    thresholds: {some_challenges: 45, major_challenges: 90}
  - id: OBJ-2
    text: "Get 90 % of immediate (red) blast casualties to a hospital within 60 minutes."
    core_capability: "Public Health, Healthcare, and Emergency Medical Services"
    metric: immediate_in_hospital_within_min
    within_min: 60
    target: 90
    thresholds: {some_challenges: 75, major_challenges: 50}
  - id: OBJ-3
    text: "Decontaminate 80 % of the people who need it within 4 hours of their exposure."
    core_capability: "Environmental Response/Health and Safety"
    metric: decon_within_min
    within_min: 240
    target: 80
    thresholds: {some_challenges: 60, major_challenges: 40}
  - id: OBJ-4
    text: "Issue the first public message within 30 minutes of the explosion."
    core_capability: "Public Information and Warning"
    metric: public_message_by_min
    target: 30
    thresholds: {some_challenges: 45, major_challenges: 90}
""",
    "nuclear": """\
  - id: OBJ-1
    # 'Get inside, stay inside, stay tuned' is the first public message of the Planning Guidance
    # for Response to a Nuclear Detonation (2nd ed. 2010, ch. 3); the 15-minute target is a choice.
    text: "Order shelter-in-place in the fallout area within 15 minutes of the detonation."
    core_capability: "Public Information and Warning"
    metric: protective_action_by_min
    target: 15
    thresholds: {some_challenges: 30, major_challenges: 60}
  - id: OBJ-2
    text: "Issue the first public message within 15 minutes of the detonation."
    core_capability: "Public Information and Warning"
    metric: public_message_by_min
    target: 15
    thresholds: {some_challenges: 30, major_challenges: 60}
  - id: OBJ-3
    text: "Get 50 % of immediate (red) casualties to a hospital within 6 hours."
    core_capability: "Public Health, Healthcare, and Emergency Medical Services"
    metric: immediate_in_hospital_within_min
    within_min: 360
    target: 50
    thresholds: {some_challenges: 30, major_challenges: 15}
  - id: OBJ-4
    text: "Keep intensive-care occupancy at or below 150 % of normal ICU beds by distributing patients."
    core_capability: "Operational Coordination"
    metric: icu_peak_occupancy_pct
    target: 150
    thresholds: {some_challenges: 200, major_challenges: 300}
""",
}


def objectives_block(threat: str) -> str:
    """The ``objectives:`` list for a threat class."""
    return ("  # REPLACE: targets are the exercise design team's choices (HSEEP: objectives are\n"
            "  # specific, measurable, achievable, relevant, time-bound); the AAR rates against them.\n"
            + _OBJECTIVES[threat])


_FIRST_CALL = {
    "chemical": ("T+00:10", "First emergency calls: people collapsing",
                 "Several callers report people coughing, vomiting and collapsing near the incident site, and a strange smell."),
    "biological": ("T+24:00", "GPs report a cluster of severe flu-like illness",
                   "Two GP practices and one ED report an unusual number of previously healthy adults with fever, "
                   "cough and chest pain, several very ill."),
    "radiological": ("T+00:06", "Explosion reported",
                     "Callers report an explosion near the incident site, people injured, windows broken, smoke."),
    "nuclear": ("T+00:06", "Flash and blast: communications failing",
                "A blinding flash, a shock wave minutes later across the city; phone networks are overloaded, "
                "many windows broken, fires starting."),
}

_IDENTIFIED = {
    "chemical": ("T+00:40", "presumptive", "HAZMAT team detector", "HAZMAT reports a presumptive identification.",
                 "Confirm treatment guidance to hospitals; adapt PPE and decontamination."),
    "biological": ("T+36:00", "confirmed", "National reference laboratory (PCR and culture)",
                   "The reference laboratory confirms the agent in patient samples.",
                   "Open points of dispensing; decide who gets prophylaxis; brief the public."),
    "radiological": ("T+00:30", "presumptive", "First fire crew's radiation dose-rate meter",
                     "The first crew's dose-rate meter alarms near the blast seat.",
                     "Set a hot zone; shelter downwind; screen and decontaminate casualties."),
    "nuclear": ("T+00:10", "presumptive", "Evident from the effects; confirmed by dose-rate meters",
                "Dose-rate meters on arriving units read very high values downwind.",
                "Shelter in place across the fallout area; do not send units into the dangerous-fallout zone."),
}


def msel_block(threat: str, agent: str, last_station: str) -> str:
    """A starter MSEL: first report, agent identified, public message, mutual aid, evaluator note."""
    call_time, call_title, call_content = _FIRST_CALL[threat]
    id_time, confidence, by, id_content, id_action = _IDENTIFIED[threat]
    late = threat == "biological"
    return f"""\
  # REPLACE: a starter MSEL. Times, contents and numbers are placeholders for your design team;
  # `cbrnsim msel export` turns this list into a spreadsheet and `cbrnsim msel import` brings it back.
  - number: 1
    time_min: "{call_time}"
    type: message
    title: "{call_title}"
    from: "Members of the public (SimCell)"
    to: "Emergency dispatch centre"
    method: phone
    content: "{call_content}"
    expected_action: "Recognise a possible {threat} incident; dispatch with a hazard warning; inform the duty officer."
    objectives: [OBJ-1]
    core_capabilities: ["Situational Assessment", "Operational Communications"]
    controller: "SimCell lead"
    evaluator_notes: "Note when dispatch first names a {threat} hazard."
  - number: 2
    time_min: "{id_time}"
    type: agent_identified
    title: "Agent identified"
    from: "{by}"
    to: "Incident commander"
    method: radio
    agent: {agent}
    confidence: {confidence}
    identified_by: "{by}"
    content: "{id_content}"
    expected_action: "{id_action}"
    objectives: [OBJ-1]
    core_capabilities: ["Screening, Search, and Detection"]
    controller: "Operations controller"
  - number: 3
    time_min: "{'T+37:00' if late else 'T+00:35'}"
    type: public_message
    title: "Rumours on social media"
    from: "Media cell (SimCell)"
    to: "Communications office"
    method: social_media
    worried_well_factor: 1.5   # REPLACE: x1.5 worried-well arrivals is a planning choice (as in metro-sarin.yaml)
    channel: "Social media"
    content: "Unverified posts spread alarm; hospitals' phones start ringing."
    expected_action: "Issue one clear public message: who should seek care, where, and what to do."
    objectives: [OBJ-4]
    core_capabilities: ["Public Information and Warning"]
    controller: "Media controller"
  - number: 4
    time_min: "{'T+40:00' if late else 'T+01:00'}"
    type: units_arrive
    title: "Mutual-aid ambulances arrive"
    from: "Neighbouring ambulance service (SimCell)"
    to: "Ambulance service control"
    method: phone
    station: {last_station}
    kind: ambulance
    count: 4                   # REPLACE: what your mutual-aid agreement provides
    origin: "Mutual aid"
    content: "Four mutual-aid ambulances are ready for tasking."
    expected_action: "Brief and task them."
    core_capabilities: ["Logistics and Supply Chain Management"]
    controller: "EMS controller"
  - number: 5
    time_min: "{'T+48:00' if late else 'T+02:00'}"
    type: note
    title: "Evaluator checkpoint"
    from: "Lead evaluator"
    to: "Exercise control"
    method: in_person
    objective: OBJ-1
    content: "Checkpoint: record the players' decisions so far."
    evaluator_notes: "Rate OBJ-1 provisionally; the final rating comes from the run's measured value."
"""
