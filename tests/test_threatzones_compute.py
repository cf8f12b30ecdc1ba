"""Tests of cbrnsim.threatzones.compute: placing footprints on the map and what they reach.

Also holds the scenario builders the other threat-zone test modules import.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from cbrnsim.data import scenarios_dir
from cbrnsim.hazard.meteo import to_wind_frame
from cbrnsim.scenario import Point, Release, Scenario, load_scenario
from cbrnsim.threatzones import compute_threat_zones
from cbrnsim.threatzones.geometry import points_in_rings

METRO = Path(scenarios_dir()) / "metro-sarin.yaml"
"""The bundled default scenario."""


def with_releases(*releases: Release, origin: bool = False) -> Scenario:
    """metro-sarin with its releases replaced (and optionally pinned to a lat/lon origin)."""
    scenario = load_scenario(METRO)
    update: dict = {"releases": releases}
    if origin:
        update["geography"] = scenario.geography.model_copy(update={"origin_lat_deg": 52.0, "origin_lon_deg": 5.0})
    return scenario.model_copy(update=update)


def write_scenario(scenario: Scenario, path: Path) -> Path:
    """Write a scenario as YAML (round-trips through the loader)."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def chlorine_release(duration_min: float = 10.0, quantity_kg: float = 20_000.0) -> Release:
    """A rail-tank-car-sized chlorine release south-west of the city centre."""
    return Release(id="cl", name="tank car", agent="chlorine", location=Point(x_m=-3000, y_m=-2500),
                   quantity_kg=quantity_kg, duration_min=duration_min, height_m=1.0)


# --- tests ----------------------------------------------------------------------------------


def _with_wind(scenario: Scenario, wind_from_deg: float) -> Scenario:
    weather = tuple(w.model_copy(update={"wind_from_deg": wind_from_deg}) for w in scenario.weather)
    return scenario.model_copy(update={"weather": weather})


def test_wind_from_west_puts_the_footprint_east_of_the_source() -> None:
    scenario = _with_wind(with_releases(chlorine_release()), 270.0)
    zones = compute_threat_zones(scenario).releases[0]
    source_x, source_y = zones.origin_xy_m
    for tier in zones.tiers:
        pts = np.vstack([np.asarray(r) for r in tier.rings])
        assert pts[:, 0].min() >= source_x - 1.0
        assert pts[:, 0].max() > source_x + 0.9 * tier.distance_m
        assert abs(np.mean(pts[:, 1]) - source_y) < 0.05 * tier.distance_m


def test_every_wind_direction_points_the_footprint_downwind() -> None:
    for wind_from in (0.0, 45.0, 135.0, 200.0, 315.0):
        zones = compute_threat_zones(_with_wind(with_releases(chlorine_release()), wind_from)).releases[0]
        ring = np.asarray(zones.tiers[0].rings[0])
        along, _ = to_wind_frame(ring[:, 0], ring[:, 1], *zones.origin_xy_m, wind_from)
        assert along.min() > -1.0
        assert abs(along.max() - zones.tiers[0].distance_m) < 5.0


def test_at_uses_the_weather_in_force_then() -> None:
    # metro-sarin's weather veers from 250° to 270° at T+03:00
    scenario = with_releases(chlorine_release())
    assert compute_threat_zones(scenario).releases[0].weather.wind_from_deg == 250.0
    assert compute_threat_zones(scenario, at_min=200.0).releases[0].weather.wind_from_deg == 270.0


def test_people_hospitals_and_stations_inside_are_consistent_with_the_polygons() -> None:
    scenario = with_releases(chlorine_release())
    zones = compute_threat_zones(scenario).releases[0]
    by_id = {z.id: z for z in scenario.population}
    for tier in zones.tiers:
        for hit in tier.zones:
            assert 0 < hit.people_inside <= by_id[hit.zone_id].count
        for hospital_id in tier.hospitals:
            h = scenario.hospital(hospital_id).location
            assert points_in_rings(np.array([h.x_m]), np.array([h.y_m]), tier.rings)[0]
    # nested tiers: a more severe tier never holds more people or area than a milder one
    people = [t.people_inside for t in zones.tiers]
    areas = [t.area_km2 for t in zones.tiers]
    assert people == sorted(people) and areas == sorted(areas)


def test_a_hospital_inside_the_aegl2_zone_is_warned_about() -> None:
    # put the release just upwind (wind from 250°) of Kelden University Hospital at (1800, 2600)
    release = chlorine_release().model_copy(update={"location": Point(x_m=800, y_m=2236)})
    zones = compute_threat_zones(with_releases(release)).releases[0]
    assert any("kuh" in w and "AEGL-" in w for w in zones.warnings())


def test_enclosed_release_has_no_outdoor_footprint() -> None:
    zones = compute_threat_zones(load_scenario(METRO)).releases
    assert all(z.enclosed is not None and z.tiers == () for z in zones)
    assert all("out of scope" in " ".join(z.notes) for z in zones)
