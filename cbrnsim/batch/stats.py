"""Summary statistics of replications: mean, Student-t confidence interval, percentiles.

The 95 % confidence interval of a mean over ``n`` independent replications is
``mean ± t(0.975, n-1) · s / √n`` (s: sample standard deviation, ddof 1) — the interval of
Law, *Simulation Modeling and Analysis*, 5th ed. (2015), §9.4.1, eq. 9.2, which assumes the
replication outputs are independent and roughly normal; with tens of replications the central
limit theorem makes it accurate for most KPIs, and the 5th–95th percentiles show the spread
that the interval on the mean does not.

Student's t quantiles come from G. W. Hill, "Algorithm 396: Student's t-quantiles",
Communications of the ACM 13(10):619–620 (1970): an asymptotic expansion about the normal
quantile for moderate tails and a power series in the tail, with the exact closed forms for
one and two degrees of freedom. scipy is not a dependency of cbrnsim, so it is implemented here
and tested against the NIST/SEMATECH e-Handbook's table (tests/test_batch_stats.py).

Percentiles are numpy's default ("linear", Hyndman & Fan 1996 definition 7), the one most
spreadsheets use.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

CONFIDENCE = 0.95
"""Confidence level of every interval in a batch study."""

PERCENTILES = (5.0, 95.0)
"""The spread reported next to the interval: 5th and 95th percentiles of the replications."""


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (Hill 1970, Algorithm 396).

    ``0 < p < 1``; ``df`` a whole number of degrees of freedom, at least 1 (a replication count
    minus one). Negative below 0.5 by symmetry. Exact for df 1 and 2; for df 3 and more the
    relative error is below 1e-5 (tests/test_batch_stats.py). Hill's expansion is not used for
    fractional df, where its error below df 3 reaches 2 %.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"a quantile needs 0 < p < 1, got {p!r}")
    if isinstance(df, bool) or not math.isfinite(df) or int(df) != df or df < 1:
        raise ValueError(f"Student's t needs a whole number of degrees of freedom >= 1, got {df!r}")
    if p == 0.5:
        return 0.0
    two_tailed = 2.0 * min(p, 1.0 - p)
    magnitude = _hill_two_tailed(two_tailed, float(df))
    return magnitude if p > 0.5 else -magnitude


def _hill_two_tailed(p_two: float, n: float) -> float:
    """|t| exceeded with two-tailed probability ``p_two`` (Hill 1970, Algorithm 396)."""
    if n == 1.0:  # Cauchy: exact
        return 1.0 / math.tan(p_two * math.pi / 2.0)
    if n == 2.0:  # exact
        return math.sqrt(2.0 / (p_two * (2.0 - p_two)) - 2.0)
    a = 1.0 / (n - 0.5)
    b = 48.0 / (a * a)
    c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36
    d = ((94.5 / (b + c) - 3.0) / b + 1.0) * math.sqrt(a * math.pi / 2.0) * n
    y = (d * p_two) ** (2.0 / n)
    if y > 0.05 + a:
        # Moderate tail: asymptotic inverse expansion about the normal quantile.
        x = NormalDist().inv_cdf(0.5 * p_two)
        y = x * x
        if n < 5.0:
            c += 0.3 * (n - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x
        y = math.expm1(a * y * y)
    else:
        # Far tail: power series.
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0) + 0.5 / (n + 4.0)) * y - 1.0) \
            * (n + 1.0) / (n + 2.0) + 1.0 / y
    return math.sqrt(n * y)


@dataclass(frozen=True, slots=True)
class Summary:
    """The statistics of one KPI over the replications of one arm (NaN where undefined)."""

    n: int
    """Replications with a value (missing values — a KPI not measurable in a run — are left out)."""
    missing: int
    """Replications without a value."""
    mean: float
    """Sample mean."""
    std: float
    """Sample standard deviation (ddof 1); NaN for fewer than 2 values."""
    ci_low: float
    """Lower end of the 95 % confidence interval of the mean (Student t); NaN for fewer than 2 values."""
    ci_high: float
    """Upper end of the 95 % confidence interval of the mean."""
    p5: float
    """5th percentile of the replications."""
    median: float
    """Median of the replications."""
    p95: float
    """95th percentile of the replications."""
    minimum: float
    """Smallest value."""
    maximum: float
    """Largest value."""

    @property
    def half_width(self) -> float:
        """Half the width of the confidence interval."""
        return (self.ci_high - self.ci_low) / 2.0


def mean_confidence_interval(values: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """(low, high) of the Student-t interval of the mean of ``values``; NaNs for fewer than 2 values."""
    n = int(values.size)
    if n < 2:
        return math.nan, math.nan
    mean = float(np.mean(values))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * float(np.std(values, ddof=1)) / math.sqrt(n)
    return mean - half, mean + half


def summarise(values: Iterable[float | None]) -> Summary:
    """Statistics of one KPI over replications; ``None`` and NaN count as missing."""
    raw = np.array([math.nan if v is None else float(v) for v in values], dtype=float)
    present = raw[~np.isnan(raw)]
    missing = int(raw.size - present.size)
    if present.size == 0:
        nan = math.nan
        return Summary(0, missing, nan, nan, nan, nan, nan, nan, nan, nan, nan)
    low, high = mean_confidence_interval(present)
    p5, median, p95 = (float(q) for q in np.percentile(present, (PERCENTILES[0], 50.0, PERCENTILES[1])))
    std = float(np.std(present, ddof=1)) if present.size > 1 else math.nan
    return Summary(n=int(present.size), missing=missing, mean=float(np.mean(present)), std=std,
                   ci_low=low, ci_high=high, p5=p5, median=median, p95=p95,
                   minimum=float(np.min(present)), maximum=float(np.max(present)))


def paired_difference(reference: dict[int, float | None], other: dict[int, float | None]) -> Summary:
    """Statistics of ``other - reference`` over the replications both have a value for.

    With common random numbers, replication i of two arms ran on the same seed, so the
    difference of the pair is the effect of the change with most of the run-to-run noise
    cancelled; its Student-t interval is the paired-t interval (Law 2015, §10.2.1), usually far
    narrower than the two arms' separate intervals suggest.
    """
    keys = sorted(k for k in reference.keys() & other.keys()
                  if reference[k] is not None and other[k] is not None)
    return summarise(float(other[k]) - float(reference[k]) for k in keys)  # type: ignore[arg-type]
