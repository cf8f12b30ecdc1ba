"""Tests of cbrnsim.threatzones.radiological: dose tiers, blast rings, the dose on the axis."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.hazard.physiology import breathing_rate_m3_min
from cbrnsim.hazard.rad_rdd import blast_injury_radius_m
from cbrnsim.hazard.radiological import inhalation_dose_sv
from cbrnsim.scenario import Point, Release, WeatherObservation
from cbrnsim.threatzones.plumes import point_source_plume
from cbrnsim.threatzones.radiological import DOSE_TIERS, dose_field, radiological_picture

WEATHER = WeatherObservation(time_min=0, wind_speed_m_s=3.0, wind_from_deg=270.0, stability="D", terrain="urban")


def _rdd(activity_bq: float = 5e14, explosive_kg_tnt: float | None = 20.0) -> Release:
    return Release(id="rdd", agent="cs-137", location=Point(x_m=0, y_m=0), activity_bq=activity_bq,
                   explosive_kg_tnt=explosive_kg_tnt)


def test_dose_tiers_are_the_cited_levels() -> None:
    # IAEA GSR Part 7 (2015) Table II.1: 100 mSv; EPA PAG Manual (2017) Table 1-1: 1 rem = 10 mSv;
    # ICRP 103 Table 8: 1 mSv.
    assert [t.threshold for t in DOSE_TIERS] == [100.0, 10.0, 1.0]
    assert [t.level for t in DOSE_TIERS] == [3, 2, 1]


def test_distances_increase_as_the_dose_threshold_falls() -> None:
    result = point_source_plume(radiological_picture(_rdd(5e15), get_agent("cs-137"), WEATHER).plume(1.0))
    assert 0 < result.distances_m[0] < result.distances_m[1] < result.distances_m[2]


def test_blast_rings_are_the_rdd_module_radii() -> None:
    picture = radiological_picture(_rdd(), get_agent("cs-137"), WEATHER)
    (blast,) = picture.circles
    expected = [float(blast_injury_radius_m(20.0, key)) for key in
                ("lethality_threshold", "lung_damage_threshold", "eardrum_rupture_threshold")]
    assert blast.radii_m == pytest.approx(expected)
    assert blast.radii_m[0] < blast.radii_m[1] < blast.radii_m[2]


def test_non_explosive_gas_release_dose_is_inhalation_plus_deposit_on_the_axis() -> None:
    # Without an explosive all airborne activity is respirable, at the release height (0 m).
    # Far from the source with v_d = 0.3 cm/s the depletion is small, so the inhalation part alone
    # must be a lower bound and within a factor that the groundshine + cloudshine terms explain.
    release = _rdd(1e14, None)
    field = dose_field(release, get_agent("cs-137"), WEATHER, 1.0)
    x = np.array([2000.0])
    from cbrnsim.hazard.dispersion import plume_concentration
    chi = float(plume_concentration(1e14, 3.0, x, 0.0, 0.0, 0.0, "D", "urban")[0])  # Bq·s/m³
    inhaled_sv = float(inhalation_dose_sv("Cs-137", chi * breathing_rate_m3_min() / 60.0))
    total_msv = float(field.centre_ratio(x)[2, 0]) * 1.0
    ground_per_chi = 0.003 * 2.0e-12 * 96.0  # v_d × FGR 12 Cs-137 (agents/cs-137.yaml) × 96 h
    upper_msv = 1000.0 * (inhaled_sv + chi * (ground_per_chi + 9.9e-11 / 3600.0))
    assert 0.9 * 1000.0 * inhaled_sv < total_msv <= upper_msv * 1.0001
    assert not math.isnan(total_msv)
