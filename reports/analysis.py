"""Everything computed from one run before the report is written: journeys, loads, ratings, key times.

Objective ratings: the run summary holds each objective's measured value and the proposal from
its thresholds (``cbrnsim.objectives``); the evaluator ratings are read again from the journal's
``note`` entries so that the report can quote who rated, when and why. The evaluator's rating
counts when there is one; the report always shows both (HSEEP leaves the rating to evaluators).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cbrnsim.exercise.journal import InjectAction
from cbrnsim.objectives import RATING_MEANINGS, EvaluatorRating, evaluator_ratings
from cbrnsim.scenario import METRICS, NoteInject, Objective

from .facts import BedLoad, StateCounts, UnitUse, bed_loads, state_counts, unit_uses
from .journeys import Journeys, build_journeys
from .rundata import RunData
from .vocabulary import EVENT_AGENT_IDENTIFIED, EVENT_ANTIDOTE, EVENT_CALL, EVENT_DECON_OPEN, EVENT_UNIT_ON_SCENE


@dataclass(frozen=True)
class ObjectiveRating:
    """One objective: what was measured, the proposal, the evaluator's rating."""

    objective: Objective
    """The objective as written in the scenario."""
    measured: float | None
    """Measured value (None: could not be measured)."""
    proposed: str | None
    """Rating proposed from the thresholds, or None."""
    evaluator: EvaluatorRating | None
    """The latest evaluator rating from the journal, or None."""

    @property
    def rating(self) -> str | None:
        """The rating that counts: the evaluator's when given, else the proposal."""
        return self.evaluator.rating if self.evaluator is not None else self.proposed

    @property
    def unit(self) -> str:
        """Unit of the metric."""
        return METRICS[self.objective.metric].unit

    def bands(self) -> str:
        """The thresholds in words: 'P ≥ 80 %, S ≥ 60 %, M ≥ 40 %, else U'."""
        op = "≥" if METRICS[self.objective.metric].better == "higher" else "≤"
        o, unit = self.objective, f" {self.unit}"
        return (f"P {op} {o.target:g}{unit}, S {op} {o.thresholds.some_challenges:g}{unit}, "
                f"M {op} {o.thresholds.major_challenges:g}{unit}, else U")

    def measured_text(self) -> str:
        """The measured value with its unit, or a statement that it could not be measured."""
        if self.measured is None:
            return "not measured"
        return f"{format_number(self.measured)} {self.unit}"


@dataclass(frozen=True)
class KeyTimes:
    """The times an executive summary quotes (min since STARTEX; None: did not happen)."""

    first_release: float | None
    """Start of the first release."""
    first_onset: float | None
    """First casualty with symptoms."""
    first_call: float | None
    """First call received by dispatch."""
    first_unit_on_scene: float | None
    """First responder unit on scene."""
    agent_identified: float | None
    """Agent (presumptively) identified."""
    first_decon_open: float | None
    """First decontamination line working."""
    first_antidote: float | None
    """First antidote dose given."""
    last_hospital_arrival: float | None
    """Last casualty to reach a hospital."""
    first_death: float | None
    """First death."""


@dataclass(frozen=True)
class Analysis:
    """One run and everything computed from it."""

    run: RunData
    """The run."""
    journeys: Journeys
    """Per-casualty journeys."""
    counts: StateCounts
    """Casualties by state over time."""
    loads: tuple[BedLoad, ...]
    """Occupancy against capacity per hospital and bed type."""
    units: tuple[UnitUse, ...]
    """Busy units per kind."""
    objectives: tuple[ObjectiveRating, ...]
    """Every objective with its ratings."""
    times: KeyTimes
    """Key times."""

    @property
    def summary(self) -> dict[str, Any]:
        """The run's summary object."""
        return self.run.summary

    @property
    def end_min(self) -> float:
        """How far the run went (min)."""
        return self.run.end_min

    def hospital_name(self, hospital_id: str) -> str:
        """A hospital's name (its id if the scenario has none by that id)."""
        try:
            return self.run.scenario.hospital(hospital_id).name
        except KeyError:
            return hospital_id

    def load(self, hospital_id: str, bed_type: str) -> BedLoad | None:
        """The load of one hospital's bed type, or None."""
        return next((l for l in self.loads if l.hospital == hospital_id and l.bed_type == bed_type), None)


def analyse(run: RunData) -> Analysis:
    """Compute everything the report needs from one run."""
    journeys = build_journeys(run.events)
    return Analysis(run=run, journeys=journeys, counts=state_counts(run), loads=tuple(bed_loads(run)),
                    units=tuple(unit_uses(run)), objectives=tuple(objective_ratings(run)),
                    times=key_times(run, journeys))


def objective_ratings(run: RunData) -> list[ObjectiveRating]:
    """Each scenario objective with the measured value and proposal from the summary, and the
    evaluator's rating from the journal."""
    rows = {row.get("id"): row for row in run.summary.get("objectives", []) if isinstance(row, dict)}
    notes = [(entry.action.inject, entry.at_min, entry.author) for entry in run.entries
             if isinstance(entry.action, InjectAction) and isinstance(entry.action.inject, NoteInject)]
    evaluators = evaluator_ratings(notes)
    ratings = []
    for objective in run.scenario.objectives:
        row = rows.get(objective.id, {})
        measured = _finite(row.get("measured"))
        proposed = row.get("proposed_rating")
        if proposed not in RATING_MEANINGS:
            proposed = None if measured is None else objective.rate(measured)
        ratings.append(ObjectiveRating(objective, measured, proposed, evaluators.get(objective.id)))
    return ratings


def key_times(run: RunData, journeys: Journeys) -> KeyTimes:
    """The key times of the run, from the scenario, the events and the journeys."""
    onset = journeys.onset_min
    arrivals = journeys.hospital_arrival_min
    deaths = journeys.death_min
    return KeyTimes(
        first_release=min((float(r.start_min) for r in run.scenario.releases), default=None),
        first_onset=_nanmin(onset),
        first_call=run.first_time(EVENT_CALL),
        first_unit_on_scene=run.first_time(EVENT_UNIT_ON_SCENE),
        agent_identified=run.first_time(EVENT_AGENT_IDENTIFIED),
        first_decon_open=run.first_time(EVENT_DECON_OPEN),
        first_antidote=run.first_time(EVENT_ANTIDOTE),
        last_hospital_arrival=_nanmax(arrivals),
        first_death=_nanmin(deaths),
    )


def format_number(value: float) -> str:
    """A number as a person writes it: thousands separated, one decimal only when it matters."""
    if math.isfinite(value) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _nanmin(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.min()) if finite.size else None


def _nanmax(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else None
