"""Assemble the report — cover, sections, figures — from one run (and optionally others to compare).

The report is built once as data (``reports.model``) and rendered by html, markdown and pdf.
"""
from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import numpy as np

from .analysis import Analysis, analyse, format_number
from .appendices import EXERCISE_GRADE, assumptions, improvement_plan, participants, reading_notes
from .compare import COMPARISON_FIGURE_KEY, comparison_figure, comparison_section
from .facts import BedLoad
from .figures import (
    AffectedPlace, casualties_by_state, decon_queue, footprint_map, hospital_load, time_to_treatment,
    unit_utilisation,
)
from .findings import all_findings, t
from .model import Block, Cover, Figure, FigureRef, Paragraph, Report, Section
from .rundata import RunData
from .sections import capability_analysis, executive_summary, exercise_dates, generated_at, overview_section
from .timeline import msel_appendix, timeline_section
from .vocabulary import EVENT_DECON_OPEN, casualty_id

DOCUMENT = "After-Action Report / Improvement Plan"
"""The document name on the cover (HSEEP AAR/IP)."""


def build(runs: list[RunData]) -> Report:
    """The whole report for ``runs[0]``, with a comparison section when more runs are given."""
    analyses = [analyse(run) for run in runs]
    main = analyses[0]
    findings = all_findings(main)
    figures = make_figures(main)
    if len(analyses) > 1:
        figures.append(comparison_figure(analyses))
    sections = [
        handling_section(main),
        overview_section(main),
        executive_summary(main, findings),
        capability_analysis(main, findings),
    ]
    if len(analyses) > 1:
        sections.append(comparison_section(analyses))
    sections += [
        timeline_section(main),
        figures_section(figures),
        improvement_plan(findings),
        participants(main),
        msel_appendix(main),
        assumptions(main),
    ]
    return Report(cover=cover(main, len(analyses)), sections=tuple(sections), figures=tuple(figures))


def cover(analysis: Analysis, run_count: int) -> Cover:
    """The cover page."""
    run = analysis.run
    meta = run.scenario.metadata
    lines = [("Handling", meta.handling_marking), ("Organisers", "; ".join(meta.organisers)),
             ("Exercise type", meta.exercise_type.replace("_", "-")),
             ("Run", f"{run.path.name} — seed {run.seed}, simulated to {t(analysis.end_min)}"),
             ("Report generated", generated_at())]
    if "parent_run" in run.meta:
        lines.insert(4, ("Branch of", f"{run.meta['parent_run']} at {t(run.branch_at_min)}"))
    if run_count > 1:
        lines.insert(4, ("Compared with", f"{run_count - 1} other run{'s' if run_count > 2 else ''}"))
    return Cover(title=meta.title, document=DOCUMENT, marking=meta.handling_marking,
                 dates=exercise_dates(run.scenario), sponsor=meta.sponsor or "(not given)",
                 lines=tuple((k, v) for k, v in lines if v), notice=EXERCISE_GRADE)


def handling_section(analysis: Analysis) -> Section:
    """Handling instructions, as the HSEEP template opens with."""
    meta = analysis.run.scenario.metadata
    contact = meta.point_of_contact
    poc = "" if contact is None else " For more information, contact " + ", ".join(
        x for x in (contact.name, contact.organisation, contact.email, contact.phone) if x) + "."
    blocks: list[Block] = [
        Paragraph(f"The title of this document is {DOCUMENT}: {meta.title}. It is marked "
                  f"\u201c{meta.handling_marking}\u201d and is to be handled accordingly.{poc}"),
        Paragraph(EXERCISE_GRADE, "warning"),
        Paragraph("How to read the numbers:"),
        reading_notes(),
    ]
    return Section("handling", "Handling instructions", tuple(blocks), page_break_before=False)


def figures_section(figures: list[Figure]) -> Section:
    """Every figure, in order."""
    blocks: tuple[Block, ...] = tuple(FigureRef(f.key) for f in figures if f.key != COMPARISON_FIGURE_KEY) or \
        (Paragraph("The run recorded nothing to plot."),)
    return Section("figures", "Figures", blocks)


def make_figures(analysis: Analysis) -> list[Figure]:
    """The figures the run has data for."""
    end = analysis.end_min
    run = analysis.run
    names = {h.id: h.name for h in run.scenario.hospitals}
    opens = [e.t_min for e in run.events_of(EVENT_DECON_OPEN)]
    made = [
        casualties_by_state(analysis.counts, end),
        hospital_load(list(analysis.loads), names, end),
        unit_utilisation(list(analysis.units), end),
        decon_queue(analysis.counts, opens, end),
        time_to_treatment(analysis.journeys),
        threat_zone_figure(analysis),
        footprint_map(run, affected_places(analysis), hospital_peaks(analysis.loads)),
    ]
    return [figure for figure in made if figure is not None]


def affected_places(analysis: Analysis) -> list[AffectedPlace]:
    """Casualties and deaths per place of exposure (population zone, or the release for people
    inside an enclosed release), from the exposure events' ``zone``."""
    scenario = analysis.run.scenario
    zone_of: dict[int, str] = {}
    for event in analysis.run.events_of("asymptomatic"):
        cid, zone = casualty_id(event.entity), (event.payload or {}).get("zone")
        if cid is not None and isinstance(zone, str):
            zone_of.setdefault(cid, zone)
    journeys = analysis.journeys
    dead = {int(cid) for cid, death in zip(journeys.ids, journeys.death_min) if np.isfinite(death)}
    places = []
    for place in dict.fromkeys(zone_of.values()):
        where = _place_point(scenario, place)
        if where is None:
            continue
        members = [cid for cid, zone in zone_of.items() if zone == place]
        places.append(AffectedPlace(place, where[0], where[1], len(members), sum(cid in dead for cid in members)))
    return places


def _place_point(scenario, place: str) -> tuple[float, float] | None:  # noqa: ANN001 - Scenario
    for zone in scenario.population:
        if zone.id == place:
            points = zone.points() if zone.polygon is not None else (zone.centre,)
            return (float(np.mean([p.x_m for p in points])), float(np.mean([p.y_m for p in points])))
    for release in scenario.releases:
        if release.id == place:
            points = release.points()
            return (float(np.mean([p.x_m for p in points])), float(np.mean([p.y_m for p in points])))
    return None


def threat_zone_figure(analysis: Analysis) -> Figure | None:
    """The scenario's threat-zone footprint map (``reports.footprint``, as `cbrnsim hazard --png`)."""
    from cbrnsim.threatzones import compute_threat_zones

    from .footprint import render_footprint

    try:
        zones = compute_threat_zones(analysis.run.scenario)
        with tempfile.TemporaryDirectory(prefix="cbrnsim-aar-") as folder:
            path = Path(folder) / "footprint.png"
            render_footprint(zones, analysis.run.scenario, path)
            png = path.read_bytes()
    except (ValueError, KeyError, OSError, ArithmeticError):
        # The footprint is context, not evidence: a hazard model that cannot draw this scenario
        # must not stop the after-action report; the run's own map (where people were affected) remains.
        return None
    width, height = struct.unpack(">II", png[16:24])
    return Figure("threat-zones", "Threat zones of the planned releases",
                  "The hazard footprint of each release with the weather at its start (AEGL tiers for chemical "
                  "agents), with population zones, hospitals and responder stations: the threat the players faced, "
                  "as computed before the exercise (exercise grade).", png, width, height)


def hospital_peaks(loads: tuple[BedLoad, ...]) -> dict[str, str]:
    """'ED peak 92/60' per hospital, for the map labels."""
    return {load.hospital: f"ED peak {format_number(load.peak)}/{format_number(float(load.capacity[0]))}"
            for load in loads if load.bed_type == "ed_spaces"}

