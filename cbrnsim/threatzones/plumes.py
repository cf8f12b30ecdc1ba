"""Plume footprints: tier distances and polygons from a field that is Gaussian across the wind.

Every downwind hazard here (toxic vapour, radiological dose, infectious dose, fallout dose
rate) is a ground-level field of the form ``value(x, y) = centre(x) · exp(-y² / 2 sigma(x)²)``
in the wind frame. Dividing by a tier's threshold gives the exceedance ratio; the tier's
crosswind half-width at distance x is then exactly ``sigma(x) · sqrt(2 ln ratio(x))`` where the
ratio exceeds 1. For a point source that closed form gives the polygon column by column
(vectorised over columns and tiers). A line or route source is a sum of shifted point sources
and is contoured on a wind-aligned grid instead.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .geometry import halfwidth_rings, rings_from_columns
from .zones import TierSpec

FloatArray = NDArray[np.float64]

MAX_PLUME_DISTANCE_M = 50_000.0
"""Farthest downwind distance searched for gas, aerosol and RDD plumes. The Briggs sigmas are
fitted to 10 km (Hanna, Briggs & Hosker 1982, DOE/TIC-11223, Table 4.5 notes); beyond it a
distance is reported but flagged as outside the model's range."""

SEARCH_POINTS = 4000
"""Log-spaced centreline points of the distance search (ratio between neighbours ≈ 1.003)."""

COLUMNS = 240
"""Downwind columns of a point-source footprint polygon (half log-spaced from the source, half even)."""


@dataclass(frozen=True)
class PlumeField:
    """Tiers of one downwind hazard and the Gaussian-across-the-wind field that defines them."""

    specs: tuple[TierSpec, ...]
    """The tiers, most severe first."""
    centre_ratio: Callable[[FloatArray], FloatArray]
    """x (m downwind) -> ratio of the centreline value to each tier's threshold, shape (tiers, len(x))."""
    sigma_y_m: Callable[[FloatArray], FloatArray]
    """x (m downwind) -> crosswind standard deviation of the field (m)."""
    max_distance_m: float = MAX_PLUME_DISTANCE_M
    """Farthest downwind distance searched."""
    upwind_m: float = 0.0
    """How far upwind of the source the field may be non-zero (fallout deposits a little upwind)."""


@dataclass(frozen=True)
class PlumeResult:
    """Distances and wind-frame polygons of every tier of a plume field."""

    distances_m: tuple[float, ...]
    """Farthest downwind distance reaching each tier (0 when never reached)."""
    capped: tuple[bool, ...]
    """Whether each tier is still exceeded at the largest distance searched."""
    rings_wind: tuple[tuple[FloatArray, ...], ...]
    """Per tier, closed counter-clockwise rings in the wind frame (relative to the reference point)."""


def _search_grid(field: PlumeField) -> FloatArray:
    return np.geomspace(0.5, field.max_distance_m, SEARCH_POINTS)


def farthest_exceedance_m(field: PlumeField) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Per tier, the farthest downwind distance where the centreline ratio is at least 1.

    Log-linear interpolation inside the last bracketing interval of a log-spaced search.
    """
    x = _search_grid(field)
    ratio = np.atleast_2d(field.centre_ratio(x))
    above = ratio >= 1.0
    reached = above.any(axis=1)
    last = x.size - 1 - np.argmax(above[:, ::-1], axis=1)
    capped = reached & (last == x.size - 1)
    inner = np.minimum(last, x.size - 2)
    rows = np.arange(ratio.shape[0])
    r0 = np.maximum(ratio[rows, inner], 1e-300)
    r1 = np.maximum(ratio[rows, inner + 1], 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.clip(np.nan_to_num(np.log(r0) / np.log(r0 / r1)), 0.0, 1.0)
    distance = np.exp(np.log(x[inner]) + fraction * np.log(x[inner + 1] / x[inner]))
    distance = np.where(capped, x[-1], distance)
    return np.where(reached, distance, 0.0), capped


def halfwidths_m(field: PlumeField, x_m: FloatArray) -> FloatArray:
    """Crosswind half-width (m) of every tier at downwind distances x_m, shape (tiers, len(x))."""
    ratio = np.atleast_2d(field.centre_ratio(x_m))
    sigma = field.sigma_y_m(x_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        width = sigma * np.sqrt(2.0 * np.log(np.maximum(ratio, 1.0)))
    return np.nan_to_num(width)


def _columns(field: PlumeField, distance_m: float) -> FloatArray:
    """Downwind columns from the source (x = 0) to the tier's tip, dense near the source."""
    upwind = -np.linspace(field.upwind_m, 0.0, 60, endpoint=False) if field.upwind_m > 0 else np.empty(0)
    near = np.geomspace(min(0.5, distance_m / 1000.0), distance_m, COLUMNS // 2)
    even = np.linspace(0.0, distance_m, COLUMNS // 2)
    return np.unique(np.concatenate([upwind, near, even]))


def point_source_plume(field: PlumeField) -> PlumeResult:
    """Distances and polygons of a point source (closed-form half-widths, vectorised)."""
    distances, capped = farthest_exceedance_m(field)
    rings: list[tuple[FloatArray, ...]] = []
    for index, distance in enumerate(distances):
        if distance <= 0:
            rings.append(())
            continue
        x = _columns(field, float(distance))
        width = halfwidths_m(field, x)[index]
        if field.upwind_m <= 0:
            width[x <= 0] = 0.0  # the polygon starts at the source
        width[-1] = 0.0  # the tip lies on the axis at the tier distance
        rings.append(tuple(halfwidth_rings(x, width)))
    return PlumeResult(tuple(float(d) for d in distances), tuple(bool(c) for c in capped), tuple(rings))


def _sum_of_sources(field: PlumeField, x: FloatArray, y: FloatArray, along_m: FloatArray,
                    across_m: FloatArray) -> FloatArray:
    """Ratio field (tiers, ny, nx) of equal point sources at wind-frame offsets, summed."""
    total = np.zeros((len(field.specs), y.size, x.size))
    for a, c in zip(along_m, across_m):  # a few dozen sources; every cell at once per source
        dx = x - a
        ratio = np.atleast_2d(field.centre_ratio(np.maximum(dx, 1e-3)))
        ratio = np.where(dx > 0, ratio, 0.0)
        sigma = field.sigma_y_m(np.maximum(dx, 1e-3))
        total += ratio[:, None, :] * np.exp(-0.5 * np.square((y[:, None] - c) / sigma[None, :]))[None]
    return total


def multi_source_plume(field: PlumeField, full_field: PlumeField, along_m: FloatArray,
                       across_m: FloatArray, nx: int = 500, ny: int = 400) -> PlumeResult:
    """Distances and polygons of equal point sources along a line (field: one source's share).

    `full_field` is the same release concentrated at one point; its distances and widths
    bound the grid. A tier's distance is measured from the most downwind source point.
    """
    bound, capped = farthest_exceedance_m(full_field)
    reach = float(bound.max()) if bound.size else 0.0
    if reach <= 0:
        zeros = tuple(0.0 for _ in field.specs)
        return PlumeResult(zeros, tuple(False for _ in field.specs), tuple(() for _ in field.specs))
    x_probe = np.geomspace(0.5, reach, 200)
    width = float(halfwidths_m(full_field, x_probe).max()) * 1.05 + 1.0
    x = np.linspace(along_m.min(), along_m.max() + reach * 1.02, nx)
    y = np.linspace(across_m.min() - width, across_m.max() + width, ny)
    total = _sum_of_sources(field, x, y, along_m, across_m)
    distances, rings = [], []
    for tier in range(len(field.specs)):
        inside = total[tier] >= 1.0
        cols = inside.any(axis=0)
        half_cell = 0.5 * (y[1] - y[0])  # a grid cell stands for the band of half a cell either side
        lower = np.where(cols, y[np.argmax(inside, axis=0)] - half_cell, 0.0)
        upper = np.where(cols, y[ny - 1 - np.argmax(inside[::-1], axis=0)] + half_cell, 0.0)
        distances.append(float(max(x[cols].max() - along_m.max(), 0.0)) if cols.any() else 0.0)
        rings.append(tuple(rings_from_columns(x, lower, upper, cols)))
    return PlumeResult(tuple(distances), tuple(bool(c) for c in capped), tuple(rings))
