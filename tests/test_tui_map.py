"""The map: frame, layers, glyphs, wind arrow, scale bar, plume tiers from the hazard field."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cbrnsim.exercise import HazardGrid
from cbrnsim.hazard.toxicology import aegl_concentration_mg_m3
from tui_support import tiny_scenario
from tui.widgets.map_canvas import (
    TIER_COLOURS, MapScene, Marker, TierGrid, ZoneShape, draw, fit_frame, polygon_mask, raster, scale_bar_m,
    wind_arrow,
)
from tui.widgets.map_scene import AEGL_MINUTES, aegl_tiers, base_scene, plume, relative_tiers

SQUARE = MapScene(-1000.0, 1000.0, -1000.0, 1000.0)


def test_the_frame_keeps_pixels_square_and_centres_the_map() -> None:
    frame = fit_frame(SQUARE, 40, 10)  # 40 x 20 pixels: the 2 km square is limited by its height
    assert frame.m_per_px == 100.0
    assert frame.pixel(0.0, 0.0) == (20, 10)
    assert frame.cell(0.0, 0.0) == (20, 5)


def test_polygon_mask_matches_the_polygon() -> None:
    xs, ys = np.meshgrid([0.5, 1.5, 2.5], [0.5, 1.5])
    inside = polygon_mask(xs, ys, [(0, 0), (2, 0), (2, 2), (0, 2)])
    assert inside.tolist() == [[True, True, False], [True, True, False]]


def test_zones_and_plume_tiers_colour_the_raster() -> None:
    grid = TierGrid(np.array([-500.0, 500.0]), np.array([-500.0, 500.0]), np.array([[3, 0], [0, 1]]))
    scene = MapScene(-1000.0, 1000.0, -1000.0, 1000.0, zones=(ZoneShape("transit", centre=(500.0, -500.0),
                                                                         radius_m=300.0),), hazard=grid)
    image = raster(scene, fit_frame(scene, 20, 10))
    assert tuple(image[15, 5]) == TIER_COLOURS[3]   # south-west cell of the grid: AEGL-3 red
    assert tuple(image[5, 15]) == TIER_COLOURS[1]   # north-east: AEGL-1 yellow


def test_markers_labels_wind_and_scale_bar_are_drawn() -> None:
    scene = MapScene(-5000.0, 5000.0, -5000.0, 5000.0,
                     markers=(Marker(0.0, 0.0, "H", "bold white on blue", label="kuh"),),
                     wind_from_deg=270.0, wind_speed_m_s=3.0)
    text = draw(scene, 60, 20).text()
    assert "Hkuh" in text
    assert "wind → from 270° 3.0 m/s" in text  # a westerly blows towards the east
    assert "km" in text.splitlines()[-1] and "├" in text.splitlines()[-1]


def test_wind_arrow_points_downwind() -> None:
    assert [wind_arrow(d) for d in (0, 90, 180, 270, 225)] == ["↓", "←", "↑", "→", "↗"]


def test_scale_bar_is_a_round_length() -> None:
    length_m, cells = scale_bar_m(m_per_cell=240.0, max_cells=15)
    assert length_m == 2000.0 and cells == 8


def test_aegl_tiers_use_the_agents_10_minute_aegls() -> None:
    levels = [float(aegl_concentration_mg_m3("sarin", tier, AEGL_MINUTES)) for tier in (1, 2, 3)]
    values = np.array([[0.0, levels[0] * 1.5], [levels[1] * 1.5, levels[2] * 1.5]])
    grid = HazardGrid(0.0, np.array([0.0, 1.0]), np.array([0.0, 1.0]), values, "mg/m3")
    assert aegl_tiers(grid, ["sarin"]).tolist() == [[0, 1], [2, 3]]
    tiers, legend = plume(grid, ["sarin"])
    assert legend.health_based and "AEGL-3" in legend.text and tiers is not None


def test_other_units_get_relative_bands_said_to_be_display_only() -> None:
    grid = HazardGrid(0.0, np.array([0.0, 1.0]), np.array([0.0]), np.array([[2.0, 10.0]]), "Sv/h")
    assert relative_tiers(grid).tolist() == [[2, 3]]
    _, legend = plume(grid, ["cs-137"])
    assert not legend.health_based and "not health thresholds" in legend.text


def test_base_scene_carries_the_scenarios_places(tmp_path: Path) -> None:
    scenario = tiny_scenario(tmp_path)
    scene = base_scene(scenario)
    glyphs = [m.glyph for m in scene.markers]
    assert glyphs.count("H") == len(scenario.hospitals)
    assert glyphs.count("▲") == len(scenario.responders.stations)
    assert len(scene.zones) == len(scenario.population)
    assert scene.wind_from_deg == scenario.weather[0].wind_from_deg
