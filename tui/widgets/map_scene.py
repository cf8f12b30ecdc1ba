"""What the map shows, taken from the scenario (fixed) and the exercise view (live).

The plume is drawn in AEGL tiers when the hazard field is an airborne concentration (mg/m³) of
chemical agents: the concentration now is compared with each agent's 10-minute AEGL-1/2/3
(``cbrnsim.hazard.toxicology.aegl_tier``; NRC AEGL tables as carried in ``agents/*.yaml``).
The 10-minute value is used because puffs of the kind modelled pass over a place within
minutes; a 60-minute AEGL would draw smaller zones. Fields in other units (a dose rate, an
infectious dose) are drawn as the areas above 1 %, 10 % and 50 % of the field's peak and the
legend says so: those are display bands, not health thresholds.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from cbrnsim.exercise import ExerciseView, HazardGrid
from cbrnsim.scenario import Scenario

from .map_canvas import HOSPITAL_STATUS_BG, UNIT_LETTERS, MapScene, Marker, TierGrid, ZoneShape

AEGL_MINUTES = 10.0
"""AEGL exposure duration the plume tiers use (min); see the module docstring."""

RELATIVE_BANDS: tuple[float, float, float] = (0.01, 0.10, 0.50)
"""Shares of the peak drawn as tiers 1/2/3 for fields without health thresholds (display only)."""

MOVING_STATUSES: frozenset[str] = frozenset({"en_route", "on_scene", "transporting", "at_hospital", "returning"})
"""Unit statuses drawn on the map (units at their station sit under the station glyph)."""

UNIT_STATUS_STYLE: dict[str, str] = {
    "en_route": "bold #ffd75f on #303030", "on_scene": "bold #ff5f5f on #303030",
    "transporting": "bold #5fd7ff on #303030", "at_hospital": "bold #87ff87 on #303030",
    "returning": "#bcbcbc on #303030",
}
"""Unit glyph style by status."""


@dataclass(frozen=True, slots=True)
class PlumeLegend:
    """What the plume colours mean right now."""

    text: str
    """One line for under the map."""
    health_based: bool
    """True for AEGL tiers, False for relative display bands."""


def base_scene(scenario: Scenario) -> MapScene:
    """The fixed part: bounds, zones, release paths and points, hospitals and stations."""
    bounds = scenario.geography.bounds
    zones = tuple(
        ZoneShape(kind=zone.kind, polygon=tuple((p.x_m, p.y_m) for p in zone.polygon) if zone.polygon else (),
                  centre=(zone.centre.x_m, zone.centre.y_m) if zone.centre is not None else None,
                  radius_m=zone.radius_m or 0.0)
        for zone in scenario.population)
    lines = tuple(tuple((p.x_m, p.y_m) for p in release.path) for release in scenario.releases if release.path)
    weather = scenario.weather_at(0.0)
    return MapScene(bounds.x_min_m, bounds.x_max_m, bounds.y_min_m, bounds.y_max_m, zones=zones, lines=lines,
                    markers=_fixed_markers(scenario, {}), wind_from_deg=weather.wind_from_deg,
                    wind_speed_m_s=weather.wind_speed_m_s)


def _fixed_markers(scenario: Scenario, hospital_status: dict[str, str]) -> tuple[Marker, ...]:
    markers: list[Marker] = []
    for station in scenario.responders.stations:
        markers.append(Marker(station.location.x_m, station.location.y_m, "▲", "bold #d0d0d0 on #3a3a3a"))
    for release in scenario.releases:
        point = release.location or (release.path[-1] if release.path else None)
        if point is not None:
            markers.append(Marker(point.x_m, point.y_m, "✱", "bold #ffffff on #af0000"))
    for hospital in scenario.hospitals:
        status = hospital_status.get(hospital.id, hospital.status)
        markers.append(Marker(hospital.location.x_m, hospital.location.y_m, "H",
                              f"bold white on {HOSPITAL_STATUS_BG.get(status, '#1f5fbf')}", label=hospital.id))
    return tuple(markers)


def aegl_tiers(grid: HazardGrid, agent_ids: Sequence[str]) -> np.ndarray | None:
    """AEGL tier per grid cell (highest over the agents), or None when AEGLs do not apply."""
    if grid.unit.replace("³", "3").lower() not in ("mg/m3", "mg m-3", "mg_m3"):
        return None
    from cbrnsim.hazard.toxicology import aegl_tier

    tiers: np.ndarray | None = None
    for agent in agent_ids:
        try:
            agent_tiers = aegl_tier(agent, grid.values, AEGL_MINUTES)
        except (KeyError, ValueError, TypeError, AttributeError):
            continue  # not a chemical agent with an AEGL table
        tiers = agent_tiers if tiers is None else np.maximum(tiers, agent_tiers)
    return tiers


def relative_tiers(grid: HazardGrid) -> np.ndarray:
    """Tiers 1/2/3 where the field exceeds 1 %, 10 %, 50 % of its peak (display bands only)."""
    peak = grid.peak
    tiers = np.zeros(grid.values.shape, dtype=int)
    if peak <= 0:
        return tiers
    for tier, share in enumerate(RELATIVE_BANDS, start=1):
        tiers[grid.values > share * peak] = tier
    return tiers


def plume(grid: HazardGrid | None, agent_ids: Sequence[str]) -> tuple[TierGrid | None, PlumeLegend]:
    """The tier grid to draw and its legend."""
    if grid is None or grid.peak <= 0:
        return None, PlumeLegend("no airborne hazard now", health_based=True)
    tiers = aegl_tiers(grid, agent_ids)
    if tiers is not None:
        legend = PlumeLegend(f"plume now vs {AEGL_MINUTES:g}-min AEGL: [#d7c828]■[/] AEGL-1 "
                             f"[#f08714]■[/] AEGL-2 [#d71e1e]■[/] AEGL-3 (peak {grid.peak:.3g} {grid.unit})", True)
    else:
        tiers = relative_tiers(grid)
        legend = PlumeLegend(f"field in {grid.unit}: [#d7c828]■[/] >1 % [#f08714]■[/] >10 % [#d71e1e]■[/] >50 % "
                             f"of peak {grid.peak:.3g} (display bands, not health thresholds)", False)
    return TierGrid(grid.x_m, grid.y_m, tiers), legend


def unit_markers(units: Iterable[object]) -> tuple[Marker, ...]:
    """Units away from their station, one glyph each by kind, coloured by status."""
    markers = []
    for unit in units:
        status = getattr(unit, "status", "")
        if status not in MOVING_STATUSES:
            continue
        markers.append(Marker(float(getattr(unit, "x_m")), float(getattr(unit, "y_m")),
                              UNIT_LETTERS.get(getattr(unit, "kind", ""), "u"),
                              UNIT_STATUS_STYLE.get(status, "bold white")))
    return tuple(markers)


def live_scene(base: MapScene, scenario: Scenario, view: ExerciseView, agent_ids: Sequence[str],
               wind: tuple[float, float] | None, closures: tuple[tuple[float, float, float], ...]
               ) -> tuple[MapScene, PlumeLegend]:
    """The scene at the view's time: plume, hospital statuses, units, wind, closures."""
    tiers, legend = plume(view.hazard, agent_ids)
    state = view.model
    statuses = {h.id: h.status for h in getattr(state, "hospitals", ())}
    markers = _fixed_markers(scenario, statuses) + unit_markers(getattr(state, "units", ()))
    wind_from, wind_speed = wind if wind is not None else (base.wind_from_deg, base.wind_speed_m_s)
    return replace(base, hazard=tiers, markers=markers, wind_from_deg=wind_from, wind_speed_m_s=wind_speed,
                   closures=closures), legend
