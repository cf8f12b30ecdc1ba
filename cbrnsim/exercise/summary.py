"""The run summary: one JSON object (``cbrnsim run --json``, ``Exercise.summary()``) and its text form.

Keys (issue 4, "Command"), all numbers counts of people unless the name gives a unit:

``scenario``, ``title``, ``seed``, ``until_min``; ``exposed``; ``casualties`` {``immediate``,
``delayed``, ``minor``, ``expectant``} (by assigned triage category); ``worried_well``; ``deaths``,
``deaths_prehospital``; ``hospital_arrivals``, ``admissions``, ``icu_admissions``; ``hospitals``
{id: {``arrivals``, ``peak_occupancy`` (most in a bed at once, ≤ beds), ``peak_waiting`` (most
waiting for one at once), ``peak_beds`` (most beds staffed at once), ``beds`` (now)}}; ``kpis`` {name: value}; ``objectives`` [{``id``,
``target``, ``measured``, ``rating``, ...}]; ``events`` (model events processed); plus ``msel``
{``delivered``, ``skipped``, ``due``, ``pending``}, ``journal_entries`` and ``run_store``, and
whatever else the model's ``outcome()`` reports (e.g. ``by_state``, ``antidote_given``).

The people counts and ``hospitals`` come from the model (``Model.outcome()``); ``kpis`` adds
every objective metric (``Model.metric``), a windowed one named for its window, e.g.
``antidote_within_60_min``. ``key_times`` are the model's milestones in minutes since STARTEX
(``null`` until they happen; the ``*_by_min`` KPIs instead count from the first release and, by
their METRICS definition, run on to the end of the run when never reached). Values that cannot
be measured are ``null``.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..objectives import summary_rows
from ..scenario import METRICS, format_time_min

if TYPE_CHECKING:
    from .exercise import Exercise

OUTCOME_KEYS: tuple[str, ...] = (
    "exposed", "casualties", "worried_well", "deaths", "deaths_prehospital", "hospital_arrivals",
    "admissions", "icu_admissions", "hospitals",
)
"""The keys of the summary that the model's ``outcome()`` provides."""

TRIAGE_KEYS: tuple[str, ...] = ("immediate", "delayed", "minor", "expectant")
"""The keys of ``casualties``."""


def kpi_name(metric: str, within_min: float | None) -> str:
    """``antidote_within_min`` with a 60 min window → ``antidote_within_60_min``; others unchanged."""
    if within_min is None:
        return metric
    return metric.replace("_within_min", f"_within_{within_min:g}_min")


def _plain(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, NaN and infinity to None, containers recursively."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _kpis(exercise: Exercise, outcome: Mapping[str, Any]) -> dict[str, Any]:
    metric = exercise.model.metric
    kpis: dict[str, Any] = dict(outcome.get("kpis", {}))
    for name, info in METRICS.items():
        if not info.needs_within_min:
            kpis.setdefault(name, metric(name, None))
    for objective in exercise.scenario.objectives:
        kpis.setdefault(kpi_name(objective.metric, objective.within_min), metric(objective.metric, objective.within_min))
    return dict(sorted(kpis.items()))


def _key_times(exercise: Exercise) -> dict[str, float | None]:
    """Milestones from the model's state (min since STARTEX, None until they happen)."""
    key_times = getattr(exercise.model.state(), "key_times", None)
    return dataclasses.asdict(key_times) if dataclasses.is_dataclass(key_times) else {}


def build_summary(exercise: Exercise) -> dict[str, Any]:
    """The summary object of an exercise at its current time."""
    outcome = exercise.model.outcome()
    missing = [key for key in OUTCOME_KEYS if key not in outcome]
    if missing:
        raise KeyError(f"the model's outcome() lacks {', '.join(missing)}")
    statuses = [item.status for item in exercise.msel()]
    extra = {key: value for key, value in outcome.items() if key not in ("scenario", "until_min", "events", "seed")}
    summary: dict[str, Any] = {
        **extra,
        "scenario": exercise.scenario.source_path or exercise.scenario.metadata.title,
        "title": exercise.scenario.metadata.title,
        "seed": exercise.seed,
        "until_min": exercise.now_min,
        **{key: outcome[key] for key in OUTCOME_KEYS},
        "casualties": {key: outcome["casualties"].get(key, 0) for key in TRIAGE_KEYS},
        "kpis": _kpis(exercise, outcome),
        "objectives": summary_rows(exercise.objectives()),
        "events": exercise.events_processed,
        "key_times": _key_times(exercise),
        "msel": {status: statuses.count(status) for status in ("delivered", "skipped", "due", "pending")},
        "journal_entries": len(exercise.journal()),
        "run_store": str(exercise.store.path),
    }
    return _plain(summary)


# ---------------------------------------------------------------------------- text form
def _n(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _waiting_note(waiting: Any) -> str:
    return f" (+{_n(waiting)} waiting at peak)" if isinstance(waiting, (int, float)) and waiting > 0 else ""


def _occupancy(hospital: Mapping[str, Any]) -> str:
    """'occupied/capacity (+N waiting at peak)' per bed type: occupancy never exceeds the beds;
    those waiting for one are shown apart."""
    # Peak occupancy is set against the most beds there were (an inject or staff contamination may
    # remove beds later without unseating anyone); older summaries only have 'beds'.
    peak, waiting = hospital.get("peak_occupancy"), hospital.get("peak_waiting")
    beds = hospital.get("peak_beds") or hospital.get("beds")
    if isinstance(peak, Mapping):
        beds = beds if isinstance(beds, Mapping) else {}
        waiting = waiting if isinstance(waiting, Mapping) else {}
        return "  ".join(f"{kind.replace('_', ' ')} {_n(value)}/{_n(beds.get(kind))}{_waiting_note(waiting.get(kind))}"
                         for kind, value in peak.items())
    return f"{_n(peak)}/{_n(beds)}{_waiting_note(waiting)}"


def format_summary(summary: Mapping[str, Any], wall_time_s: float | None = None, marking: str = "") -> str:
    """A compact, readable text table of a summary object."""
    c = summary["casualties"]
    lines = [str(summary["title"])]
    if marking:
        lines.append(f"{marking} · exercise grade, not for operational hazard prediction")
    lines += [f"scenario {summary['scenario']} · seed {summary['seed']} · run to {format_time_min(summary['until_min'])}",
              "",
              f"  exposed (any effect)   {_n(summary['exposed'])}",
              f"  casualties by triage   immediate {_n(c['immediate'])} · delayed {_n(c['delayed'])} · "
              f"minor {_n(c['minor'])} · expectant {_n(c['expectant'])}",
              f"  deaths                 {_n(summary['deaths'])} (pre-hospital {_n(summary['deaths_prehospital'])}, "
              f"in hospital {_n((summary['deaths'] or 0) - (summary['deaths_prehospital'] or 0))})",
              f"  worried well           {_n(summary['worried_well'])}",
              f"  hospital arrivals      {_n(summary['hospital_arrivals'])} · admissions {_n(summary['admissions'])}"
              f" · ICU admissions {_n(summary['icu_admissions'])}",
              "", "  hospital         arrivals  peak occupied/beds (+ most waiting for one at once)"]
    for hospital_id, hospital in summary["hospitals"].items():
        lines.append(f"  {hospital_id:<15} {_n(hospital.get('arrivals')):>9}  {_occupancy(hospital)}")
    if summary.get("key_times"):
        lines += ["", "  key times"]
        for key, value in summary["key_times"].items():
            label = key.removesuffix("_min").replace("_", " ")
            lines.append(f"  {label:<30} {'not reached' if value is None else format_time_min(value)}")
    if summary["objectives"]:
        lines += ["", "  objective  measured        target      rating (proposed from the thresholds)"]
        for row in summary["objectives"]:
            measured = "–" if row["measured"] is None else f"{row['measured']:,.1f} {row['unit']}"
            target = f"{'≥' if METRICS[row['metric']].better == 'higher' else '≤'} {row['target']:g} {row['unit']}"
            rating = row["rating"] or "– (not measurable yet)"
            if row.get("evaluator_rating"):
                rating += f" (evaluator; proposed {row['proposed_rating'] or '–'})"
            lines.append(f"  {row['id']:<9}  {measured:<14}  {target:<10}  {rating}")
    msel = summary["msel"]
    lines += ["", f"  MSEL: {msel['delivered']} delivered, {msel['skipped']} skipped, {msel['due']} due, "
                  f"{msel['pending']} pending · journal entries {summary['journal_entries']}",
              f"  run store {summary['run_store']}",
              f"  {summary['events']:,} model events" + (f" in {wall_time_s:.2f} s wall time" if wall_time_s else "")]
    return "\n".join(lines)
