"""Appendices A (improvement plan), B (participants) and D (model assumptions and reproducibility).

Appendix A follows the HSEEP (2020) Improvement Plan matrix: core capability, issue/area for
improvement, corrective action, capability element, primary responsible organisation, point of
contact, start and completion dates. The run prefills what it can show; the columns the team
must decide (point of contact and dates, and any responsibility the run cannot attribute) are
left blank on purpose.
"""
from __future__ import annotations

from typing import Any

from cbrnsim.agentlib import LibraryError, default_library
from cbrnsim.agentlib.describe import sourced_leaves
from cbrnsim.scenario import Scenario

from .analysis import Analysis, format_number
from .findings import Finding
from .model import Block, Bullets, KeyValues, Paragraph, Section, Table

CAPABILITY_ELEMENTS: tuple[str, ...] = ("Planning", "Organisation", "Equipment", "Training", "Exercise")
"""The HSEEP capability elements a corrective action is filed under (POETE)."""

EXERCISE_GRADE = ("EXERCISE GRADE — the hazard, casualty and response models are simplified, sourced and "
                  "tested for training and planning discussion. They are not validated for operational hazard "
                  "prediction and must not be used to make protective-action decisions in a real incident.")
"""The label every report carries."""


def improvement_plan(findings: list[Finding]) -> Section:
    """Appendix A: one row per area for improvement, prefilled from the findings."""
    improvements = [f for f in findings if f.kind == "improvement"]
    rows = tuple((f.capability, f.title, f.corrective_action, f.element, f.responsible, "", "", "")
                 for f in improvements)
    blocks: list[Block] = [
        Paragraph("This plan is prefilled from the findings of the run: each area for improvement with a proposed "
                  "corrective action, the capability element it belongs to (" + ", ".join(CAPABILITY_ELEMENTS) +
                  ") and, where the run points to one, the responsible organisation. The exercise planning team "
                  "confirms or changes every entry and fills in the point of contact and the dates."),
        Table(("Core capability", "Area for improvement", "Corrective action", "Capability element",
               "Primary responsible organisation", "Point of contact", "Start date", "Completion date"),
              rows or (("", "No area for improvement was identified by the run.", "", "", "", "", "", ""),),
              widths=(1.7, 2.6, 3.3, 1.2, 1.8, 1.2, 1.0, 1.2)),
    ]
    return Section("appendix-a", "Appendix A: Improvement plan", tuple(blocks), landscape=True)


def participants(analysis: Analysis) -> Section:
    """Appendix B: organisers, sponsor, participating organisations, controllers and evaluators."""
    scenario = analysis.run.scenario
    meta = scenario.metadata
    rows: list[tuple[str, str]] = [(meta.sponsor, "Sponsor")] if meta.sponsor else []
    rows += [(organisation, "Organiser") for organisation in meta.organisers]
    rows += [(organisation, "Participant") for organisation in meta.participating_organisations]
    blocks: list[Block] = [Table(("Organisation", "Role"), tuple(rows) or (("(none listed in the scenario)", ""),),
                                 widths=(4, 1.5))]
    controllers = sorted({i.controller for i in scenario.msel if i.controller})
    authors = sorted({e.author for e in analysis.run.journal if e.author})
    cells = sorted({i.from_ for i in scenario.msel if "simcell" in i.from_.lower()})
    pairs = [("MSEL controllers", "; ".join(controllers)), ("Journal entered by", "; ".join(authors)),
             ("Simulation cell roles", "; ".join(cells))]
    pairs = [(label, value) for label, value in pairs if value]
    if pairs:
        blocks.append(KeyValues(tuple(pairs)))
    return Section("appendix-b", "Appendix B: Exercise participants", tuple(blocks))


def assumptions(analysis: Analysis) -> Section:
    """Appendix D: the scenario's sourced planning numbers, the agents' sourced values and the run's
    reproducibility record."""
    run = analysis.run
    meta = run.meta
    record = [("Run store", str(run.path.name)), ("Seed", str(run.seed)),
              ("Scenario SHA-256", run.scenario_sha256), ("Scenario file", meta.get("scenario_path", "")),
              ("Run created (UTC)", meta.get("created_at_utc", "")),
              ("Simulated until", f"{format_number(analysis.end_min)} min"),
              ("Journal entries", str(len(run.journal))), ("Model events", str(len(run.events))),
              ("Run store version", meta.get("store_version", ""))]
    if "parent_run" in meta:
        record.append(("Branched from", f"{meta['parent_run']} at {format_number(float(meta.get('branch_at_min', 0)))} min"))
    record += [(key.replace("_version", "").replace("_", " ") + " version", value)
               for key, value in sorted(meta.items()) if key.endswith("_version") and key != "store_version"]
    blocks: list[Block] = [
        Paragraph(EXERCISE_GRADE, "warning"),
        *(Paragraph(caveat, "warning") for caveat in run.caveats),
        *(Paragraph("Journal entry not readable by this cbrnsim: " + line, "warning") for line in run.undecodable),
        Paragraph("Reproducibility: the run is a function of the scenario, the seed and the journal. "
                  "`cbrnsim replay` on the run store re-simulates it and checks that the events come out "
                  "identical."),
        KeyValues(tuple((k, v) for k, v in record if v)),
        Table(("Scenario item", "Value", "Source"), tuple(scenario_sources(run.scenario)),
              caption="Planning numbers of the scenario and their sources", widths=(2.2, 2.2, 5)),
    ]
    for agent_id, rows in agent_sources(run.scenario).items():
        blocks.append(Table(("Parameter", "Value", "Source"), tuple(rows),
                            caption=f"Agent library: {agent_id}", widths=(2.6, 1.6, 5)))
    return Section("appendix-d", "Appendix D: Model assumptions and reproducibility", tuple(blocks))


def scenario_sources(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(item, key numbers, source) for every sourced part of the scenario."""
    rows: list[tuple[str, str, str]] = []
    for release in scenario.releases:
        amounts = ", ".join(f"{k} {format_number(v)}" for k, v in release.amount_fields().items())
        if release.spill is not None:
            sp = release.spill
            how = (f"spilt liquid evaporating from a {sp.pool_area_m2:g} m² pool ({sp.purity:.0%} pure, air "
                   f"{sp.air_speed_m_s:g} m/s, {sp.liquid_temperature_c:g} °C)")
        else:
            how = f"airborne fraction {release.airborne_fraction:g}; {format_number(release.duration_min)} min"
        rows.append((f"Release {release.id}", f"{release.agent}; {amounts}; {how}", release.source))
        if release.spill is not None:
            rows.append((f"Release {release.id} spill", "pool evaporation (US EPA 1999 RMP OCA Guidance, App. D "
                         "eq. D-1; Raoult's law)", release.spill.source))
        if release.enclosure is not None:
            e = release.enclosure
            rows.append((f"Release {release.id} enclosure", f"{format_number(e.volume_m3)} m³, {e.air_changes_per_h:g} "
                         f"air changes/h, {e.occupants} occupants", e.source))
    for zone in scenario.population:
        rows.append((f"Population {zone.id}", f"{format_number(zone.count)} people, indoor {zone.indoor_fraction:g}",
                     zone.source))
    for station in scenario.responders.stations:
        for kind in ("ambulance", "hazmat", "decon", "fire_rescue", "medical_team"):
            pool = getattr(station, kind, None)
            if pool is not None:
                rows.append((f"{station.id} {kind.replace('_', ' ')}", f"{pool.count} units, crew {pool.crew}, "
                             f"{pool.speed_km_h:g} km/h", pool.source))
    if scenario.responders.source:
        rows.append(("Responders", f"call processing {scenario.responders.call_processing_min:g} min",
                     scenario.responders.source))
    for hospital in scenario.hospitals:
        c = hospital.capacity
        rows.append((f"Hospital {hospital.id}", f"ED {c.ed_spaces}, ward {c.ward_beds}, ICU {c.icu_beds}, "
                     f"ventilators {c.ventilators}", hospital.source))
        rows.append((f"Hospital {hospital.id} surge", "", hospital.surge.source))
    for observation in scenario.weather:
        rows.append((f"Weather from {format_number(float(observation.time_min))} min",
                     f"{observation.wind_speed_m_s:g} m/s from {observation.wind_from_deg:g}°, class "
                     f"{observation.stability}", observation.note))
    return [(item, value, _text(source)) for item, value, source in rows if _text(source)]


def agent_sources(scenario: Scenario) -> dict[str, list[tuple[str, str, str]]]:
    """Per agent used, every sourced value of its library file: (parameter, value, source)."""
    try:
        library = default_library()
    except (LibraryError, FileNotFoundError):
        return {}
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for agent_id in scenario.agent_ids():
        if agent_id not in library:
            continue
        agent = library.get(agent_id)
        tables[f"{agent.name} ({agent_id})"] = [(path, _value(leaf.value), leaf.source)
                                                for path, leaf in sourced_leaves(agent)]
    return tables


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def reading_notes() -> Bullets:
    """How to read numbers in this report."""
    return Bullets(("Times are scenario time, T+hh:mm from STARTEX, with the local wall-clock time where useful.",
                    "Counts are people; a casualty is an exposed person with symptoms who needs care.",
                    "Every number comes from this one run: another seed gives other numbers. Use `cbrnsim batch` "
                    "for means with confidence intervals."))
