"""Chemical dose-response against published values, and its properties."""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbrnsim.hazard import toxicology as tox

CHEMICAL_IDS = ["sarin", "vx", "sulfur-mustard", "chlorine", "ammonia", "hydrogen-cyanide", "phosgene"]


# --- probit / normal CDF --------------------------------------------------------------------

def test_probit_probability_matches_normal_cdf() -> None:
    # Abramowitz & Stegun 7.1.26 bounds |erf error| by 1.5e-7, so Φ is within 7.5e-8.
    probits = np.linspace(-3.0, 13.0, 2001)
    expected = np.array([NormalDist().cdf(p - 5.0) for p in probits])
    assert np.max(np.abs(tox.probit_probability(probits) - expected)) < 1e-7


def test_probit_probability_landmarks() -> None:
    # Finney, Probit Analysis (1971) Table I: probit 5 -> 50 %, 6.645 -> 95 %, 2.674 -> 1 %.
    assert tox.probit_probability(5.0) == pytest.approx(0.5, abs=1e-9)
    assert tox.probit_probability(6.6449) == pytest.approx(0.95, abs=1e-4)
    assert tox.probit_probability(2.6737) == pytest.approx(0.01, abs=1e-4)


# --- unit conversion and toxic load ---------------------------------------------------------

def test_ppm_conversion_chlorine() -> None:
    # US EPA Health Effects Notebook, chlorine: mg/m³ = ppm x MW / 24.45; 1 ppm = 2.9 mg/m³.
    assert tox.ppm_to_mg_m3(1.0, 70.90) == pytest.approx(2.9, abs=0.01)
    assert tox.mg_m3_to_ppm(tox.ppm_to_mg_m3(123.0, 70.90), 70.90) == pytest.approx(123.0)


def test_toxic_load_and_history_agree_for_constant_exposure() -> None:
    c = np.array([[10.0] * 6])
    assert tox.toxic_load_history(c, 5.0, 2.0)[0] == pytest.approx(tox.toxic_load(10.0, 30.0, 2.0))
    assert tox.toxic_load(10.0, 30.0, 2.0) == pytest.approx(3000.0)


# --- lethality against published values -----------------------------------------------------

@pytest.mark.parametrize(("minutes", "lc50_ppm"), [(10.0, 433.0), (30.0, 250.0)])
def test_chlorine_lc50_withers_lees(minutes: float, lc50_ppm: float) -> None:
    # Withers & Lees 1985, J Hazard Mater 12:283, abstract: LC50 433 ppm (10 min), 250 ppm (30 min).
    mw = tox.resolve_agent("chlorine").molecular_weight_g_mol.value
    assert tox.mg_m3_to_ppm(tox.lc50_mg_m3("chlorine", minutes), mw) == pytest.approx(lc50_ppm, rel=0.01)
    assert tox.lethality("chlorine", tox.ppm_to_mg_m3(lc50_ppm, mw), minutes) == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(("minutes", "lct50"), [(2.0, 36.0), (10.0, 57.0), (30.0, 79.0)])
def test_sarin_lct50_bide(minutes: float, lct50: float) -> None:
    # Bide, Armour & Yee, DTIC ADA426350, abstract: LCt50 36, 57, 79 mg·min/m³ at 2, 10, 30 min.
    assert tox.lc50_mg_m3("sarin", minutes) * minutes == pytest.approx(lct50, rel=0.03)


@pytest.mark.parametrize(("lct", "fraction"), [(11.0, 0.01), (16.0, 0.05), (83.0, 0.95)])
def test_sarin_dose_response_tails_bide(lct: float, fraction: float) -> None:
    # Same source: LCt01, LCt05, LCt95 = 11, 16, 83 mg·min/m³ for 2-min exposures.
    assert tox.lethality("sarin", lct / 2.0, 2.0) == pytest.approx(fraction, abs=0.015)


def test_ammonia_lc50_engelhardt_holliday() -> None:
    # Engelhardt & Holliday 1985 (AECB INFO-0153): 30-min LC50 7,500 ppm, "give or take a factor of two".
    lc50_ppm = tox.mg_m3_to_ppm(tox.lc50_mg_m3("ammonia", 30.0), 17.03)
    assert lc50_ppm == pytest.approx(7500.0, rel=0.10)


def test_hydrogen_cyanide_lc50_near_reported_fatal_range() -> None:
    # PMC2396464 Table 8: 110-135 ppm fatal in ½-1 h; the Purple Book probit sits just below.
    lc50_ppm = tox.mg_m3_to_ppm(tox.lc50_mg_m3("hydrogen-cyanide", 30.0), 27.03)
    assert 0.85 * 110.0 <= lc50_ppm <= 135.0


def test_phosgene_ct50_above_life_threatening_threshold() -> None:
    # WebWISER (Poisindex): >= 300 ppm·min life-threatening oedema likely; the LCt50 must lie above.
    ct50_ppm_min = tox.mg_m3_to_ppm(tox.lc50_mg_m3("phosgene", 10.0), 98.9) * 10.0
    assert 300.0 < ct50_ppm_min < 1000.0


def test_lethality_history_equals_constant_exposure() -> None:
    history = np.full((3, 30), 400.0)
    expected = tox.lethality("chlorine", 400.0, 30.0)
    np.testing.assert_allclose(tox.lethality_history("chlorine", history, 1.0), expected)


# --- AEGL -----------------------------------------------------------------------------------

CHLORINE_AEGL_PPM = {  # NRC (2004) AEGL Vol. 4, chlorine summary table.
    1: (0.50, 0.50, 0.50, 0.50, 0.50),
    2: (2.8, 2.8, 2.0, 1.0, 0.71),
    3: (50.0, 28.0, 20.0, 10.0, 7.1),
}


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_chlorine_aegl_lookup_returns_table(tier: int) -> None:
    minutes = np.array([10.0, 30.0, 60.0, 240.0, 480.0])
    got_ppm = tox.mg_m3_to_ppm(tox.aegl_concentration_mg_m3("chlorine", tier, minutes), 70.90)
    np.testing.assert_allclose(got_ppm, CHLORINE_AEGL_PPM[tier], rtol=1e-9)


@pytest.mark.parametrize(("agent_id", "unit_mw", "aegl2_60"), [
    ("sarin", None, 0.035),            # NRC 2003 Vol. 3, GB, mg/m³ (CAMEO: 0.0060 ppm)
    ("ammonia", 17.03, 160.0),          # NRC 2008 Vol. 6, ppm
    ("hydrogen-cyanide", 27.03, 7.1),   # NRC 2002 Vol. 2, ppm
    ("phosgene", 98.9, 0.30),           # NRC 2002 Vol. 2, ppm
    ("sulfur-mustard", None, 0.10),     # NRC 2003 Vol. 3, mg/m³
])
def test_aegl2_one_hour_published(agent_id: str, unit_mw: float | None, aegl2_60: float) -> None:
    value = float(tox.aegl_concentration_mg_m3(agent_id, 2, 60.0))
    if unit_mw is not None:
        value = float(tox.mg_m3_to_ppm(value, tox.resolve_agent(agent_id).molecular_weight_g_mol.value))
    assert value == pytest.approx(aegl2_60, rel=1e-9)


def test_aegl_interpolation_is_log_log() -> None:
    # Between 60 min (2.0 ppm) and 240 min (1.0 ppm) AEGL-2 chlorine follows C ∝ t^-0.5.
    got = tox.mg_m3_to_ppm(tox.aegl_concentration_mg_m3("chlorine", 2, 120.0), 70.90)
    assert float(got) == pytest.approx(2.0 * (120.0 / 60.0) ** (math.log(0.5) / math.log(4.0)), rel=1e-9)


def test_aegl_tier_chlorine_and_phosgene_nr() -> None:
    c_ppm = np.array([0.1, 1.0, 5.0, 30.0])
    c = tox.ppm_to_mg_m3(c_ppm, 70.90)
    np.testing.assert_array_equal(tox.aegl_tier("chlorine", c, 60.0), [0, 1, 2, 3])
    # Phosgene AEGL-1 is NR: below AEGL-2 the tier stays 0, above AEGL-3 it is 3.
    assert np.isnan(tox.aegl_concentration_mg_m3("phosgene", 1, 60.0))
    p = tox.ppm_to_mg_m3(np.array([0.1, 0.5, 1.0]), 98.9)
    np.testing.assert_array_equal(tox.aegl_tier("phosgene", p, 60.0), [0, 2, 3])


def test_aegl_tier_broadcasts() -> None:
    c = np.geomspace(1e-3, 1e4, 12)[:, None]
    minutes = np.array([5.0, 10.0, 45.0, 600.0])[None, :]
    assert tox.aegl_tier("ammonia", c, minutes).shape == (12, 4)


# --- severity mix ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(agent_id=st.sampled_from(CHEMICAL_IDS),
       doses=st.lists(st.floats(min_value=1e-6, max_value=1e7), min_size=2, max_size=20))
def test_severity_mix_is_a_distribution_and_monotone(agent_id: str, doses: list[float]) -> None:
    d = np.sort(np.array(doses))
    mix = tox.severity_mix(agent_id, dosage_mg_min_m3=d)
    assert mix.shape == (len(d), 5)
    assert np.all(mix >= -1e-12)
    np.testing.assert_allclose(mix.sum(axis=-1), 1.0, atol=1e-12)
    exceed = np.cumsum(mix[:, ::-1], axis=-1)[:, ::-1]  # P(severity >= k)
    assert np.all(np.diff(exceed, axis=0) >= -1e-12)


@settings(max_examples=40, deadline=None)
@given(agent_id=st.sampled_from(CHEMICAL_IDS),
       c=st.floats(min_value=1e-6, max_value=1e5), t1=st.floats(min_value=0.1, max_value=500.0),
       extra=st.floats(min_value=0.0, max_value=500.0))
def test_lethality_in_unit_interval_and_monotone_in_time(agent_id: str, c: float, t1: float, extra: float) -> None:
    p1 = float(tox.lethality(agent_id, c, t1))
    p2 = float(tox.lethality(agent_id, c, t1 + extra))
    assert 0.0 <= p1 <= p2 <= 1.0


def test_severity_mix_from_toxic_load_matches_lethality() -> None:
    agent = tox.resolve_agent("chlorine")
    tl = tox.toxic_load(np.array([[200.0], [800.0]]), np.array([10.0, 30.0]), agent.toxic_load_exponent_n.value)
    mix = tox.severity_mix("chlorine", toxic_load=tl)
    assert mix.shape == (2, 2, 5)
    np.testing.assert_allclose(mix[..., 4], tox.lethality_from_toxic_load("chlorine", tl))


def test_severity_mix_zero_dose_is_unharmed() -> None:
    np.testing.assert_allclose(tox.severity_mix("sarin", dosage_mg_min_m3=0.0), [1.0, 0, 0, 0, 0])


def test_severity_mix_needs_exactly_one_dose() -> None:
    with pytest.raises(ValueError):
        tox.severity_mix("sarin")
    with pytest.raises(ValueError):
        tox.severity_mix("sarin", dosage_mg_min_m3=1.0, toxic_load=1.0)


def test_sarin_mild_median_at_published_ect50() -> None:
    # NRC 1997 ch. 3 p. 31: mild-effects ECt50 0.5 mg·min/m³ -> half show at least mild effects.
    mix = tox.severity_mix("sarin", dosage_mg_min_m3=0.5)
    assert mix[1:].sum() == pytest.approx(0.5, abs=1e-6)


def test_sarin_lct50_scales_inversely_with_breathing() -> None:
    # Bide, Armour & Yee 2005 (DTIC ADA426350, abstract): LCt50 36 mg·min/m³ at 2 min for 70 kg
    # humans breathing 15 L/min, LCt50 linear in body weight over minute volume. At rest (7.5 L/min)
    # the LCt50 doubles to 72 — inside the older resting estimates of 70-100 (DHS 1997a; Johns 1952).
    assert tox.systemic_breathing_factor("sarin", 7.5) == pytest.approx(0.5)
    at_rest = tox.severity_mix("sarin", dosage_mg_min_m3=72.0, minute_volume_l_min=7.5)
    assert at_rest[4] == pytest.approx(0.5, abs=1e-6)
    reference = tox.severity_mix("sarin", dosage_mg_min_m3=36.0, minute_volume_l_min=15.0)
    assert reference[4] == pytest.approx(0.5, abs=1e-6)
    # The same in toxic-load form: 2 min at 18 mg/m³ (the LCt50) kills half at 15 L/min; at
    # 7.5 L/min it takes 2 min at 36 mg/m³, and 18 mg/m³ gives probit 5 + 4.5·log10(0.5) = 3.65.
    n = tox.resolve_agent("sarin").toxic_load_exponent_n.value
    assert tox.severity_mix("sarin", toxic_load=tox.toxic_load(18.0, 2.0, n), minute_volume_l_min=15.0)[4] == \
        pytest.approx(0.5, abs=1e-6)
    assert tox.severity_mix("sarin", toxic_load=tox.toxic_load(36.0, 2.0, n), minute_volume_l_min=7.5)[4] == \
        pytest.approx(0.5, abs=1e-6)
    assert tox.severity_mix("sarin", toxic_load=tox.toxic_load(18.0, 2.0, n), minute_volume_l_min=7.5)[4] == \
        pytest.approx(NormalDist().cdf(4.5 * math.log10(0.5)), abs=1e-6)


def test_breathing_leaves_miosis_alone_and_population_probits_unscaled() -> None:
    # The mild tier (miosis: vapour on the eye) does not depend on breathing; P(at least mild) at
    # the NRC 1997 ECt50 stays one half at any minute volume.
    for volume in (7.5, 15.0, 25.0):
        assert tox.severity_mix("sarin", dosage_mg_min_m3=0.5, minute_volume_l_min=volume)[1:].sum() == \
            pytest.approx(0.5, abs=1e-6)
    # Chlorine's probit comes from human population data (Withers & Lees 1985): no reference rate.
    assert tox.systemic_breathing_factor("chlorine", 25.0) == 1.0
    np.testing.assert_allclose(tox.severity_mix("chlorine", dosage_mg_min_m3=5000.0, minute_volume_l_min=25.0),
                               tox.severity_mix("chlorine", dosage_mg_min_m3=5000.0))


# --- timelines ------------------------------------------------------------------------------

def test_onset_draws_follow_the_published_range() -> None:
    # Sarin severe onset 0.5-2 min (MMCCH) is read as the 5th-95th percentiles of a lognormal.
    draws = tox.onset_minutes("sarin", "severe", np.random.default_rng(7), size=40_000)
    assert np.quantile(draws, 0.05) == pytest.approx(0.5, rel=0.05)
    assert np.quantile(draws, 0.95) == pytest.approx(2.0, rel=0.05)
    assert np.median(draws) == pytest.approx(1.0, rel=0.03)


def test_time_to_death_only_for_lethal_tier() -> None:
    rng = np.random.default_rng(1)
    assert np.all(np.isinf(tox.time_to_death_untreated_min("chlorine", 3, rng, size=5)))
    deaths = tox.time_to_death_untreated_min("hydrogen-cyanide", "lethal_without_care", rng, size=1000)
    assert np.all(np.isfinite(deaths)) and np.median(deaths) == pytest.approx(math.sqrt(3 * 10), rel=0.1)


def test_timeline_draws_are_reproducible_and_checked() -> None:
    a = tox.onset_minutes("phosgene", 2, np.random.default_rng(3), size=4)
    b = tox.onset_minutes("phosgene", 2, np.random.default_rng(3), size=4)
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError):
        tox.onset_minutes("phosgene", "none", np.random.default_rng(3))
    assert tox.timeline_median_min("sulfur-mustard", "severe")[1] == math.inf


def test_non_chemical_or_unknown_agent_is_rejected() -> None:
    with pytest.raises(KeyError):
        tox.lethality("no-such-agent", 1.0, 1.0)
