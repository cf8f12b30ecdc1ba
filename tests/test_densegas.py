"""Tests of cbrnsim.hazard.densegas (Britter–McQuaid workbook correlations)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cbrnsim.hazard.densegas import (
    MAX_SPREAD_FACTOR,
    DenseGasRelease,
    cloud_correlation,
    dense_centreline_g_m3,
    dense_spread_factors,
    distance_to_volume_fraction_m,
    horizontal_spread_factor,
    plume_correlation,
    vertical_spread_factor,
)
from cbrnsim.hazard.dispersion import sigmas

# Chlorine: M = 70.90 g/mol, normal boiling point -34.04 C (CRC Handbook of Chemistry and
# Physics, 97th ed., "Physical constants of inorganic compounds").
CHLORINE = DenseGasRelease(molecular_weight_g_mol=70.90, release_temperature_k=239.11)

# CCPS (1999) Guidelines for Consequence Analysis of Chemical Releases, p. 122, worked
# example after the Burro LNG trials: 0.23 m3/s of liquid LNG (425.6 kg/m3) boiling at
# -162 C to vapour of 1.76 kg/m3, u10 = 10.9 m/s; distance to the 5 % v/v LFL is about
# 367 m (value as reproduced in the GasDispersion.jl test suite of the same example).
LNG = DenseGasRelease(molecular_weight_g_mol=16.04, release_temperature_k=111.15,
                      ambient_temperature_k=298.15, source_density_kg_m3=1.76)
LNG_RATE_KG_S = 0.23 * 425.6


def test_ccps_lng_example_distance_to_lfl() -> None:
    correlation = plume_correlation(LNG_RATE_KG_S, 10.9, LNG)
    assert correlation.length_scale_m == pytest.approx(2.26, abs=0.01)  # D in the example
    assert correlation.dense
    distance = distance_to_volume_fraction_m(0.05, correlation)
    assert distance == pytest.approx(367.0, rel=0.05)


def test_cloud_table_first_point_at_low_alpha() -> None:
    # CCPS (1999) instantaneous correlation: for alpha <= -0.44, Cm/C0 = 0.1 at
    # log10(x / V0^1/3) = 0.70; for alpha <= -0.10, Cm/C0 = 0.001 at 2.075.
    correlation = cloud_correlation(mass_kg=10.0, wind_10m_m_s=30.0, release=CHLORINE)
    assert np.log10(correlation.points_x[1]) == pytest.approx(0.70)
    assert np.log10(correlation.points_x[-1]) == pytest.approx(2.075)


def test_plume_table_points_for_alpha_minus_0_4() -> None:
    # CCPS (1999) continuous correlation at alpha = -0.4:  Cm/C0 = 0.1 at beta =
    # 0.24 alpha + 1.88 = 1.784; Cm/C0 = 0.002 at beta = 0.39 alpha + 2.87 = 2.714.
    u = 5.0
    rho0 = CHLORINE.source_gas_density_kg_m3
    g0 = CHLORINE.reduced_gravity_m_s2
    q0 = 10 ** (5 * -0.4) * u**5 / g0**2  # alpha = 0.2 log10(g0^2 q0 / u^5) = -0.4
    correlation = plume_correlation(q0 * rho0, u, CHLORINE)
    assert np.log10(correlation.points_x[1]) == pytest.approx(1.784)
    assert np.log10(correlation.points_x[-1]) == pytest.approx(2.714)


def test_non_isothermal_adjustment_matches_ccps_formula() -> None:
    # CCPS (1999), Britter-McQuaid section: the isothermal curve is read at C* = C / (C + (1 - C) Ta/T0);
    # for LNG at 5 % v/v, Ta = 298.15 K and T0 = 111.15 K give C* = 0.0192.
    correlation = plume_correlation(LNG_RATE_KG_S, 10.9, LNG)
    distance = distance_to_volume_fraction_m(0.05, correlation)
    expected = 0.05 / (0.05 + 0.95 * 298.15 / 111.15)
    assert expected == pytest.approx(0.0192, abs=1e-4)
    assert correlation.isothermal_ratio(distance) == pytest.approx(expected, rel=1e-3)


def test_light_or_small_release_is_passive() -> None:
    ammonia = DenseGasRelease(molecular_weight_g_mol=17.03, release_temperature_k=293.15)
    factor = horizontal_spread_factor([10.0, 100.0, 1000.0], 3.0, "D", ammonia, rate_kg_s=5.0)
    np.testing.assert_array_equal(factor, 1.0)
    tiny = horizontal_spread_factor([10.0, 100.0], 15.0, "D", CHLORINE, rate_kg_s=1e-4)
    np.testing.assert_array_equal(tiny, 1.0)


@pytest.mark.parametrize("stability", list("ADF"))
@pytest.mark.parametrize("kind", ["rate_kg_s", "mass_kg"])
def test_spread_factor_tends_to_passive_far_downwind(stability: str, kind: str) -> None:
    amount = {"rate_kg_s": 20.0, "mass_kg": 20_000.0}[kind]
    travel = np.geomspace(1.0, 200_000.0, 400)
    factor = horizontal_spread_factor(travel, 2.0, stability, CHLORINE, **{kind: amount})
    assert np.all(factor > 0.0)
    assert factor[-1] == pytest.approx(1.0, abs=0.05)


def test_dense_curve_is_continuous_into_passive_continuation() -> None:
    correlation = plume_correlation(20.0, 2.0, CHLORINE)
    x_end = correlation.end_of_correlation_m
    factor = horizontal_spread_factor([x_end * 0.999, x_end * 1.001], 2.0, "F", CHLORINE,
                                      rate_kg_s=20.0)
    assert factor[0] == pytest.approx(factor[1], rel=0.01)


def test_dense_centreline_never_exceeds_pure_gas() -> None:
    correlation = plume_correlation(50.0, 1.5, CHLORINE)
    c = dense_centreline_g_m3(np.geomspace(0.01, 1e4, 200), correlation, CHLORINE)
    pure = 1000.0 * CHLORINE.molecular_weight_g_mol * 101_325 / (8.314462618 * 293.15) * 1e-3
    assert np.all(c <= pure + 1e-9) and np.all(np.diff(c) <= 1e-12)


def _factors(kind: str, amount: float, travel_m, wind_m_s: float, stability: str):
    return dense_spread_factors(travel_m, wind_m_s, stability, CHLORINE, **{kind: amount})


def _passive_centreline_g_m3(kind: str, amount_kg: float, x_m, wind_m_s: float, stability: str):
    # Ground-level Gaussian centreline with ground reflection (Turner 1970, AP-26, eq. 3.1 and
    # the puff form of ch. 3): plume Q/(pi u sy sz), puff 2M/((2 pi)^3/2 sh^2 sz).
    sy, sz = sigmas(x_m, stability)
    if kind == "mass_kg":
        return 2.0 * amount_kg * 1e3 / ((2.0 * math.pi) ** 1.5 * sy**2 * sz)
    return amount_kg * 1e3 / (math.pi * wind_m_s * sy * sz)


@pytest.mark.parametrize("stability", list("ADF"))
@pytest.mark.parametrize(("kind", "amount"), [("rate_kg_s", 0.68), ("rate_kg_s", 30.0),
                                              ("mass_kg", 408.0), ("mass_kg", 54_000.0)])
def test_dense_cloud_is_never_narrower_than_passive(stability: str, kind: str, amount: float) -> None:
    # A dense cloud slumps: near the source it is wider and shallower than a passive plume,
    # never narrower (Britter & McQuaid 1988 workbook; CCPS 1999, Guidelines for Consequence
    # Analysis of Chemical Releases, section 2.1.3, dense-gas dispersion).
    travel = np.geomspace(1.0, 100_000.0, 300)
    horizontal, vertical = _factors(kind, amount, travel, 3.0, stability)
    assert np.all(horizontal >= 1.0)
    assert np.all(vertical <= 1.0 + 1e-12)
    np.testing.assert_array_equal(
        horizontal, horizontal_spread_factor(travel, 3.0, stability, CHLORINE, **{kind: amount}))
    np.testing.assert_array_equal(
        vertical, vertical_spread_factor(travel, 3.0, stability, CHLORINE, **{kind: amount}))


@pytest.mark.parametrize(("kind", "amount"), [("rate_kg_s", 0.68), ("mass_kg", 408.0)])
def test_ground_centreline_follows_britter_mcquaid(kind: str, amount: float) -> None:
    # The Gaussian with both factors applied has the Britter-McQuaid ground-level centreline
    # (CCPS 1999, Britter-McQuaid section) within the table; exact by construction, so 1e-9.
    correlation = (cloud_correlation(amount, 3.0, CHLORINE) if kind == "mass_kg"
                   else plume_correlation(amount, 3.0, CHLORINE))
    travel = np.geomspace(5.0, correlation.end_of_correlation_m, 50)
    horizontal, vertical = _factors(kind, amount, travel, 3.0, "D")
    gaussian = _passive_centreline_g_m3(kind, amount, travel, 3.0, "D") / (horizontal * vertical)
    np.testing.assert_allclose(gaussian, dense_centreline_g_m3(travel, correlation, CHLORINE), rtol=1e-9)


@pytest.mark.parametrize(("kind", "amount"), [("rate_kg_s", 0.68), ("rate_kg_s", 30.0),
                                              ("mass_kg", 408.0), ("mass_kg", 54_000.0)])
def test_mass_is_conserved_with_the_britter_mcquaid_centreline(kind: str, amount: float) -> None:
    # Integrate the ground-reflected Gaussian whose peak is the Britter-McQuaid value over the
    # crosswind plane (plume: times u gives the mass flux) or over all space (puff): it must
    # return the released rate or mass (mass balance of Turner 1970, AP-26, ch. 3).
    correlation = (cloud_correlation(amount, 3.0, CHLORINE) if kind == "mass_kg"
                   else plume_correlation(amount, 3.0, CHLORINE))
    travel = np.array([20.0, 40.0, 0.9 * correlation.end_of_correlation_m])
    horizontal, vertical = _factors(kind, amount, travel, 3.0, "D")
    sy, sz = sigmas(travel, "D")
    sz = sz * vertical
    sy = sy * (np.sqrt(horizontal) if kind == "mass_kg" else horizontal)
    peak = dense_centreline_g_m3(travel, correlation, CHLORINE)
    y = np.linspace(-8.0, 8.0, 4001)[:, None] * sy
    z = np.linspace(0.0, 8.0, 2001)[:, None] * sz
    across = np.trapezoid(np.exp(-0.5 * (y / sy) ** 2), y, axis=0)
    vertical_integral = np.trapezoid(np.exp(-0.5 * (z / sz) ** 2), z, axis=0)
    if kind == "mass_kg":  # along-wind spread equals crosswind spread in a puff
        total_g = peak * across**2 * vertical_integral
        np.testing.assert_allclose(total_g, amount * 1e3, rtol=1e-4)
    else:
        flux_g_s = peak * across * vertical_integral * 3.0
        np.testing.assert_allclose(flux_g_s, amount * 1e3, rtol=1e-4)


def test_400_kg_chlorine_puff_at_40_m_is_at_least_as_wide_as_passive() -> None:
    # 400 kg chlorine, D, 3 m/s. The passive sigma_y at 40 m is 3.2 m (Briggs 1973 rural D,
    # 0.08x(1+0.0001x)^-1/2, as tabulated in Hanna, Briggs & Hosker 1982). A dense cloud slumps
    # wider, never narrower (Britter & McQuaid 1988; CCPS 1999 section 2.1.3).
    passive_sigma_m = sigmas(np.array([40.0]), "D")[0][0]
    assert passive_sigma_m == pytest.approx(0.08 * 40 / math.sqrt(1 + 0.0001 * 40), rel=1e-6)
    at_40_m = horizontal_spread_factor([40.0], 3.0, "D", CHLORINE, mass_kg=400.0)[0]
    assert passive_sigma_m * math.sqrt(at_40_m) >= passive_sigma_m
    travel = np.geomspace(1.0, 5_000.0, 200)
    assert np.all(horizontal_spread_factor(travel, 3.0, "D", CHLORINE, mass_kg=400.0) >= 1.0)


def test_small_plume_is_flattened_not_narrowed() -> None:
    # 408 kg over 10 min (0.68 kg/s), D, 3 m/s: at 40 m the Britter-McQuaid centreline (CCPS
    # 1999) is above the passive Gaussian one, which the old coupling made up by narrowing the
    # plume to 0.13 of its passive width; now the width stays passive and sigma_z is flattened.
    horizontal, vertical = dense_spread_factors([40.0], 3.0, "D", CHLORINE, rate_kg_s=0.68)
    assert horizontal[0] == 1.0
    assert vertical[0] < 0.2


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(1.0, 1.0e5), wind_m_s=st.floats(1.0, 15.0),
       travel_m=st.floats(1.0, 50_000.0), stability=st.sampled_from(list("ABCDEF")),
       instantaneous=st.booleans())
@example(amount=616.0, wind_m_s=1.0, travel_m=5.0, stability="F", instantaneous=True)  # clipped F
def test_factors_bound_and_product_for_any_release(amount: float, wind_m_s: float, travel_m: float,
                                                   stability: str, instantaneous: bool) -> None:
    # Amounts as kg (cloud) or kg/s / 100 (plume: 0.01 to 1000 kg/s).
    kind, value = ("mass_kg", amount) if instantaneous else ("rate_kg_s", amount / 100.0)
    horizontal, vertical = _factors(kind, value, [travel_m], wind_m_s, stability)
    assert horizontal[0] >= 1.0
    assert 0.0 < vertical[0] <= 1.0 + 1e-12
    correlation = (cloud_correlation(value, wind_m_s, CHLORINE) if instantaneous
                   else plume_correlation(value, wind_m_s, CHLORINE))
    if correlation.dense and 5.0 <= travel_m <= correlation.end_of_correlation_m:
        gaussian = _passive_centreline_g_m3(kind, value, np.array([travel_m]), max(wind_m_s, 1.0),
                                            stability) / (horizontal * vertical)
        dense = dense_centreline_g_m3([travel_m], correlation, CHLORINE)
        ratio = gaussian[0] / dense[0]
        # exact unless the total factor is clipped at MAX_SPREAD_FACTOR right at the source
        clipped = np.isclose(horizontal * vertical, [MAX_SPREAD_FACTOR, 1.0 / MAX_SPREAD_FACTOR]).any()
        assert clipped or ratio == pytest.approx(1.0, rel=1e-9)


def test_a_set_up_once_gives_the_same_factors_as_a_fresh_evaluation() -> None:
    # The puff model builds a DenseSpread once per source and weather and reuses it every step;
    # that must change nothing against setting the curves up on each call. Chlorine: 70.90 g/mol,
    # boiling point 239.11 K (agents/chlorine.yaml).
    from cbrnsim.hazard.densegas import dense_spread, dense_spread_factors

    chlorine = DenseGasRelease(molecular_weight_g_mol=70.90, release_temperature_k=239.11)
    travel = np.geomspace(1.0, 50_000.0, 200)
    for amount in ({"rate_kg_s": 30.0}, {"mass_kg": 50_000.0}):
        setup = dense_spread(1.5, "F", chlorine, terrain="rural", **amount)
        fresh = dense_spread_factors(travel, 1.5, "F", chlorine, terrain="rural", **amount)
        for kept, new in zip(setup.factors(travel), fresh):
            np.testing.assert_array_equal(kept, new)
