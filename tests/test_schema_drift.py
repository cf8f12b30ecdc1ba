"""The committed JSON Schema matches the models; editors that use it see the real format."""
from __future__ import annotations

import json
from pathlib import Path

from cbrnsim.data import scenarios_dir
from cbrnsim.scenario import INJECT_TYPES, scenario_json_schema, scenario_json_schema_text

COMMITTED = Path(__file__).resolve().parent.parent / "scenarios" / "scenario.schema.json"


def test_committed_schema_matches_the_models() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == scenario_json_schema_text(), (
        "scenarios/scenario.schema.json is stale: regenerate it with "
        "`cbrnsim schema > scenarios/scenario.schema.json`")


def test_schema_is_bundled_with_the_scenarios() -> None:
    assert (scenarios_dir() / "scenario.schema.json").is_file()


def test_schema_uses_yaml_keys_and_forbids_unknown_keys() -> None:
    schema = scenario_json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values() if d.get("type") == "object")
    assert "from" in schema["$defs"]["MessageInject"]["properties"]  # the alias, not the Python name


def test_schema_accepts_t_plus_times_and_local_start() -> None:
    schema = scenario_json_schema()
    time_schema = schema["$defs"]["MessageInject"]["properties"]["time_min"]
    assert {alt["type"] for alt in time_schema["anyOf"]} == {"number", "string"}
    assert schema["$defs"]["Metadata"]["properties"]["start"]["type"] == "string"


def test_schema_discriminates_every_inject_type() -> None:
    mapping = scenario_json_schema()["properties"]["msel"]["items"]["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(INJECT_TYPES)


def test_schema_text_is_valid_json() -> None:
    assert json.loads(scenario_json_schema_text()) == scenario_json_schema()
