"""Tests of cbrnsim.threatzones.nuclear: radii are the nuclear module's, fallout only for surface bursts."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.hazard.nuc_fallout import arrival_time_h, fallout_dose_rate_gy_h
from cbrnsim.hazard.nuclear import burn_radius_m, overpressure_radius_m, prompt_dose_gy
from cbrnsim.scenario import Point, Release, WeatherObservation
from cbrnsim.threatzones.nuclear import nuclear_picture
from cbrnsim.threatzones.plumes import point_source_plume

WEATHER = WeatherObservation(time_min=0, wind_speed_m_s=5.0, wind_from_deg=270.0, stability="D", terrain="rural")


def _ind(yield_kt: float = 10.0, burst: str = "surface") -> Release:
    return Release(id="ind", agent="ind", location=Point(x_m=0, y_m=0), yield_kt=yield_kt, burst=burst)


@pytest.mark.parametrize("yield_kt,burst,module_burst", [(10.0, "surface", "surface"), (1.0, "air", "airburst")])
def test_radii_equal_the_nuclear_module(yield_kt: float, burst: str, module_burst: str) -> None:
    blast, thermal, prompt = nuclear_picture(_ind(yield_kt, burst), get_agent("ind"), WEATHER).circles
    assert blast.radii_m == pytest.approx([float(overpressure_radius_m(yield_kt, p, module_burst)) for p in (20, 5, 1)])
    assert thermal.radii_m == pytest.approx([float(burn_radius_m(yield_kt, d, module_burst)) for d in (3, 2, 1)])
    for spec, radius in zip(prompt.specs, prompt.radii_m):
        assert float(prompt_dose_gy(yield_kt, radius)) == pytest.approx(spec.threshold, rel=1e-3)
    assert [s.threshold for s in prompt.specs] == [8.0, 4.0, 1.0]  # agents/ind.yaml ARS bounds (IAEA/WHO SRS-2)


def test_blast_rings_follow_cube_root_scaling() -> None:
    # Glasstone & Dolan (1977) §3.60: same overpressure at distances scaling as W^(1/3); 8x yield -> 2x radius.
    small = nuclear_picture(_ind(1.0), get_agent("ind"), WEATHER).circles[0].radii_m
    large = nuclear_picture(_ind(8.0), get_agent("ind"), WEATHER).circles[0].radii_m
    assert np.asarray(large) / np.asarray(small) == pytest.approx(2.0, rel=1e-6)


def test_fallout_zone_edge_has_the_boundary_dose_rate_at_arrival() -> None:
    picture = nuclear_picture(_ind(), get_agent("ind"), WEATHER)
    field = picture.plume(1.0)
    result = point_source_plume(field)
    dfz, hot = result.distances_m
    assert 0 < dfz < hot
    for distance, spec in zip((dfz, hot), field.specs):
        rate_r_h = fallout_dose_rate_gy_h(10.0, distance, 0.0, 5.0, arrival_time_h(distance, 5.0)) / 0.01
        assert float(rate_r_h) == pytest.approx(spec.threshold, rel=0.01)


def test_fallout_footprint_is_downwind_and_crosswind_width_matches_the_pattern() -> None:
    field = nuclear_picture(_ind(), get_agent("ind"), WEATHER).plume(1.0)
    x = np.array([5_000.0, 20_000.0])
    sigma = field.sigma_y_m(x)
    for xi, si in zip(x, sigma):
        on = fallout_dose_rate_gy_h(10.0, xi, 0.0, 5.0, arrival_time_h(xi, 5.0))
        off = fallout_dose_rate_gy_h(10.0, xi, 2 * si, 5.0, arrival_time_h(xi, 5.0))
        assert float(off / on) == pytest.approx(np.exp(-2.0), rel=1e-6)  # Gaussian at 2 sigma


def test_air_burst_draws_no_fallout() -> None:
    picture = nuclear_picture(_ind(burst="air"), get_agent("ind"), WEATHER)
    assert picture.plume is None
    assert any("no significant local fallout" in note for note in picture.notes)
