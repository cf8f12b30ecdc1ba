"""Tests of cbrnsim.threatzones.chemical: AEGL distances, footprints, dense gas, enclosures."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.hazard.dispersion import centreline_concentration, max_downwind_distance_m
from cbrnsim.hazard.toxicology import ppm_to_mg_m3
from cbrnsim.scenario import Enclosure, Point, Release, WeatherObservation
from cbrnsim.threatzones.chemical import aegl_specs, chemical_picture, enclosed_exposure
from cbrnsim.threatzones.geometry import points_in_ring
from cbrnsim.threatzones.plumes import halfwidths_m, point_source_plume

D_URBAN = WeatherObservation(time_min=0, wind_speed_m_s=3.0, wind_from_deg=270.0, stability="D", terrain="urban",
                             temperature_c=15.0)


def _release(agent: str = "chlorine", quantity_kg: float = 20_000.0, duration_min: float = 10.0,
             **extra) -> Release:
    return Release(id="r", agent=agent, location=Point(x_m=0, y_m=0), quantity_kg=quantity_kg,
                   duration_min=duration_min, **extra)


def test_chlorine_aegl_thresholds_are_the_published_values() -> None:
    # NRC (2004) AEGLs Vol. 4, chlorine summary table: 10-min AEGL-3 50 ppm, AEGL-2 2.8 ppm, AEGL-1 0.5 ppm;
    # 60-min AEGL-3 20 ppm.
    specs = aegl_specs(get_agent("chlorine"), 10.0)
    assert [(s.label, s.threshold, s.unit) for s in specs] == [
        ("AEGL-3", pytest.approx(50.0), "ppm"), ("AEGL-2", pytest.approx(2.8), "ppm"),
        ("AEGL-1", pytest.approx(0.5), "ppm")]
    assert aegl_specs(get_agent("chlorine"), 60.0)[0].threshold == pytest.approx(20.0)


@pytest.mark.parametrize("duration_min", [0.0, 10.0, 60.0])
@pytest.mark.parametrize("agent,quantity_kg", [("chlorine", 20_000.0), ("chlorine", 50.0), ("ammonia", 5_000.0),
                                               ("sarin", 5.0)])
def test_distances_increase_from_aegl3_to_aegl1(agent: str, quantity_kg: float, duration_min: float) -> None:
    picture = chemical_picture(_release(agent, quantity_kg, duration_min), get_agent(agent), D_URBAN)
    result = point_source_plume(picture.plume(1.0))
    distances = result.distances_m
    assert all(d > 0 for d in distances)
    assert list(distances) == sorted(distances) and len(set(distances)) == len(distances)


def test_footprint_contains_the_centreline_inside_the_tier_distance_and_not_beyond() -> None:
    picture = chemical_picture(_release(), get_agent("chlorine"), D_URBAN)
    result = point_source_plume(picture.plume(1.0))
    for distance, rings in zip(result.distances_m, result.rings_wind):
        ring = rings[0]
        inside_x = np.linspace(0.02, 0.98, 40) * distance
        beyond_x = np.linspace(1.02, 2.0, 20) * distance
        assert points_in_ring(inside_x, np.zeros_like(inside_x), ring).all()
        assert not points_in_ring(beyond_x, np.zeros_like(beyond_x), ring).any()
        assert not points_in_ring(inside_x, np.full_like(inside_x, 1e5), ring).any()


def test_half_width_is_where_the_crosswind_gaussian_meets_the_tier() -> None:
    picture = chemical_picture(_release("ammonia", 5_000.0, 60.0), get_agent("ammonia"), D_URBAN)
    field = picture.plume(1.0)
    x = np.array([300.0, 1000.0])
    width = halfwidths_m(field, x)
    ratio = field.centre_ratio(x)
    edge = ratio * np.exp(-0.5 * (width / field.sigma_y_m(x)) ** 2)
    np.testing.assert_allclose(edge[ratio > 1], 1.0, rtol=1e-9)


def test_long_passive_release_matches_the_steady_plume_distance_of_the_dispersion_module() -> None:
    # Ammonia (vapour lighter than air) released for 8 h: the Palazzi factor is 1 within 1e-6
    # and the AEGL is the 480-min value, so the distance must be the dispersion module's own.
    agent = get_agent("ammonia")
    release = _release("ammonia", 2_000.0, 480.0)
    picture = chemical_picture(release, agent, D_URBAN)
    ours = point_source_plume(picture.plume(1.0)).distances_m
    levels_g_m3 = [ppm_to_mg_m3(s.threshold, agent.molecular_weight_g_mol.value) / 1000 for s in picture.plume(1.0).specs]
    rate_g_s = 2_000_000.0 / (480 * 60)
    theirs = max_downwind_distance_m(np.array(levels_g_m3), 3.0, "D", rate_g_s=rate_g_s, terrain="urban",
                                     max_distance_m=50_000.0)
    np.testing.assert_allclose(ours, theirs, rtol=0.01)


def test_chlorine_tank_car_is_dense_and_named_as_such() -> None:
    picture = chemical_picture(_release(), get_agent("chlorine"), D_URBAN)
    assert "Britter–McQuaid" in picture.model


def test_puff_ten_minute_equivalent_equals_the_numerically_integrated_toxic_load() -> None:
    # Independent check of the closed form: integrate C(t)^n of the passing Gaussian puff
    # (sigma_x = sigma_y, speed u) on a fine time grid and convert to a 10-min concentration.
    agent = get_agent("ammonia")
    n = agent.toxic_load_exponent_n.value
    field = chemical_picture(_release("ammonia", 500.0, 0.0), agent, D_URBAN).plume(1.0)
    x = 500.0
    sigma = float(field.sigma_y_m(np.array([x]))[0])
    peak_mg_m3 = 1000.0 * float(centreline_concentration(np.array([x]), 3.0, "D", mass_g=500_000.0,
                                                         terrain="urban")[0])
    t_s = np.linspace(0.0, 2 * x / 3.0, 200_001)
    concentration = peak_mg_m3 * np.exp(-0.5 * ((3.0 * t_s - x) / sigma) ** 2)
    toxic_load = np.sum(concentration**n) * (t_s[1] - t_s[0]) / 60.0  # (mg/m³)^n·min
    equivalent_10min = (toxic_load / 10.0) ** (1.0 / n)
    aegl3_10min = ppm_to_mg_m3(field.specs[0].threshold, agent.molecular_weight_g_mol.value)
    assert float(field.centre_ratio(np.array([x]))[0, 0]) * aegl3_10min == pytest.approx(equivalent_10min, rel=1e-4)


def test_enclosure_follows_the_well_mixed_box_over_the_occupants_stay() -> None:
    # Well-mixed room with a constant source and no door exchange: C(t) = G/(λV)·(1 − e^(−λt)).
    # The window is the occupants' last stop (here 10 min); its mean is
    # G/(λV)·(1 − (1 − e^(−λT))/(λT)).
    box = Enclosure(volume_m3=100.0, air_changes_per_h=6.0, occupants=10, stop_interval_min=5.0,
                    exit_shares=(0.5, 0.5), door_exchange_fraction=0.0)
    release = _release("chlorine", 0.48, 480.0, enclosure=box)  # 1 g/min = 1000 mg/min
    exposure = enclosed_exposure(release, get_agent("chlorine"))
    steady, lt = 1000.0 / (0.1 * 100.0), 0.1 * 10.0
    assert exposure.exposure_min == 10.0
    assert exposure.peak_mg_m3 == pytest.approx(steady * -math.expm1(-lt), rel=1e-9)
    assert exposure.mean_mg_m3 == pytest.approx(steady * (1 + math.expm1(-lt) / lt), rel=1e-4)
    # 36.8 mg/m³ ≈ 12.7 ppm over 10 min: below chlorine's 10-min AEGL-3 (50 ppm), above AEGL-2
    # (2.8 ppm) and AEGL-1 (0.5 ppm) (NRC 2004, AEGLs Vol. 4, chlorine summary table).
    assert [t.exceeded for t in exposure.tiers] == [False, True, True]


def test_instantaneous_enclosed_release_without_ventilation_holds_m_over_v() -> None:
    box = Enclosure(volume_m3=120.0, air_changes_per_h=0.0, occupants=150)
    exposure = enclosed_exposure(_release("sarin", 0.012, 0.0, enclosure=box), get_agent("sarin"))
    assert exposure.peak_mg_m3 == pytest.approx(100.0)
    assert exposure.mean_mg_m3 == pytest.approx(100.0)
    assert exposure.lethality_untreated > 0.99  # 1000 mg·min/m³ is far above sarin's LCt50
