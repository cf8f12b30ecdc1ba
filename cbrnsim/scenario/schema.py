"""The JSON Schema of the scenario format, for editors and for `cbrnsim schema`."""
from __future__ import annotations

import json
from typing import Any

from .model import SCHEMA_VERSION, Scenario

SCHEMA_ID = "https://cbrnsim.invalid/schema/scenario-v1.json"
"""A stable identifier for the schema (not fetched from anywhere; cbrnsim works offline)."""


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of scenario format version 1, keys as written in YAML files."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"cbrnsim scenario, format version {SCHEMA_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def scenario_json_schema_text() -> str:
    """The schema as the text committed in scenarios/scenario.schema.json (and printed by `cbrnsim schema`)."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
