"""Objectives: metrics, thresholds and HSEEP P/S/M/U ratings."""
from __future__ import annotations

import typing

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import CORE_CAPABILITIES, METRICS, MetricName, Objective


def _objective(**over: object) -> Objective:
    fields: dict[str, object] = {"id": "O", "text": "t", "core_capability": "Planning",
                                 "metric": "immediate_in_hospital_within_min", "within_min": 60, "target": 90,
                                 "thresholds": {"some_challenges": 75, "major_challenges": 50}}
    fields.update(over)
    return Objective.model_validate(fields)


def test_metric_table_matches_the_metric_names() -> None:
    assert set(METRICS) == set(typing.get_args(MetricName))
    for name, info in METRICS.items():
        assert info.needs_within_min == name.endswith("_within_min")


def test_there_are_32_core_capabilities() -> None:
    # National Preparedness Goal, 2nd edition (DHS, September 2015): 32 core capabilities.
    assert len(CORE_CAPABILITIES) == len(set(CORE_CAPABILITIES)) == 32


@pytest.mark.parametrize(("measured", "rating"), [(95, "P"), (90, "P"), (80, "S"), (75, "S"), (60, "M"), (10, "U")])
def test_higher_is_better_rating(measured: float, rating: str) -> None:
    assert _objective().rate(measured) == rating


@pytest.mark.parametrize(("measured", "rating"), [(30, "P"), (45, "P"), (50, "S"), (90, "M"), (91, "U")])
def test_lower_is_better_rating(measured: float, rating: str) -> None:
    obj = _objective(metric="agent_identified_by_min", within_min=None, target=45,
                     thresholds={"some_challenges": 60, "major_challenges": 90})
    assert obj.rate(measured) == rating


def test_thresholds_must_follow_the_metric_direction() -> None:
    with pytest.raises(ValidationError, match="better when higher"):
        _objective(thresholds={"some_challenges": 95, "major_challenges": 50})


def test_within_min_is_required_exactly_when_the_metric_needs_it() -> None:
    with pytest.raises(ValidationError, match="needs within_min"):
        _objective(within_min=None)
    with pytest.raises(ValidationError, match="takes no within_min"):
        _objective(metric="deaths", target=0, thresholds={"some_challenges": 5, "major_challenges": 10})


def test_unknown_capability_and_metric() -> None:
    with pytest.raises(ValidationError):
        _objective(core_capability="Planing")
    with pytest.raises(ValidationError):
        _objective(metric="happiness")
