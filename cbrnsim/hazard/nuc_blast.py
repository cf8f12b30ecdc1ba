"""Nuclear air blast: peak overpressure vs ground range, by cube-root scaling from 1 kt.

Two reference relations, both for a sea-level atmosphere and an ideal (flat, rigid) surface:

- Surface burst: the DNA 1-kt free-air standard evaluated at twice the yield (Glasstone &
  Dolan 1977 §3.34: a contact burst over a rigid surface behaves as a free-air burst of 2W;
  the DNA BLAST code documentation states the same for its surface-burst results).
- Optimum air burst: the envelope over height of burst of Brode's (1987) analytic fit,
  i.e. for each ground range the highest overpressure any burst height can give there.

Cube-root (Sachs/Hopkinson) scaling, Glasstone & Dolan §3.60–3.64: a distance d1 at 1 kt
becomes d1·Y^(1/3) at Y kt for the same overpressure. Both directions (psi -> radius,
radius -> psi) go through the same 1-kt table, so the scaling is exact by construction.

Range of validity: about 1 to 1000 psi (Brode: ±10 %, worse above 700 kPa); sea level;
the envelope is clipped below by the surface-burst curve, where Brode's fit loses meaning.
"""
from __future__ import annotations

import functools
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import NuclearAgent

Burst = Literal["surface", "airburst"]
"""Type of burst: contact surface burst, or air burst at the optimum height for each range."""

PA_PER_PSI = 6894.757
"""Pascals per psi (exact definition of the avoirdupois pound and inch)."""

M_PER_KFT = 304.8
"""Metres per kilofoot."""

_FIT_FLOOR_PSI = 1.0
"""Lowest overpressure at which Brode's fit is used (its data, Carpenter 1978, reach ~1 psi)."""

_SCALED_RANGE_GRID_M = np.geomspace(5.0, 60_000.0, 1200)
"""Scaled ground ranges (m at 1 kt) of the reference tables."""


def _agent() -> NuclearAgent:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent


def dna_free_air_1kt_psi(slant_range_m: ArrayLike) -> NDArray[np.float64]:
    """DNA 1-kt free-air standard peak overpressure (psi) at a slant range in metres, sea level.

    P(Pa) = 3.04e11/r³ + 1.13e9/r² + 7.9e6 / (r·sqrt(ln(r/445.42 + 3·exp(-sqrt(r/445.42)/3))))
    (DNA standard as used in the BLAST code, Horizons Technology for DNA, 1984; also the basis
    of Brode 1987's fit).
    """
    r = np.asarray(slant_range_m, dtype=float)
    s = r / 445.42
    log_term = np.log(s + 3.0 * np.exp(-np.sqrt(s) / 3.0))
    pa = 3.04e11 / r**3 + 1.13e9 / r**2 + 7.9e6 / (r * np.sqrt(log_term))
    return pa / PA_PER_PSI


def _brode_1kt_psi(ground_kft: NDArray[np.float64], height_kft: NDArray[np.float64]) -> NDArray[np.float64]:
    """Brode (1987) fit: peak overpressure (psi) on an ideal surface, 1 kt, kilofeet."""
    x, y = ground_kft, height_kft
    r = np.sqrt(x**2 + y**2)
    z = y / x
    a = 1.22 - 3.908 * z**2 / (1 + 810.2 * z**5)
    b = (2.321 + 6.195 * z**18 / (1 + 1.113 * z**18) - 0.03831 * z**17 / (1 + 0.02415 * z**17)
         + 0.6692 / (1 + 4164 * z**8))
    c = 4.153 - 1.149 * z**18 / (1 + 1.641 * z**18) - 1.1 / (1 + 2.771 * z**2.5)
    d = -4.166 + 25.76 * z**1.75 / (1 + 1.382 * z**18) + 8.257 * z / (1 + 3.219 * z)
    e = 1 - 0.004642 * z**18 / (1 + 0.003886 * z**18)
    # 17.5 here; another public transcription has 17.15 (< 1 % on radii, see agents/ind.yaml)
    f = 0.6096 + 2.879 * z**9.25 / (1 + 2.359 * z**14.5) - 17.5 * z**2 / (1 + 71.66 * z**3)
    g = 1.83 + 5.361 * z**2 / (1 + 0.3139 * z**6)
    h = (8.808 * z**1.5 / (1 + 154.5 * z**3.5) - (0.2905 + 64.67 * z**5) / (1 + 441.5 * z**5)
         - 1.389 * z / (1 + 49.03 * z**5)
         + 1.094 * r**2 / ((781.2 - 123.4 * r + 37.98 * r**1.5 + r**2) * (1 + 2 * y)))
    j = 0.000629 * y**4 / (3.493e-9 + y**4) - 2.67 * y**2 / (1 + 1e7 * y**4.3)
    k = 5.18 + 0.2803 * y**3.5 / (3.788e-6 + y**4)
    return 10.47 / r**a + b / r**c + d * e / (1 + f * r**g) + h + j / r**k


def _surface_1kt_psi(scaled_range_m: ArrayLike) -> NDArray[np.float64]:
    factor = _agent().blast.surface_reflection_yield_factor.value
    return dna_free_air_1kt_psi(np.asarray(scaled_range_m, dtype=float) / factor ** (1.0 / 3.0))


@functools.cache
def _reference_table_psi(burst: Burst) -> tuple[NDArray[np.float64], ...]:
    """(scaled range m, overpressure psi) at 1 kt; monotone decreasing in range."""
    ranges = _SCALED_RANGE_GRID_M
    surface = _surface_1kt_psi(ranges)
    if burst == "surface":
        return ranges, surface
    hob_max = _agent().blast.optimum_hob_search_max_m_per_kt13.value
    heights_kft = np.linspace(1e-6, hob_max, 321)[:, None] / M_PER_KFT
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        brode = _brode_1kt_psi(ranges[None, :] / M_PER_KFT, heights_kft)
    envelope = np.fmax(np.nanmax(np.where(np.isfinite(brode), brode, np.nan), axis=0), surface)
    envelope = np.minimum.accumulate(envelope)
    return ranges, _continue_below_fit_range(ranges, envelope, surface)


def _continue_below_fit_range(ranges: NDArray[np.float64], envelope: NDArray[np.float64],
                              surface: NDArray[np.float64]) -> NDArray[np.float64]:
    """Below the fit's validity, follow the surface curve stretched to meet the envelope.

    Brode's fit tends to a constant (~0.04 psi) at large range, which is not physical; below
    _FIT_FLOOR_PSI the air-burst curve is the surface curve at the effective yield that gives
    the same range at _FIT_FLOOR_PSI (continuous, monotone).
    """
    def range_at(table: NDArray[np.float64]) -> float:
        return float(np.exp(np.interp(np.log(_FIT_FLOOR_PSI), np.log(table[::-1]), np.log(ranges[::-1]))))
    stretch = range_at(envelope) / range_at(surface)
    continued = _surface_1kt_psi(ranges / stretch)
    return np.where(envelope >= _FIT_FLOOR_PSI, envelope, continued)


def _check_burst(burst: str) -> Burst:
    if burst not in ("surface", "airburst"):
        raise ValueError(f"burst must be 'surface' or 'airburst', not {burst!r}")
    return burst  # type: ignore[return-value]


def _cube_root_yield(yield_kt: ArrayLike) -> NDArray[np.float64]:
    y = np.asarray(yield_kt, dtype=float)
    if np.any(y <= 0):
        raise ValueError("yield_kt must be positive")
    return np.cbrt(y)


def overpressure_psi(yield_kt: ArrayLike, distance_m: ArrayLike, burst: Burst = "surface") -> NDArray[np.float64]:
    """Peak static overpressure (psi) at a ground distance from ground zero."""
    ranges, psi = _reference_table_psi(_check_burst(burst))
    scaled = np.asarray(distance_m, dtype=float) / _cube_root_yield(yield_kt)
    scaled = np.clip(scaled, ranges[0], ranges[-1])
    return np.exp(np.interp(np.log(scaled), np.log(ranges), np.log(psi)))


def overpressure_radius_m(yield_kt: ArrayLike, psi: ArrayLike, burst: Burst = "surface") -> NDArray[np.float64]:
    """Ground distance (m) at which the peak overpressure falls to `psi` (inverse of the above)."""
    ranges, table_psi = _reference_table_psi(_check_burst(burst))
    p = np.asarray(psi, dtype=float)
    if np.any(p <= 0):
        raise ValueError("psi must be positive")
    # np.interp needs increasing x: walk the table from the far (low-pressure) end
    log_r1 = np.interp(np.log(p), np.log(table_psi[::-1]), np.log(ranges[::-1]))
    return np.exp(log_r1) * _cube_root_yield(yield_kt)
