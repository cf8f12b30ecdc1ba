"""pydantic errors -> located, readable, one-line issues."""
from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cbrnsim.located import document_path, friendly_message, issues_from_validation_error, suggestion
from cbrnsim.scenario import Scenario
from cbrnsim.yamlio import load_text


class _Leaf(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stability: Literal["A", "B", "C", "D", "E", "F"]
    count: int = Field(ge=0)


class _Root(BaseModel):
    model_config = ConfigDict(extra="forbid")
    leaves: list[_Leaf]


def _issues(text: str) -> list[tuple[int, int, str, str]]:
    doc = load_text(text, "t.yaml")
    with pytest.raises(ValidationError) as err:
        _Root.model_validate(doc.data)
    return [(i.location.line, i.location.column, i.field_path, i.message)
            for i in issues_from_validation_error(err.value, doc, _Root)]


def test_unknown_key_points_at_the_key_and_suggests() -> None:
    assert _issues("leaves:\n  - stabilty: D\n    count: 1\n") == [
        (2, 5, "leaves[0].stabilty", "unknown field 'stabilty'; did you mean 'stability'?")]


def test_wrong_value_points_at_the_value() -> None:
    assert _issues("leaves:\n  - stability: D\n    count: -2\n") == [(3, 12, "leaves[0].count", "must be ≥ 0, got -2")]


def test_literal_lists_choices_and_suggests() -> None:
    [(_, _, _, message)] = _issues("leaves:\n  - {stability: d, count: 1}\n")
    assert message == "'d' is not allowed; expected 'A', 'B', 'C', 'D', 'E' or 'F'; did you mean 'D'?"


def test_missing_field_points_at_its_mapping() -> None:
    assert _issues("leaves:\n  - count: 1\n") == [(2, 5, "leaves[0].stability", "required field is missing")]


def test_union_tags_do_not_appear_in_paths() -> None:
    doc = load_text("msel:\n  - type: wind_change\n    time_min: 1\n", "t.yaml")
    assert document_path(doc, ("msel", 0, "wind_change", "wind_speed_m_s")) == ("msel", 0, "wind_speed_m_s")
    assert document_path(doc, ("msel", 0, "wind_change", "time_min")) == ("msel", 0, "time_min")


def test_inject_field_typo_is_suggested_from_the_right_union_member() -> None:
    text = ("msel:\n  - type: protective_action\n    time_min: 1\n    action: shelter\n    zonez: [a]\n"
            "    compliance: 0.5\n    method: radio\n")
    doc = load_text(text, "t.yaml")
    with pytest.raises(ValidationError) as err:
        Scenario.model_validate(doc.data)
    lines = [str(i) for i in issues_from_validation_error(err.value, doc, Scenario) if "msel" in i.field_path]
    assert lines == ["t.yaml:5:5: msel[0].zonez: unknown field 'zonez'; did you mean 'zones'?"]


def test_suggestion() -> None:
    assert suggestion("hospitl", ["hospital", "station"]) == "; did you mean 'hospital'?"
    assert suggestion("xyz", ["hospital"]) == ""


def test_unknown_error_kinds_fall_back_to_pydantic_words() -> None:
    assert friendly_message({"type": "something_new", "msg": "Value error, it broke"}) == "it broke"
