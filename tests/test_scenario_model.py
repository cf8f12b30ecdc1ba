"""The root Scenario: look-ups, time helpers, content hash and source text."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.data import default_scenario
from cbrnsim.scenario import Scenario, load_scenario, load_scenario_text

MINIMAL = Path(__file__).parent / "data" / "good" / "minimal.yaml"


def test_lookups() -> None:
    scenario = load_scenario(MINIMAL)
    assert scenario.hospital("h1").name == "Hospital one"
    assert scenario.station("s1").ambulance is not None
    assert scenario.zone("z1").count == 1000
    assert scenario.objective("O1").metric == "agent_identified_by_min"
    assert scenario.release("r1").agent == "sarin"
    with pytest.raises(KeyError, match="known: h1"):
        scenario.hospital("h9")
    assert scenario.agent_ids() == ["sarin"]


def test_time_helpers() -> None:
    scenario = load_scenario(MINIMAL)
    assert scenario.end_min == 240
    assert scenario.wall_clock(15).strftime("%H:%M") == "08:00"
    assert scenario.weather_at(100).stability == "D"


def test_hash_ignores_comments_and_layout_but_not_content() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    base = load_scenario_text(text)
    assert load_scenario_text("# another comment\n" + text.replace("count: 1000", "count:   1000")).content_hash() \
        == base.content_hash()
    assert load_scenario_text(text.replace("count: 1000", "count: 1001")).content_hash() != base.content_hash()
    assert len(base.content_hash()) == 64


def test_canonical_json_round_trips() -> None:
    scenario = load_scenario(default_scenario())
    again = Scenario.model_validate_json(scenario.canonical_json())
    assert again == scenario and again.content_hash() == scenario.content_hash()


def test_source_text_is_kept_only_when_loaded_from_a_file() -> None:
    scenario = load_scenario(MINIMAL)
    assert scenario.source_text == MINIMAL.read_text(encoding="utf-8")
    assert Scenario.model_validate(scenario.model_dump()).source_text == ""


def test_default_scenario_is_metro_sarin() -> None:
    scenario = load_scenario(default_scenario())
    assert default_scenario().name == "metro-sarin.yaml"
    assert scenario.agent_ids() == ["sarin"] and len(scenario.msel) == 12 and len(scenario.objectives) >= 4
    assert all(r.enclosure is not None for r in scenario.releases)
