"""Tests of cbrnsim.hazard.densegas (Britter–McQuaid workbook correlations)."""

from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.hazard.densegas import (
    DenseGasRelease,
    cloud_correlation,
    dense_centreline_g_m3,
    distance_to_volume_fraction_m,
    horizontal_spread_factor,
    plume_correlation,
)

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
