"""Dense-gas dispersion after the Britter–McQuaid workbook, exercise grade.

Source: Britter, R.E. & McQuaid, J. (1988), *Workbook on the Dispersion of Dense Gases*,
HSE Contract Research Report 17/1988; the nomograms as read in AIChE/CCPS (1999),
*Guidelines for Consequence Analysis of Chemical Releases*, Britter–McQuaid section
(worked example p. 122), and digitised in EPA (1994) *User's Guide to TSCREEN*,
EPA-454/B-94-023 (page and figure numbers of the CCPS section not re-checked offline). Ground-level releases of a gas denser than air (chlorine class).

Correlations (C0 source concentration, Cm centreline maximum, u wind at 10 m, g0' =
g (rho0 - rho_a)/rho_a):

- continuous plume: D = (q0/u)^1/2, alpha = 0.2 log10(g0'^2 q0 / u^5),
  beta = log10(x/D); dense if (g0' q0 / (u^3 D))^1/3 >= 0.15;
- instantaneous cloud: D = V0^1/3, alpha = 0.5 log10(g0' V0^1/3 / u^2),
  beta = log10(x/D); dense if (g0' V0^1/3)^1/2 / u >= 0.2;
- each tabulated Cm/C0 is a piecewise-linear beta(alpha); between them this module
  interpolates log10(Cm/C0) linearly in beta (the workbook figures are log-log);
- near field (CCPS 1999, same section): Cm/C0 = 306/(306 + x'^2) (plume, x' = x/D <= 30) and
  3.24/(3.24 + x'^2) (instantaneous), held at or above the first tabulated value;
- non-isothermal sources: Cm/C0 (actual) = C/(C + (1-C) T0/Ta), C from the correlation
  (CCPS 1999, same section).

Coupling to the Gaussian puff and plume models (what this code does, and its limits): beyond
the last tabulated ratio (0.002 plume, 0.001 cloud) dispersion is taken as passive from a
virtual source placed so that the passive Gaussian centreline equals the last dense value
(continuous in concentration). The Gaussian centreline must then be lowered or raised by the
total factor F = passive centreline / dense centreline, i.e. the product sigma_y·sigma_z (plume)
or sigma_h²·sigma_z (cloud) multiplied by F, mass conserved. F is split in two:

- :func:`horizontal_spread_factor`, f_h = max(1, F) on sigma_y (plume) or on sigma_h² (cloud):
  the cloud is at least as wide as a passive one, and wider where the dense centreline is below
  the passive one;
- :func:`vertical_spread_factor`, f_z = min(1, F) on sigma_z: where the dense centreline is
  above the passive one the cloud is flattened instead, so that the ground-level centreline
  follows the Britter–McQuaid curve with mass conserved.

Never f_h < 1: narrowing the cloud instead of flattening it (the earlier coupling) gave
needle-thin plumes with a huge centreline and nothing two metres to the side, while a dense
cloud slumps wider and shallower (Britter & McQuaid 1988; CCPS 1999 §2.1.3).

Why the passive width and not the workbook's slumped width near the source: the workbook's
plume half-width L_H = D + 8 l_b + 2.5 l_b^1/3 x^2/3 (l_b = g0' q0 / u^3) is the extent of the
visible cloud, and Cm its maximum; a Gaussian of that width holding Cm on its axis spreads the
maximum over the whole slumped area. At low wind l_b (∝ u^-3) makes it enormous: 30 kg/s of
chlorine at 1.5 m/s gives l_b ≈ 48 m, a source half-width near 400 m. Tried in the engine on
the Graniteville 2005 validation scenario (54 t, F, 1.5 m/s; seed 1) it gave 342 deaths for
the 9 recorded (NTSB RAR-05/04), against 8 with the passive width. Until a slumping model is
validated, the passive width is the lower bound the physics allows and the one the record
supports.

The Britter–McQuaid Cm is a ground-level value and the workbook gives no vertical profile; the
flattened Gaussian can be centimetres deep near a small source. A caller that samples above
the ground must read a flattened puff at z·f_z, the same fraction of its depth at which it
would read the passive puff (the breathing-height to ground ratio of the passive profile), or
the flattening hides the cloud from people standing in it — and no higher than the puff's own
mass allows at that height (a non-increasing profile has g(z)·z <= 1; cbrnsim.hazard.puff), or a
cloud centimetres deep hands the Britter–McQuaid ground value to a 1.5 m receptor. The
cloud's upwind spread, slumping against slopes and its own transport speed are not modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cbrnsim.hazard.dispersion import sigmas
from cbrnsim.hazard.meteo import clamp_wind_speed_m_s

GRAVITY_M_S2: float = 9.80665
"""Standard gravity (CGPM 1901; NIST SP 330)."""
GAS_CONSTANT_J_MOL_K: float = 8.314462618
"""Molar gas constant (CODATA 2018)."""
AIR_MOLECULAR_WEIGHT_G_MOL: float = 28.9644
"""Dry air (U.S. Standard Atmosphere 1976, NOAA-S/T 76-1562)."""

CONTINUOUS_RATIOS: tuple[float, ...] = (0.10, 0.05, 0.02, 0.01, 0.005, 0.002)
"""Cm/C0 values tabulated for continuous plumes (CCPS 1999; TSCREEN)."""
INSTANTANEOUS_RATIOS: tuple[float, ...] = (0.10, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001)
"""Cm/C0 values tabulated for instantaneous clouds (CCPS 1999; TSCREEN)."""

# beta(alpha) per ratio: alpha breakpoints, then (slope, intercept) for each piece; the
# last piece also serves alpha beyond 1 (outside the workbook's range).
# Source: CCPS (1999) as digitised in EPA-454/B-94-023 (TSCREEN). The last piece of the
# 0.005 plume curve is -0.48 alpha + 2.56 in that digitisation (a point table of the same
# curve ends at 2.07 for alpha = 1, i.e. slope -0.49): the difference is < 1 % in x.
_PLUME_BETA = (
    ((-0.55, -0.14), ((0.0, 1.75), (0.24, 1.88), (-0.50, 1.78))),
    ((-0.68, -0.29, -0.18), ((0.0, 1.92), (0.36, 2.16), (0.0, 2.06), (-0.56, 1.96))),
    ((-0.69, -0.31, -0.16), ((0.0, 2.08), (0.45, 2.39), (0.0, 2.25), (-0.54, 2.16))),
    ((-0.70, -0.29, -0.20), ((0.0, 2.25), (0.49, 2.59), (0.0, 2.45), (-0.52, 2.35))),
    ((-0.67, -0.28, -0.15), ((0.0, 2.40), (0.59, 2.80), (0.0, 2.63), (-0.48, 2.56))),
    ((-0.69, -0.25, -0.13), ((0.0, 2.60), (0.39, 2.87), (0.0, 2.77), (-0.50, 2.71))),
)
_CLOUD_BETA = (
    ((-0.44, 0.43), ((0.0, 0.70), (0.26, 0.81), (0.0, 0.93))),
    ((-0.56, 0.31), ((0.0, 0.85), (0.26, 1.00), (-0.12, 1.12))),
    ((-0.66, 0.32), ((0.0, 0.95), (0.36, 1.19), (-0.26, 1.38))),
    ((-0.71, 0.37), ((0.0, 1.15), (0.34, 1.39), (-0.38, 1.66))),
    ((-0.52, 0.24), ((0.0, 1.48), (0.26, 1.62), (-0.30, 1.75))),
    ((0.27,), ((0.0, 1.83), (-0.32, 1.92))),
    ((-0.10,), ((0.0, 2.075), (-0.27, 2.05))),
)

PLUME_DENSE_CRITERION: float = 0.15
"""(g0' q0 / (u^3 D))^1/3 at or above which a plume is dense (Britter & McQuaid 1988)."""
CLOUD_DENSE_CRITERION: float = 0.20
"""(g0' V0^1/3)^1/2 / u at or above which a cloud is dense (Britter & McQuaid 1988)."""
MAX_SPREAD_FACTOR: float = 1.0e4
"""Clip on the total factor F: right at the source the passive sigmas vanish."""


@dataclass(frozen=True)
class DenseGasRelease:
    """Physical properties of a dense release. Pass them from the agent file."""

    molecular_weight_g_mol: float
    """Molar mass of the released gas."""
    release_temperature_k: float
    """Gas temperature at the source (the boiling point for a flashing liquefied gas)."""
    ambient_temperature_k: float = 293.15
    """Air temperature."""
    ambient_pressure_pa: float = 101_325.0
    """Air pressure."""
    source_density_kg_m3: float | None = None
    """Gas density at the source; default from the ideal-gas law at release temperature."""

    @property
    def source_gas_density_kg_m3(self) -> float:
        """rho0, density of the pure gas at the source."""
        if self.source_density_kg_m3 is not None:
            return self.source_density_kg_m3
        return _ideal_gas_density(self.molecular_weight_g_mol, self.release_temperature_k,
                                  self.ambient_pressure_pa)

    @property
    def ambient_density_kg_m3(self) -> float:
        """rho_a, density of the ambient air."""
        return _ideal_gas_density(AIR_MOLECULAR_WEIGHT_G_MOL, self.ambient_temperature_k,
                                  self.ambient_pressure_pa)

    @property
    def reduced_gravity_m_s2(self) -> float:
        """g0' = g (rho0 - rho_a) / rho_a (negative for a buoyant gas)."""
        rho_a = self.ambient_density_kg_m3
        return GRAVITY_M_S2 * (self.source_gas_density_kg_m3 - rho_a) / rho_a

    def gas_mass_per_volume_fraction_g_m3(self) -> float:
        """Mass concentration (g/m³) of a unit volume fraction of the gas at ambient T."""
        return 1000.0 * _ideal_gas_density(self.molecular_weight_g_mol,
                                           self.ambient_temperature_k, self.ambient_pressure_pa)


def _ideal_gas_density(molecular_weight_g_mol: float, temperature_k: float,
                       pressure_pa: float) -> float:
    return pressure_pa * molecular_weight_g_mol * 1e-3 / (GAS_CONSTANT_J_MOL_K * temperature_k)


def _beta(alpha: float, curve) -> float:
    breakpoints, pieces = curve
    slope, intercept = pieces[int(np.searchsorted(breakpoints, alpha, side="left"))]
    return slope * alpha + intercept


@dataclass(frozen=True)
class _Correlation:
    length_scale_m: float
    points_x: NDArray[np.float64]  # x/D, increasing
    points_ratio: NDArray[np.float64]  # isothermal Cm/C0, decreasing
    near_field_coefficient: float
    temperature_ratio: float  # T0 / Ta
    dense: bool

    def isothermal_ratio(self, x_m: ArrayLike) -> NDArray[np.float64]:
        x_rel = np.maximum(np.asarray(x_m, dtype=np.float64) / self.length_scale_m, 1e-9)
        log_ratio = np.interp(np.log10(x_rel), np.log10(self.points_x),
                              np.log10(self.points_ratio))
        ratio = 10.0**log_ratio
        k = self.near_field_coefficient
        near = np.maximum(k / (k + x_rel**2), self.points_ratio[0])
        far = self.points_ratio[-1] * (self.points_x[-1] / x_rel) ** 2
        ratio = np.where(x_rel <= self.points_x[0], near, ratio)
        return np.where(x_rel >= self.points_x[-1], far, ratio)

    def volume_fraction(self, x_m: ArrayLike) -> NDArray[np.float64]:
        c = self.isothermal_ratio(x_m)
        return c / (c + (1.0 - c) * self.temperature_ratio)

    @property
    def end_of_correlation_m(self) -> float:
        return float(self.points_x[-1] * self.length_scale_m)


def _correlation(alpha: float, length_scale_m: float, curves, ratios, near_k: float,
                 first_offset: float, release: DenseGasRelease, dense: bool) -> _Correlation:
    betas = np.array([_beta(alpha, curve) for curve in curves])
    x_table = 10.0**betas
    x_near = min(30.0, 10.0 ** (betas[0] - first_offset)) if near_k > 100 else \
        10.0 ** (betas[0] - first_offset)
    near_value = max(near_k / (near_k + x_near**2), ratios[0])
    return _Correlation(
        length_scale_m=length_scale_m,
        points_x=np.concatenate([[x_near], x_table]),
        points_ratio=np.concatenate([[near_value], ratios]),
        near_field_coefficient=near_k,
        temperature_ratio=release.release_temperature_k / release.ambient_temperature_k,
        dense=dense,
    )


def plume_correlation(rate_kg_s: float, wind_10m_m_s: float,
                      release: DenseGasRelease) -> _Correlation:
    """Britter–McQuaid continuous-plume correlation for one release and wind."""
    u = float(clamp_wind_speed_m_s(wind_10m_m_s))
    q0 = rate_kg_s / release.source_gas_density_kg_m3
    g0 = release.reduced_gravity_m_s2
    length = math.sqrt(q0 / u)
    dense = g0 > 0 and (g0 * q0 / (u**3 * length)) ** (1 / 3) >= PLUME_DENSE_CRITERION
    alpha = 0.2 * math.log10(max(g0, 1e-12) ** 2 * q0 / u**5)
    return _correlation(alpha, length, _PLUME_BETA, np.array(CONTINUOUS_RATIOS), 306.0,
                        0.1, release, dense)


def cloud_correlation(mass_kg: float, wind_10m_m_s: float,
                      release: DenseGasRelease) -> _Correlation:
    """Britter–McQuaid instantaneous-cloud correlation for one release and wind."""
    u = float(clamp_wind_speed_m_s(wind_10m_m_s))
    v0 = mass_kg / release.source_gas_density_kg_m3
    g0 = release.reduced_gravity_m_s2
    length = v0 ** (1 / 3)
    dense = g0 > 0 and math.sqrt(g0 * length) / u >= CLOUD_DENSE_CRITERION
    alpha = 0.5 * math.log10(max(g0, 1e-12) * length / u**2)
    return _correlation(alpha, length, _CLOUD_BETA, np.array(INSTANTANEOUS_RATIOS), 3.24,
                        0.1, release, dense)


def distance_to_volume_fraction_m(volume_fraction: ArrayLike, correlation: _Correlation,
                                  max_distance_m: float = 100_000.0) -> NDArray[np.float64]:
    """Downwind distance (m) at which the centreline falls to each volume fraction."""
    x = np.geomspace(1e-3 * correlation.length_scale_m, max_distance_m, 4000)
    fraction = correlation.volume_fraction(x)
    target = np.asarray(volume_fraction, dtype=np.float64)
    log_x = np.interp(np.log(target), np.log(fraction[::-1]), np.log(x[::-1]))
    return np.where(target > fraction[0], 0.0, np.exp(log_x))


def dense_centreline_g_m3(x_m: ArrayLike, correlation: _Correlation,
                          release: DenseGasRelease) -> NDArray[np.float64]:
    """Britter–McQuaid centreline concentration (g/m³) at ambient temperature."""
    return correlation.volume_fraction(x_m) * release.gas_mass_per_volume_fraction_g_m3()


def _passive_centreline_g_m3(x_m, amount_g: float, wind_m_s: float, stability: str,
                             terrain: str, scheme: str, instantaneous: bool):
    sigma_y, sigma_z = sigmas(x_m, stability, terrain, scheme)
    if instantaneous:
        return 2.0 * amount_g / ((2.0 * math.pi) ** 1.5 * sigma_y**2 * sigma_z)
    return amount_g / (math.pi * wind_m_s * sigma_y * sigma_z)


def _check_one_amount(rate_kg_s: float | None, mass_kg: float | None) -> bool:
    instantaneous = mass_kg is not None
    if instantaneous == (rate_kg_s is not None):
        raise ValueError("give exactly one of rate_kg_s (plume) or mass_kg (cloud)")
    return instantaneous


@dataclass(frozen=True)
class DenseSpread:
    """The spread factors of one dense release under one wind and stability, set up once.

    Setting up the Britter–McQuaid curves and matching the passive virtual source beyond them
    costs far more than evaluating them, and a puff model asks for the same release and weather
    at every step: build this once per (release, weather) and call :meth:`factors` per step.
    """

    wind_m_s: float
    """Wind speed after the low-wind clamp (m/s)."""
    stability: str
    """Pasquill–Gifford class."""
    release: DenseGasRelease
    """Physical properties of the released gas."""
    correlation: _Correlation
    """The Britter–McQuaid plume or cloud correlation."""
    amount_kg: float
    """Mass (cloud) or rate (plume, kg/s)."""
    instantaneous: bool
    """A cloud (mass) rather than a plume (rate)."""
    terrain: str
    """'rural' or 'urban' sigmas."""
    scheme: str
    """Sigma scheme."""
    virtual_offset_m: float
    """Shift of the passive virtual source that continues the dense centreline beyond its table."""

    def _passive(self, x_m: ArrayLike) -> NDArray[np.float64]:
        return _passive_centreline_g_m3(x_m, self.amount_kg * 1e3, self.wind_m_s, self.stability,
                                        self.terrain, self.scheme, self.instantaneous)

    def factors(self, travel_m: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(f_h, f_z) at these travel distances; see :func:`dense_spread_factors`."""
        s = np.maximum(np.asarray(travel_m, dtype=np.float64), 1.0)
        if not self.correlation.dense:
            return np.ones_like(s), np.ones_like(s)
        x_end = self.correlation.end_of_correlation_m
        target = np.where(s <= x_end, dense_centreline_g_m3(s, self.correlation, self.release),
                          self._passive(np.maximum(s + self.virtual_offset_m, 1.0)))
        total = np.clip(self._passive(s) / target, 1.0 / MAX_SPREAD_FACTOR, MAX_SPREAD_FACTOR)
        return np.maximum(total, 1.0), np.minimum(total, 1.0)


def dense_spread(wind_10m_m_s: float, stability: str, release: DenseGasRelease, *,
                 rate_kg_s: float | None = None, mass_kg: float | None = None,
                 terrain: str = "rural", scheme: str = "briggs") -> DenseSpread:
    """Set up the spread factors of a plume (``rate_kg_s``) or a cloud (``mass_kg``)."""
    instantaneous = _check_one_amount(rate_kg_s, mass_kg)
    u = float(clamp_wind_speed_m_s(wind_10m_m_s))
    amount_kg = float(mass_kg if instantaneous else rate_kg_s)  # type: ignore[arg-type]
    correlation = (cloud_correlation(amount_kg, u, release) if instantaneous
                   else plume_correlation(amount_kg, u, release))
    offset = 0.0
    if correlation.dense:
        x_end = correlation.end_of_correlation_m
        dense_end = float(dense_centreline_g_m3(x_end, correlation, release))
        grid = np.geomspace(1.0, 1e6, 2000)
        passive_grid = _passive_centreline_g_m3(grid, amount_kg * 1e3, u, stability, terrain, scheme,
                                                instantaneous)
        x_match = float(np.exp(np.interp(-np.log(dense_end), -np.log(passive_grid), np.log(grid))))
        offset = x_match - x_end
    return DenseSpread(u, stability, release, correlation, amount_kg, instantaneous, terrain, scheme, offset)


def dense_spread_factors(
    travel_m: ArrayLike,
    wind_10m_m_s: float,
    stability: str,
    release: DenseGasRelease,
    *,
    rate_kg_s: float | None = None,
    mass_kg: float | None = None,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(f_h, f_z): multiply sigma_y by f_h and sigma_z by f_z for a plume (``rate_kg_s``),
    sigma_h by sqrt(f_h) and sigma_z by f_z for an instantaneous cloud (``mass_kg``).

    f_h = max(1, F) and f_z = min(1, F), F = passive / Britter–McQuaid ground-level centreline:
    the cloud is never narrower than a passive one (wider where the dense centreline is the
    lower), flattened where the dense centreline is the higher, so f_h·f_z = F conserves mass
    and puts the Britter–McQuaid centreline at ground level. Both are 1 where the release is
    passive by the Richardson criterion and tend to 1 far downwind. Beyond the correlation's
    table the centreline continues as a passive one from a matched virtual source.
    """
    setup = dense_spread(wind_10m_m_s, stability, release, rate_kg_s=rate_kg_s, mass_kg=mass_kg,
                         terrain=terrain, scheme=scheme)
    return setup.factors(travel_m)


def horizontal_spread_factor(
    travel_m: ArrayLike,
    wind_10m_m_s: float,
    stability: str,
    release: DenseGasRelease,
    *,
    rate_kg_s: float | None = None,
    mass_kg: float | None = None,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> NDArray[np.float64]:
    """Factor f_h >= 1 on passive horizontal sigmas of a dense release: multiply sigma_h by
    f_h for a plume (``rate_kg_s``), by sqrt(f_h) for an instantaneous cloud (``mass_kg``).
    Apply :func:`vertical_spread_factor` to sigma_z with it, or the centreline is too low."""
    return dense_spread_factors(travel_m, wind_10m_m_s, stability, release, rate_kg_s=rate_kg_s,
                                mass_kg=mass_kg, terrain=terrain, scheme=scheme)[0]


def vertical_spread_factor(
    travel_m: ArrayLike,
    wind_10m_m_s: float,
    stability: str,
    release: DenseGasRelease,
    *,
    rate_kg_s: float | None = None,
    mass_kg: float | None = None,
    terrain: str = "rural",
    scheme: str = "briggs",
) -> NDArray[np.float64]:
    """Factor f_z <= 1 on the passive sigma_z of a dense release (plume or cloud alike), the
    flattening that, with :func:`horizontal_spread_factor`, puts the Britter–McQuaid
    centreline at ground level while conserving mass."""
    return dense_spread_factors(travel_m, wind_10m_m_s, stability, release, rate_kg_s=rate_kg_s,
                                mass_kg=mass_kg, terrain=terrain, scheme=scheme)[1]
