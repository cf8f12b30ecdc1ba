"""Threat zones of every release of a scenario: the entry point of the package.

    from cbrnsim.scenario import load_scenario
    from cbrnsim.threatzones import compute_threat_zones
    report = compute_threat_zones(load_scenario("scenarios/chlorine-rail.yaml"))

Each release is computed with the weather in force at ``at_min`` (or at the release's own
start), placed on the map (wind frame rotated by the wind direction), and intersected with the
scenario's population zones, hospitals and responder stations.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..agentlib import get_agent
from ..agentlib.biological import BiologicalAgent
from ..agentlib.chemical import ChemicalAgent
from ..agentlib.nuclear import NuclearAgent
from ..agentlib.radiological import RadiologicalAgent
from ..hazard.meteo import to_wind_frame
from ..scenario import PopulationZone, Release, Scenario, WeatherObservation
from .biological import biological_picture
from .chemical import chemical_picture
from .geometry import as_ring, circle_ring, points_in_ring, points_in_rings, rings_area_km2, to_map
from .nuclear import nuclear_picture
from .picture import HazardPicture, distance_notes, route_points_m
from .plumes import PlumeResult, multi_source_plume, point_source_plume
from .radiological import radiological_picture
from .zones import Ring, ReleaseZones, ThreatZoneReport, TierFootprint, TierSpec, WeatherUsed, ZoneHit

ZONE_SAMPLES_PER_SIDE = 60
"""Sample points per side of a population zone's bounding box (uniform-density share estimate)."""


def hazard_picture(release: Release, weather: WeatherObservation) -> HazardPicture:
    """The model view of one release under one weather, by agent category."""
    agent = get_agent(release.agent)
    if isinstance(agent, ChemicalAgent):
        return chemical_picture(release, agent, weather)
    if isinstance(agent, RadiologicalAgent):
        return radiological_picture(release, agent, weather)
    if isinstance(agent, NuclearAgent):
        return nuclear_picture(release, agent, weather)
    if isinstance(agent, BiologicalAgent):
        return biological_picture(release, agent, weather)
    raise ValueError(f"agent '{release.agent}' has no threat-zone model")


def _plume_result(release: Release, picture: HazardPicture, origin: tuple[float, float],
                  wind_from_deg: float) -> PlumeResult:
    assert picture.plume is not None
    if release.geometry == "point" or release.yield_kt is not None:
        return point_source_plume(picture.plume(1.0))
    points = route_points_m(release)
    along, across = to_wind_frame(points[:, 0], points[:, 1], origin[0], origin[1], wind_from_deg)
    return multi_source_plume(picture.plume(1.0 / len(points)), picture.plume(1.0), along, across)


def _plume_tiers(release: Release, picture: HazardPicture, origin: tuple[float, float],
                 weather: WeatherObservation) -> tuple[list[TierFootprint], list[str]]:
    if picture.plume is None:
        return [], []
    specs = picture.plume(1.0).specs
    result = _plume_result(release, picture, origin, weather.wind_from_deg)
    tiers, notes = [], []
    for spec, distance, capped, rings in zip(specs, result.distances_m, result.capped, result.rings_wind):
        map_rings = tuple(as_ring(to_map(r, origin, weather.wind_from_deg)) for r in rings)
        tiers.append(TierFootprint(spec=spec, distance_m=distance, shape="plume", rings=map_rings, capped=capped))
        if spec.group != "fallout":
            notes += distance_notes(spec.label, distance, capped)
    return tiers, notes


def _circle_tiers(picture: HazardPicture, origin: tuple[float, float]) -> list[TierFootprint]:
    tiers = []
    for circles in picture.circles:
        for spec, radius in zip(circles.specs, circles.radii_m):
            rings = (as_ring(circle_ring(origin, radius)),) if radius > 0 else ()
            tiers.append(TierFootprint(spec=spec, distance_m=radius, shape="circle", rings=rings))
    return tiers


def zone_samples_m(zone: PopulationZone) -> NDArray[np.float64]:
    """Grid points (n×2, local metres) inside a population zone, for area-share estimates."""
    corners = np.array([(p.x_m, p.y_m) for p in zone.points()])
    xs = np.linspace(corners[:, 0].min(), corners[:, 0].max(), ZONE_SAMPLES_PER_SIDE)
    ys = np.linspace(corners[:, 1].min(), corners[:, 1].max(), ZONE_SAMPLES_PER_SIDE)
    gx, gy = (g.ravel() for g in np.meshgrid(xs, ys))
    if zone.polygon is None:
        assert zone.centre is not None and zone.radius_m is not None
        inside = np.hypot(gx - zone.centre.x_m, gy - zone.centre.y_m) <= zone.radius_m
    else:
        ring = np.array([(p.x_m, p.y_m) for p in zone.polygon + zone.polygon[:1]])
        inside = points_in_ring(gx, gy, ring)
    return np.column_stack([gx[inside], gy[inside]])


def _zone_hits(rings: tuple[Ring, ...], zones: tuple[PopulationZone, ...],
               samples: list[NDArray[np.float64]]) -> tuple[ZoneHit, ...]:
    hits = []
    for zone, points in zip(zones, samples):
        if len(points) == 0:
            continue
        share = float(np.mean(points_in_rings(points[:, 0], points[:, 1], rings)))
        if share > 0:
            hits.append(ZoneHit(zone.id, zone.name, zone.count, int(round(zone.count * share))))
    return tuple(hits)


def _ids_inside(rings: tuple[Ring, ...], items) -> tuple[str, ...]:
    if not items or not rings:
        return ()
    xy = np.array([(i.location.x_m, i.location.y_m) for i in items])
    inside = points_in_rings(xy[:, 0], xy[:, 1], rings)
    return tuple(item.id for item, hit in zip(items, inside) if hit)


def with_exposure(tier: TierFootprint, scenario: Scenario, samples: list[NDArray[np.float64]]) -> TierFootprint:
    """The tier with its area, the zones it reaches and the hospitals and stations inside it."""
    return TierFootprint(
        spec=tier.spec, distance_m=tier.distance_m, shape=tier.shape, rings=tier.rings, capped=tier.capped,
        area_km2=rings_area_km2(tier.rings), zones=_zone_hits(tier.rings, scenario.population, samples),
        hospitals=_ids_inside(tier.rings, scenario.hospitals),
        stations=_ids_inside(tier.rings, scenario.responders.stations))


def _amount_text(release: Release) -> str:
    share = f", airborne fraction {release.airborne_fraction:g}" if release.airborne_fraction != 1 else ""
    if release.quantity_kg is not None:
        return f"{release.quantity_kg:g} kg{share}"
    if release.activity_bq is not None:
        blast = f", {release.explosive_kg_tnt:g} kg TNT" if release.explosive_kg_tnt else ""
        return f"{release.activity_bq / 1e12:g} TBq{share}{blast}"
    if release.organisms is not None:
        return f"{release.organisms:.3g} organisms{share}"
    return f"{release.yield_kt:g} kt, {release.burst} burst"


def release_zones(scenario: Scenario, release: Release, at_min: float | None = None,
                  samples: list[NDArray[np.float64]] | None = None) -> ReleaseZones:
    """Threat zones of one release with the weather at `at_min` (default: the release's start)."""
    time_min = release.start_min if at_min is None else at_min
    weather = scenario.weather_at(time_min)
    picture = hazard_picture(release, weather)
    points = tuple((p.x_m, p.y_m) for p in release.points())
    origin = points[0]
    plume_tiers, notes = _plume_tiers(release, picture, origin, weather)
    if samples is None:
        samples = [zone_samples_m(z) for z in scenario.population]
    tiers = tuple(with_exposure(t, scenario, samples) for t in plume_tiers + _circle_tiers(picture, origin))
    if release.geometry != "point" and picture.plume is not None and release.enclosure is None:
        notes.insert(0, f"{release.geometry.capitalize()} source: spread evenly along its path "
                        f"({len(route_points_m(release))} points); distances are measured beyond the most "
                        "downwind point of the path.")
    agent = get_agent(release.agent)
    return ReleaseZones(
        release_id=release.id, release_name=release.name, agent_id=agent.id, agent_name=agent.name,
        category=agent.category, amount=_amount_text(release), origin_xy_m=origin, path_xy_m=points,
        weather=WeatherUsed(time_min, weather.wind_speed_m_s, weather.wind_from_deg, weather.stability,
                            weather.terrain, weather.temperature_c),
        model=picture.model, tiers=tiers, enclosed=picture.enclosed, notes=tuple(list(picture.notes) + notes))


def compute_threat_zones(scenario: Scenario, at_min: float | None = None) -> ThreatZoneReport:
    """Threat zones of every planned release of a scenario."""
    samples = [zone_samples_m(z) for z in scenario.population]
    return ThreatZoneReport(
        title=scenario.metadata.title, marking=scenario.metadata.handling_marking, at_min=at_min,
        has_origin=scenario.geography.origin_lat_deg is not None,
        releases=tuple(release_zones(scenario, r, at_min, samples) for r in scenario.releases))


def tier_specs_of(report: ThreatZoneReport) -> list[TierSpec]:
    """Every distinct tier spec in a report, in first-seen order (for legends)."""
    seen: dict[tuple[str, str], TierSpec] = {}
    for release in report.releases:
        for tier in release.tiers:
            seen.setdefault((tier.spec.group, tier.spec.label), tier.spec)
    return list(seen.values())
