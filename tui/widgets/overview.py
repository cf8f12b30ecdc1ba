"""Overview tab: casualties by triage and by state, deaths, worried well, queues, milestones, objectives."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cbrnsim.objectives import ObjectiveResult
from cbrnsim.scenario import format_time_min

from .keyed_table import KeyedTable

STATE_LABELS: dict[str, str] = {
    "asymptomatic": "exposed, no symptoms yet", "symptomatic_on_scene": "symptomatic on scene",
    "self_evacuating": "making own way to hospital", "awaiting_extraction": "awaiting extraction (hot zone)",
    "awaiting_decon": "awaiting decon", "in_decon": "in decon", "awaiting_transport": "awaiting ambulance",
    "in_transport": "in ambulance", "in_ed": "in emergency dept", "admitted_ward": "admitted: ward",
    "admitted_icu": "admitted: ICU", "admitted_burn": "admitted: burn unit", "discharged": "discharged",
    "dead": "dead",
}
"""How each casualty state reads on screen, in the order a casualty moves through them."""

TRIAGE_STYLES: dict[str, str] = {"immediate": "bold white on red", "delayed": "bold black on yellow",
                                 "minor": "bold black on green", "expectant": "bold white on grey30"}
"""START/SALT colours: red, yellow, green, grey/black."""

RATING_STYLES: dict[str, str] = {"P": "bold green", "S": "bold yellow", "M": "bold dark_orange", "U": "bold red"}
"""Colours of the HSEEP ratings."""

OBJECTIVE_COLUMNS = (("id", "Objective"), ("measured", "Measured"), ("target", "Target"),
                     ("proposed", "Proposed"), ("evaluator", "Evaluator"), ("text", "What"))


def rating_text(rating: str | None) -> Text:
    """A P/S/M/U rating in its colour, or a dash."""
    return Text(rating or "–", style=RATING_STYLES.get(rating or "", "dim"))


def measured_text(result: ObjectiveResult) -> str:
    """The measured value with its unit, or 'not yet'."""
    if result.measured is None or (result.unit == "min" and result.measured < 0):
        return "not yet"  # a 'by' time counted from a release that has not happened yet
    unit = f" {result.unit}" if result.unit else ""
    return f"{result.measured:.0f}{unit}" if abs(result.measured) >= 10 else f"{result.measured:.1f}{unit}"


def objective_row(result: ObjectiveResult) -> tuple[Text | str, ...]:
    """One objective's cells."""
    op = "≥" if result.better == "higher" else "≤"
    evaluator = result.evaluator.rating if result.evaluator is not None else None
    return (result.id, measured_text(result), f"{op} {result.target:g} {result.unit}".strip(),
            rating_text(result.proposed), rating_text(evaluator), result.text)


def _time(value: float | None) -> str:
    return format_time_min(round(value)) if value is not None else "–"  # whole minutes read faster


def headline(state: Any) -> Text:
    """The top block: exposed, triage categories, deaths, worried well."""
    cats = state.by_category
    text = Text(f"exposed {state.exposed:,}   ", style="bold")
    for name in ("immediate", "delayed", "minor", "expectant"):
        text.append(f" {name} {cats.get(name, 0):,} ", style=TRIAGE_STYLES[name])
        text.append(" ")
    text.append("\n")
    text.append(f"deaths {state.deaths:,}", style="bold red" if state.deaths else "bold")
    text.append(f" ({state.deaths_prehospital:,} before hospital, {state.deaths_in_hospital:,} in hospital)   "
                f"worried well at hospitals {state.worried_well_arrived:,}, waiting {state.worried_well_waiting:,}")
    return text


def queues_and_times(state: Any) -> Text:
    """Who is waiting for what, and the milestones so far."""
    q, k = state.queues, state.key_times
    text = Text("waiting  ", style="bold")
    text.append(f"extraction {q.get('extraction', 0):,} · decon {q.get('decon', 0):,} · "
                f"ambulance {q.get('transport', 0):,} · ED space {q.get('ed', 0):,}   "
                f"decon lines open {state.decon_lines_open}\n")
    identified = _time(k.agent_identified_min) + (f" by {state.agent_identified_by}" if state.agent_identified_by else "")
    text.append("milestones  ", style="bold")
    text.append(f"first call {_time(k.first_call_min)} · first unit on scene {_time(k.first_unit_on_scene_min)} · "
                f"first decon line {_time(k.first_decon_line_open_min)}\n")
    text.append("            ")
    text.append(f"agent identified {identified} · first antidote {_time(k.first_antidote_min)}")
    conditions = conditions_text(state)
    if conditions:
        text.append("\nconditions  ", style="bold")
        text.append(conditions)
    return text


def conditions_text(state: Any) -> str:
    """The wind now and the road closures in force, as the controller must tell the players."""
    parts = []
    weather = getattr(state, "weather", None)
    if weather is not None:
        parts.append(f"wind from {weather.wind_from_deg:03.0f}° at {weather.wind_speed_m_s:.1f} m/s, "
                     f"class {weather.stability} (since {_time(weather.since_min)})")
    for c in getattr(state, "road_closures", ()):
        until = "" if c.until_min == float("inf") else f" until {_time(c.until_min)}"
        parts.append(f"{c.road} closed (travel ×{c.travel_time_factor:g}){until}")
    return " · ".join(parts)


class Overview(Vertical):
    """The overview tab."""

    def compose(self) -> ComposeResult:
        yield Static("Waiting for the first model snapshot…", id="overview-headline")
        yield Static("", id="overview-queues")
        with Horizontal(id="overview-tables"):
            yield KeyedTable((("state", "Casualty state"), ("count", "People")), id="states-table")
            yield KeyedTable(OBJECTIVE_COLUMNS, id="objectives-table")

    def show(self, state: Any, objectives: Sequence[ObjectiveResult]) -> None:
        """Show a model state and the objectives (only changed cells are redrawn)."""
        self.query_one("#overview-headline", Static).update(headline(state))
        self.query_one("#overview-queues", Static).update(queues_and_times(state))
        self.query_one("#states-table", KeyedTable).sync(
            {name: (label, f"{state.by_state.get(name, 0):,}") for name, label in STATE_LABELS.items()})
        self.query_one("#objectives-table", KeyedTable).sync({r.id: objective_row(r) for r in objectives})
