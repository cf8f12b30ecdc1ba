"""Radiological threat zones: distance to total-effective-dose thresholds and blast-injury rings.

Dose to a person outdoors and unsheltered, on the plume axis, from the time-integrated air
concentration chi (Bq·s/m³) of a Gaussian plume (the time integral of a passing puff equals
the steady plume of rate = activity, Hanna, Briggs & Hosker 1982 §2):

- inhalation: chi × breathing rate (ICRP 66, light exercise) × ICRP 72 coefficient of the
  respirable fraction (cbrnsim.hazard.radiological);
- groundshine for 4 days: deposition v_d × chi × FGR 12 dose-rate coefficient × the decayed
  exposure time (1 − e^(−λT))/λ, T = 96 h; respirable (0.3 cm/s) and non-respirable (8 cm/s)
  particles deposit separately (HotSpot v3.0 defaults, cbrnsim.hazard.rad_rdd);
- cloudshine: chi × FGR 12 air-submersion coefficient (small);
- source depletion by deposition: Q(x) = Q0·exp(−(v_d/u)·sqrt(2/π)·∫ exp(−H²/2σz²)/σz dx)
  (Van der Hoven 1968; Hanna, Briggs & Hosker 1982 §8), so the coarse particles that fall
  out near the source are not counted twice.

An explosive (RDD) lifts the material into a cloud whose top is H = 76·W^0.25 (W in lb TNT,
Church 1969 as in HotSpot; cbrnsim.hazard.rad_rdd). The cloud is treated as an ISC3
surface-based volume source: centre at H/2, initial sigma_z = H/2.15 and initial sigma_y =
H/4.3 (the ISC3 rules for volume sources, ISC3 User's Guide vol. I, EPA-454/B-95-003a, table
of initial lateral and vertical dimensions; table number not re-checked), added in quadrature
to the Briggs sigmas; a cloud as wide as it is high is a cbrnsim assumption.

Thresholds over the first 4 days: 100 mSv (IAEA GSR Part 7, 2015, Appendix II, Table II.1:
generic criterion for urgent protective actions, 100 mSv in the first 7 days), 10 mSv (US EPA
PAG Manual, EPA-400/R-17/001, 2017, Table 1-1: shelter or evacuate at 1–5 rem projected over
four days; lower bound), 1 mSv (ICRP Publication 103, 2007, Table 8: annual public limit).
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ..agentlib.radiological import RadiologicalAgent
from ..hazard.dispersion import sigmas
from ..hazard.physiology import breathing_rate_m3_min
from ..hazard.rad_rdd import (
    BLAST_THRESHOLDS_PSI,
    NON_RESPIRABLE_DEPOSITION_VELOCITY_M_S,
    RESPIRABLE_DEPOSITION_VELOCITY_M_S,
    RESPIRABLE_FRACTION,
    blast_injury_radius_m,
    rdd_cloud_height_m,
)
from ..hazard.radiological import groundshine_dose_rate_sv_h, inhalation_dose_sv
from ..scenario import Release, WeatherObservation
from .picture import Circles, HazardPicture, weather_speed_m_s
from .plumes import PlumeField
from .zones import TierSpec

GROUNDSHINE_HOURS = 96.0
"""Projection period of the early-phase PAG: four days (EPA PAG Manual 2017, Table 1-1)."""

HOURS_PER_YEAR = 8766.0
"""Julian year in hours (365.25 d)."""

DOSE_TIERS: tuple[TierSpec, ...] = (
    TierSpec(3, "100 mSv", "radiation dose", 100.0, "mSv (4 d)",
             "urgent protective actions (shelter, evacuate) justified under almost any circumstances",
             "IAEA GSR Part 7 (2015) Appendix II, Table II.1: 100 mSv in the first 7 days"),
    TierSpec(2, "10 mSv", "radiation dose", 10.0, "mSv (4 d)",
             "shelter in place or evacuate (lower bound of the early-phase PAG)",
             "US EPA PAG Manual EPA-400/R-17/001 (2017) Table 1-1: 1–5 rem projected over 4 days"),
    TierSpec(1, "1 mSv", "radiation dose", 1.0, "mSv (4 d)",
             "above the annual dose limit for the public; monitoring and public information",
             "ICRP Publication 103 (2007) Table 8: public limit 1 mSv in a year"),
)
"""Total effective dose tiers (4-day projection, unsheltered, outdoors)."""

BLAST_TIERS: tuple[tuple[str, int, str], ...] = (
    ("lethality_threshold", 3, "threshold of death from direct blast"),
    ("lung_damage_threshold", 2, "threshold of lung damage"),
    ("eardrum_rupture_threshold", 1, "threshold of eardrum rupture"),
)
"""Blast thresholds of cbrnsim.hazard.rad_rdd (Glasstone & Dolan 1977 Table 12.38) drawn as rings."""


def _groundshine_hours(agent: RadiologicalAgent) -> float:
    """Hours of exposure in 4 days to a deposit that decays with the nuclide's half-life."""
    decay_per_h = math.log(2.0) / (agent.half_life_y.value * HOURS_PER_YEAR)
    return -math.expm1(-decay_per_h * GROUNDSHINE_HOURS) / decay_per_h


def _depletion(x: NDArray[np.float64], sigma_z: NDArray[np.float64], height_m: float,
               u: float, vd_m_s: float) -> NDArray[np.float64]:
    """Fraction of the plume left airborne at each x after dry deposition (source depletion)."""
    integrand = np.exp(-0.5 * (height_m / sigma_z) ** 2) / sigma_z
    steps = np.diff(x) * 0.5 * (integrand[1:] + integrand[:-1])
    integral = np.concatenate([[x[0] * integrand[0]], x[0] * integrand[0] + np.cumsum(steps)])
    return np.exp(-(vd_m_s / u) * math.sqrt(2.0 / math.pi) * integral)


def dose_field(release: Release, agent: RadiologicalAgent, weather: WeatherObservation,
               share: float) -> PlumeField:
    """4-day total effective dose (mSv) ratio to each tier along the plume axis."""
    u = weather_speed_m_s(weather)
    stability, terrain = weather.stability, weather.terrain
    airborne_bq = (release.activity_bq or 0.0) * release.airborne_fraction * share
    explosive = release.explosive_kg_tnt
    if explosive is not None:
        top_m = float(rdd_cloud_height_m(explosive))
        height, sz0, sy0, respirable = top_m / 2.0, top_m / 2.15, top_m / 4.3, RESPIRABLE_FRACTION
    else:
        height, sz0, sy0, respirable = release.height_m, 0.0, 0.0, 1.0
    nuclide = agent.nuclide
    inhal_sv_per_bq_s_m3 = float(inhalation_dose_sv(nuclide, breathing_rate_m3_min() / 60.0))
    ground_sv_per_bq_m2 = float(groundshine_dose_rate_sv_h(nuclide, 1.0)) * _groundshine_hours(agent)
    cloud_sv_per_bq_s_m3 = agent.cloudshine_sv_h_per_bq_m3.value / 3600.0
    classes = ((respirable, RESPIRABLE_DEPOSITION_VELOCITY_M_S, True),
               (1.0 - respirable, NON_RESPIRABLE_DEPOSITION_VELOCITY_M_S, False))
    levels_msv = np.array([t.threshold for t in DOSE_TIERS])[:, None]

    def sigma_y(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.hypot(sigmas(x, stability, terrain)[0], sy0)

    def centre(x: NDArray[np.float64]) -> NDArray[np.float64]:
        sy = sigma_y(x)
        sz = np.hypot(sigmas(x, stability, terrain)[1], sz0)
        grid = np.geomspace(0.5, max(float(np.max(x)), 1.0), 2000)
        grid_sz = np.hypot(sigmas(grid, stability, terrain)[1], sz0)
        dose_sv = np.zeros_like(x, dtype=float)
        for fraction, vd, breathable in classes:  # two particle classes
            if fraction <= 0:
                continue
            left = np.interp(x, grid, _depletion(grid, grid_sz, height, u, vd))
            chi = fraction * airborne_bq * left / (math.pi * u * sy * sz) * np.exp(-0.5 * (height / sz) ** 2)
            dose_sv += chi * (vd * ground_sv_per_bq_m2 + cloud_sv_per_bq_s_m3
                              + (inhal_sv_per_bq_s_m3 if breathable else 0.0))
        return np.where(x > 0, dose_sv * 1000.0, 0.0)[None, :] / levels_msv

    return PlumeField(DOSE_TIERS, centre, sigma_y)


def blast_circles(explosive_kg_tnt: float) -> Circles:
    """Blast-injury rings of the explosive charge (surface burst)."""
    specs = tuple(TierSpec(level, f"{BLAST_THRESHOLDS_PSI[key]:g} psi", "blast injury", BLAST_THRESHOLDS_PSI[key],
                           "psi", meaning, "Glasstone & Dolan (1977) Table 12.38; Kinney & Graham (1985) TNT curve")
                  for key, level, meaning in BLAST_TIERS)
    radii = tuple(float(blast_injury_radius_m(explosive_kg_tnt, key)) for key, _, _ in BLAST_TIERS)
    return Circles(specs, radii)


def radiological_picture(release: Release, agent: RadiologicalAgent, weather: WeatherObservation) -> HazardPicture:
    """Dose zones (and blast rings for an explosive device) of a radiological release."""
    circles: tuple[Circles, ...] = ()
    notes = [f"Dose = inhalation (ICRP 72, type {agent.inhalation.default_type.value}) + groundshine over 4 days "
             "+ cloudshine, outdoors and unsheltered; sheltering indoors cuts it several-fold."]
    model = "Gaussian plume with dry deposition and source depletion"
    if release.explosive_kg_tnt is not None:
        circles = (blast_circles(release.explosive_kg_tnt),)
        top = float(rdd_cloud_height_m(release.explosive_kg_tnt))
        model = f"RDD: explosive cloud to {top:.0f} m, " + model
        notes.append(f"Respirable fraction {RESPIRABLE_FRACTION:g} of the airborne activity (DOE-HDBK-3010-94). "
                     "Fragments and debris reach well beyond the blast-injury rings (not modelled).")
    return HazardPicture(model=model, plume=lambda share: dose_field(release, agent, weather, share),
                         circles=circles, notes=tuple(notes))
