"""The radiological and nuclear agent files: load, carry sources, match published constants."""
from __future__ import annotations

import pytest

from cbrnsim.agentlib import NuclearAgent, RadiologicalAgent, Sourced, get_agent
from cbrnsim.agentlib.base import Frozen

RADIONUCLIDES = ("cs-137", "co-60", "ir-192", "am-241", "sr-90")


def _sourced_values(model: Frozen) -> list[Sourced]:
    found: list[Sourced] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Sourced):
                found.append(item)
            elif isinstance(item, Frozen):
                found.extend(_sourced_values(item))
    return found


@pytest.mark.parametrize("agent_id", RADIONUCLIDES)
def test_radionuclide_files_load_with_sources(agent_id: str) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, RadiologicalAgent)
    assert agent.nuclide.lower() == agent_id
    assert agent.references and agent.notes
    values = _sourced_values(agent)
    assert len(values) >= 8
    assert all(len(v.source) > 10 for v in values)
    assert all(e.source for e in agent.principal_emissions)


@pytest.mark.parametrize(("agent_id", "d_value_tbq"),
                         [("co-60", 0.03), ("cs-137", 0.1), ("ir-192", 0.08), ("am-241", 0.06), ("sr-90", 1.0)])
def test_d_values_match_epr_d_values_2006(agent_id: str, d_value_tbq: float) -> None:
    # IAEA EPR-D-VALUES 2006 Table 1, as reproduced in Directive 2013/59/Euratom Annex III
    agent = get_agent(agent_id)
    assert isinstance(agent, RadiologicalAgent)
    assert agent.d_value_tbq.value == d_value_tbq


@pytest.mark.parametrize(("agent_id", "half_life_y"),
                         [("cs-137", 30.17), ("co-60", 5.271), ("ir-192", 73.83 / 365.25), ("am-241", 432.6), ("sr-90", 28.79)])
def test_half_lives_icrp107(agent_id: str, half_life_y: float) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, RadiologicalAgent)
    assert agent.half_life_y.value == pytest.approx(half_life_y, rel=1e-3)


def test_cs137_progeny_and_gamma_line_icrp107() -> None:
    # ICRP 107: 94.4 % of Cs-137 decays go to Ba-137m; the 661.7 keV line has 0.851 per Cs decay
    agent = get_agent("cs-137")
    assert isinstance(agent, RadiologicalAgent)
    assert agent.progeny_in_equilibrium[0].nuclide == "Ba-137m"
    assert agent.progeny_in_equilibrium[0].branching_fraction.value == pytest.approx(0.944)
    gamma = [e for e in agent.principal_emissions if e.radiation == "gamma"]
    assert gamma[0].energy_kev == pytest.approx(661.7) and gamma[0].yield_per_decay == pytest.approx(0.851)


def test_default_absorption_types_icrp71() -> None:
    # ICRP 71/72 defaults: Cs F, Sr F, Co M, Ir M, Am M
    expected = {"cs-137": "F", "sr-90": "F", "co-60": "M", "ir-192": "M", "am-241": "M"}
    for agent_id, kind in expected.items():
        agent = get_agent(agent_id)
        assert isinstance(agent, RadiologicalAgent)
        assert agent.inhalation.default_type.value == kind
        agent.inhalation.coefficient(kind)  # the default type has a coefficient


def test_ind_file_loads_with_reference_values() -> None:
    agent = get_agent("IND")
    assert isinstance(agent, NuclearAgent)
    assert all(len(v.source) > 10 for v in _sourced_values(agent))
    # G&D 1977 §7.04 and §7.101; §9.145; Planning Guidance 2010 Ch. 2
    assert agent.thermal.partition_airburst.value == 0.35
    assert agent.thermal.partition_surface.value == 0.18
    assert agent.fallout.decay_exponent.value == 1.2
    assert agent.fallout.dangerous_fallout_zone_r_h.value == 10
    assert agent.fallout.hot_zone_r_h.value == 0.01
    burns = agent.thermal.burns
    n = len(burns.yields_kt)
    assert len(burns.first_degree_cal_cm2) == len(burns.second_degree_cal_cm2) == len(burns.third_degree_cal_cm2) == n
    assert burns.yields_kt == sorted(burns.yields_kt)
