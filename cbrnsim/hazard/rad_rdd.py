"""Radiological dispersal device (RDD): explosive cloud rise, airborne fractions, blast injury.

- Cloud rise: H = 76·W^0.25 m with W in pounds of TNT (Church 1969, SC-RR-68-903, as used by
  HotSpot for its explosive release model: Homann & Aluzzi, HotSpot User's Guide v3.0,
  LLNL-SM-636474, 2014). The height is the top of the stabilised cloud, the height to which
  the activity is mixed initially.
- Airborne and respirable fractions: DOE-HDBK-3010-94 (§4.3.1, detonation of solids) bounding
  values: a mass of material equal to the TNT-equivalent mass is made airborne (ARF = 1 for
  that mass), with respirable fraction 0.2. HotSpot's explosive default is the same RF.
- Deposition velocity of the respirable fraction: 0.3 cm/s (HotSpot default for respirable
  particles; non-respirable 8 cm/s).
- Blast injury: Kinney & Graham (1985) free-air peak overpressure for TNT, Z = R/W^(1/3),
  with a surface-burst reflection factor 1.8 on the charge mass (UFC 3-340-02 practice for
  hemispherical bursts on soil), and the human overpressure criteria of Glasstone & Dolan
  1977 Table 12.38. Those criteria are for long-duration nuclear pulses; short HE pulses need
  higher pressures for the same injury (Bowen et al. 1968), so radii here are conservative.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

LB_PER_KG = 2.204623
"""Pounds (avoirdupois) per kilogram."""

KPA_SEA_LEVEL = 101.325
"""Standard atmosphere, kPa (Kinney & Graham's P0)."""

KPA_PER_PSI = 6.894757
"""Kilopascals per psi."""

SURFACE_REFLECTION_FACTOR = 1.8
"""Effective charge multiplier for a hemispherical surface burst on ordinary ground (UFC 3-340-02,
Ch. 2; 2.0 would be a perfectly rigid surface)."""

RESPIRABLE_FRACTION = 0.2
"""Fraction of the airborne mass in respirable particles (≤ 10 µm AED); DOE-HDBK-3010-94 §4.3.1."""

RESPIRABLE_DEPOSITION_VELOCITY_M_S = 0.003
"""Dry deposition velocity of respirable particles, m/s (HotSpot v3.0 default, 0.3 cm/s)."""

NON_RESPIRABLE_DEPOSITION_VELOCITY_M_S = 0.08
"""Dry deposition velocity of non-respirable particles, m/s (HotSpot v3.0 default, 8 cm/s)."""

BLAST_THRESHOLDS_PSI: dict[str, float] = {
    "eardrum_rupture_threshold": 5.0,   # G&D 1977 Table 12.38
    "eardrum_rupture_50": 15.0,         # G&D 1977 Table 12.38: 15-20 psi (> 20 years old); lower bound
    "lung_damage_threshold": 12.0,      # G&D 1977 Table 12.38: 12 (8-15)
    "lung_damage_severe": 25.0,         # G&D 1977 Table 12.38: 25 (20-30)
    "lethality_threshold": 40.0,        # G&D 1977 Table 12.38: 40 (30-50)
    "lethality_50": 62.0,               # G&D 1977 Table 12.38: 62 (50-75)
    "lethality_near_100": 92.0,         # G&D 1977 Table 12.38: 92 (75-115)
}
"""Peak overpressures (psi) for direct (primary) blast effects in man, fast-rising long pulses."""

_Z_GRID = np.geomspace(0.05, 500.0, 4000)
"""Scaled distances (m/kg^(1/3)) of the inversion table."""


def rdd_cloud_height_m(explosive_kg_tnt: ArrayLike) -> NDArray[np.float64]:
    """Top of the stabilised explosive cloud (m): H = 76·W^0.25, W in lb TNT (Church 1969)."""
    w_lb = np.asarray(explosive_kg_tnt, dtype=float) * LB_PER_KG
    if np.any(w_lb <= 0):
        raise ValueError("explosive_kg_tnt must be positive")
    return 76.0 * w_lb**0.25


def rdd_aerosolised_fraction(explosive_kg_tnt: ArrayLike, material_kg: ArrayLike) -> NDArray[np.float64]:
    """Fraction of the radioactive material made airborne: TNT mass / material mass, at most 1.

    DOE-HDBK-3010-94 §4.3.1 bounding value for detonations (material in contact with the
    explosive, airborne mass equal to the TNT-equivalent mass).
    """
    tnt = np.asarray(explosive_kg_tnt, dtype=float)
    mass = np.asarray(material_kg, dtype=float)
    if np.any(tnt < 0) or np.any(mass <= 0):
        raise ValueError("explosive_kg_tnt must be >= 0 and material_kg > 0")
    return np.minimum(tnt / mass, 1.0)


def rdd_respirable_fraction(explosive_kg_tnt: ArrayLike, material_kg: ArrayLike) -> NDArray[np.float64]:
    """Fraction of the material both airborne and respirable: ARF × RF (DOE-HDBK-3010-94)."""
    return rdd_aerosolised_fraction(explosive_kg_tnt, material_kg) * RESPIRABLE_FRACTION


def tnt_overpressure_kpa(distance_m: ArrayLike, explosive_kg_tnt: ArrayLike, surface: bool = True) -> NDArray[np.float64]:
    """Peak side-on overpressure (kPa) of a TNT charge (Kinney & Graham 1985, eq. for chemical
    explosions: P/P0 = 808[1+(Z/4.5)²] / sqrt([1+(Z/0.048)²][1+(Z/0.32)²][1+(Z/1.35)²]))."""
    w = np.asarray(explosive_kg_tnt, dtype=float) * (SURFACE_REFLECTION_FACTOR if surface else 1.0)
    if np.any(w <= 0):
        raise ValueError("explosive_kg_tnt must be positive")
    return _kinney_graham_ratio(np.asarray(distance_m, dtype=float) / np.cbrt(w)) * KPA_SEA_LEVEL


def _kinney_graham_ratio(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return 808.0 * (1 + (z / 4.5) ** 2) / np.sqrt((1 + (z / 0.048) ** 2) * (1 + (z / 0.32) ** 2) * (1 + (z / 1.35) ** 2))


def blast_injury_radius_m(explosive_kg_tnt: ArrayLike, threshold: str | float, surface: bool = True) -> NDArray[np.float64]:
    """Distance (m) within which the peak overpressure exceeds an injury threshold.

    `threshold` is a key of :data:`BLAST_THRESHOLDS_PSI` or a pressure in psi.
    """
    psi = BLAST_THRESHOLDS_PSI[threshold] if isinstance(threshold, str) else float(threshold)
    if psi <= 0:
        raise ValueError("threshold pressure must be positive")
    ratio = psi * KPA_PER_PSI / KPA_SEA_LEVEL
    table = _kinney_graham_ratio(_Z_GRID)  # decreasing in Z
    z = np.exp(np.interp(np.log(ratio), np.log(table[::-1]), np.log(_Z_GRID[::-1])))
    w = np.asarray(explosive_kg_tnt, dtype=float) * (SURFACE_REFLECTION_FACTOR if surface else 1.0)
    if np.any(w <= 0):
        raise ValueError("explosive_kg_tnt must be positive")
    return z * np.cbrt(w)
