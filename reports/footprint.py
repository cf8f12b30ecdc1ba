"""The threat-zone footprint map (PNG) of `cbrnsim hazard --png`, drawn with matplotlib (Agg).

Imported only when a picture is asked for: the core (cbrnsim) never imports matplotlib. The
map shows the scenario area, population zones, hospitals, responder stations, each release,
the tier footprints in the ALOHA colours (red / orange / yellow), a wind arrow, a scale bar,
the handling marking and the exercise-grade label.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrow, Patch, Polygon, Rectangle

from cbrnsim.scenario import Scenario, format_time_min
from cbrnsim.threatzones import EXERCISE_GRADE, ReleaseZones, ThreatZoneReport, TierFootprint
from cbrnsim.threatzones.zones import LEVEL_COLOURS

DPI = 150
"""Resolution of the PNG."""

AXES_WIDTH_IN = 9.0
"""Width of the map in inches; its height follows the view's aspect ratio."""

MARGINS_IN = (0.8, 0.9, 0.7, 1.05)
"""Left, right, bottom and top margins around the map (inches): axis labels and titles."""

MAX_VIEW_FACTOR = 3.0
"""The view grows to show footprints, but to at most this many times the scenario's map size."""

OUTLINE_STYLES: dict[str, str] = {"thermal": "--", "prompt radiation": ":", "blast injury": "-"}
"""Circle groups drawn as outlines (the first group of a release is filled)."""


def _km(values) -> np.ndarray:
    return np.asarray(values, dtype=float) / 1000.0


def _view_km(report: ThreatZoneReport, scenario: Scenario) -> tuple[float, float, float, float, bool]:
    """(x0, x1, y0, y1) of the view in km, and whether footprints were clipped."""
    b = scenario.geography.bounds
    x0, x1, y0, y1 = b.x_min_m, b.x_max_m, b.y_min_m, b.y_max_m
    rings = [np.asarray(r) for z in report.releases for t in z.tiers for r in t.rings]
    if rings:
        pts = np.vstack(rings)
        x0, x1 = min(x0, pts[:, 0].min()), max(x1, pts[:, 0].max())
        y0, y1 = min(y0, pts[:, 1].min()), max(y1, pts[:, 1].max())
    cx, cy = (b.x_min_m + b.x_max_m) / 2, (b.y_min_m + b.y_max_m) / 2
    half_w = MAX_VIEW_FACTOR * (b.x_max_m - b.x_min_m) / 2
    half_h = MAX_VIEW_FACTOR * (b.y_max_m - b.y_min_m) / 2
    clipped = x0 < cx - half_w or x1 > cx + half_w or y0 < cy - half_h or y1 > cy + half_h
    x0, x1 = max(x0, cx - half_w), min(x1, cx + half_w)
    y0, y1 = max(y0, cy - half_h), min(y1, cy + half_h)
    pad = 0.03 * max(x1 - x0, y1 - y0)
    return (x0 - pad) / 1000, (x1 + pad) / 1000, (y0 - pad) / 1000, (y1 + pad) / 1000, clipped


def _draw_zones(ax: Axes, scenario: Scenario) -> None:
    for zone in scenario.population:
        style = dict(facecolor="#bdbdbd", edgecolor="#737373", alpha=0.35, linewidth=0.6, zorder=1)
        if zone.polygon is not None:
            ax.add_patch(Polygon(_km([(p.x_m, p.y_m) for p in zone.polygon]), closed=True, **style))
        else:
            assert zone.centre is not None and zone.radius_m is not None
            ax.add_patch(Circle((zone.centre.x_m / 1000, zone.centre.y_m / 1000), zone.radius_m / 1000, **style))
        # labels at the top edge (polygons) or right of the circle, so nested zones do not collide
        if zone.polygon is not None:
            xy = (zone.centroid().x_m / 1000, max(p.y_m for p in zone.polygon) / 1000)
            where = dict(xytext=(0, -3), ha="center", va="top")
        else:
            xy = ((zone.centre.x_m + zone.radius_m) / 1000, zone.centre.y_m / 1000)
            where = dict(xytext=(3, 0), ha="left", va="center")
        ax.annotate(f"{zone.name} ({zone.count:,})", xy, textcoords="offset points", fontsize=5.5,
                    color="#525252", zorder=2, **where)


def _draw_tier(ax: Axes, tier: TierFootprint, filled: bool) -> None:
    colour = LEVEL_COLOURS[tier.spec.level]
    for ring in tier.rings:
        xy = _km(ring)
        if filled:
            ax.add_patch(Polygon(xy, closed=True, facecolor=colour, edgecolor=colour, alpha=0.5,
                                 linewidth=0.8, zorder=3 + tier.spec.level / 10))
        else:
            ax.add_patch(Polygon(xy, closed=True, fill=False, edgecolor=colour, linewidth=1.4,
                                 linestyle=OUTLINE_STYLES.get(tier.spec.group, "-"), zorder=4))


def _draw_release(ax: Axes, zones: ReleaseZones) -> list[tuple[str, str, bool]]:
    """Draw one release's tiers and source; return the legend keys (group, label, filled) used."""
    groups = list(dict.fromkeys(t.spec.group for t in zones.tiers))
    filled_groups = {g for g in groups if g in ("toxic vapour", "radiation dose", "infection", "fallout")}
    if not filled_groups and groups:
        filled_groups = {groups[0]}
    used = []
    for tier in sorted(zones.tiers, key=lambda t: (t.spec.group in filled_groups, t.spec.level)):
        filled = tier.spec.group in filled_groups
        if filled:
            _draw_tier(ax, tier, True)
        elif tier.rings:
            _draw_tier(ax, tier, False)
        if tier.rings:
            suffix = " — reaches past the search limit" if tier.capped else ""
            used.append((tier.spec.group, tier.spec.label + suffix, filled, tier.spec.level))
    path = _km(zones.path_xy_m)
    if len(path) > 1:
        ax.plot(path[:, 0], path[:, 1], color="black", linewidth=1.6, linestyle="-", zorder=6)
    ax.plot(path[0, 0], path[0, 1], marker="*", markersize=13, color="black", markeredgecolor="white", zorder=7)
    label = zones.release_id + (" (enclosed: in-car only)" if zones.enclosed is not None else "")
    ax.annotate(label, (path[0, 0], path[0, 1]), xytext=(6, -10), textcoords="offset points", fontsize=7,
                fontweight="bold", zorder=8)
    return used


def _draw_points(ax: Axes, scenario: Scenario, warned: set[str]) -> None:
    for hospital in scenario.hospitals:
        x, y = hospital.location.x_m / 1000, hospital.location.y_m / 1000
        ax.plot(x, y, marker="P", markersize=10, color="#08519c", markeredgecolor="white", zorder=9)
        if hospital.id in warned:
            ax.plot(x, y, marker="o", markersize=17, fillstyle="none", color="#cb181d", markeredgewidth=2, zorder=9)
        ax.annotate(hospital.name, (x, y), xytext=(7, 4), textcoords="offset points", fontsize=6.5,
                    color="#08519c", zorder=9)
    for station in scenario.responders.stations:
        ax.plot(station.location.x_m / 1000, station.location.y_m / 1000, marker="s", markersize=5,
                color="#238b45", markeredgecolor="white", zorder=8)


def _nice_length_km(span_km: float) -> float:
    target = span_km / 5
    exponent = 10 ** math.floor(math.log10(target))
    return max(m * exponent for m in (1, 2, 5) if m * exponent <= target)


def _emptiest_corner(view: tuple[float, float, float, float], points_km: np.ndarray) -> tuple[float, float]:
    """Top corner (for the wind arrow) with the fewest footprint vertices near it."""
    x0, x1, y0, y1 = view
    width, height = x1 - x0, y1 - y0
    corners = [(x1 - 0.09 * width, y1 - 0.1 * height), (x0 + 0.16 * width, y1 - 0.1 * height)]
    if len(points_km) == 0:
        return corners[0]
    crowd = [int(np.sum(np.hypot((points_km[:, 0] - cx) / width, (points_km[:, 1] - cy) / height) < 0.15))
             for cx, cy in corners]
    return corners[int(np.argmin(crowd))]


def _draw_scale_and_wind(ax: Axes, view: tuple[float, float, float, float], zones: ReleaseZones,
                         zones_points_km: np.ndarray) -> None:
    x0, x1, y0, y1 = view
    width, height = x1 - x0, y1 - y0
    length = _nice_length_km(width)
    bx, by = x0 + 0.04 * width, y0 + 0.04 * height
    ax.add_patch(Rectangle((bx, by), length, 0.008 * height, color="black", zorder=10))
    ax.annotate(f"{length:g} km", (bx + length / 2, by + 0.012 * height), ha="center", fontsize=8, zorder=10)
    w = zones.weather
    theta = math.radians(w.wind_from_deg)
    dx, dy = -math.sin(theta), -math.cos(theta)  # the air moves toward wind_from + 180°
    size = 0.05 * max(width, height)
    cx, cy = _emptiest_corner(view, zones_points_km)
    ax.add_patch(FancyArrow(cx - dx * size / 2, cy - dy * size / 2, dx * size, dy * size, width=size * 0.12,
                            head_width=size * 0.35, head_length=size * 0.3, length_includes_head=True,
                            color="#3182bd", zorder=10))
    ax.annotate(f"wind {w.wind_speed_m_s:g} m/s\nfrom {w.wind_from_deg:03.0f}°, class {w.stability}",
                (cx, cy - size * 0.9), ha="center", va="top", fontsize=7, color="#3182bd", zorder=10)
    ax.annotate("N ↑", (x0 + 0.04 * width, y1 - 0.05 * height), fontsize=10, fontweight="bold", zorder=10)


def _legend(ax: Axes, used: list[tuple[str, str, bool, int]]) -> None:
    handles = []
    for group, label, filled, level in dict.fromkeys(used):
        colour = LEVEL_COLOURS[level]
        text = label if group in label else f"{label} ({group})"
        handles.append(Patch(facecolor=colour, edgecolor=colour, alpha=0.6, label=text) if filled else
                       Line2D([], [], color=colour, linestyle=OUTLINE_STYLES.get(group, "-"), linewidth=1.6,
                              label=text))
    handles += [Line2D([], [], marker="*", color="black", linestyle="none", markersize=10, label="release"),
                Line2D([], [], marker="P", color="#08519c", linestyle="none", markersize=8, label="hospital"),
                Line2D([], [], marker="s", color="#238b45", linestyle="none", markersize=5, label="station"),
                Patch(facecolor="#bdbdbd", edgecolor="#737373", alpha=0.5, label="population zone")]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9).set_zorder(11)


def render_footprint(report: ThreatZoneReport, scenario: Scenario, path: Path) -> None:
    """Draw the footprint map of every release and write it as a PNG to `path`."""
    view = _view_km(report, scenario)
    left, right, bottom, top = MARGINS_IN
    axes_height_in = AXES_WIDTH_IN * (view[3] - view[2]) / (view[1] - view[0])
    width_in, height_in = left + AXES_WIDTH_IN + right, bottom + axes_height_in + top
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / width_in, bottom / height_in, AXES_WIDTH_IN / width_in, axes_height_in / height_in))
    b = scenario.geography.bounds
    ax.add_patch(Rectangle((b.x_min_m / 1000, b.y_min_m / 1000), (b.x_max_m - b.x_min_m) / 1000,
                           (b.y_max_m - b.y_min_m) / 1000, fill=False, edgecolor="#969696", linewidth=0.8,
                           linestyle="--", zorder=0))
    _draw_zones(ax, scenario)
    used = []
    for zones in report.releases:
        used += _draw_release(ax, zones)
    warned = {w.split("'")[1] for z in report.releases for w in z.warnings()}
    _draw_points(ax, scenario, warned)
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_aspect("equal")
    ax.set_xlabel("km east of the scenario origin")
    ax.set_ylabel("km north of the scenario origin")
    ax.grid(True, linewidth=0.3, alpha=0.5)
    if report.releases:
        rings = [np.asarray(r) for z in report.releases for t in z.tiers for r in t.rings]
        _draw_scale_and_wind(ax, view[:4], report.releases[0], _km(np.vstack(rings)) if rings else np.empty((0, 2)))
    _legend(ax, used)
    when = "each release at its start" if report.at_min is None else f"weather at {format_time_min(report.at_min)}"
    def from_top(inches: float) -> float:
        return 1.0 - inches / height_in

    fig.text(0.5, from_top(0.12), report.marking, ha="center", va="top", fontsize=10, fontweight="bold",
             color="#cb181d")
    fig.text(0.5, from_top(0.42), f"Threat zones — {report.title}", ha="center", va="top", fontsize=11)
    fig.text(0.5, from_top(0.72), f"{EXERCISE_GRADE} · {when}"
             + (" · footprints continue beyond the frame" if view[4] else ""),
             ha="center", va="top", fontsize=8, color="#525252")
    fig.text(0.5, 0.04 / height_in, report.marking, ha="center", va="bottom", fontsize=8, fontweight="bold",
             color="#cb181d")
    fig.savefig(path, dpi=DPI)
