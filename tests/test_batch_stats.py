"""Student-t quantiles, confidence intervals and summaries (cbrnsim.batch.stats)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.batch.stats import mean_confidence_interval, paired_difference, summarise, t_quantile

# NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2 "Critical Values of the Student's t
# Distribution" (upper critical values t(1-α, ν), tabulated to 3 decimals), columns α = 0.05,
# 0.025, 0.005: rows ν = 1, 2, 5, 9, 10, 20, 30, 60, 100.
NIST_T_TABLE: dict[int, tuple[float, float, float]] = {
    1: (6.314, 12.706, 63.657),
    2: (2.920, 4.303, 9.925),
    5: (2.015, 2.571, 4.032),
    9: (1.833, 2.262, 3.250),
    10: (1.812, 2.228, 3.169),
    20: (1.725, 2.086, 2.845),
    30: (1.697, 2.042, 2.750),
    60: (1.671, 2.000, 2.660),
    100: (1.660, 1.984, 2.626),
}


@pytest.mark.parametrize("df", sorted(NIST_T_TABLE))
def test_t_quantiles_match_the_nist_table(df: int) -> None:
    for p, published in zip((0.95, 0.975, 0.995), NIST_T_TABLE[df]):
        assert t_quantile(p, df) == pytest.approx(published, abs=0.0006)


def test_t_quantile_of_nine_degrees_of_freedom_is_the_textbook_value() -> None:
    # NIST e-Handbook §1.3.6.7.2: t(0.975, 9) = 2.262.
    assert round(t_quantile(0.975, 9), 3) == 2.262


def _t_cdf(x: float, df: int) -> float:
    """P(T <= x) by integrating the t density (Simpson, fine grid) — an independent check."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    grid = np.linspace(0.0, abs(x), 20001)
    density = np.exp(log_norm - (df + 1) / 2 * np.log1p(grid ** 2 / df))
    step = grid[1] - grid[0]
    area = step / 3 * (density[0] + density[-1] + 4 * density[1:-1:2].sum() + 2 * density[2:-1:2].sum())
    return 0.5 + math.copysign(area, x)


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 15, 49, 199])
@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.995])
def test_t_quantile_inverts_the_t_distribution(df: int, p: float) -> None:
    assert _t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=2e-6)


def test_t_quantile_is_symmetric_and_zero_at_the_median() -> None:
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.025, 12) == pytest.approx(-t_quantile(0.975, 12))


@pytest.mark.parametrize("bad", [(0.0, 5), (1.0, 5), (0.9, 0), (0.9, 2.5), (0.9, float("inf"))])
def test_t_quantile_refuses_what_it_cannot_answer(bad: tuple[float, float]) -> None:
    with pytest.raises(ValueError):
        t_quantile(*bad)


def test_interval_covers_the_true_mean_95_percent_of_the_time() -> None:
    # 4,000 samples of n = 8 from N(10, 3²): the Student interval should cover 10 in 95 % of them
    # (binomial standard error 0.34 %, so 93.9–96.1 % is a ±3.2 SE band).
    rng = np.random.default_rng(20240601)
    samples = rng.normal(10.0, 3.0, size=(4000, 8))
    covered = 0
    for sample in samples:
        low, high = mean_confidence_interval(sample)
        covered += low <= 10.0 <= high
    assert 0.939 <= covered / len(samples) <= 0.961


def test_a_normal_interval_would_undercover_with_few_replications() -> None:
    # Why the t quantile matters: with n = 4, mean ± 1.96·s/√n covers far less than 95 %.
    rng = np.random.default_rng(7)
    samples = rng.normal(0.0, 1.0, size=(4000, 4))
    means, sds = samples.mean(axis=1), samples.std(axis=1, ddof=1)
    normal_cover = np.mean(np.abs(means) <= 1.96 * sds / 2)
    t_cover = np.mean(np.abs(means) <= t_quantile(0.975, 3) * sds / 2)
    assert normal_cover < 0.90 < 0.94 < t_cover < 0.96


def test_summary_of_known_values() -> None:
    s = summarise([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0, None])
    assert (s.n, s.missing, s.mean) == (8, 1, 5.0)
    assert s.std == pytest.approx(math.sqrt(32 / 7))
    half = t_quantile(0.975, 7) * math.sqrt(32 / 7) / math.sqrt(8)
    assert (s.ci_low, s.ci_high) == pytest.approx((5.0 - half, 5.0 + half))
    assert (s.minimum, s.median, s.maximum) == (2.0, 4.5, 9.0)
    assert s.p5 == pytest.approx(2.7)  # linear interpolation: 2 + 0.35·(4 − 2)
    assert s.p95 == pytest.approx(8.3)  # 7 + 0.65·(9 − 7)


def test_summary_of_one_value_has_no_interval_and_of_none_has_nothing() -> None:
    one = summarise([3.0])
    assert one.mean == 3.0 and math.isnan(one.ci_low) and math.isnan(one.std)
    empty = summarise([None, float("nan")])
    assert empty.n == 0 and empty.missing == 2 and math.isnan(empty.mean)


def test_paired_difference_uses_matching_replications_only() -> None:
    reference = {0: 10.0, 1: 12.0, 2: 11.0, 3: None}
    other = {0: 8.0, 1: 11.0, 2: 8.0, 3: 5.0, 4: 1.0}
    d = paired_difference(reference, other)
    assert d.n == 3 and d.mean == pytest.approx(-2.0)  # differences -2, -1, -3
    half = 4.303 / math.sqrt(3)  # s = 1; t(0.975, 2) = 4.303 (NIST e-Handbook §1.3.6.7.2)
    assert (d.ci_low, d.ci_high) == pytest.approx((-2.0 - half, -2.0 + half), abs=1e-3)
