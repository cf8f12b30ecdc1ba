"""Assemble the report — cover, sections, figures — from one run (and optionally others to compare).

The report is built once as data (``reports.model``) and rendered by html, markdown and pdf.
"""
from __future__ import annotations

import numpy as np

from .analysis import Analysis, analyse, format_number
from .appendices import EXERCISE_GRADE, assumptions, improvement_plan, participants, reading_notes
from .compare import COMPARISON_FIGURE_KEY, comparison_figure, comparison_section
from .facts import BedLoad
from .figures import casualties_by_state, decon_queue, footprint_map, hospital_load, time_to_treatment, unit_utilisation
from .findings import all_findings, t
from .model import Block, Cover, Figure, FigureRef, Paragraph, Report, Section
from .rundata import RunData
from .sections import capability_analysis, executive_summary, exercise_dates, generated_at, overview_section
from .timeline import msel_appendix, timeline_section
from .vocabulary import EVENT_DECON_OPEN, TRIAGE_CATEGORIES, casualty_id

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
    return Section("handling", "Handling instructions", tuple(blocks))


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
        footprint_map(run, casualty_positions(analysis), hospital_peaks(analysis.loads)),
    ]
    return [figure for figure in made if figure is not None]


def casualty_positions(analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(x_m, y_m, triage) of each casualty whose events give a position, or None."""
    where: dict[int, tuple[float, float]] = {}
    for event in analysis.run.events:
        cid = casualty_id(event.entity)
        if cid is None or cid in where or not event.payload_json or '"x_m"' not in event.payload_json:
            continue
        payload = event.payload or {}
        x_m, y_m = payload.get("x_m"), payload.get("y_m")
        if isinstance(x_m, (int, float)) and isinstance(y_m, (int, float)):
            where[cid] = (float(x_m), float(y_m))
    if not where:
        return None
    journeys = analysis.journeys
    triage = {int(cid): str(cat) for cid, cat in zip(journeys.ids, journeys.triage)}
    ids = sorted(where)
    return (np.array([where[i][0] for i in ids]), np.array([where[i][1] for i in ids]),
            np.array([triage.get(i, "") if triage.get(i, "") in TRIAGE_CATEGORIES else "" for i in ids], dtype=object))


def hospital_peaks(loads: tuple[BedLoad, ...]) -> dict[str, str]:
    """'ED peak 92/60' per hospital, for the map labels."""
    return {load.hospital: f"ED peak {format_number(load.peak)}/{format_number(float(load.capacity[0]))}"
            for load in loads if load.bed_type == "ed_spaces"}
