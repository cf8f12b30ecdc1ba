"""Footprint geometry: rings from crosswind half-widths, circles, rotation, areas, containment.

Conventions: the wind frame has x downwind and y crosswind to the left of the downwind axis
(as :mod:`cbrnsim.hazard.meteo`); the local frame has x east and y north. The rotation
between them is proper (determinant +1), so a counter-clockwise ring stays counter-clockwise.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..hazard.meteo import from_wind_frame
from .zones import Ring

CIRCLE_VERTICES = 128
"""Vertices of a circle ring: the chord error at the rim is 1 - cos(pi/128) ≈ 0.03 %."""


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, stop) index pairs of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def rings_from_columns(x_m: ArrayLike, lower_m: ArrayLike, upper_m: ArrayLike,
                       inside: ArrayLike) -> list[NDArray[np.float64]]:
    """Wind-frame rings (n×2 arrays, closed, counter-clockwise) from per-column extents.

    Each run of consecutive columns with ``inside`` true becomes one polygon: along the lower
    edge (right side of the plume) downwind, back along the upper edge upwind.
    """
    x = np.asarray(x_m, dtype=float)
    lower = np.asarray(lower_m, dtype=float)
    upper = np.asarray(upper_m, dtype=float)
    rings = []
    for start, stop in _runs(np.asarray(inside, dtype=bool)):
        xs = x[start:stop]
        out = np.column_stack([xs, lower[start:stop]])
        back = np.column_stack([xs[::-1], upper[start:stop][::-1]])
        ring = np.vstack([out, back, out[:1]])
        if signed_area_m2(ring) < 0:
            ring = ring[::-1]
        rings.append(ring)
    return rings


def halfwidth_rings(x_m: ArrayLike, halfwidth_m: ArrayLike) -> list[NDArray[np.float64]]:
    """Rings of a footprint symmetric about the wind axis, from half-widths (0 = outside).

    A run touching the ends of a plume is closed by points on the axis, so the polygon has a
    sharp tip rather than a square end: where the half-width falls to zero between two
    columns the tip is placed on the axis at the next column.
    """
    x = np.asarray(x_m, dtype=float)
    w = np.asarray(halfwidth_m, dtype=float)
    inside = w > 0
    rings = []
    for start, stop in _runs(inside):
        lo = max(start - 1, 0)
        hi = min(stop + 1, len(x))
        xs = x[lo:hi]
        ws = np.where(inside[lo:hi], w[lo:hi], 0.0)
        rings += rings_from_columns(xs, -ws, ws, np.ones(len(xs), dtype=bool))
    return rings


def circle_ring(centre_xy_m: tuple[float, float], radius_m: float) -> NDArray[np.float64]:
    """A closed counter-clockwise circle ring of :data:`CIRCLE_VERTICES` vertices."""
    angle = np.linspace(0.0, 2.0 * math.pi, CIRCLE_VERTICES + 1)
    angle[-1] = 0.0  # exactly closed
    return np.column_stack([centre_xy_m[0] + radius_m * np.cos(angle),
                            centre_xy_m[1] + radius_m * np.sin(angle)])


def to_map(ring_wind: NDArray[np.float64], source_xy_m: tuple[float, float],
           wind_from_deg: float) -> NDArray[np.float64]:
    """A wind-frame ring placed at the source and rotated into the local (east, north) frame."""
    east, north = from_wind_frame(ring_wind[:, 0], ring_wind[:, 1], source_xy_m[0], source_xy_m[1],
                                  wind_from_deg)
    return np.column_stack([east, north])


def as_ring(points: NDArray[np.float64]) -> Ring:
    """An array ring as a tuple of (x, y) floats, rounded to the centimetre, exactly closed."""
    rounded: list[tuple[float, float]] = []
    for x, y in points:
        point = (round(float(x), 2), round(float(y), 2))
        if not rounded or point != rounded[-1]:  # zero-length edges confuse some GIS tools
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return tuple(rounded)


def signed_area_m2(ring: ArrayLike) -> float:
    """Shoelace area of a closed ring (m²): positive when counter-clockwise."""
    pts = np.asarray(ring, dtype=float)
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def points_in_ring(x_m: ArrayLike, y_m: ArrayLike, ring: ArrayLike) -> NDArray[np.bool_]:
    """Even-odd (ray casting) test of many points against one closed ring, vectorised."""
    px = np.asarray(x_m, dtype=float)[..., None]
    py = np.asarray(y_m, dtype=float)[..., None]
    pts = np.asarray(ring, dtype=float)
    x0, y0, x1, y1 = pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1]
    straddles = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    crossings = np.count_nonzero(straddles & (px < x_cross), axis=-1)
    return crossings % 2 == 1


def points_in_rings(x_m: ArrayLike, y_m: ArrayLike, rings: tuple[Ring, ...]) -> NDArray[np.bool_]:
    """Whether each point lies inside any of the rings (points outside a ring's box are skipped)."""
    x = np.asarray(x_m, dtype=float)
    y = np.asarray(y_m, dtype=float)
    inside = np.zeros(x.shape, dtype=bool)
    for ring in rings:
        pts = np.asarray(ring, dtype=float)
        (x_lo, y_lo), (x_hi, y_hi) = pts.min(axis=0), pts.max(axis=0)
        candidate = ~inside & (x >= x_lo) & (x <= x_hi) & (y >= y_lo) & (y <= y_hi)
        if candidate.any():
            inside[candidate] = points_in_ring(x[candidate], y[candidate], pts)
    return inside


def rings_area_km2(rings: tuple[Ring, ...]) -> float:
    """Total area of separate rings (km²)."""
    return sum(abs(signed_area_m2(r)) for r in rings) / 1e6
