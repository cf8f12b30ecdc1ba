"""The biological agent model and the anthrax, plague and smallpox files."""
from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import ValidationError

from cbrnsim import yamlio
from cbrnsim.agentlib import BiologicalAgent, get_agent
from cbrnsim.agentlib.biological import DoseResponse, LognormalIncubation, Transmission
from cbrnsim.agentlib.describe import sourced_leaves
from cbrnsim.data import agents_dir

AGENTS = ("anthrax", "plague", "smallpox")


@pytest.mark.parametrize("agent_id", AGENTS)
def test_file_loads_as_a_biological_agent(agent_id: str) -> None:
    agent = get_agent(agent_id)
    assert isinstance(agent, BiologicalAgent)
    assert agent.references and agent.notes


def _numbers_without_source(node: Any, path: str, sourced: bool) -> list[str]:
    if isinstance(node, dict):
        here = sourced or "source" in node
        return [p for k, v in node.items() for p in _numbers_without_source(v, f"{path}.{k}", here)]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _numbers_without_source(v, f"{path}[{i}]", sourced)]
    if isinstance(node, (int, float)) and not isinstance(node, bool) and not sourced:
        return [path]
    return []


@pytest.mark.parametrize("agent_id", AGENTS)
def test_every_numeric_leaf_has_a_source(agent_id: str) -> None:
    data = yamlio.load_file(agents_dir() / f"{agent_id}.yaml").data
    assert _numbers_without_source(data, agent_id, False) == []
    assert all(len(item.source) >= 8 for _, item in sourced_leaves(get_agent(agent_id)))


@pytest.mark.parametrize("agent_id", AGENTS)
def test_assumptions_are_labelled_and_explained(agent_id: str) -> None:
    # Where no published number was found the file says so in the source itself.
    for path, item in sourced_leaves(get_agent(agent_id)):
        if "ASSUMPTION" in item.source:
            assert "EXERCISE ASSUMPTION" in item.source, path


@pytest.mark.parametrize(("agent_id", "mean_days", "sd_days"), [
    ("plague", 4.3, 1.8),                    # Gani & Leach 2004 EID 10:608 abstract (latent period)
    ("smallpox", 11.6, math.sqrt(3.36)),     # Riley & Ferguson 2006 PNAS Fig. 1B (Eichner & Dietz 2003)
])
def test_lognormal_incubation_converts_back_to_published_mean_and_sd(
        agent_id: str, mean_days: float, sd_days: float) -> None:
    incubation = get_agent(agent_id).incubation
    assert isinstance(incubation, LognormalIncubation)
    sigma = math.log(incubation.dispersion_factor.value)
    mean = incubation.median_days.value * math.exp(sigma**2 / 2)
    sd = mean * math.sqrt(math.exp(sigma**2) - 1)
    assert mean == pytest.approx(mean_days, rel=0.005)
    assert sd == pytest.approx(sd_days, rel=0.005)


def test_plague_transmission_matches_gani_leach_2004() -> None:
    # Gani & Leach 2004 EID 10:608 abstract: R0 1.3, geometric (k = 1), infectious period 2.5 ± 1.2 d.
    spread = get_agent("plague").transmission
    assert spread is not None and spread.dispersion_k is not None
    assert spread.r0.value == 1.3 and spread.dispersion_k.value == 1.0
    sigma = math.log(spread.infectious_period_dispersion_factor.value)
    assert spread.infectious_period_median_days.value * math.exp(sigma**2 / 2) == pytest.approx(2.5, rel=0.005)


def test_smallpox_r0_range_spans_gani_leach_and_eichner_dietz() -> None:
    # Gani & Leach 2001 Nature 414:748: 3.5-6; Eichner & Dietz 2003 AJE 158:110: 6.87 (4.52-10.1).
    spread = get_agent("smallpox").transmission
    assert spread is not None
    assert spread.r0_low.value == 3.5 and spread.r0.value == 6.87 and spread.r0_high.value == 10.1
    assert sum(b.value.fraction for b in spread.profile) == pytest.approx(1.0)


def test_anthrax_is_not_contagious_and_needs_60_days_of_prophylaxis() -> None:
    anthrax = get_agent("anthrax")
    assert anthrax.transmission is None
    assert anthrax.prophylaxis.course_length_days is not None
    assert anthrax.prophylaxis.course_length_days.value == 60  # CDC MMWR 50(41), 2001


def test_dose_response_needs_the_parameters_of_its_model() -> None:
    with pytest.raises(ValidationError, match="alpha"):
        DoseResponse(model="beta-poisson", organism_unit="CFU", fitted_on="x",
                     n50_organisms={"value": 10.0, "source": "test source"})


def test_profile_shares_must_sum_to_one() -> None:
    sourced = {"value": 1.0, "source": "test source"}
    with pytest.raises(ValidationError, match="sum to 1"):
        Transmission(r0=sourced, r0_low=sourced, r0_high=sourced, infectious_period_median_days=sourced,
                     infectious_period_dispersion_factor=sourced, timing="profile",
                     profile=[{"value": {"start_day": 0, "end_day": 2, "fraction": 0.5}, "source": "test source"}])
