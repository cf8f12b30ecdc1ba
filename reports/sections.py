"""The body of the AAR: exercise overview, executive summary, analysis of core capabilities.

Layout and headings follow the FEMA HSEEP (2020) After-Action Report/Improvement Plan template:
the overview table, an executive summary with major strengths and primary areas for
improvement, and the capability analysis table (objective | core capability | P | S | M | U)
with the rating definitions, followed by each objective's strengths and areas for improvement.
"""
from __future__ import annotations

import datetime as dt

from cbrnsim.agentlib import LibraryError, default_library
from cbrnsim.objectives import RATING_MEANINGS
from cbrnsim.scenario import METRICS, Objective, Scenario

from .analysis import Analysis, format_number
from .findings import Finding, t, top
from .model import Block, Bullets, KeyValues, Paragraph, Section, Table
from .vocabulary import BED_LABELS, TRIAGE_CATEGORIES, TRIAGE_LABELS

MISSION_AREAS: dict[str, tuple[str, ...]] = {
    "Prevention": ("Forensics and Attribution", "Intelligence and Information Sharing", "Interdiction and Disruption",
                   "Screening, Search, and Detection"),
    "Protection": ("Access Control and Identity Verification", "Cybersecurity", "Intelligence and Information Sharing",
                   "Interdiction and Disruption", "Physical Protective Measures",
                   "Risk Management for Protection Programs and Activities", "Screening, Search, and Detection",
                   "Supply Chain Integrity and Security"),
    "Mitigation": ("Community Resilience", "Long-term Vulnerability Reduction",
                   "Risk and Disaster Resilience Assessment", "Threats and Hazards Identification"),
    "Response": ("Infrastructure Systems", "Critical Transportation", "Environmental Response/Health and Safety",
                 "Fatality Management Services", "Fire Management and Suppression",
                 "Logistics and Supply Chain Management", "Mass Care Services", "Mass Search and Rescue Operations",
                 "On-scene Security, Protection, and Law Enforcement", "Operational Communications",
                 "Public Health, Healthcare, and Emergency Medical Services", "Situational Assessment"),
    "Recovery": ("Economic Recovery", "Health and Social Services", "Housing", "Infrastructure Systems",
                 "Natural and Cultural Resources"),
}
"""Core capabilities by mission area, National Preparedness Goal, 2nd ed. (DHS, Sept 2015), Table 1.
Planning, Public Information and Warning and Operational Coordination are common to all five."""

_EXERCISE_TYPES = {"tabletop": "Tabletop exercise (TTX)", "functional": "Functional exercise (FE)",
                   "full_scale": "Full-scale exercise (FSE)", "drill": "Drill", "workshop": "Workshop"}


# ------------------------------------------------------------------------- overview
def exercise_dates(scenario: Scenario, end_min: float | None = None) -> str:
    """'Tuesday 10 March 2026, 07:45–15:45 CET' (or across days)."""
    meta = scenario.metadata
    start = meta.start_local()
    end = meta.wall_clock(meta.duration_min if end_min is None else end_min)
    first = f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}"
    if end.date() == start.date():
        return f"{first}–{end:%H:%M} {end.tzname()}"
    return f"{first} {start.tzname()} to {end:%A} {end.day} {end:%B %Y}, {end:%H:%M} {end.tzname()}"


def capabilities(scenario: Scenario) -> list[str]:
    """Core capabilities of the objectives and MSEL, in first-use order."""
    names = [o.core_capability for o in scenario.objectives]
    names += [c for inject in scenario.msel for c in inject.core_capabilities]
    return list(dict.fromkeys(names))


def mission_areas(scenario: Scenario) -> list[str]:
    """Mission areas of the exercised capabilities (the common ones alone do not add an area)."""
    used = set(capabilities(scenario))
    areas = [area for area, members in MISSION_AREAS.items() if used & set(members)]
    return areas or ["Response"]


def threat_text(scenario: Scenario) -> str:
    """The threat or hazard in one sentence: agents, amounts, number of releases."""
    try:
        library = default_library()
    except (LibraryError, FileNotFoundError):
        library = None
    parts = []
    for agent_id in scenario.agent_ids():
        releases = [r for r in scenario.releases if r.agent == agent_id]
        name = agent_id
        category = ""
        if library is not None and agent_id in library:
            agent = library.get(agent_id)
            name, category = agent.name, agent.category
        amounts = [f"{format_number(sum(getattr(r, field) for r in releases))} {unit}"
                   for field, unit in (("quantity_kg", "kg"), ("activity_bq", "Bq"), ("organisms", "organisms"),
                                       ("yield_kt", "kt")) if releases and all(getattr(r, field) for r in releases)]
        scripted = "" if releases else " (secondary release in the MSEL)"
        count = f"{len(releases)} release{'s' if len(releases) != 1 else ''}" if releases else "no planned release"
        parts.append(f"{category.capitalize() + ': ' if category else ''}{name}, {count}"
                     f"{', ' + ', '.join(amounts) + ' in total' if amounts else ''}{scripted}")
    return "; ".join(parts) + "."


def has_antidote(scenario: Scenario) -> bool:
    """Whether any agent of the scenario has a specific antidote in the agent library."""
    try:
        library = default_library()
    except (LibraryError, FileNotFoundError):
        return True
    return any(getattr(library.get(a), "antidotes", None) for a in scenario.agent_ids() if a in library)


def overview_section(analysis: Analysis) -> Section:
    """HSEEP 'Exercise Overview' table."""
    scenario = analysis.run.scenario
    meta = scenario.metadata
    contact = meta.point_of_contact
    poc = "" if contact is None else ", ".join(x for x in (contact.name, contact.role, contact.organisation,
                                                          contact.phone, contact.email) if x)
    scope = (f"{_EXERCISE_TYPES[meta.exercise_type]}, {format_number(meta.duration_min / 60)} h of scenario time "
             f"from STARTEX, played by {len(meta.participating_organisations)} organisations. This run covered "
             f"{t(0)} to {t(analysis.end_min)} with {len(analysis.run.journal)} controller journal entries.")
    pairs = (
        ("Exercise name", meta.title), ("Exercise dates", exercise_dates(scenario)), ("Scope", scope),
        ("Mission area(s)", ", ".join(mission_areas(scenario))),
        ("Core capabilities", "; ".join(capabilities(scenario))),
        ("Objectives", " ".join(f"{o.id}: {o.text}" for o in scenario.objectives) or "none set"),
        ("Threat or hazard", threat_text(scenario)),
        ("Scenario", meta.summary or "(no synopsis in the scenario)"),
        ("Area", scenario.geography.area_name if hasattr(scenario.geography, "area_name") else ""),
        ("Sponsor", meta.sponsor), ("Organisers", "; ".join(meta.organisers)),
        ("Participating organisations", "; ".join(meta.participating_organisations)),
        ("Point of contact", poc),
    )
    return Section("exercise-overview", "Exercise overview", (KeyValues(tuple((k, v) for k, v in pairs if v)),))


# ------------------------------------------------------------------- executive summary
def executive_summary(analysis: Analysis, findings: list[Finding]) -> Section:
    """Plain words: who was affected, who died where, hospital load, key times, top findings."""
    s = analysis.summary
    casualties = s.get("casualties", {}) or {}
    by_triage = ", ".join(f"{format_number(casualties.get(c, 0) or 0)} {TRIAGE_LABELS[c].split(' (')[0].lower()}"
                          for c in TRIAGE_CATEGORIES)
    total = sum(int(casualties.get(c, 0) or 0) for c in TRIAGE_CATEGORIES)
    deaths, pre = int(s.get("deaths", 0) or 0), int(s.get("deaths_prehospital", 0) or 0)
    text = (f"In this run, {format_number(s.get('exposed', 0) or 0)} people were exposed and {format_number(total)} "
            f"became casualties who needed care ({by_triage}). {format_number(deaths)} died: "
            f"{format_number(pre)} before reaching a hospital and {format_number(deaths - pre)} in hospital. "
            f"{format_number(s.get('worried_well', 0) or 0)} people who were not physically affected (worried well) "
            f"also sought care. Hospitals received {format_number(s.get('hospital_arrivals', 0) or 0)} casualties and "
            f"admitted {format_number(s.get('admissions', 0) or 0)}, {format_number(s.get('icu_admissions', 0) or 0)} "
            f"of them to intensive care.")
    blocks: list[Block] = [Paragraph(text), _hospital_table(analysis), _key_times_table(analysis)]
    strengths, improvements = top(findings, "strength"), top(findings, "improvement")
    blocks.append(Paragraph("Major strengths", "note"))
    blocks.append(Bullets(tuple(f"{f.title}. {f.observation}" for f in strengths) or ("None identified by the run.",)))
    blocks.append(Paragraph("Primary areas for improvement", "warning"))
    blocks.append(Bullets(tuple(f"{f.title}. {f.analysis or f.observation}" for f in improvements)
                          or ("None identified by the run.",)))
    return Section("executive-summary", "Executive summary", tuple(blocks))


def _hospital_table(analysis: Analysis) -> Table:
    arrivals = {h: (v or {}).get("arrivals") for h, v in (analysis.summary.get("hospitals") or {}).items()
                if isinstance(v, dict)}
    rows = []
    for hospital in analysis.run.scenario.hospitals:
        cells = [hospital.name, format_number(arrivals[hospital.id]) if isinstance(arrivals.get(hospital.id),
                                                                                  (int, float)) else "–"]
        for bed_type in ("ed_spaces", "icu_beds"):
            load = analysis.load(hospital.id, bed_type)
            cells.append("–" if load is None else
                         f"{format_number(load.peak)} / {format_number(float(load.capacity[0]))} at {t(load.peak_t_min)}")
        rows.append(tuple(cells))
    return Table(("Hospital", "Casualties received", f"Peak {BED_LABELS['ed_spaces']} (occupied / at STARTEX)",
                  f"Peak {BED_LABELS['icu_beds']} (occupied / at STARTEX)"), tuple(rows),
                 caption="Peak load per hospital (occupied includes patients already in at STARTEX)",
                 widths=(3, 1.4, 2.4, 2.4))


def _key_times_table(analysis: Analysis) -> Table:
    times = analysis.times
    meta = analysis.run.scenario.metadata
    rows = [("First release", times.first_release), ("First casualty with symptoms", times.first_onset),
            ("First call to dispatch", times.first_call), ("First responder unit on scene", times.first_unit_on_scene),
            ("Agent identified", times.agent_identified), ("First decontamination line working", times.first_decon_open),
            ("First antidote dose", times.first_antidote), ("First death", times.first_death),
            ("Last casualty reached a hospital", times.last_hospital_arrival)]
    no_antidote = not has_antidote(analysis.run.scenario)

    def when(label: str, value: float | None) -> str:
        if value is None and label == "First antidote dose" and no_antidote:
            return "no antidote for the agent"
        return t(value)

    return Table(("Event", "Scenario time", "Local time"),
                 tuple((label, when(label, value), "–" if value is None else f"{meta.wall_clock(value):%H:%M %Z}")
                       for label, value in rows),
                 caption="Key times", widths=(3, 1.2, 1.2))


# ------------------------------------------------------------- capability analysis
def capability_analysis(analysis: Analysis, findings: list[Finding]) -> Section:
    """HSEEP capability table, rating definitions, and per-objective findings with evidence."""
    rows = []
    for rating in analysis.objectives:
        cells = ["", "", "", ""]
        if rating.rating is not None:
            cells["PSMU".index(rating.rating)] = rating.rating
        rows.append((f"{rating.objective.id}: {rating.objective.text}", rating.objective.core_capability, *cells))
    table = Table(("Objective", "Core capability", "P", "S", "M", "U"), tuple(rows),
                  caption="Summary of core capability performance", widths=(5, 3, 0.6, 0.6, 0.6, 0.6),
                  rating_columns=(2, 3, 4, 5))
    definitions = Bullets(tuple(f"{letter} — {meaning}." for letter, meaning in RATING_MEANINGS.items()))
    evidence = Table(
        ("Obj.", "Metric", "Measured", "Thresholds", "Proposed", "Evaluator", "Counted"),
        tuple((r.objective.id, metric_meaning(r.objective), r.measured_text(), r.bands(), r.proposed or "–",
               "–" if r.evaluator is None else r.evaluator.rating, r.rating or "–") for r in analysis.objectives),
        caption="Evidence: measured against target; an evaluator's rating entered during the exercise overrides "
                "the proposal from the thresholds", widths=(1.3, 2.9, 1.5, 2.2, 1.5, 1.5, 1.4), rating_columns=(4, 5, 6))
    blocks: list[Block] = [
        Paragraph("Ratings follow the HSEEP scale (FEMA HSEEP 2020). The model proposes a rating from each "
                  "objective's measured value and the thresholds the exercise design team wrote in the scenario; "
                  "evaluators may override it, and both are shown."),
        table, Paragraph("Rating definitions:"), definitions, evidence]
    subsections = [_objective_section(analysis, r, findings) for r in analysis.objectives]
    others = [f for f in findings if not f.objective]
    if others:
        subsections.append(Section("other-observations", "Other observations from the run",
                                   tuple(b for f in others for b in _finding_blocks(f)), page_break_before=False))
    return Section("capability-analysis", "Analysis of core capabilities", tuple(blocks), tuple(subsections))


def metric_meaning(objective: Objective) -> str:
    """What the objective's metric measures, with its time window filled in."""
    meaning = METRICS[objective.metric].meaning
    if objective.within_min is not None:
        meaning = meaning.replace("`within_min`", f"{objective.within_min:g} min")
    return meaning


def _objective_section(analysis: Analysis, rating, findings: list[Finding]) -> Section:  # noqa: ANN001
    objective = rating.objective
    blocks: list[Block] = [Paragraph(f"{objective.text} Core capability: {objective.core_capability}. "
                                     f"Thresholds: {rating.bands()}.")]
    if rating.evaluator is not None:
        who = rating.evaluator.author or "an evaluator"
        blocks.append(Paragraph(f"Evaluator rating {rating.evaluator.rating} entered by {who} at "
                                f"{t(rating.evaluator.at_min)}: {rating.evaluator.text or '(no comment)'} "
                                f"The thresholds proposed {rating.proposed or 'no rating'} "
                                f"(measured {rating.measured_text()}).", "note"))
    own = [f for f in findings if f.objective == objective.id]
    for finding in own:
        blocks += _finding_blocks(finding)
    if not own:
        blocks.append(Paragraph(f"Not rated: the run could not measure this. {metric_meaning(objective)}"))
    return Section(f"objective-{_anchor(objective.id)}", f"{objective.id} — {objective.core_capability}",
                   tuple(blocks), page_break_before=False)


def _finding_blocks(finding: Finding) -> list[Block]:
    label = "Strength" if finding.kind == "strength" else "Area for improvement"
    pairs = [(label, finding.title), ("Observation", finding.observation)]
    if finding.analysis:
        pairs.append(("Analysis (root cause)", finding.analysis))
    if finding.corrective_action:
        pairs.append(("Proposed corrective action", finding.corrective_action))
    return [KeyValues(tuple(pairs))]


def _anchor(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower()).strip("-") or "x"


def generated_at() -> str:
    """Now, for the cover: '2026-03-10 16:02 UTC'."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
