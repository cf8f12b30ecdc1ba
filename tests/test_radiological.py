"""Radiological dose models against published values (ICRP 72, FGR 12, Church 1969, G&D 1977,
DOE-HDBK-3010, Waselenko 2004, IAEA SRS-2), plus properties."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbrnsim.hazard.radiological import (
    BLAST_THRESHOLDS_PSI,
    RESPIRABLE_DEPOSITION_VELOCITY_M_S,
    ars_lethality,
    ars_severity,
    blast_injury_radius_m,
    groundshine_dose_rate_sv_h,
    inhalation_dose_sv,
    inhaled_activity_bq,
    rdd_aerosolised_fraction,
    rdd_cloud_height_m,
    rdd_respirable_fraction,
)
from cbrnsim.hazard.rad_rdd import tnt_overpressure_kpa


def test_cs137_type_f_inhalation_coefficient_icrp72() -> None:
    # ICRP Publication 72 (1996), Annex A, Cs-137 adult, type F, 1 µm AMAD: 4.6e-9 Sv/Bq
    assert inhalation_dose_sv("Cs-137", 1.0) == pytest.approx(4.6e-9)
    assert inhalation_dose_sv("cs-137", 1.0e6, "F") == pytest.approx(4.6e-3)


def test_co60_default_type_m_and_type_s_icrp72() -> None:
    # ICRP 72 Annex A, Co-60 adult: type M 1.0e-8, type S 3.1e-8 Sv/Bq; default M (ICRP 71)
    assert inhalation_dose_sv("CO-60", 1.0) == pytest.approx(1.0e-8)
    assert inhalation_dose_sv("Co-60", 1.0, "S") == pytest.approx(3.1e-8)


def test_am241_type_m_inhalation_coefficient_icrp72() -> None:
    # ICRP 72 Annex A, Am-241 adult, type M: 4.2e-5 Sv/Bq — 1 kBq inhaled gives 42 mSv
    assert inhalation_dose_sv("Am-241", 1000.0, "M") == pytest.approx(0.042)


def test_absorption_type_without_a_coefficient_is_an_error() -> None:
    # ICRP 72 gives no type F coefficient for cobalt
    with pytest.raises(KeyError):
        inhalation_dose_sv("Co-60", 1.0, "F")
    with pytest.raises(ValueError):
        inhalation_dose_sv("Cs-137", 1.0, "X")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        inhalation_dose_sv("sarin", 1.0)


def test_cs137_groundshine_includes_ba137m_fgr12() -> None:
    # FGR 12 Table III.3: Ba-137m ground surface ≈ 5.8e-16 Sv·m²/(Bq·s); Cs-137 itself is
    # negligible; branching to Ba-137m 0.944 (ICRP 107): 5.8e-16 × 0.944 × 3600 = 1.97e-12 Sv/h per Bq/m²
    expected = 5.8e-16 * 0.944 * 3600.0
    assert groundshine_dose_rate_sv_h("Cs-137", 1.0) == pytest.approx(expected, rel=0.05)
    # 1 MBq/m² of Cs-137 on open ground: about 2 µSv/h
    assert groundshine_dose_rate_sv_h("cs-137", 1e6) == pytest.approx(2.0e-6, rel=0.05)


def test_groundshine_ordering_follows_photon_energy_per_decay() -> None:
    # Co-60 (2.5 MeV of gamma per decay) > Cs-137 (0.56 MeV) >> Am-241 (0.02 MeV), ICRP 107
    co, cs, am = (float(groundshine_dose_rate_sv_h(n, 1.0)) for n in ("Co-60", "Cs-137", "Am-241"))
    assert co > cs > 10 * am


def test_rdd_cloud_height_church_1969() -> None:
    # Church (1969) / HotSpot: H = 76·W^0.25 m with W in lb TNT; 100 lb -> 76·100^0.25 = 240.3 m
    assert rdd_cloud_height_m(100.0 / 2.204623) == pytest.approx(240.3, rel=1e-3)


def test_rdd_airborne_and_respirable_fractions_doe_hdbk_3010() -> None:
    # DOE-HDBK-3010-94 §4.3.1: airborne mass = TNT-equivalent mass; RF = 0.2
    assert rdd_aerosolised_fraction(1.0, 10.0) == pytest.approx(0.1)
    assert rdd_aerosolised_fraction(50.0, 10.0) == pytest.approx(1.0)
    assert rdd_respirable_fraction(1.0, 10.0) == pytest.approx(0.02)
    # HotSpot v3.0 default respirable deposition velocity 0.3 cm/s
    assert RESPIRABLE_DEPOSITION_VELOCITY_M_S == pytest.approx(0.003)


def test_blast_thresholds_are_glasstone_dolan_table_12_38() -> None:
    # G&D 1977 Table 12.38: eardrum threshold 5 psi, lung threshold 12, lethality 50 % 62 psi
    assert BLAST_THRESHOLDS_PSI["eardrum_rupture_threshold"] == 5.0
    assert BLAST_THRESHOLDS_PSI["lung_damage_threshold"] == 12.0
    assert BLAST_THRESHOLDS_PSI["lethality_50"] == 62.0


def test_blast_injury_radius_matches_its_overpressure() -> None:
    radius = blast_injury_radius_m(20.0, "eardrum_rupture_threshold")
    assert tnt_overpressure_kpa(radius, 20.0) == pytest.approx(5.0 * 6.894757, rel=1e-3)
    order = [blast_injury_radius_m(20.0, k) for k in ("eardrum_rupture_threshold", "lung_damage_threshold",
                                                       "lethality_threshold", "lethality_50")]
    assert order == sorted(order, reverse=True)


@given(st.floats(0.1, 5000.0), st.sampled_from(sorted(BLAST_THRESHOLDS_PSI)))
def test_blast_radius_scales_with_cube_root_of_charge(kg: float, threshold: str) -> None:
    # Hopkinson–Cranz scaling: same overpressure at the same Z = R / W^(1/3)
    assert blast_injury_radius_m(8 * kg, threshold) == pytest.approx(2 * blast_injury_radius_m(kg, threshold), rel=1e-9)


def test_ars_ld50_reproduced_waselenko_2004() -> None:
    # Waselenko et al. 2004: LD50/60 ~3.25-4 Gy without care (we take 3.5), 6-7 Gy with care (6.5)
    assert ars_lethality(3.5) == pytest.approx(0.5, abs=1e-6)
    assert ars_lethality(6.5, supportive_care=True) == pytest.approx(0.5, abs=1e-6)
    assert ars_lethality(5.0, supportive_care=True) < ars_lethality(5.0)


def test_ars_severity_bands_iaea_srs2() -> None:
    # IAEA/WHO SRS-2 (1998): mild 1-2 Gy, moderate 2-4, severe 4-8 (incl. very severe), lethal > 8
    got = ars_severity([0.5, 1.5, 3.0, 5.0, 7.0, 10.0])
    assert list(got) == ["none", "mild", "moderate", "severe", "severe", "lethal"]


def test_inhaled_activity_uses_breathing_rate() -> None:
    # 1.5 m³/h (0.025 m³/min): 1e6 Bq·s/m³ -> 1e6 × 0.025 / 60 = 416.7 Bq
    assert inhaled_activity_bq(1e6, breathing_rate_m3_min=0.025) == pytest.approx(416.67, rel=1e-4)
    assert inhaled_activity_bq(1e6) > 0  # default ICRP 66 light-exercise rate


@given(st.lists(st.floats(0.0, 50.0), min_size=2, max_size=20))
def test_lethality_monotone_bounded(doses: list[float]) -> None:
    d = np.sort(np.array(doses))
    p = ars_lethality(d)
    assert p.shape == d.shape
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) >= -1e-12)


@given(st.sampled_from(["Cs-137", "Co-60", "Ir-192", "Am-241", "Sr-90"]), st.floats(0.0, 1e12))
def test_doses_non_negative_linear_and_broadcast(nuclide: str, activity: float) -> None:
    grid = np.full((3, 4), activity)
    dose = inhalation_dose_sv(nuclide, grid)
    assert dose.shape == (3, 4) and np.all(dose >= 0)
    assert inhalation_dose_sv(nuclide, 2 * activity) == pytest.approx(2 * inhalation_dose_sv(nuclide, activity))
    assert groundshine_dose_rate_sv_h(nuclide, grid).shape == (3, 4)
