"""Several runs side by side: a branch and its parent, or what-ifs, and the difference each decision made.

The first run is the reference. For every other run the journal is compared with the
reference's: the entries after their common prefix are what the controllers did differently
(the decisions), and the outcome columns show the change each run made against the reference.
When the runs share the scenario and the seed, every random draw belongs to its entity (common
random numbers, DESIGN.md), so a difference is the effect of the decisions and not chance; the
report says plainly when that does not hold.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from cbrnsim.exercise.journal import ControlChange, DeliverAction, Entry, InjectAction, SkipAction
from cbrnsim.runstore import JournalEntry

from .analysis import Analysis, format_number
from .figures import finish_figure, new_figure, time_axis
from .findings import t
from .model import Block, Bullets, Figure, FigureRef, Paragraph, Section, Table

Row = tuple[str, Callable[[Analysis], float | None], str]
"""(label, value of a run, unit) of one comparison row."""


def _summary_value(key: str, sub: str | None = None) -> Callable[[Analysis], float | None]:
    def value(analysis: Analysis) -> float | None:
        found = analysis.summary.get(key)
        if sub is not None:
            found = found.get(sub) if isinstance(found, dict) else None
        return float(found) if isinstance(found, (int, float)) and not isinstance(found, bool) else None
    return value


OUTCOME_ROWS: tuple[Row, ...] = (
    ("Exposed", _summary_value("exposed"), "persons"),
    ("Immediate casualties", _summary_value("casualties", "immediate"), "persons"),
    ("Delayed casualties", _summary_value("casualties", "delayed"), "persons"),
    ("Minor casualties", _summary_value("casualties", "minor"), "persons"),
    ("Expectant casualties", _summary_value("casualties", "expectant"), "persons"),
    ("Deaths", _summary_value("deaths"), "persons"),
    ("Deaths before hospital", _summary_value("deaths_prehospital"), "persons"),
    ("Worried well", _summary_value("worried_well"), "persons"),
    ("Hospital arrivals", _summary_value("hospital_arrivals"), "persons"),
    ("Admissions", _summary_value("admissions"), "persons"),
    ("ICU admissions", _summary_value("icu_admissions"), "persons"),
    ("Agent identified", lambda a: a.times.agent_identified, "min"),
    ("First antidote", lambda a: a.times.first_antidote, "min"),
    ("First decontamination line", lambda a: a.times.first_decon_open, "min"),
)
"""The outcomes compared, in order."""


def divergence(reference: tuple[JournalEntry, ...], other: tuple[JournalEntry, ...]) -> int:
    """Length of the common journal prefix of two runs: entries with the same time, kind and
    content, in the same order."""
    common = 0
    for mine, theirs in zip(reference, other):
        if (mine.at_min, mine.kind, _content(mine)) != (theirs.at_min, theirs.kind, _content(theirs)):
            break
        common += 1
    return common


def _content(entry: JournalEntry) -> str:
    # The timing keys say when a controller typed it, not what it does.
    payload = {k: v for k, v in entry.payload.items() if k not in ("entered_at_min", "after_steps")}
    return repr(sorted(payload.items()))


def describe_entry(entry: Entry) -> str:
    """One line for a journal entry, as a controller would say it."""
    action = entry.action
    when = t(entry.at_min)
    if isinstance(action, DeliverAction):
        return f"{when} delivered MSEL {action.number}"
    if isinstance(action, SkipAction):
        return f"{when} skipped MSEL {action.number}" + (f" ({action.reason})" if action.reason else "")
    if isinstance(action, InjectAction):
        inject = action.inject
        if inject.type == "decision":
            return f"{when} decision: {inject.decision}"  # type: ignore[union-attr]
        if inject.type == "note":
            return f"{when} note: {inject.content}"
        return f"{when} {inject.type.replace('_', ' ')}: {inject.title or inject.content}"
    if isinstance(action, ControlChange):
        return f"{when} clock {action.action}"
    return f"{when} {entry.kind}"


def differences(reference: Analysis, other: Analysis) -> tuple[list[str], list[str]]:
    """(entries only in the other run, entries only in the reference), after their common prefix.

    Past the prefix, an entry that both runs have (same time, kind and content — an MSEL inject
    delivered on schedule in both, say) is not a difference even if it sits at another place in
    the journal; what is left over on either side is what the controllers did differently.
    """
    start = divergence(reference.run.journal, other.run.journal)
    ref_rest, other_rest = reference.run.journal[start:], other.run.journal[start:]
    ref_keys = Counter(_key(row) for row in ref_rest)
    other_keys = Counter(_key(row) for row in other_rest)
    return (_leftover(other, other_rest, other_keys - ref_keys), _leftover(reference, ref_rest, ref_keys - other_keys))


def _key(row: JournalEntry) -> tuple[float, str, str]:
    return row.at_min, row.kind, _content(row)


def _leftover(analysis: Analysis, rows: tuple[JournalEntry, ...], extra: Counter[tuple[float, str, str]]) -> list[str]:
    decoded = {e.seq: e for e in analysis.run.entries}
    lines = []
    for row in rows:
        key = _key(row)
        if extra[key] > 0 and row.seq in decoded and not isinstance(decoded[row.seq].action, ControlChange):
            extra[key] -= 1
            lines.append(describe_entry(decoded[row.seq]))
    return lines


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return t(value) if unit == "min" else format_number(value)


def _delta(value: float | None, base: float | None, unit: str) -> str:
    if value is None or base is None:
        return ""
    change = value - base
    if abs(change) < 1e-9:
        return " (=)"
    return f" ({change:+,.0f} min)" if unit == "min" else f" ({change:+,.0f})"


def outcome_table(analyses: list[Analysis]) -> Table:
    """Outcomes of every run side by side; other runs show their change against the first."""
    headers = ("Outcome", *(f"{a.run.label} (reference)" if i == 0 else a.run.label for i, a in enumerate(analyses)))
    rows = []
    for label, value, unit in OUTCOME_ROWS:
        base = value(analyses[0])
        rows.append((label, _cell(base, unit), *(_cell(value(a), unit) + _delta(value(a), base, unit)
                                                for a in analyses[1:])))
    for index, rating in enumerate(analyses[0].objectives):
        cells = []
        for analysis in analyses:
            other = analysis.objectives[index] if index < len(analysis.objectives) else None
            cells.append("–" if other is None else f"{other.measured_text()}, {other.rating or 'not rated'}")
        rows.append((f"{rating.objective.id} ({rating.objective.metric})", *cells))
    return Table(headers, tuple(rows), caption="Outcomes side by side (other runs: change against the reference)",
                 widths=(2.2, *([1.6] * len(analyses))))


def comparison_section(analyses: list[Analysis]) -> Section:
    """The comparison of the first run with every other."""
    reference = analyses[0]
    blocks: list[Block] = [Paragraph(
        f"{len(analyses)} runs are compared; {reference.run.label} is the reference. For each other run the "
        f"controller actions that differ from the reference's journal are listed, then the outcomes side by side.")]
    for other in analyses[1:]:
        blocks += _pair_blocks(reference, other)
    blocks.append(outcome_table(analyses))
    blocks.append(FigureRef(COMPARISON_FIGURE_KEY))
    return Section("run-comparison", "Comparison of runs", tuple(blocks))


def _pair_blocks(reference: Analysis, other: Analysis) -> list[Block]:
    only_other, only_ref = differences(reference, other)
    same_draws = (reference.run.seed == other.run.seed
                  and reference.run.scenario_sha256 == other.run.scenario_sha256)
    branch = other.run.meta.get("parent_run")
    heading = f"{other.run.label}" + (f" (a branch at {t(other.run.branch_at_min)})" if branch else "")
    blocks: list[Block] = [Paragraph(f"{heading}: what the controllers did differently from {reference.run.label}.",
                                     "note"),
                           Bullets(tuple(f"Only in {other.run.label}: {line}" for line in only_other)
                                   + tuple(f"Only in {reference.run.label}: {line}" for line in only_ref)
                                   or ("The journals are identical.",))]
    if same_draws:
        blocks.append(Paragraph("Same scenario and seed: every casualty, unit and hospital draws the same random "
                                "numbers in both runs, so the differences below are the effect of these actions."))
    else:
        blocks.append(Paragraph("The runs differ in scenario or seed: their differences mix the effect of the "
                                "actions with chance. Compare many replications (cbrnsim batch) before "
                                "concluding.", "warning"))
    return blocks


COMPARISON_FIGURE_KEY = "run-comparison"
"""Key of the comparison figure."""


def comparison_figure(analyses: list[Analysis]) -> Figure:
    """Cumulative deaths and people in hospital over time, one line per run."""
    end = max(a.end_min for a in analyses)
    figure = new_figure(7.6, 3.4)
    deaths_ax, hospital_ax = figure.subplots(1, 2)
    for analysis in analyses:
        deaths = np.sort(analysis.journeys.death_min[np.isfinite(analysis.journeys.death_min)])
        deaths_ax.step(np.concatenate(([0.0], deaths, [analysis.end_min])),
                       np.concatenate(([0], np.arange(1, deaths.size + 1), [deaths.size])), where="post",
                       label=analysis.run.label, linewidth=1.3)
        arrivals = np.sort(analysis.journeys.hospital_arrival_min[np.isfinite(analysis.journeys.hospital_arrival_min)])
        hospital_ax.step(np.concatenate(([0.0], arrivals, [analysis.end_min])),
                         np.concatenate(([0], np.arange(1, arrivals.size + 1), [arrivals.size])), where="post",
                         label=analysis.run.label, linewidth=1.3)
    for ax, label in ((deaths_ax, "deaths so far (persons)"), (hospital_ax, "casualties reached hospital (persons)")):
        time_axis(ax, end, compact=True)
        ax.set_ylabel(label, fontsize=8)
        ax.tick_params(labelsize=7)
    deaths_ax.legend(fontsize=7)
    return finish_figure(figure, COMPARISON_FIGURE_KEY, "Runs compared over time",
                   "Cumulative deaths (left) and casualties who reached a hospital (right), one line per run.")
