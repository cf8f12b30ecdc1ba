"""Casualty record, draws and care profile (cbrnsim.engine.casualty)."""
from __future__ import annotations

import pytest

from cbrnsim.agentlib.library import get_agent
from cbrnsim.engine.casualty import (
    ED_OBSERVATION_CHEMICAL, WARD_STAY, AgentCare, Casualty, CareDraws, TimeRange, admission_bed, agent_care,
    death_probability_with_care, ventilator_needed,
)
from cbrnsim.rng import Streams

from care_support import spec


def casualty(**kw) -> Casualty:
    return Casualty(spec(1, **kw), CareDraws.for_casualty(Streams(3), 1))


def test_time_range_draw_hits_its_5th_and_95th_percentiles():
    r = TimeRange(1440.0, 7200.0)
    assert r.draw(0.05) == pytest.approx(1440.0, rel=1e-9)
    assert r.draw(0.95) == pytest.approx(7200.0, rel=1e-9)
    assert r.draw(0.5) == pytest.approx((1440.0 * 7200.0) ** 0.5)


def test_published_care_numbers():
    # Ohbu et al. 1997, South Med J 90:587, abstract: mild victims released after 6 h of observation.
    assert ED_OBSERVATION_CHEMICAL.draw(0.3) == 360.0
    # IOM 2000 (Gulf War and Health vol. 1, p. 194): all but five discharged by the fifth day.
    assert WARD_STAY.draw(0.95) == pytest.approx(5 * 1440.0)


def test_draws_are_fixed_per_casualty_and_seed():
    a = CareDraws.for_casualty(Streams(3), 1)
    b = CareDraws.for_casualty(Streams(3), 1)
    c = CareDraws.for_casualty(Streams(3), 2)
    assert (a.fate, a.stay) == (b.fate, b.stay) != (c.fate, c.stay)


def test_sarin_antidote_read_from_the_agent_file():
    care = agent_care(get_agent("sarin"))
    assert care.has_antidote and {"atropine", "pralidoxime"} <= set(care.antidote_tokens)
    # agents/sarin.yaml: window 300 min (GB aging), multiplier 0.4 (Ohbu 1997: 2 of 5 in arrest died).
    assert care.antidote_window_min == 300 and care.antidote_death_multiplier == 0.4
    assert care.stock_items(["diazepam_10mg", "atropine_1mg", "atropine_pralidoxime_autoinjector", "saline"]) == (
        "atropine_pralidoxime_autoinjector", "atropine_1mg", "diazepam_10mg")


def test_chlorine_has_no_antidote_and_low_secondary_risk():
    care = agent_care(get_agent("chlorine"))
    assert not care.has_antidote and care.secondary_risk == "low"


def test_anthrax_fatality_depends_on_treatment_phase():
    care = agent_care(get_agent("anthrax"))
    c = casualty(severity=4, agent="anthrax", injury="infection", death_untreated_min=6000.0, onset_min=0.0)
    # Holty et al. 2006 (agents/anthrax.yaml): 0.16 treated in the prodrome, 0.97 in the fulminant phase.
    assert death_probability_with_care(c, care, 60.0) == pytest.approx(0.16)
    assert death_probability_with_care(c, care, 10 * 1440.0) == pytest.approx(0.97)


def test_antidote_changes_the_death_probability_of_lethal_nerve_agent_casualties():
    care = agent_care(get_agent("sarin"))
    c = casualty(severity=4, death_untreated_min=10.0)
    assert death_probability_with_care(c, care, 5.0) == 1.0
    c.antidote_min = 4.0
    assert death_probability_with_care(c, care, 5.0) == 0.4


def test_admission_beds_and_ventilators_by_severity():
    care = agent_care(get_agent("sarin"))
    assert admission_bed(casualty(severity=1), care, False) is None
    assert admission_bed(casualty(severity=2), care, False) == "ward_beds"
    assert admission_bed(casualty(severity=3), care, False) == "icu_beds"
    assert admission_bed(casualty(severity=3, injury="burn"), care, True) == "burn_beds"
    assert admission_bed(casualty(severity=3, injury="burn"), care, False) == "icu_beds"
    assert ventilator_needed(casualty(severity=4), care, "icu_beds")
    assert not ventilator_needed(casualty(severity=3), care, "icu_beds")
    assert isinstance(care, AgentCare)
