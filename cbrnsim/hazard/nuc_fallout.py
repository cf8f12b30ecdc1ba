"""Local fallout as a dose-rate field: the Glasstone & Dolan (1977) idealized pattern.

The *unit-time reference dose rate* D(H+1) at a place is the dose rate one hour after burst
that all the fallout that will land there would give if it were already down. Glasstone &
Dolan 1977, Table 9.93 give, for a contact surface burst of W kilotons in a 15 mph effective
wind (15° directional shear, 100 % fission, ideal smooth plane), the downwind distance,
maximum width and ground-zero width of the 3000 … 1 rad/h contours as ``a·W^b`` miles. This
module turns the table into a continuous field:

- along the hot line (y = 0) the dose rate is interpolated log-log between the contour tips,
  with the end slopes carried on beyond the table;
- across the wind the profile is Gaussian, its width σ(x) chosen so that each contour is as
  wide as the table says at half its downwind length (the table gives the maximum width; the
  idealized contours are widest about there, and the model's maxima come within ~10 %);
- upwind of ground zero each contour reaches half its ground-zero width (§9.93), with a
  Gaussian cut-off beyond the last one (UPWIND_TAIL_FRACTION); across the
  wind there one Gaussian width, the least-squares fit (in log) to the eight tabulated
  ground-zero widths, which the real bulb-shaped contours do not follow exactly;
- the dose rates scale with the fission fraction (§9.94) and with the terrain factor for real
  ground (§9.95); downwind distances scale with the effective wind by §9.97's factor F.

Why not WSEG-10 (used here until this version): its fall-out function is one fixed
exponential in fall time whose scale, wind × T_c, was fitted to megaton clouds; at 10 kt it
spreads all of its normalisation K·Y down a hot line a few hundred metres wide and puts the
H+1 contours 1.3-1.6× farther downwind than Table 9.93 (docs/models-radnuc.md).

Time dependence (G&D §9.145): D(t) = D(H+1)·t^-1.2 (t in hours after burst) once the fallout
has arrived; arrival is the travel time with the wind, not earlier than the Planning
Guidance's ~10 minutes. Exercise grade: a mean, smooth pattern; real fallout from a
0.1-10 kt urban surface burst is patchy, follows the winds aloft, and the Planning Guidance's
3-D modelling gives a shorter dangerous fallout zone than this pattern.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import FalloutReference, IdealizedContours, NuclearAgent

M_PER_MILE = 1609.344
"""Metres per statute mile (Table 9.93 is in statute miles)."""

MPH_PER_M_S = 2.2369363
"""Miles per hour per metre per second."""

WIDEST_FRACTION = 0.5
"""Fraction of a contour's downwind length at which it is given its tabulated maximum width.

cbrnsim choice: Table 9.93 gives the maximum width but not where it lies; at one half the
model's contours come out within ~10 % of every tabulated maximum width from 10 kt to 1 Mt
(tests/test_nuclear.py)."""

CORE_FRACTION = 0.5
"""Inside the highest contour the hot-line dose rate is held at its value at this fraction of
that contour's length (cbrnsim convention: Table 9.93 gives nothing above 3000 rad/h; the
power law of the 3000-1000 rad/h stretch is carried inward to half the 3000 rad/h length,
≈ 3.3 × 3000 rad/h, and no further, so the field stays finite at ground zero)."""

UPWIND_TAIL_FRACTION = 0.25
"""Beyond the 1 rad/h contour's upwind reach U the field falls as exp(-½((|x| - U)/(f·U))²).

cbrnsim convention: Table 9.93 gives nothing farther upwind, and carrying the slow
ground-zero-width power law on would put 0.01 R/h tens of miles upwind; with f = 0.25 the
hot zone ends about 2 U upwind (4 mi at 10 kt)."""


def _reference() -> FalloutReference:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent.fallout


def _loglog(x: NDArray[np.float64], xs: NDArray[np.float64], ys: NDArray[np.float64]) -> NDArray[np.float64]:
    """Power-law interpolation through (xs, ys), xs ascending; the end slopes carry on outside."""
    lx, lxs, lys = np.log(x), np.log(xs), np.log(ys)
    first = (lys[1] - lys[0]) / (lxs[1] - lxs[0])
    last = (lys[-1] - lys[-2]) / (lxs[-1] - lxs[-2])
    inside = np.interp(lx, lxs, lys)
    below = lys[0] + first * (lx - lxs[0])
    above = lys[-1] + last * (lx - lxs[-1])
    return np.exp(np.where(lx < lxs[0], below, np.where(lx > lxs[-1], above, inside)))


def wind_factor(wind_mph: float, reference: FalloutReference | None = None) -> float:
    """G&D §9.97 factor F on downwind distances for an effective wind other than 15 mph."""
    ref = reference or _reference()
    v0 = ref.idealized_contours.reference_wind_mph
    span = ref.wind_factor_span_above_mph.value if wind_mph >= v0 else ref.wind_factor_span_below_mph.value
    return 1.0 + (wind_mph - v0) / span


@dataclass(frozen=True)
class IdealizedPattern:
    """The H+1 reference pattern of one yield and wind, for a pure-fission burst on a smooth plane.

    Distances in statute miles, dose rates in rad/h (Table 9.93's units); all arrays run from
    the highest contour (3000 rad/h) to the lowest (1 rad/h).
    """

    levels_rad_h: NDArray[np.float64]
    """Contour dose rates, rad/h, descending."""
    downwind_mi: NDArray[np.float64]
    """Downwind distance of each contour's tip, miles (wind factor applied)."""
    max_width_mi: NDArray[np.float64]
    """Tabulated maximum width of each contour, miles."""
    upwind_mi: NDArray[np.float64]
    """Upwind reach of each contour: half its ground-zero width, miles (§9.93)."""
    knot_mi: NDArray[np.float64]
    """Downwind distances at which the crosswind width is pinned (WIDEST_FRACTION of each tip)."""
    sigma_knot_mi: NDArray[np.float64]
    """Crosswind standard deviation at each knot, miles."""
    sigma_ground_zero_mi: float
    """Crosswind standard deviation at and upwind of ground zero, miles."""
    core_rad_h: float
    """Hot-line dose rate held inside the highest contour, rad/h (CORE_FRACTION)."""

    @classmethod
    def build(cls, yield_kt: float, wind_m_s: float, table: IdealizedContours, factor: float) -> IdealizedPattern:
        """Pattern for one yield (kt, total) and wind, with the §9.97 wind factor already evaluated."""
        if yield_kt <= 0 or wind_m_s <= 0:
            raise ValueError("yield_kt and wind_m_s must be positive")
        levels = np.array(table.dose_rates_rad_h)
        tips = np.array(table.downwind_coef_mi) * yield_kt**table.downwind_exponent * factor
        widths = np.array(table.max_width_coef_mi) * yield_kt ** np.array(table.max_width_exponent)
        gz_widths = np.array(table.ground_zero_width_coef_mi) * yield_kt ** np.array(table.ground_zero_width_exponent)
        core = float(_loglog(np.array([CORE_FRACTION * tips[0]]), tips, levels)[0])
        knots = WIDEST_FRACTION * tips
        on_axis = np.minimum(_loglog(knots, tips, levels), core)
        # half-width of a Gaussian contour: σ·sqrt(2 ln(axis/level)); solve for σ at each knot
        sigma = 0.5 * widths / np.sqrt(2.0 * np.log(on_axis / levels))
        # one Gaussian cannot give every ground-zero width: take the least-squares fit in log
        sigma_gz = float(np.exp(np.mean(np.log(0.5 * gz_widths / np.sqrt(2.0 * np.log(core / levels))))))
        return cls(levels_rad_h=levels, downwind_mi=tips, max_width_mi=widths, upwind_mi=0.5 * gz_widths,
                   knot_mi=knots, sigma_knot_mi=sigma, sigma_ground_zero_mi=sigma_gz, core_rad_h=core)

    def hot_line_rad_h(self, x_mi: NDArray[np.float64]) -> NDArray[np.float64]:
        """H+1 reference dose rate along the hot line (y = 0), rad/h; x < 0 is upwind."""
        tiny = 1e-9  # log of zero distance: the core value applies there anyway
        down = _loglog(np.maximum(x_mi, tiny), self.downwind_mi, self.levels_rad_h)
        upwind = np.maximum(-x_mi, tiny)
        reach = self.upwind_mi[-1]
        beyond = np.maximum(upwind - reach, 0.0) / (UPWIND_TAIL_FRACTION * reach)
        up = _loglog(np.minimum(upwind, reach), self.upwind_mi, self.levels_rad_h) * np.exp(-0.5 * beyond**2)
        return np.minimum(np.where(x_mi >= 0, down, up), self.core_rad_h)

    def sigma_y_mi(self, x_mi: NDArray[np.float64]) -> NDArray[np.float64]:
        """Crosswind standard deviation, miles: ground-zero value up to ground zero, then the knots."""
        first = self.knot_mi[0]
        knotted = _loglog(np.maximum(x_mi, first), self.knot_mi, self.sigma_knot_mi)
        # between ground zero and the first knot: exponential blend (linear in ln σ)
        share = np.clip(x_mi / first, 0.0, 1.0)
        near = np.exp((1 - share) * math.log(self.sigma_ground_zero_mi) + share * math.log(self.sigma_knot_mi[0]))
        return np.where(x_mi >= first, knotted, near)

    def rate_rad_h(self, x_mi: NDArray[np.float64], y_mi: NDArray[np.float64]) -> NDArray[np.float64]:
        """H+1 reference dose rate at (x downwind, y crosswind), rad/h."""
        sigma = self.sigma_y_mi(x_mi)
        return self.hot_line_rad_h(x_mi) * np.exp(-0.5 * (y_mi / sigma) ** 2)


def idealized_pattern(yield_kt: float, wind_m_s: float) -> IdealizedPattern:
    """The Table 9.93 pattern for this yield (kt) and effective wind (m/s)."""
    ref = _reference()
    return IdealizedPattern.build(yield_kt, wind_m_s, ref.idealized_contours, wind_factor(wind_m_s * MPH_PER_M_S, ref))


def _terrain(terrain_factor: float | None, ref: FalloutReference) -> float:
    value = ref.terrain_factor.value if terrain_factor is None else terrain_factor
    if not 0.0 < value <= 1.0:
        raise ValueError("terrain_factor must be in (0, 1]")
    return value


def reference_dose_rate_r_h(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float,
                            fission_fraction: float = 1.0, *, terrain_factor: float | None = None) -> NDArray[np.float64]:
    """Unit-time reference dose rate D(H+1), R/h (≈ rad/h), at (x downwind, y crosswind) metres.

    ``terrain_factor`` defaults to the agent file's real-ground value (G&D §9.95); 1.0 gives
    Table 9.93's ideal smooth plane.
    """
    if not 0.0 < fission_fraction <= 1.0:
        raise ValueError("fission_fraction must be in (0, 1]")
    ref = _reference()
    pattern = idealized_pattern(yield_kt, wind_m_s)
    x_mi = np.asarray(x_m, dtype=float) / M_PER_MILE
    y_mi = np.asarray(y_m, dtype=float) / M_PER_MILE
    # G&D §9.94: contour shapes follow the total yield, dose rates the fission yield
    return fission_fraction * _terrain(terrain_factor, ref) * pattern.rate_rad_h(x_mi, y_mi)


def arrival_time_h(x_m: ArrayLike, wind_m_s: float) -> NDArray[np.float64]:
    """Fallout arrival (h after burst): travel time downwind with the wind, not before the earliest arrival."""
    earliest = _reference().earliest_arrival_h.value
    travel = np.maximum(np.asarray(x_m, dtype=float), 0.0) / wind_m_s / 3600.0
    return np.maximum(travel, earliest)


def fallout_dose_rate_gy_h(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float, t_h: ArrayLike,
                           fission_fraction: float = 1.0, *, terrain_factor: float | None = None) -> NDArray[np.float64]:
    """Fallout gamma dose rate (Gy/h, 1 m above open ground) at time t_h after burst."""
    ref = _reference()
    t = np.asarray(t_h, dtype=float)
    if np.any(t <= 0):
        raise ValueError("t_h must be positive (hours after burst)")
    d1 = reference_dose_rate_r_h(yield_kt, x_m, y_m, wind_m_s, fission_fraction, terrain_factor=terrain_factor)
    arrived = t >= arrival_time_h(x_m, wind_m_s)
    return np.where(arrived, d1 * t ** (-ref.decay_exponent.value), 0.0) * ref.gy_per_roentgen.value


def fallout_dose_gy(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float, t_start_h: ArrayLike,
                    t_end_h: ArrayLike, fission_fraction: float = 1.0, *,
                    terrain_factor: float | None = None) -> NDArray[np.float64]:
    """Fallout gamma dose (Gy) received in the open between t_start_h and t_end_h after burst.

    Integral of D1·t^-n from max(t_start, arrival) to t_end: D1·(t1^(1-n) - t2^(1-n))/(n-1).
    """
    ref = _reference()
    n = ref.decay_exponent.value
    d1 = reference_dose_rate_r_h(yield_kt, x_m, y_m, wind_m_s, fission_fraction, terrain_factor=terrain_factor)
    t1 = np.maximum(np.asarray(t_start_h, dtype=float), arrival_time_h(x_m, wind_m_s))
    t2 = np.maximum(np.asarray(t_end_h, dtype=float), t1)
    return d1 * (t1 ** (1 - n) - t2 ** (1 - n)) / (n - 1) * ref.gy_per_roentgen.value
