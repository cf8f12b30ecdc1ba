"""Behaviour parameters: defaults and their sources."""
from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import Behaviour


def test_defaults_from_their_sources() -> None:
    behaviour = Behaviour()
    # SBCCOM (2000, rev. 2003) mass-casualty decontamination guidelines: expect 5 unaffected per affected.
    assert behaviour.worried_well_ratio == 5.0
    # Aylwin et al. 2006, Lancet 368:2219: London 2005, 35 of ~700 non-critical casualties given
    # priority dispatch (Frykberg's share 35/55 = 64 %, his ten-bombing mean 59 %).
    assert behaviour.overtriage_rate == 0.05
    # US MUTCD 2009 §4E.06: pedestrian walking speed 3.5 ft/s = 1.07 m/s.
    assert behaviour.walking_speed_m_s == pytest.approx(3.5 * 0.3048, abs=0.005)


def test_every_parameter_names_its_source_or_says_it_is_an_assumption() -> None:
    for name, field in Behaviour.model_fields.items():
        if name == "source":
            continue
        text = field.description or ""
        assert "Default" in text, name
        assert re.search(r"(19|20)\d\d", text) or "planning assumption" in text, name


def test_overrides_are_checked() -> None:
    assert Behaviour(self_evacuation_share=0.5).self_evacuation_share == 0.5
    with pytest.raises(ValidationError):
        Behaviour(self_evacuation_share=1.5)
    with pytest.raises(ValidationError):
        Behaviour.model_validate({"worried_well": 3})
