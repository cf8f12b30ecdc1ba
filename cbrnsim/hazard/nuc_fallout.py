"""Local fallout as a dose-rate field: the WSEG-10 pattern with Way–Wigner decay.

WSEG-10 (Weapons Systems Evaluation Group, 1959), as documented by Hanifen (1980, AFIT
GNE/PH/80M-4), gives the *unit-time reference dose rate* D(H+1) at every point: the exposure
rate one hour after burst that all the fallout that will land there would give if it were
already down. It is an elliptical pattern along the hot line (downwind, x) with a Gaussian
crosswind profile (y) and an upwind correction. Units inside are WSEG's own: statute
miles, mph, kilofeet, Mt, roentgen; conversion happens at the boundary.

Time dependence (Glasstone & Dolan 1977 §9.145): D(t) = D(H+1)·t^-1.2 (t in hours after
burst), once the fallout has arrived; arrival time is the travel time of the cloud to the
point, not earlier than the Planning Guidance's ~10 minutes. The integral of t^-1.2 gives the
dose. The t^-1.2 law holds from about 0.5 h to ~200 days.

Exercise grade: WSEG-10 was built for megaton yields and gives a mean-case pattern; real
fallout from a 0.1–10 kt urban surface burst is patchy and follows winds aloft.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..agentlib.library import get_agent
from ..agentlib.nuclear import FalloutReference, NuclearAgent

M_PER_MILE = 1609.344
"""Metres per statute mile."""

MPH_PER_M_S = 2.2369363
"""Miles per hour per metre per second."""

MPH_PER_KFT_PER_M_S_PER_KM = MPH_PER_M_S * 0.3048
"""Wind shear conversion: (m/s per km) -> (mph per kilofoot)."""


def _reference() -> FalloutReference:
    agent = get_agent("ind")
    assert isinstance(agent, NuclearAgent)
    return agent.fallout


def _normal_cdf(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Standard normal CDF, vectorised (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7)."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


@dataclass(frozen=True)
class Wseg10Cloud:
    """The yield- and wind-dependent constants of WSEG-10 (Hanifen 1980, ch. III)."""

    yield_mt: float
    wind_mph: float
    shear_mph_per_kft: float
    cloud_center_kft: float
    sigma_0_mi: float
    sigma_h_kft: float
    time_constant_h: float
    l0_mi: float
    sigma_x_mi: float
    l_mi: float
    n: float
    alpha_1: float

    @classmethod
    def build(cls, yield_kt: float, wind_m_s: float, shear_m_s_per_km: float) -> Wseg10Cloud:
        """Cloud constants for one yield and wind; scalar inputs."""
        if yield_kt <= 0 or wind_m_s <= 0:
            raise ValueError("yield_kt and wind_m_s must be positive")
        y_mt = yield_kt / 1000.0
        ln_y = math.log(y_mt)
        d = ln_y + 2.42
        h_c = 44.0 + 6.1 * ln_y - 0.205 * abs(d) * d
        s0 = math.exp(0.7 + ln_y / 3.0 - 3.25 / (4.0 + (ln_y + 5.4) ** 2))
        t_c = 1.0573203 * (12 * (h_c / 60) - 2.5 * (h_c / 60) ** 2) * (1 - 0.5 * math.exp(-((h_c / 25) ** 2)))
        wind = wind_m_s * MPH_PER_M_S
        l0 = wind * t_c
        sx2 = s0**2 * (l0**2 + 8 * s0**2) / (l0**2 + 2 * s0**2)
        l2 = l0**2 + 2 * sx2
        # pattern-shape exponent for a pure-fission cloud; the shape does not depend on the
        # fission fraction, which only scales the activity
        n = (l0**2 + sx2) / (l0**2 + 0.5 * sx2)
        return cls(
            yield_mt=y_mt, wind_mph=wind, shear_mph_per_kft=shear_m_s_per_km * MPH_PER_KFT_PER_M_S_PER_KM,
            cloud_center_kft=h_c, sigma_0_mi=s0, sigma_h_kft=0.18 * h_c, time_constant_h=t_c, l0_mi=l0,
            sigma_x_mi=math.sqrt(sx2), l_mi=math.sqrt(l2), n=n, alpha_1=1.0 / (1.0 + 0.001 * h_c * wind / s0),
        )

    def downwind_density_per_mi(self, x_mi: NDArray[np.float64]) -> NDArray[np.float64]:
        """g(x)·phi(x): fraction of activity deposited per mile along the hot line."""
        g = np.exp(-((np.abs(x_mi) / self.l_mi) ** self.n)) / (self.l_mi * math.gamma(1.0 + 1.0 / self.n))
        phi = _normal_cdf((self.l0_mi / self.l_mi) * x_mi / (self.sigma_x_mi * self.alpha_1))
        return g * phi

    def crosswind_density_per_mi(self, x_mi: NDArray[np.float64], y_mi: NDArray[np.float64]) -> NDArray[np.float64]:
        """Gaussian crosswind profile, widening downwind and with wind shear."""
        s0, sx, lm, l0 = self.sigma_0_mi, self.sigma_x_mi, self.l_mi, self.l0_mi
        shear_term = self.time_constant_h * self.sigma_h_kft * self.shear_mph_per_kft
        ahead = x_mi + 2 * sx
        sigma_y = np.sqrt(s0**2 + 8 * np.abs(ahead) * s0**2 / lm + 2 * (sx * shear_term) ** 2 / lm**2
                          + (ahead * l0 * shear_term) ** 2 / lm**4)
        alpha_2 = 1.0 / (1.0 + (0.001 * self.cloud_center_kft * self.wind_mph / s0)
                         * (1.0 - _normal_cdf(2.0 * x_mi / self.wind_mph)))
        return np.exp(-0.5 * (y_mi / (alpha_2 * sigma_y)) ** 2) / (math.sqrt(2 * math.pi) * sigma_y)


def reference_dose_rate_r_h(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float,
                            fission_fraction: float = 1.0, shear_m_s_per_km: float = 0.0) -> NDArray[np.float64]:
    """WSEG-10 unit-time reference dose rate D(H+1), R/h, at (x downwind, y crosswind) metres."""
    if not 0.0 < fission_fraction <= 1.0:
        raise ValueError("fission_fraction must be in (0, 1]")
    cloud = Wseg10Cloud.build(yield_kt, wind_m_s, shear_m_s_per_km)
    x_mi = np.asarray(x_m, dtype=float) / M_PER_MILE
    y_mi = np.asarray(y_m, dtype=float) / M_PER_MILE
    k = _reference().wseg_k_r_mi2_per_h_per_mt.value
    return (k * cloud.yield_mt * fission_fraction * cloud.downwind_density_per_mi(x_mi)
            * cloud.crosswind_density_per_mi(x_mi, y_mi))


def arrival_time_h(x_m: ArrayLike, wind_m_s: float) -> NDArray[np.float64]:
    """Fallout arrival (h after burst): cloud travel time downwind, not before the earliest arrival."""
    earliest = _reference().earliest_arrival_h.value
    travel = np.maximum(np.asarray(x_m, dtype=float), 0.0) / wind_m_s / 3600.0
    return np.maximum(travel, earliest)


def fallout_dose_rate_gy_h(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float, t_h: ArrayLike,
                           fission_fraction: float = 1.0, *, shear_m_s_per_km: float = 0.0) -> NDArray[np.float64]:
    """Fallout gamma dose rate (Gy/h, 1 m above open ground) at time t_h after burst."""
    ref = _reference()
    t = np.asarray(t_h, dtype=float)
    if np.any(t <= 0):
        raise ValueError("t_h must be positive (hours after burst)")
    d1 = reference_dose_rate_r_h(yield_kt, x_m, y_m, wind_m_s, fission_fraction, shear_m_s_per_km)
    arrived = t >= arrival_time_h(x_m, wind_m_s)
    return np.where(arrived, d1 * t ** (-ref.decay_exponent.value), 0.0) * ref.gy_per_roentgen.value


def fallout_dose_gy(yield_kt: float, x_m: ArrayLike, y_m: ArrayLike, wind_m_s: float, t_start_h: ArrayLike,
                    t_end_h: ArrayLike, fission_fraction: float = 1.0, *,
                    shear_m_s_per_km: float = 0.0) -> NDArray[np.float64]:
    """Fallout gamma dose (Gy) received in the open between t_start_h and t_end_h after burst.

    Integral of D1·t^-n from max(t_start, arrival) to t_end: D1·(t1^(1-n) - t2^(1-n))/(n-1).
    """
    ref = _reference()
    n = ref.decay_exponent.value
    d1 = reference_dose_rate_r_h(yield_kt, x_m, y_m, wind_m_s, fission_fraction, shear_m_s_per_km)
    t1 = np.maximum(np.asarray(t_start_h, dtype=float), arrival_time_h(x_m, wind_m_s))
    t2 = np.maximum(np.asarray(t_end_h, dtype=float), t1)
    return d1 * (t1 ** (1 - n) - t2 ** (1 - n)) / (n - 1) * ref.gy_per_roentgen.value
