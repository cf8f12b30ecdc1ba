"""The exercise timeline and Appendix C (the MSEL as delivered, and every note).

The timeline interleaves, in scenario time: MSEL injects delivered (scheduled against actual
time) or skipped, unscripted injects, player decisions, controller and evaluator notes, and the
model's key events (first call, units on scene, identification, decontamination lines, surge,
hospital status, staff contamination, stock-outs, deaths by the dozen). Controllers' words are
quoted as they typed them.
"""
from __future__ import annotations

from dataclasses import dataclass

from cbrnsim.exercise.journal import ControlChange, DeliverAction, InjectAction, SkipAction
from cbrnsim.scenario import DecisionInject, NoteInject, in_delivery_order

from .analysis import Analysis
from .findings import t
from .model import Paragraph, Section, Table
from .vocabulary import (
    EVENT_AGENT_IDENTIFIED, EVENT_CALL, EVENT_DECON_OPEN, EVENT_HOSPITAL_STATUS, EVENT_SECONDARY_CONTAMINATION,
    EVENT_SECONDARY_CONTAMINATION_OVER, EVENT_SURGE, EVENT_UNIT_ON_SCENE,
)

DEATH_MILESTONES: tuple[int, ...] = (1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000)
"""The timeline marks when deaths reached these counts, not each death."""

_FIRST_ONLY = {EVENT_CALL: "First call received by dispatch", EVENT_UNIT_ON_SCENE: "First responder unit on scene",
               EVENT_AGENT_IDENTIFIED: "Agent identified"}
_EVERY = {EVENT_DECON_OPEN: "Decontamination line working", EVENT_SURGE: "Surge plan activated",
          EVENT_HOSPITAL_STATUS: "Hospital status changed",
          EVENT_SECONDARY_CONTAMINATION: "ED staff contaminated, spaces lost",
          EVENT_SECONDARY_CONTAMINATION_OVER: "ED spaces lost to contamination back in use",
          "hospital_beds": "Hospital beds changed",
          "agent_misidentified": "Agent wrongly identified (no effect on treatment)",
          "pod_open": "Point of dispensing open",
          "units_arrive": "Mutual-aid units arrived", "unit_out_of_service": "Unit out of service"}


@dataclass(frozen=True)
class Line:
    """One line of the timeline."""

    t_min: float
    """When (scenario minutes)."""
    source: str
    """MSEL n, Controller, Player decision, Evaluator note, Model."""
    text: str
    """What happened."""
    planned: str = ""
    """Scheduled time for MSEL injects ('' otherwise)."""
    who: str = ""
    """Who entered it (journal author), if known."""


def journal_lines(analysis: Analysis) -> list[Line]:
    """Lines for every journal entry that is not a clock control."""
    scenario = analysis.run.scenario
    scripted = {i.number: i for i in scenario.msel if i.number is not None}
    lines = []
    for entry in analysis.run.entries:
        action, who = entry.action, entry.author or ""
        if isinstance(action, DeliverAction):
            inject = scripted.get(action.number)
            title = inject.title or inject.type if inject is not None else "(not in this scenario's MSEL)"
            planned = t(inject.time_min) if inject is not None else ""
            lines.append(Line(entry.at_min, f"MSEL {action.number}", f"Delivered: {title}", planned, who))
        elif isinstance(action, SkipAction):
            reason = f" — {action.reason}" if action.reason else ""
            lines.append(Line(entry.at_min, f"MSEL {action.number}", f"Skipped{reason}", "", who))
        elif isinstance(action, InjectAction):
            lines.append(_inject_line(entry.at_min, action.inject, who))
        elif isinstance(action, ControlChange):
            continue
    return lines


def _inject_line(at_min: float, inject, who: str) -> Line:  # noqa: ANN001 - any Inject
    if isinstance(inject, DecisionInject):
        by = f" ({inject.decided_by})" if inject.decided_by else ""
        effect = f" — model effect: {inject.effect.type}" if inject.effect is not None else ""
        return Line(at_min, "Player decision", f"{inject.decision}{by}{effect}", "", who)
    if isinstance(inject, NoteInject):
        rating = f" [{inject.objective}: {inject.rating}]" if inject.objective and inject.rating else \
            (f" [{inject.objective}]" if inject.objective else "")
        return Line(at_min, "Note", f"{inject.content}{rating}", "", who)
    title = inject.title or inject.type.replace("_", " ")
    content = f": {inject.content}" if inject.content else ""
    return Line(at_min, "Unscripted inject", f"{title}{content}", "", who)


def model_lines(analysis: Analysis) -> list[Line]:
    """The model's key events: first occurrences, status changes, and death milestones."""
    lines: list[Line] = []
    seen: set[str] = set()
    for event in analysis.run.events:
        if event.kind in _FIRST_ONLY and event.kind not in seen:
            seen.add(event.kind)
            lines.append(Line(event.t_min, "Model", _FIRST_ONLY[event.kind] + _detail(analysis, event.payload)))
        elif event.kind in _EVERY:
            lines.append(Line(event.t_min, "Model", _EVERY[event.kind] + _detail(analysis, event.payload,
                                                                                event.entity)))
    deaths = sorted(float(x) for x in analysis.journeys.death_min if x == x)
    for milestone in DEATH_MILESTONES:
        if milestone <= len(deaths):
            text = "First death" if milestone == 1 else f"{milestone} deaths so far"
            lines.append(Line(deaths[milestone - 1], "Model", text))
    if len(deaths) > 1 and len(deaths) not in DEATH_MILESTONES:
        lines.append(Line(deaths[-1], "Model", f"Last death ({len(deaths)} in all)"))
    return lines


def _detail(analysis: Analysis, payload: dict | None, entity: str | None = None) -> str:
    payload = payload or {}
    parts = []
    hospital = payload.get("hospital")
    if isinstance(hospital, str):
        parts.append(analysis.hospital_name(hospital))
    for key in ("agent", "status", "kind", "count", "item", "ed_spaces_lost", "by", "identified_by", "scene"):
        value = payload.get(key)
        if value is not None and not isinstance(value, (dict, list)):
            parts.append(f"{key.replace('_', ' ')} {value}")
    if not parts and entity:
        parts.append(entity)
    return f" ({', '.join(parts)})" if parts else ""


def timeline_section(analysis: Analysis) -> Section:
    """The merged timeline, in scenario order (journal entries before model events at equal times)."""
    meta = analysis.run.scenario.metadata
    lines = sorted([*journal_lines(analysis), *model_lines(analysis)],
                   key=lambda line: (line.t_min, line.source == "Model"))
    rows = tuple((t(line.t_min), f"{meta.wall_clock(line.t_min):%H:%M}", line.source, line.text, line.planned,
                  line.who) for line in lines)
    blocks = [Paragraph("Injects delivered (with their scheduled time), unscripted injects, player decisions, "
                        "controller and evaluator notes, and the key events of the model, in scenario time."),
              Table(("Time", "Local", "Source", "What happened", "Scheduled", "Entered by"), rows,
                    widths=(1.1, 0.9, 1.5, 7.6, 1.4, 1.9))]
    if analysis.run.undecodable:
        blocks.append(Paragraph("Journal entries this cbrnsim could not read: " + " | ".join(analysis.run.undecodable),
                                "warning"))
    return Section("timeline", "Exercise timeline", tuple(blocks), landscape=True)


# ------------------------------------------------------------------------- appendix C
def msel_appendix(analysis: Analysis) -> Section:
    """Appendix C: the MSEL with what happened to each inject, then every note."""
    scenario = analysis.run.scenario
    delivered, skipped = _msel_outcomes(analysis)
    rows = []
    for inject in in_delivery_order(scenario.msel):
        number = inject.number
        if number in delivered:
            actual = delivered[number]
            late = actual - inject.time_min
            status = f"delivered {t(actual)}" + (f" ({late:+.0f} min)" if abs(late) >= 0.5 else "")
        elif number in skipped:
            status = f"skipped {t(skipped[number][0])}" + (f": {skipped[number][1]}" if skipped[number][1] else "")
        elif inject.time_min <= analysis.end_min:
            status = "not delivered"
        else:
            status = "after the end of this run"
        rows.append(("" if number is None else str(number), t(inject.time_min), status,
                     f"{inject.from_} → {inject.to} ({inject.method.replace('_', ' ')})",
                     f"{inject.title}: {inject.content}" if inject.title else inject.content,
                     inject.expected_action, ", ".join(inject.objectives)))
    msel = Table(("#", "Scheduled", "As delivered", "From → to (method)", "Inject", "Expected player action",
                  "Objectives"), tuple(rows), caption="Master Scenario Events List as delivered",
                 widths=(0.6, 1.2, 1.4, 2.2, 4.2, 2.9, 1.3))
    notes = [line for line in journal_lines(analysis) if line.source in ("Note", "Player decision",
                                                                         "Unscripted inject")]
    note_table = Table(("Time", "Kind", "Text", "Entered by"),
                       tuple((t(n.t_min), n.source, n.text, n.who) for n in notes),
                       caption="Controller and evaluator notes, player decisions and unscripted injects",
                       widths=(0.9, 1.3, 6, 1.3))
    empty = Paragraph("No notes, decisions or unscripted injects were entered in this run.")
    return Section("appendix-c", "Appendix C: MSEL as delivered and notes", (msel, note_table if notes else empty),
                   landscape=True)


def _msel_outcomes(analysis: Analysis) -> tuple[dict[int, float], dict[int, tuple[float, str]]]:
    delivered: dict[int, float] = {}
    skipped: dict[int, tuple[float, str]] = {}
    for entry in analysis.run.entries:
        if isinstance(entry.action, DeliverAction):
            delivered.setdefault(entry.action.number, entry.at_min)
        elif isinstance(entry.action, SkipAction):
            skipped.setdefault(entry.action.number, (entry.at_min, entry.action.reason))
    return delivered, skipped

