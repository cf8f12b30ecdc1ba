"""Objective ratings: measured value → proposed HSEEP rating, and the evaluator's override.

How a proposal is made
----------------------
Each scenario objective names a metric the engine computes (``cbrnsim.scenario.METRICS``), a
``target`` and two ``thresholds``. With "at least as good as" meaning ``≥`` for metrics where
higher is better (shares in %) and ``≤`` where lower is better (minutes, deaths, occupancy):

====  =====================================================  ==========================================
P     measured at least as good as ``target``                performed without challenges
S     else at least as good as ``thresholds.some_challenges``  performed with some challenges
M     else at least as good as ``thresholds.major_challenges`` performed with major challenges
U     anything worse                                          unable to be performed
====  =====================================================  ==========================================

The four ratings and their meanings are HSEEP's (FEMA, *Homeland Security Exercise and
Evaluation Program*, 2020, §5 "Exercise Evaluation" and the Exercise Evaluation Guide); the
limits are the exercise design team's, written in the scenario. The boundary itself belongs to
the better rating (a measured 45 min against a 45 min target is P).

While the exercise runs, the value is *measured so far*: for a "by" time that has not happened
yet the engine reports the time elapsed (so the proposal can only get worse), and a share counts
the casualties seen so far. A metric that cannot be measured yet (no immediate casualty so far,
say) has no proposal.

The proposal is a proposal. HSEEP leaves the rating to the evaluators; a ``note`` inject with an
``objective`` and a ``rating`` records theirs. The latest such note wins; both the proposal and
the evaluator's rating are kept, and ``rating`` is the evaluator's when there is one.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .scenario import METRICS, NoteInject, Objective, Rating, Scenario

RATING_MEANINGS: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
"""The HSEEP rating scale (FEMA HSEEP 2020, §5), by letter."""

MetricFunction = Callable[[str, "float | None"], "float | None"]
"""``metric(name, within_min) -> value or None``, e.g. ``Model.metric``."""


@dataclass(frozen=True, slots=True)
class EvaluatorRating:
    """An evaluator's rating of one objective, from a ``note`` journal entry."""

    objective: str
    """Objective id."""
    rating: Rating
    """P, S, M or U."""
    at_min: float
    """Simulation time of the note (min)."""
    text: str
    """The note's content (the evaluator's reasoning)."""
    author: str | None
    """Who entered it, if recorded."""


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    """One objective with what has been measured, the proposal and the evaluator's rating."""

    id: str
    """Objective id."""
    text: str
    """The objective as written in the Exercise Plan."""
    core_capability: str
    """FEMA core capability it exercises."""
    metric: str
    """Metric name (a key of METRICS)."""
    unit: str
    """Unit of measured, target and thresholds."""
    better: str
    """'higher' or 'lower'."""
    within_min: float | None
    """Time window of *_within_min metrics (min)."""
    target: float
    """Value for P."""
    some_challenges: float
    """Worst value still S."""
    major_challenges: float
    """Worst value still M."""
    measured: float | None
    """Measured value so far, or None when it cannot be measured yet."""
    proposed: Rating | None
    """Rating proposed from ``measured`` by the thresholds, or None."""
    evaluator: EvaluatorRating | None
    """The latest evaluator rating, or None."""

    @property
    def rating(self) -> Rating | None:
        """The rating that counts: the evaluator's when given, else the proposal."""
        return self.evaluator.rating if self.evaluator is not None else self.proposed

    def bands(self) -> str:
        """The thresholds in words, e.g. 'P ≥ 80 %, S ≥ 60 %, M ≥ 40 %, else U'."""
        op = "≥" if self.better == "higher" else "≤"
        unit = f" {self.unit}" if self.unit else ""
        return (f"P {op} {self.target:g}{unit}, S {op} {self.some_challenges:g}{unit}, "
                f"M {op} {self.major_challenges:g}{unit}, else U")


def propose(objective: Objective, measured: float | None) -> Rating | None:
    """The proposed rating for a measured value (None when nothing could be measured)."""
    if measured is None or not math.isfinite(measured):
        return None
    return objective.rate(measured)


def evaluator_ratings(notes: Iterable[tuple[NoteInject, float, str | None]]) -> dict[str, EvaluatorRating]:
    """The latest rating per objective from (note, at_min, author) in the order they were applied."""
    latest: dict[str, EvaluatorRating] = {}
    for note, at_min, author in notes:
        if note.objective is not None and note.rating is not None:
            latest[note.objective] = EvaluatorRating(note.objective, note.rating, at_min, note.content, author)
    return latest


def evaluate(scenario: Scenario, metric: MetricFunction,
             ratings: dict[str, EvaluatorRating] | None = None) -> tuple[ObjectiveResult, ...]:
    """Every objective of the scenario measured with ``metric``, proposed and (maybe) overridden."""
    ratings = ratings or {}
    return tuple(_result(objective, metric, ratings.get(objective.id)) for objective in scenario.objectives)


def _result(objective: Objective, metric: MetricFunction, evaluator: EvaluatorRating | None) -> ObjectiveResult:
    info = METRICS[objective.metric]
    raw = metric(objective.metric, objective.within_min)
    measured = None if raw is None or not math.isfinite(float(raw)) else float(raw)
    return ObjectiveResult(
        id=objective.id, text=objective.text, core_capability=objective.core_capability,
        metric=objective.metric, unit=info.unit, better=info.better, within_min=objective.within_min,
        target=objective.target, some_challenges=objective.thresholds.some_challenges,
        major_challenges=objective.thresholds.major_challenges, measured=measured,
        proposed=propose(objective, measured), evaluator=evaluator)


def summary_rows(results: Iterable[ObjectiveResult]) -> list[dict[str, object]]:
    """The ``objectives`` list of the run summary: id, target, measured, rating and the rest."""
    rows: list[dict[str, object]] = []
    for result in results:
        rows.append({
            "id": result.id, "metric": result.metric, "unit": result.unit, "within_min": result.within_min,
            "target": result.target, "measured": result.measured, "rating": result.rating,
            "proposed_rating": result.proposed,
            "evaluator_rating": None if result.evaluator is None else result.evaluator.rating,
        })
    return rows
