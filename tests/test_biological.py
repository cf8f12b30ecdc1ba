"""Biological hazard models against published values (citations in each test)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbrnsim.hazard import biological as bio

AGENTS = ("anthrax", "plague", "smallpox")
doses = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)
quantiles = st.floats(min_value=0.001, max_value=0.999)


# --- dose–response ----------------------------------------------------------------------------

def test_anthrax_id50_id10_id1_match_toth_2013() -> None:
    # Toth et al. 2013, PLoS Pathog 9(8):e1003555, abstract: ID50 11,000, ID10 1,700, ID1 160 spores.
    id50, id10, id1 = bio.infective_dose_organisms("anthrax", [0.5, 0.1, 0.01])
    assert id50 == pytest.approx(11_000, rel=0.01)
    assert id10 == pytest.approx(1_700, rel=0.03)
    assert id1 == pytest.approx(160, rel=0.03)


def test_anthrax_id50_is_near_wilkening_and_glassman() -> None:
    # Wilkening 2006 PNAS 103:7589 Fig. 4 caption: about 8,600 spores (Sverdlovsk strain);
    # Glassman 1966: 8,000-10,000. Both inside Toth's 95 % CI 7,200-17,000.
    id50 = float(bio.infective_dose_organisms("anthrax", 0.5))
    assert 7_200 <= 8_600 <= id50 <= 17_000
    assert bio.infection_probability("anthrax", 8_600) == pytest.approx(0.42, abs=0.01)


def test_plague_and_smallpox_infective_dose_ranges() -> None:
    # Franz et al. 1997 JAMA 278:399 Table 1: plague 100-500 organisms; smallpox 10-100 (assumed).
    assert bio.infection_probability("plague", 500) == pytest.approx(0.5, abs=1e-4)
    assert 0.1 < bio.infection_probability("plague", 100) < 0.5
    assert bio.infection_probability("smallpox", 100) == pytest.approx(0.5, abs=1e-4)


@given(st.sampled_from(AGENTS), doses, doses)
def test_infection_probability_is_monotone_and_a_probability(agent: str, a: float, b: float) -> None:
    low, high = sorted((a, b))
    p_low, p_high = bio.infection_probability(agent, [low, high])
    assert 0.0 <= p_low <= p_high <= 1.0


def test_no_organisms_no_infection_and_negative_doses_rejected() -> None:
    assert float(bio.infection_probability("anthrax", 0)) == 0.0
    with pytest.raises(ValueError):
        bio.infection_probability("anthrax", -1)


def test_inhaled_organisms_is_dosage_times_breathing_rate() -> None:
    # 10,000 spore-min/m³ at ICRP light exercise 0.025 m³/min (ICRP 66 Table 6) = 250 spores.
    assert bio.inhaled_organisms(10_000, 0.025) == pytest.approx(250)
    assert bio.inhaled_organisms([0, 100], [0.025, 0.05]).tolist() == pytest.approx([0, 5])


# --- incubation -------------------------------------------------------------------------------

@pytest.mark.parametrize(("infected_fraction", "quartiles_days"), [
    (None, (4.1, 9.9, 19.8)),
    (0.10, (3.9, 9.5, 19.2)),
    (0.25, (3.6, 8.9, 18.3)),
    (0.50, (3.1, 7.7, 16.2)),
])
def test_anthrax_incubation_quartiles_match_brookmeyer_2003_table1(
        infected_fraction: float | None, quartiles_days: tuple[float, float, float]) -> None:
    # Brookmeyer, Johnson & Bollinger 2003, PNAS 100:10129, Table 1 (limiting, TD10, TD25, TD50).
    dose = None if infected_fraction is None else bio.infective_dose_organisms("anthrax", infected_fraction)
    got = bio.incubation_days("anthrax", [0.25, 0.5, 0.75], dose)
    assert got == pytest.approx(quartiles_days, abs=0.06)


def test_anthrax_low_dose_median_matches_sverdlovsk() -> None:
    # Wilkening 2006 PNAS abstract: about 10-day median incubation observed at Sverdlovsk.
    assert 9.0 <= float(bio.incubation_days("anthrax", 0.5, inhaled_organisms=100)) <= 11.0


def test_anthrax_high_dose_incubation_matches_primate_experiments() -> None:
    # Wilkening 2006 abstract: 1- to 5-day incubation in primates; Fig. 4 caption: Ames ID50 ~55,000.
    assert 1.0 <= float(bio.incubation_days("anthrax", 0.5, inhaled_organisms=55_000)) <= 5.0


def test_plague_incubation_reproduces_gani_leach_mean_and_sd() -> None:
    # Gani & Leach 2004, Emerg Infect Dis 10:608, abstract: lognormal mean 4.3, SD 1.8 days.
    draws = bio.sample_incubation_days("plague", np.random.default_rng(7), 400_000)
    assert draws.mean() == pytest.approx(4.3, rel=0.01)
    assert draws.std() == pytest.approx(1.8, rel=0.02)


def test_smallpox_incubation_reproduces_eichner_dietz_mean() -> None:
    # Eichner & Dietz 2003 data as fitted by Riley & Ferguson 2006 PNAS Fig. 1B: mean 11.6 d,
    # variance 3.36 d²; Henderson 1999 JAMA: typically 12-14 days, range 7-17.
    draws = bio.sample_incubation_days("smallpox", np.random.default_rng(7), 400_000)
    assert draws.mean() == pytest.approx(11.6, rel=0.01)
    assert draws.var() == pytest.approx(3.36, rel=0.05)
    assert 7 <= float(bio.incubation_days("smallpox", 0.01)) and float(bio.incubation_days("smallpox", 0.99)) <= 17


@given(st.sampled_from(AGENTS), quantiles, quantiles, st.one_of(st.none(), st.floats(0, 1e6)))
def test_incubation_quantiles_are_ordered(agent: str, a: float, b: float, dose: float | None) -> None:
    low, high = sorted((a, b))
    t_low, t_high = bio.incubation_days(agent, [low, high], dose)
    assert 0.0 <= t_low <= t_high


@given(st.floats(0.01, 0.99), st.floats(1.0, 1e5), st.floats(1.0, 1e5))
def test_anthrax_incubation_shortens_with_dose(q: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert bio.incubation_days("anthrax", q, high) <= bio.incubation_days("anthrax", q, low) + 1e-9


@pytest.mark.parametrize("agent", AGENTS)
def test_cdf_inverts_the_quantile_function(agent: str) -> None:
    q = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
    assert bio.incubation_cdf(agent, bio.incubation_days(agent, q, 5_000), 5_000) == pytest.approx(q, abs=1e-6)


def test_sampled_anthrax_incubation_follows_the_quantiles() -> None:
    draws = bio.sample_incubation_days("anthrax", np.random.default_rng(3), 200_000, inhaled_organisms=11_000)
    assert np.median(draws) == pytest.approx(7.7, abs=0.1)  # Brookmeyer 2003 Table 1, TD50


# --- prophylaxis and fatality ----------------------------------------------------------------

def test_anthrax_prophylaxis_60_days_protects_low_dose_exposures() -> None:
    # Brookmeyer 2003 PNAS abstract: at very low doses 60 days of prophylaxis is adequate;
    # Friedlander 1993: complete protection while on therapy.
    assert float(bio.prophylaxis_protection("anthrax", 0.0)) == pytest.approx(1 - np.exp(-0.07 * 60), abs=1e-6)
    assert float(bio.prophylaxis_protection("anthrax", 0.0)) > 0.98


def test_anthrax_prophylaxis_falls_with_delay_and_adherence() -> None:
    early, late = bio.prophylaxis_protection("anthrax", [1.0, 10.0])
    assert early > late > 0
    # Shepard 2002 EID 8:1124: 44 % adherence in 2001 scales protection proportionally in this model.
    assert bio.prophylaxis_protection("anthrax", 1.0, adherence=0.44) == pytest.approx(0.44 * early)


def test_smallpox_vaccine_window_is_four_days() -> None:
    # Henderson 1999 JAMA 281:2127; Mortimer 2003 CID 36:622: vaccination within 4 days of exposure.
    within, after = bio.prophylaxis_protection("smallpox", [4.0, 4.5])
    assert within > 0.5 and after == 0.0


@given(st.sampled_from(AGENTS), st.floats(0, 60), st.floats(0, 60), st.floats(0, 1))
def test_protection_is_a_fraction_that_never_grows_with_delay(agent: str, a: float, b: float, adh: float) -> None:
    early, late = sorted((a, b))
    p_early, p_late = bio.prophylaxis_protection(agent, [early, late], adherence=adh)
    assert 0.0 <= p_late <= p_early + 1e-12 <= 1.0 + 1e-12


def test_case_fatality_by_stage_matches_sources() -> None:
    # Holty 2006 Ann Intern Med 144:270: fulminant phase 97 %; Henderson 1999: smallpox ~30 %.
    assert bio.case_fatality("anthrax", "fulminant") == pytest.approx(0.97)
    assert bio.case_fatality("anthrax", "prodromal") < bio.case_fatality("anthrax", "untreated")
    assert bio.case_fatality("plague", "untreated") == pytest.approx(1.0)
    assert bio.case_fatality("smallpox", "untreated") == pytest.approx(0.30)
    with pytest.raises(ValueError):
        bio.case_fatality("plague", "late")  # type: ignore[arg-type]


# --- transmission ---------------------------------------------------------------------------

def test_plague_secondary_cases_match_gani_leach_2004() -> None:
    # Gani & Leach 2004 EID 10:608 abstract: R0 = 1.3, variance 3.1, geometric distribution.
    draws = bio.sample_secondary_cases("plague", np.random.default_rng(11), 400_000)
    assert draws.mean() == pytest.approx(1.3, rel=0.02)
    assert draws.var() == pytest.approx(3.1, rel=0.06)


def test_smallpox_secondary_cases_match_eichner_dietz_2003() -> None:
    # Eichner & Dietz 2003 Am J Epidemiol 158:110 abstract: 6.87 (95 % CI 4.52-10.1).
    draws = bio.sample_secondary_cases("smallpox", np.random.default_rng(11), 200_000)
    assert draws.mean() == pytest.approx(6.87, rel=0.02)


def test_effective_r_overrides_r0_and_anthrax_does_not_spread() -> None:
    rng = np.random.default_rng(5)
    assert bio.sample_secondary_cases("plague", rng, 100_000, r_effective=0.5).mean() == pytest.approx(0.5, rel=0.04)
    assert bio.sample_secondary_cases("plague", rng, 10, r_effective=0.0).tolist() == [0] * 10
    assert bio.sample_secondary_cases("anthrax", rng, 4).tolist() == [0, 0, 0, 0]
    with pytest.raises(ValueError, match="person to person"):
        bio.sample_serial_interval_days("anthrax", rng, 3)


def test_smallpox_serial_interval_is_two_to_three_weeks() -> None:
    # IOM 1999 (Assessment of Future Scientific Needs for Live Variola Virus, ch. 2): 2-3 weeks
    # between generations; built from Eichner & Dietz 2003 incubation (11.6 d) and Nishiura &
    # Eichner 2007 transmission timing (most 3-6 days after fever onset).
    draws = bio.sample_serial_interval_days("smallpox", np.random.default_rng(2), 200_000)
    assert 14.0 <= draws.mean() <= 21.0
    assert draws.mean() == pytest.approx(bio.mean_serial_interval_days("smallpox"), rel=0.01)
    assert draws.min() > 0


def test_plague_transmission_timing_agrees_with_nishiura_backcalculation() -> None:
    # Gani & Leach 2004 infectious period (mean 2.5, SD 1.2 d) with constant infectiousness puts
    # more than four-fifths of transmissions within 3 days of onset, as Nishiura's
    # back-calculation for pneumonic plague reports (serial intervals n = 177).
    rng = np.random.default_rng(4)
    offsets = bio.sample_serial_interval_days("plague", rng, 200_000) - bio.sample_incubation_days(
        "plague", np.random.default_rng(99), 200_000)
    mean_si = bio.mean_serial_interval_days("plague")
    assert mean_si == pytest.approx(4.3 + (1.2**2 + 2.5**2) / (2 * 2.5), rel=0.01)
    offset_draws = bio._sample_transmission_offset_days(bio.resolve_agent("plague"), rng, 200_000)
    assert (offset_draws <= 3.0).mean() > 0.8
    assert offsets.mean() == pytest.approx(mean_si - 4.3, abs=0.1)


@settings(max_examples=25)
@given(st.sampled_from(("plague", "smallpox")), st.integers(0, 2**32 - 1))
def test_same_seed_same_draws(agent: str, seed: int) -> None:
    one = bio.sample_serial_interval_days(agent, np.random.default_rng(seed), 50)
    two = bio.sample_serial_interval_days(agent, np.random.default_rng(seed), 50)
    assert np.array_equal(one, two)


def test_non_biological_agents_are_refused() -> None:
    from cbrnsim.agentlib import default_library
    other = next((a for a in default_library() if a.category != "biological"), None)
    if other is None:
        pytest.skip("no non-biological agent in the library yet")
    with pytest.raises(TypeError):
        bio.infection_probability(other.id, 1.0)
