"""Tests of cbrnsim.hazard.dispersion against published values and plume properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbrnsim.hazard.dispersion import (
    centreline_concentration,
    footprint_grid_m,
    max_downwind_distance_m,
    plume_concentration,
    plume_concentration_wind_grid,
    sigmas,
)
from cbrnsim.hazard.meteo import from_wind_frame, to_wind_frame

STABILITY = st.sampled_from(list("ABCDEF"))
TERRAIN = st.sampled_from(["rural", "urban"])
SCHEME = st.sampled_from(["briggs", "pasquill-gifford"])

# sigma_z (m) at the upper end of each ISC3 distance range, as printed in Boubel, Fox,
# Turner & Stern (1994), Fundamentals of Air Pollution, 3rd ed., Table 19-5, p. 304
# (the ISC3 fits of EPA-454/B-95-003b vol. II Table 1-2, evaluated by the authors).
PUBLISHED_SIGMA_Z = [
    ("A", 0.10, 14.0), ("A", 0.15, 21.4), ("A", 0.20, 29.3), ("A", 0.25, 37.7),
    ("A", 0.30, 47.4), ("A", 0.40, 71.2), ("A", 0.50, 104.7),
    ("B", 0.20, 20.2), ("B", 0.40, 40.0),
    ("D", 0.30, 12.1), ("D", 1.0, 32.1), ("D", 3.0, 65.1), ("D", 10.0, 134.9),
    ("D", 30.0, 251.2),
    ("E", 20.0, 109.3), ("E", 40.0, 141.9),
]


@pytest.mark.parametrize(("stability", "x_km", "published_m"), PUBLISHED_SIGMA_Z)
def test_isc3_sigma_z_matches_published_table(stability: str, x_km: float,
                                              published_m: float) -> None:
    _, sigma_z = sigmas(x_km * 1000.0, stability, scheme="pasquill-gifford")
    assert sigma_z == pytest.approx(published_m, abs=0.06)


def test_isc3_class_a_sigma_z_capped_at_5000_m() -> None:
    # EPA-454/B-95-003b vol. II Table 1-2: class A beyond 3.11 km, sigma_z = 5000 m.
    _, sigma_z = sigmas(5000.0, "A", scheme="pasquill-gifford")
    assert sigma_z == pytest.approx(5000.0)


def test_turner_problem_1_sigmas_and_concentration() -> None:
    # Turner (1970), Workbook of Atmospheric Dispersion Estimates, AP-26, ch. 3, example
    # problem 1: burning dump, Q = 3 g/s NOx, ground level, overcast night, u = 7 m/s,
    # class D, x = 3 km: sigma_y = 190 m, sigma_z = 65 m (read from the P-G charts,
    # Figs 3-2 and 3-3), chi = Q/(pi sy sz u) = 1.1e-5 g/m3.
    sigma_y, sigma_z = sigmas(3000.0, "D", scheme="pasquill-gifford")
    assert sigma_y == pytest.approx(190.0, rel=0.05)  # chart reading vs ISC3 fit
    assert sigma_z == pytest.approx(65.0, rel=0.01)
    chi = plume_concentration(3.0, 7.0, 3000.0, 0.0, 0.0, 0.0, "D", scheme="pasquill-gifford")
    assert chi == pytest.approx(1.1e-5, rel=0.05)


@pytest.mark.parametrize(
    ("terrain", "stability", "sigma_y_m", "sigma_z_m"),
    [
        # Briggs (1973) formulas as tabulated in Hanna, Briggs & Hosker (1982) DOE/TIC-11223,
        # evaluated at x = 1000 m by hand: rural D 0.08x(1+0.0001x)^-1/2 = 76.28,
        # 0.06x(1+0.0015x)^-1/2 = 37.95; rural F 0.04x(1+0.0001x)^-1/2 = 38.14,
        # 0.016x(1+0.0003x)^-1 = 12.31; urban D 0.16x(1+0.0004x)^-1/2 = 135.2,
        # 0.14x(1+0.0003x)^-1/2 = 122.8; urban A 0.32x(1+0.0004x)^-1/2 = 270.5,
        # 0.24x(1+0.001x)^1/2 = 339.4.
        ("rural", "D", 76.28, 37.95),
        ("rural", "F", 38.14, 12.31),
        ("urban", "D", 135.2, 122.8),
        ("urban", "A", 270.5, 339.4),
    ],
)
def test_briggs_sigmas_at_one_km(terrain: str, stability: str, sigma_y_m: float,
                                 sigma_z_m: float) -> None:
    sigma_y, sigma_z = sigmas(1000.0, stability, terrain)
    assert sigma_y == pytest.approx(sigma_y_m, rel=2e-3)
    assert sigma_z == pytest.approx(sigma_z_m, rel=2e-3)


@pytest.mark.parametrize("stability", list("BCDE"))
def test_briggs_rural_close_to_pasquill_gifford_at_one_km(stability: str) -> None:
    # Briggs (1973) fitted his open-country formulas to the P-G curves between 100 m and
    # 10 km (Hanna, Briggs & Hosker 1982); they agree within tens of per cent there.
    briggs = np.array(sigmas(1000.0, stability))
    isc3 = np.array(sigmas(1000.0, stability, scheme="pasquill-gifford"))
    assert np.all(np.abs(briggs / isc3 - 1.0) < 0.35)


def test_unknown_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        sigmas(100.0, "G")
    with pytest.raises(ValueError):
        sigmas(100.0, "D", terrain="forest")
    with pytest.raises(ValueError):
        sigmas(100.0, "D", scheme="smith")


def test_array_of_stability_classes_matches_scalar_calls() -> None:
    x = np.array([200.0, 2000.0, 800.0])
    classes = np.array(["A", "D", "F"])
    sy, sz = sigmas(x, classes)
    for i in range(3):
        assert (sy[i], sz[i]) == pytest.approx(sigmas(x[i], classes[i]))


@settings(max_examples=60, deadline=None)
@given(STABILITY, TERRAIN, SCHEME, st.floats(0.0, 50.0), st.floats(1.0, 15.0))
def test_centreline_falls_beyond_its_maximum(stability, terrain, scheme, height_m, wind):
    x = np.geomspace(10.0, 20_000.0, 600)
    c = centreline_concentration(x, wind, stability, rate_g_s=10.0, release_height_m=height_m,
                                 terrain=terrain, scheme=scheme)
    beyond = c[int(np.argmax(c)):]
    assert np.all(np.diff(beyond) <= 1e-12 * beyond[0])


@settings(max_examples=60, deadline=None)
@given(STABILITY, TERRAIN, SCHEME, st.floats(1.0, 20_000.0), st.floats(0.0, 500.0),
       st.floats(0.0, 30.0))
def test_plume_is_crosswind_symmetric_and_non_negative(stability, terrain, scheme, x, y, h):
    left = plume_concentration(5.0, 3.0, x, y, 1.5, h, stability, terrain, scheme)
    right = plume_concentration(5.0, 3.0, x, -y, 1.5, h, stability, terrain, scheme)
    assert left == pytest.approx(right, rel=1e-12, abs=0.0)
    assert left >= 0.0


def test_plume_is_zero_upwind() -> None:
    x = np.array([-100.0, 0.0, 100.0])
    c = plume_concentration(1.0, 2.0, x, 0.0, 0.0, 0.0, "D")
    assert c[0] == 0.0 and c[1] == 0.0 and c[2] > 0.0


def test_low_wind_is_raised_to_one_m_s() -> None:
    calm = plume_concentration(1.0, 0.2, 500.0, 0.0, 0.0, 0.0, "F")
    one = plume_concentration(1.0, 1.0, 500.0, 0.0, 0.0, 0.0, "F")
    assert calm == one


def test_wind_aligned_grid_matches_textbook_expression() -> None:
    x = np.linspace(-200.0, 8000.0, 301)
    y = np.linspace(-600.0, 600.0, 121)
    fast = plume_concentration_wind_grid(50.0, 4.0, x, y, 1.5, 10.0, "C", dtype=np.float64)
    slow = plume_concentration(50.0, 4.0, x[None, :], y[:, None], 1.5, 10.0, "C")
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-300)
    single = plume_concentration_wind_grid(50.0, 4.0, x, y, 1.5, 10.0, "C")
    assert single.dtype == np.float32
    mask = slow > 1e-6 * slow.max()
    assert np.max(np.abs(single[mask] / slow[mask] - 1.0)) < 1e-4


def test_max_downwind_distance_hits_threshold() -> None:
    thresholds = np.array([1e-2, 1e-3, 1e-4])
    distance = max_downwind_distance_m(thresholds, 3.0, "D", rate_g_s=100.0)
    assert np.all(np.diff(distance) > 0)
    at = centreline_concentration(distance, 3.0, "D", rate_g_s=100.0)
    np.testing.assert_allclose(at, thresholds, rtol=5e-3)
    never = max_downwind_distance_m(1e3, 3.0, "D", rate_g_s=1e-3)
    assert never == 0.0


def test_puff_dosage_distance_uses_plume_of_rate_m() -> None:
    # The time integral of a passing Gaussian puff equals the steady plume with Q = M.
    distance = max_downwind_distance_m(0.5, 2.0, "E", rate_g_s=1000.0)
    peak = max_downwind_distance_m(0.5, 2.0, "E", mass_g=1000.0)
    assert distance > 0 and peak > 0 and distance != peak


def test_frames_round_trip_and_wind_from_west_blows_east() -> None:
    x, y = to_wind_frame(1000.0, 0.0, 0.0, 0.0, 270.0)
    assert (float(x), float(y)) == pytest.approx((1000.0, 0.0), abs=1e-9)
    e, n = from_wind_frame(300.0, -40.0, 10.0, 20.0, 33.0)
    back = to_wind_frame(e, n, 10.0, 20.0, 33.0)
    assert (float(back[0]), float(back[1])) == pytest.approx((300.0, -40.0))


def test_footprint_grid_covers_rotated_rectangle() -> None:
    east, north = footprint_grid_m(100.0, 200.0, 45.0, 2000.0, 300.0, 25.0, upwind_m=100.0)
    assert east.shape == north.shape
    tip_e, tip_n = from_wind_frame(2000.0, 300.0, 100.0, 200.0, 45.0)
    assert east.min() <= tip_e <= east.max() and north.min() <= tip_n <= north.max()
    assert math.isclose(east[0, 1] - east[0, 0], 25.0)
