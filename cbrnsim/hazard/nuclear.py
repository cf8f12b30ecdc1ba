"""Nuclear detonation effects for the exercise engine: blast, thermal, prompt radiation, fallout.

Public API (numpy-broadcastable; distances in metres, yields in kt):

- :func:`overpressure_psi`, :func:`overpressure_radius_m` — air blast (see :mod:`.nuc_blast`).
- :func:`thermal_fluence_cal_cm2`, :func:`burn_radius_m` — thermal radiation and skin burns.
- :func:`prompt_dose_gy` — initial nuclear radiation (neutrons + gammas, first minute), floored
  at the fireball radius (:func:`fireball_radius_m`).
- :func:`fallout_dose_rate_gy_h`, :func:`fallout_dose_gy` — Glasstone & Dolan 1977 Table 9.93 idealized fallout (:mod:`.nuc_fallout`).
- :func:`injury_zone` — Planning Guidance damage zone of a place, for the engine.

Every reference number is read from ``agents/ind.yaml`` (sourced there). EXERCISE GRADE:
sea-level, flat, unobstructed terrain; no building shielding; not for operational use.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import NuclearAgent
from .nuc_blast import Burst, overpressure_psi, overpressure_radius_m
from .nuc_fallout import fallout_dose_gy, fallout_dose_rate_gy_h

__all__ = [
    "Burst", "burn_radius_m", "fallout_dose_gy", "fireball_radius_m", "fallout_dose_rate_gy_h", "injury_zone", "overpressure_psi",
    "overpressure_radius_m", "prompt_dose_gy", "thermal_fluence_cal_cm2",
]

CAL_PER_KT = 1.0e12
"""Calories per kiloton of TNT equivalent (Glasstone & Dolan 1977, §7.96 and Glossary)."""

KOSCHMIEDER_CONSTANT = 3.912
"""Extinction coefficient × visibility for a 2 % contrast threshold (Koschmieder 1924;
G&D 1977 §7.95 footnote 5 gives K ≈ 0.2 /km at 20 km visibility, i.e. the same relation)."""

DEFAULT_VISIBILITY_KM = 20.0
"""Clear urban day; G&D's reference curves use 12 miles (19 km)."""

FIREBALL_RADIUS_M_PER_KT04 = {"surface": 260.0 * 0.3048, "airburst": 200.0 * 0.3048}
"""Maximum fireball radius (m) per kt^0.4: 260·W^0.4 ft for a contact surface burst, 200·W^0.4
ft for an air burst — the fireball scales of the Nuclear Bomb Effects Computer (Fletcher et al.
1953, AEC CEX-62.2, the slide rule issued with Glasstone & Dolan's editions). Cross-check:
G&D 1977 §2.03 gives a 1-Mt air burst's fireball a maximum of about 5,700 ft across (radius
2,850 ft; the air-burst scale gives 3,170 ft, 11 % larger). A surface burst's fireball is the
larger because the ground reflects it (hemisphere of twice the yield: 2^0.4 = 1.32)."""

ZONES = ("severe_damage", "moderate_damage", "light_damage", "none")
"""Labels returned by :func:`injury_zone`, from ground zero outwards."""


def _agent() -> NuclearAgent:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent


def _positive(name: str, value: ArrayLike) -> NDArray[np.float64]:
    array = np.asarray(value, dtype=float)
    if np.any(array <= 0):
        raise ValueError(f"{name} must be positive")
    return array


def _thermal_partition(burst: Burst) -> float:
    thermal = _agent().thermal
    if burst == "surface":
        return thermal.partition_surface.value
    if burst == "airburst":
        return thermal.partition_airburst.value
    raise ValueError(f"burst must be 'surface' or 'airburst', not {burst!r}")


def transmittance(distance_m: ArrayLike, visibility_km: ArrayLike = DEFAULT_VISIBILITY_KM) -> NDArray[np.float64]:
    """Atmospheric transmittance of thermal radiation (direct + scattered), a simplification.

    G&D §7.13: out to about half the visibility the received energy is insensitive to the
    visibility and may be taken as unattenuated (a deliberate overestimate); beyond, we apply
    the Koschmieder extinction to the extra path. cbrnsim simplification, not a G&D curve.
    """
    d_km = np.asarray(distance_m, dtype=float) / 1000.0
    v_km = _positive("visibility_km", visibility_km)
    excess_km = np.maximum(d_km - 0.5 * v_km, 0.0)
    return np.exp(-KOSCHMIEDER_CONSTANT * excess_km / v_km)


def thermal_fluence_cal_cm2(yield_kt: ArrayLike, distance_m: ArrayLike, burst: Burst = "surface",
                            visibility_km: ArrayLike = DEFAULT_VISIBILITY_KM) -> NDArray[np.float64]:
    """Radiant exposure (cal/cm²) on a surface facing the fireball: Q = f·W·T / (4πD²).

    G&D 1977 eq. 7.96.1-2, with D the distance in cm and 1 kt = 1e12 cal; the distance is
    taken as the slant range (ground distance for a surface burst).
    """
    w = _positive("yield_kt", yield_kt)
    d_cm = _positive("distance_m", distance_m) * 100.0
    f = _thermal_partition(burst)
    return f * w * CAL_PER_KT * transmittance(d_cm / 100.0, visibility_km) / (4.0 * np.pi * d_cm**2)


def burn_threshold_cal_cm2(yield_kt: ArrayLike, degree: int) -> NDArray[np.float64]:
    """Radiant exposure for 50 % incidence of a burn of this degree on bare skin, vs yield."""
    burns = _agent().thermal.burns
    table = {1: burns.first_degree_cal_cm2, 2: burns.second_degree_cal_cm2, 3: burns.third_degree_cal_cm2}
    if degree not in table:
        raise ValueError("degree must be 1, 2 or 3")
    log_w = np.log10(_positive("yield_kt", yield_kt))
    # np.interp holds the end values outside the table: below 20 kt the 20 kt row (see ind.yaml)
    return np.interp(log_w, np.log10(burns.yields_kt), table[degree])


def burn_radius_m(yield_kt: ArrayLike, degree: int, burst: Burst = "surface",
                  visibility_km: ArrayLike = DEFAULT_VISIBILITY_KM) -> NDArray[np.float64]:
    """Distance (m) out to which 50 % of exposed people get burns of at least this degree."""
    w = _positive("yield_kt", yield_kt)
    q = burn_threshold_cal_cm2(w, degree)
    f = _thermal_partition(burst)
    unattenuated_m = np.sqrt(f * w * CAL_PER_KT / (4.0 * np.pi * q)) / 100.0
    return _bisect_distance(lambda d: thermal_fluence_cal_cm2(w, d, burst, visibility_km) - q,
                            np.broadcast_to(unattenuated_m, np.broadcast(unattenuated_m, visibility_km).shape))


def _bisect_distance(excess, upper_m: NDArray[np.float64], iterations: int = 60) -> NDArray[np.float64]:
    """Largest d in (0, upper] with excess(d) >= 0, for excess decreasing in d (vectorised)."""
    low = np.full_like(upper_m, 1e-3, dtype=float)
    high = np.array(upper_m, dtype=float)
    for _ in range(iterations):  # iterations, not receptors: every receptor moves at once
        mid = 0.5 * (low + high)
        inside = excess(mid) >= 0
        low = np.where(inside, mid, low)
        high = np.where(inside, high, mid)
    return 0.5 * (low + high)


def fireball_radius_m(yield_kt: ArrayLike, burst: Burst = "surface") -> NDArray[np.float64]:
    """Maximum radius (m) of the fireball: :data:`FIREBALL_RADIUS_M_PER_KT04` × W^0.4."""
    if burst not in FIREBALL_RADIUS_M_PER_KT04:
        raise ValueError(f"burst must be 'surface' or 'airburst', not {burst!r}")
    return FIREBALL_RADIUS_M_PER_KT04[burst] * _positive("yield_kt", yield_kt) ** 0.4


def prompt_dose_gy(yield_kt: ArrayLike, distance_m: ArrayLike, burst: Burst = "surface") -> NDArray[np.float64]:
    """Initial nuclear radiation dose (Gy, free field, unshielded): D = k·W·exp(-R/λ)/R².

    Fit to G&D 1977 Ch. VIII (see agents/ind.yaml); valid ~300-2500 m slant range for fission
    yields up to ~20 kt (hydrodynamic enhancement of the fission-product gammas at higher
    yields is not modelled). Below 300 m the dose is far above lethal in any case. The range is
    floored at the fireball's maximum radius (:func:`fireball_radius_m`): nobody survives inside
    the fireball to receive a dose, and the 1/R² law would otherwise reach 10⁸ Gy and more at
    ground zero (5.5×10⁸ Gy at 1 m for 10 kt), an absurd figure in outputs.
    """
    ref = _agent().prompt_radiation
    w = _positive("yield_kt", yield_kt)
    r = np.maximum(np.asarray(distance_m, dtype=float), fireball_radius_m(w, burst))
    return ref.k_gy_m2_per_kt.value * w * np.exp(-r / ref.relaxation_length_m.value) / r**2


def zone_radii_m(yield_kt: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Outer radii (m) of the severe, moderate and light damage zones at this yield.

    Planning Guidance (2010) radii at 10 kt, scaled by (Y/10)^(1/3) like the blast that
    defines them (G&D §3.60).
    """
    zones = _agent().damage_zones
    scale = np.cbrt(_positive("yield_kt", yield_kt) / zones.reference_yield_kt.value)
    return (zones.severe_damage_radius_m.value * scale, zones.moderate_damage_radius_m.value * scale,
            zones.light_damage_radius_m.value * scale)


def injury_zone(yield_kt: ArrayLike, distance_m: ArrayLike) -> NDArray[np.str_]:
    """Planning Guidance damage zone at a distance from ground zero: one of :data:`ZONES`."""
    severe, moderate, light = zone_radii_m(yield_kt)
    d = np.asarray(distance_m, dtype=float)
    return np.select([d <= severe, d <= moderate, d <= light], list(ZONES[:3]), default=ZONES[3])
