"""Dispersion coefficients (sigmas) and the steady Gaussian plume, exercise grade.

Formulas and sources
--------------------
Steady plume with total reflection at the ground (Turner 1970, AP-26, ch. 3; ISC3
EPA-454/B-95-003b vol. II eq. 1-1 without the mixing-lid terms)::

    C(x,y,z) = Q / (2 pi u sy sz) * exp(-y^2 / 2 sy^2)
               * [exp(-(z-H)^2 / 2 sz^2) + exp(-(z+H)^2 / 2 sz^2)],   x > 0;  0 for x <= 0

Sigma schemes (``x`` downwind distance):

- ``"briggs"``: Briggs (1973) interpolation formulas, open country (rural) and urban
  (McElroy–Pooler St Louis data), as tabulated in Hanna, Briggs & Hosker (1982),
  *Handbook on Atmospheric Diffusion*, DOE/TIC-11223, and in Griffiths (1994), Atmos.
  Environ. 28:2861 (table numbers not re-checked offline; the urban set is also ISC3
  vol. II Tables 1-3 and 1-4). Intended range 100 m – 10 km.
- ``"pasquill-gifford"``: the ISC3 curve fits of the Pasquill–Gifford curves,
  EPA-454/B-95-003b vol. II, Table 1-1 (sigma_y) and Table 1-2 (sigma_z). In urban
  terrain ISC3 itself uses the Briggs urban formulas (vol. II, Tables 1-3 and 1-4), and so
  does this module.

Everything here is EXERCISE GRADE: flat terrain, no plume rise, no building wake, no
mixing lid, averaging time about 10 minutes (that of the P-G curves). See
``docs/models-dispersion.md`` for validity limits and what the code does outside them.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cbrnsim.hazard.meteo import (
    check_stability,
    check_terrain,
    clamp_wind_speed_m_s,
    downwind_unit_vector,
)

SCHEMES: tuple[str, ...] = ("briggs", "pasquill-gifford")
"""Names accepted by the ``scheme`` argument."""

MIN_DISTANCE_M: float = 1.0
"""Sigma curves are evaluated at no less than this distance: every fit behaves like
``a*x`` near the source and would give zero spread at the source itself. The sigmas are
only published from 100 m; below that they are an extrapolation (see the model notes)."""

MAX_SIGMA_Z_M: float = 5000.0
"""ISC3 caps sigma_z at 5000 m (EPA-454/B-95-003b vol. II, Table 1-2, footnote)."""

# Briggs (1973) sigma_y = a x (1 + b x)^-1/2 and sigma_z = c x (1 + d x)^e, x in metres.
# Source: Briggs (1973) as tabulated in Hanna, Briggs & Hosker (1982) DOE/TIC-11223 and
# Griffiths (1994) Atmos. Environ. 28:2861; urban also ISC3 vol. II Tables 1-3, 1-4.
_BRIGGS: dict[str, dict[str, tuple[float, float, float, float, float]]] = {
    "rural": {  # (a, b, c, d, e) open country
        "A": (0.22, 0.0001, 0.20, 0.0, 0.0),
        "B": (0.16, 0.0001, 0.12, 0.0, 0.0),
        "C": (0.11, 0.0001, 0.08, 0.0002, -0.5),
        "D": (0.08, 0.0001, 0.06, 0.0015, -0.5),
        "E": (0.06, 0.0001, 0.03, 0.0003, -1.0),
        "F": (0.04, 0.0001, 0.016, 0.0003, -1.0),
    },
    "urban": {  # McElroy-Pooler fit; also ISC3 vol. II Tables 1-3 and 1-4
        "A": (0.32, 0.0004, 0.24, 0.001, 0.5),
        "B": (0.32, 0.0004, 0.24, 0.001, 0.5),
        "C": (0.22, 0.0004, 0.20, 0.0, 0.0),
        "D": (0.16, 0.0004, 0.14, 0.0003, -0.5),
        "E": (0.11, 0.0004, 0.08, 0.0015, -0.5),
        "F": (0.11, 0.0004, 0.08, 0.0015, -0.5),
    },
}

# ISC3 sigma_y: 465.11628 x tan(TH), TH = 0.017453293 (c - d ln x), x in km.
# Source: EPA-454/B-95-003b vol. II, Table 1-1.
_ISC3_SIGMA_Y_CD: dict[str, tuple[float, float]] = {
    "A": (24.1670, 2.5334),
    "B": (18.3330, 1.8096),
    "C": (12.5000, 1.0857),
    "D": (8.3330, 0.72382),
    "E": (6.2500, 0.54287),
    "F": (4.1667, 0.36191),
}

# ISC3 sigma_z = a x^b (x in km, sigma_z in m) by distance range: (upper bounds of all
# ranges but the last, km), (a per range), (b per range).
# Source: EPA-454/B-95-003b vol. II, Table 1-2.  A beyond 3.11 km: sigma_z = 5000 m.
_ISC3_SIGMA_Z: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {
    "A": (
        (0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50, 3.11),
        (122.800, 158.080, 170.220, 179.520, 217.410, 258.890, 346.750, 453.850, 5000.0),
        (0.94470, 1.05420, 1.09320, 1.12620, 1.26440, 1.40940, 1.72830, 2.11660, 0.0),
    ),
    "B": ((0.20, 0.40), (90.673, 98.483, 109.300), (0.93198, 0.98332, 1.09710)),
    "C": ((), (61.141,), (0.91465,)),
    "D": (
        (0.30, 1.00, 3.00, 10.00, 30.00),
        (34.459, 32.093, 32.093, 33.504, 36.650, 44.053),
        (0.86974, 0.81066, 0.64403, 0.60486, 0.56589, 0.51179),
    ),
    "E": (
        (0.10, 0.30, 1.00, 2.00, 4.00, 10.00, 20.00, 40.00),
        (24.260, 23.331, 21.628, 21.628, 22.534, 24.703, 26.970, 35.420, 47.618),
        (0.83660, 0.81956, 0.75660, 0.63077, 0.57154, 0.50527, 0.46713, 0.37615, 0.29592),
    ),
    "F": (
        (0.20, 0.70, 1.00, 2.00, 3.00, 7.00, 15.00, 30.00, 60.00),
        (15.209, 14.457, 13.953, 13.953, 14.823, 16.187, 17.836, 22.651, 27.074, 34.219),
        (0.81558, 0.78407, 0.68465, 0.63227, 0.54503, 0.46490, 0.41507, 0.32681, 0.27436,
         0.21716),
    ),
}


def _float_array(values: ArrayLike) -> NDArray[np.floating]:
    """Array in float32 if given float32, float64 otherwise (keeps fast paths fast)."""
    array = np.asarray(values)
    return array if array.dtype in (np.float32, np.float64) else array.astype(np.float64)


def _briggs(x_m: NDArray[np.floating], stability: str, terrain: str):
    a, b, c, d, e = _BRIGGS[terrain][stability]
    sigma_y = a * x_m / np.sqrt(1.0 + b * x_m)
    sigma_z = c * x_m if d == 0.0 else c * x_m * (1.0 + d * x_m) ** e
    return sigma_y, sigma_z


def _isc3_rural(x_m: NDArray[np.floating], stability: str):
    x_km = x_m * 1e-3
    c, d = _ISC3_SIGMA_Y_CD[stability]
    theta_rad = 0.017453293 * (c - d * np.log(x_km))
    sigma_y = 465.11628 * x_km * np.tan(theta_rad)
    bounds, a_coef, b_coef = _ISC3_SIGMA_Z[stability]
    segment = np.searchsorted(np.asarray(bounds), x_km, side="left")
    a = np.asarray(a_coef, dtype=x_m.dtype)[segment]
    b = np.asarray(b_coef, dtype=x_m.dtype)[segment]
    sigma_z = np.minimum(a * x_km**b, MAX_SIGMA_Z_M)
    return sigma_y, sigma_z


def _sigmas_one_class(x_m, stability: str, terrain: str, scheme: str):
    if scheme == "pasquill-gifford" and terrain == "rural":
        return _isc3_rural(x_m, stability)
    return _briggs(x_m, stability, terrain)


def sigmas(
    x_m: ArrayLike,
    stability: str | ArrayLike,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """Lateral and vertical dispersion coefficients (sigma_y_m, sigma_z_m).

    ``x_m`` is the downwind distance in metres (any shape; values below
    :data:`MIN_DISTANCE_M` are raised to it). ``stability`` is a class letter A–F, or an
    array of letters broadcastable with ``x_m``. ``terrain`` is "rural" or "urban";
    ``scheme`` is "briggs" or "pasquill-gifford" (ISC3 fits; urban → Briggs urban as ISC3).
    """
    terrain = check_terrain(terrain)
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    x = np.maximum(_float_array(x_m), MIN_DISTANCE_M)
    if isinstance(stability, str):
        return _sigmas_one_class(x, check_stability(stability), terrain, scheme)
    classes = np.asarray(stability)
    x, classes = np.broadcast_arrays(x, classes)
    sigma_y = np.empty(x.shape, dtype=x.dtype)
    sigma_z = np.empty(x.shape, dtype=x.dtype)
    for letter in np.unique(classes):
        mask = classes == letter
        sigma_y[mask], sigma_z[mask] = _sigmas_one_class(
            x[mask], check_stability(letter), terrain, scheme
        )
    return sigma_y, sigma_z


def vertical_factor(
    z_m: ArrayLike, release_height_m: ArrayLike, sigma_z_m: ArrayLike
) -> NDArray[np.floating]:
    """exp(-(z-H)^2/2sz^2) + exp(-(z+H)^2/2sz^2): the source and its ground image."""
    z = np.asarray(z_m)
    h = np.asarray(release_height_m)
    inv = -0.5 / np.square(sigma_z_m)
    return np.exp(np.square(z - h) * inv) + np.exp(np.square(z + h) * inv)


def plume_concentration(
    rate_g_s: ArrayLike,
    wind_m_s: ArrayLike,
    x_m: ArrayLike,
    y_m: ArrayLike,
    z_m: ArrayLike,
    release_height_m: ArrayLike,
    stability: str,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> NDArray[np.floating]:
    """Steady Gaussian plume concentration in g/m³ at wind-frame points.

    ``x_m`` downwind and ``y_m`` crosswind of the source, ``z_m`` above ground; all
    arguments broadcast. Ground reflection is total; upwind (x <= 0) is zero. Wind speeds
    below 1 m/s are raised to 1 m/s (:data:`cbrnsim.hazard.meteo.MIN_WIND_SPEED_M_S`).
    """
    x = _float_array(x_m)
    u = clamp_wind_speed_m_s(wind_m_s).astype(x.dtype)
    sigma_y, sigma_z = sigmas(x, stability, terrain, scheme)
    lateral = np.exp(-0.5 * np.square(np.asarray(y_m, dtype=x.dtype) / sigma_y))
    vertical = vertical_factor(np.asarray(z_m, dtype=x.dtype), release_height_m, sigma_z)
    concentration = np.asarray(rate_g_s, dtype=x.dtype) / (2.0 * math.pi * u * sigma_y * sigma_z)
    return np.where(x > 0.0, concentration * lateral * vertical, 0.0)


def plume_concentration_wind_grid(
    rate_g_s: float,
    wind_m_s: float,
    downwind_m: ArrayLike,
    crosswind_m: ArrayLike,
    z_m: float,
    release_height_m: float,
    stability: str,
    terrain: str = "rural",
    scheme: str = "briggs",
    dtype: type = np.float32,
) -> NDArray[np.floating]:
    """Steady plume on a wind-aligned grid, shape (len(crosswind_m), len(downwind_m)).

    Same physics as :func:`plume_concentration`, evaluated separably: sigmas, the
    vertical term and the amplitude once per downwind column, then one outer product in
    the exponent. Float32 by default (relative error against float64 below 1e-5 where the
    concentration exceeds 1e-6 of the grid maximum; see benchmarks/README.md).
    """
    x = np.asarray(downwind_m, dtype=dtype)
    y = np.asarray(crosswind_m, dtype=dtype)
    sigma_y, sigma_z = sigmas(x, stability, terrain, scheme)
    u = float(clamp_wind_speed_m_s(wind_m_s))
    amplitude = rate_g_s / (2.0 * math.pi * u * sigma_y * sigma_z)
    amplitude *= vertical_factor(dtype(z_m), dtype(release_height_m), sigma_z)
    amplitude = np.where(x > 0.0, amplitude, 0.0).astype(dtype)
    exponent = np.multiply.outer(np.square(y), (-0.5 / np.square(sigma_y)).astype(dtype))
    return np.exp(exponent, out=exponent) * amplitude


def erf(x: ArrayLike) -> NDArray[np.floating]:
    """Vectorised error function, |error| < 1.5e-7 (Abramowitz & Stegun 1964, 7.1.26)."""
    x = np.asarray(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                          + t * 1.061405429))))
    return np.copysign(1.0 - poly * np.exp(-a * a), x)


class SigmaGrowth:
    """Grows puff sigmas along the curves of the current stability from each puff's
    virtual distance (where the curve equals its present sigma); sigmas never shrink."""

    def __init__(self, scheme: str) -> None:
        self._scheme = scheme
        self._tables: dict[tuple[str, str], tuple[NDArray, NDArray, NDArray]] = {}
        self._log_x = np.log(np.geomspace(1.0, 1e6, 1500))

    def _table(self, stability: str, terrain: str):
        key = (stability, terrain)
        if key not in self._tables:
            sy, sz = sigmas(np.exp(self._log_x), stability, terrain, self._scheme)
            self._tables[key] = (self._log_x, np.log(np.maximum.accumulate(sy)),
                                 np.log(np.maximum.accumulate(sz)))
        return self._tables[key]

    def grow(self, sh, sz, distance_m, stability: str, terrain: str):
        """(sigma_h, sigma_z) after a further ``distance_m`` of travel."""
        log_x, log_sy, log_sz = self._table(stability, terrain)
        x_h = np.exp(np.interp(np.log(sh), log_sy, log_x)) + distance_m
        x_z = np.exp(np.interp(np.log(sz), log_sz, log_x)) + distance_m
        new_sh = sigmas(x_h, stability, terrain, self._scheme)[0]
        new_sz = sigmas(x_z, stability, terrain, self._scheme)[1]
        return np.maximum(sh, new_sh), np.maximum(sz, new_sz)


def footprint_grid_m(
    source_east_m: float,
    source_north_m: float,
    wind_from_deg: float,
    downwind_length_m: float,
    half_width_m: float,
    cell_m: float,
    upwind_m: float = 0.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """East/north meshgrids (metres, indexing "xy") of an axis-aligned grid that covers
    the rotated footprint rectangle [−upwind, length] × [−half_width, half_width] of a
    source under the given wind. For drawing fields on a map."""
    ue, un = downwind_unit_vector(wind_from_deg)
    along = np.array([-upwind_m, downwind_length_m, downwind_length_m, -upwind_m])
    across = np.array([-half_width_m, -half_width_m, half_width_m, half_width_m])
    corners_e = source_east_m + along * ue - across * un
    corners_n = source_north_m + along * un + across * ue
    east = np.arange(corners_e.min(), corners_e.max() + cell_m, cell_m)
    north = np.arange(corners_n.min(), corners_n.max() + cell_m, cell_m)
    return np.meshgrid(east, north, indexing="xy")


def centreline_concentration(
    x_m: ArrayLike,
    wind_m_s: float,
    stability: str,
    *,
    rate_g_s: float | None = None,
    mass_g: float | None = None,
    release_height_m: float = 0.0,
    receptor_height_m: float = 0.0,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> NDArray[np.floating]:
    """Centreline concentration in g/m³ at downwind distances ``x_m``.

    Give ``rate_g_s`` for a steady plume, or ``mass_g`` for an instantaneous puff (then the
    value is the peak concentration as the puff centre passes, with sigma_x = sigma_y).
    """
    if (rate_g_s is None) == (mass_g is None):
        raise ValueError("give exactly one of rate_g_s (plume) or mass_g (puff)")
    x = _float_array(x_m)
    if rate_g_s is not None:
        return plume_concentration(
            rate_g_s, wind_m_s, x, 0.0, receptor_height_m, release_height_m,
            stability, terrain, scheme,
        )
    sigma_y, sigma_z = sigmas(x, stability, terrain, scheme)
    peak = mass_g / ((2.0 * math.pi) ** 1.5 * sigma_y**2 * sigma_z)
    return np.where(x > 0.0, peak * vertical_factor(receptor_height_m, release_height_m, sigma_z), 0.0)


def max_downwind_distance_m(
    threshold_g_m3: ArrayLike,
    wind_m_s: float,
    stability: str,
    *,
    rate_g_s: float | None = None,
    mass_g: float | None = None,
    release_height_m: float = 0.0,
    receptor_height_m: float = 0.0,
    terrain: str = "rural",
    scheme: str = "briggs",
    max_distance_m: float = 100_000.0,
    points: int = 4000,
) -> NDArray[np.float64]:
    """Farthest centreline distance (m) at which the concentration reaches each threshold.

    Vectorised over ``threshold_g_m3`` (e.g. all AEGL tiers at once). Searches a
    log-spaced centreline from :data:`MIN_DISTANCE_M` to ``max_distance_m`` and
    interpolates log-linearly inside the last bracketing interval. Returns 0 where the
    threshold is never reached and ``max_distance_m`` where it is still exceeded there.
    To threshold a dosage (g·s/m³) of a puff, pass ``rate_g_s=mass_g``: the time integral
    of a passing Gaussian puff equals the steady plume of rate M (integrate the puff
    formula over time at fixed receptor).
    """
    x = np.geomspace(MIN_DISTANCE_M, max_distance_m, points)
    concentration = centreline_concentration(
        x, wind_m_s, stability, rate_g_s=rate_g_s, mass_g=mass_g,
        release_height_m=release_height_m, receptor_height_m=receptor_height_m,
        terrain=terrain, scheme=scheme,
    ).astype(np.float64)
    thresholds = np.atleast_1d(np.asarray(threshold_g_m3, dtype=np.float64))
    reached = concentration[None, :] >= thresholds[:, None]
    any_reached = reached.any(axis=1)
    last = points - 1 - np.argmax(reached[:, ::-1], axis=1)
    inner = np.minimum(last, points - 2)
    c0 = np.maximum(concentration[inner], 1e-300)
    c1 = np.maximum(concentration[inner + 1], 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.log(c0 / thresholds) / np.log(c0 / c1)
    fraction = np.clip(np.nan_to_num(fraction, nan=0.0), 0.0, 1.0)
    distance = np.exp(np.log(x[inner]) + fraction * (np.log(x[inner + 1]) - np.log(x[inner])))
    distance = np.where(last == points - 1, max_distance_m, distance)
    result = np.where(any_reached, distance, 0.0)
    return result.reshape(np.shape(threshold_g_m3))
