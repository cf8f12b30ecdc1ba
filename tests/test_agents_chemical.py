"""The chemical agent files: they load, and every number in them carries a source."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cbrnsim.agentlib import ChemicalAgent, get_agent
from cbrnsim.agentlib.chemical import SEVERITIES
from cbrnsim.data import agents_dir
from cbrnsim.yamlio import load_file

CHEMICAL_IDS = ["sarin", "vx", "sulfur-mustard", "chlorine", "ammonia", "hydrogen-cyanide", "phosgene"]


def _numeric_leaves_without_source(node: Any, path: str = "") -> list[str]:
    """Paths of numbers whose enclosing mapping has no non-empty `source`."""
    missing: list[str] = []
    if isinstance(node, dict):
        has_source = isinstance(node.get("source"), str) and len(node["source"].strip()) >= 3
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not has_source:
                missing.append(child)
            elif isinstance(value, (dict, list)):
                missing.extend(_numeric_leaves_without_source(value, child))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                missing.append(f"{path}[{i}]")
            else:
                missing.extend(_numeric_leaves_without_source(value, f"{path}[{i}]"))
    return missing


@pytest.mark.parametrize("agent_id", CHEMICAL_IDS)
def test_agent_loads_through_library(agent_id: str) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, ChemicalAgent)
    assert agent.id == agent_id
    assert agent.references, "full citations are required"


@pytest.mark.parametrize("agent_id", CHEMICAL_IDS)
def test_every_number_has_a_source(agent_id: str) -> None:
    doc = load_file(Path(agents_dir()) / f"{agent_id}.yaml")
    assert _numeric_leaves_without_source(doc.data) == []


def test_source_checker_flags_a_bare_number() -> None:
    assert _numeric_leaves_without_source({"a": {"value": 1.0}, "b": {"value": 2, "source": "doc p. 1"}}) == ["a.value"]


@pytest.mark.parametrize("agent_id", CHEMICAL_IDS)
def test_effect_tiers_are_ordered(agent_id: str) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, ChemicalAgent)
    tiers = [agent.mild_effects, agent.moderate_effects, agent.severe_effects]
    ect50 = [t.ect50_mg_min_m3 for t in tiers if t is not None]
    assert ect50 == sorted(ect50)
    assert ect50[-1] <= agent.lct50_mg_min_m3.value


@pytest.mark.parametrize("agent_id", CHEMICAL_IDS)
def test_aegl_rows_decrease_with_duration_and_increase_with_tier(agent_id: str) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, ChemicalAgent)
    rows = [agent.aegl.aegl_1.values(), agent.aegl.aegl_2.values(), agent.aegl.aegl_3.values()]
    for row in rows:
        known = [v for v in row if v is not None]
        assert known == sorted(known, reverse=True)
    for lower, upper in zip(rows, rows[1:]):
        for lo, hi in zip(lower, upper):
            if lo is not None and hi is not None:
                assert lo < hi


def test_names_the_engine_reads_are_present() -> None:
    agent = get_agent("chlorine")
    assert isinstance(agent, ChemicalAgent)
    assert agent.molecular_weight_g_mol.value > 0
    assert agent.vapour_density_rel_air.value > 1  # dense gas (computed 70.90/28.96)
    assert agent.boiling_point_c.value < 0
    assert SEVERITIES == ("none", "mild", "moderate", "severe", "lethal_without_care")


def test_probit_exponent_must_match_toxic_load_exponent() -> None:
    data = get_agent("chlorine").model_dump()
    data["lethality_probit"]["n"] = 2.75
    with pytest.raises(ValueError, match="toxic_load_exponent_n"):
        ChemicalAgent.model_validate(data)
