"""Objective ratings: the HSEEP P/S/M/U proposal from the thresholds, and the evaluator's override."""
from __future__ import annotations

import pytest

from cbrnsim.data import default_scenario
from cbrnsim.objectives import RATING_MEANINGS, evaluate, evaluator_ratings, propose, summary_rows
from cbrnsim.scenario import NoteInject, Objective, load_scenario

SCENARIO = load_scenario(default_scenario())
OBJ = {objective.id: objective for objective in SCENARIO.objectives}


@pytest.mark.parametrize(("measured", "rating"), [
    (30, "P"), (45, "P"),            # the boundary belongs to the better rating
    (45.1, "S"), (60, "S"), (61, "M"), (90, "M"), (90.5, "U"), (480, "U"),
])
def test_lower_is_better_time_metric(measured: float, rating: str) -> None:
    # OBJ-1: agent identified within 45 min (P), 60 (S), 90 (M) — metro-sarin.yaml.
    assert propose(OBJ["OBJ-1"], measured) == rating


@pytest.mark.parametrize(("measured", "rating"), [(100, "P"), (80, "P"), (79.9, "S"), (60, "S"), (40, "M"), (0, "U")])
def test_higher_is_better_share_metric(measured: float, rating: str) -> None:
    # OBJ-2: antidote within 60 min to 80 % (P), 60 % (S), 40 % (M).
    assert propose(OBJ["OBJ-2"], measured) == rating


def test_nothing_measured_means_no_proposal() -> None:
    assert propose(OBJ["OBJ-2"], None) is None
    assert propose(OBJ["OBJ-2"], float("nan")) is None


def test_rating_scale_is_hseep() -> None:
    assert list(RATING_MEANINGS) == ["P", "S", "M", "U"]
    assert RATING_MEANINGS["U"] == "Unable to be performed"


def test_evaluate_measures_every_objective_with_its_window() -> None:
    asked: list[tuple[str, float | None]] = []

    def metric(name: str, within_min: float | None) -> float | None:
        asked.append((name, within_min))
        return {"agent_identified_by_min": 50.0, "antidote_within_min": 85.0}.get(name)

    results = {r.id: r for r in evaluate(SCENARIO, metric)}
    assert ("antidote_within_min", 60.0) in asked and ("agent_identified_by_min", None) in asked
    assert (results["OBJ-1"].measured, results["OBJ-1"].proposed, results["OBJ-1"].rating) == (50.0, "S", "S")
    assert results["OBJ-2"].rating == "P"
    assert results["OBJ-3"].measured is None and results["OBJ-3"].rating is None
    assert results["OBJ-1"].bands() == "P ≤ 45 min, S ≤ 60 min, M ≤ 90 min, else U"
    assert results["OBJ-2"].bands() == "P ≥ 80 %, S ≥ 60 %, M ≥ 40 %, else U"


def test_evaluator_overrides_the_proposal_and_both_are_kept() -> None:
    notes = [
        (NoteInject(time_min=50, content="first look", objective="OBJ-1", rating="M"), 50.0, "eval A"),
        (NoteInject(time_min=60, content="no rating here", objective="OBJ-1"), 60.0, "eval B"),
        (NoteInject(time_min=70, content="revised after hotwash", objective="OBJ-1", rating="P"), 70.0, "eval A"),
    ]
    ratings = evaluator_ratings(notes)
    assert ratings["OBJ-1"].rating == "P" and ratings["OBJ-1"].at_min == 70.0
    result = {r.id: r for r in evaluate(SCENARIO, lambda name, w: 75.0, ratings)}["OBJ-1"]
    assert (result.proposed, result.rating) == ("M", "P")
    row = summary_rows([result])[0]
    assert (row["rating"], row["proposed_rating"], row["evaluator_rating"]) == ("P", "M", "P")
    assert {"id", "target", "measured", "rating"} <= set(row)


def test_thresholds_order_is_enforced_by_the_scenario_model() -> None:
    with pytest.raises(ValueError, match="better when lower"):
        Objective(id="X", text="t", core_capability="Planning", metric="deaths", target=10,
                  thresholds={"some_challenges": 5, "major_challenges": 20})
