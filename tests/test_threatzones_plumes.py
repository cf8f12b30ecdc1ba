"""Tests of cbrnsim.threatzones.plumes: distance search and footprints of point and line sources."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.threatzones.geometry import points_in_ring
from cbrnsim.threatzones.plumes import PlumeField, farthest_exceedance_m, multi_source_plume, point_source_plume
from cbrnsim.threatzones.zones import TierSpec

SPECS = tuple(TierSpec(level, f"t{level}", "test", 1.0, "-", "", "synthetic") for level in (3, 2, 1))


def _inverse_square(scale: float = 1.0) -> PlumeField:
    # centreline ratio (d_k / x)^2 reaches 1 exactly at d = 100, 300, 1000 m; sigma = 0.1 x
    reach = np.array([100.0, 300.0, 1000.0])[:, None] * np.sqrt(scale)
    return PlumeField(SPECS, lambda x: (reach / np.maximum(np.asarray(x), 1e-9)[None, :]) ** 2, lambda x: 0.1 * np.asarray(x))


def test_distance_search_finds_the_analytic_crossing() -> None:
    distances, capped = farthest_exceedance_m(_inverse_square())
    np.testing.assert_allclose(distances, [100.0, 300.0, 1000.0], rtol=1e-6)
    assert not capped.any()


def test_capped_when_still_exceeded_at_the_end() -> None:
    field = PlumeField(SPECS, lambda x: np.ones((3, np.size(x))) * 2.0, lambda x: 0.1 * np.asarray(x),
                       max_distance_m=5000.0)
    distances, capped = farthest_exceedance_m(field)
    assert capped.all() and distances == pytest.approx([5000.0] * 3)


def test_point_source_half_width_is_closed_form() -> None:
    result = point_source_plume(_inverse_square())
    ring = result.rings_wind[2][0]
    x = 500.0
    # half-width at x: 0.1 x sqrt(2 ln((1000/x)^2))
    expected = 0.1 * x * np.sqrt(2 * np.log((1000.0 / x) ** 2))
    assert points_in_ring([x], [0.98 * expected], ring)[0]
    assert not points_in_ring([x], [1.03 * expected], ring)[0]


def test_line_of_sources_sums_and_measures_beyond_the_last_point() -> None:
    # 24 sources along the crosswind axis, each a 24th: the line's footprint is wider than a point's
    # and reaches less far than all the release concentrated at one point.
    along = np.zeros(24)
    across = np.linspace(-500.0, 500.0, 24)
    line = multi_source_plume(_inverse_square(1 / 24), _inverse_square(), along, across)
    point = point_source_plume(_inverse_square())
    assert all(0 < d_line < d_point for d_line, d_point in zip(line.distances_m, point.distances_m))
    ring = line.rings_wind[2][0]
    assert ring[:, 1].max() > 500.0 and ring[:, 1].min() < -500.0
