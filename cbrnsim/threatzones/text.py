"""The threat-zone report as a readable text table and as one JSON object."""
from __future__ import annotations

from typing import Any

from ..scenario import format_time_min
from .picture import BRIGGS_RANGE_M
from .zones import EXERCISE_GRADE, EnclosedExposure, ReleaseZones, ThreatZoneReport, TierFootprint

_HEADER = f"{'tier':<26}{'threshold':>24}{'distance m':>12}{'area km²':>10}{'people':>9}  reaches"
"""Column heads of the per-release table."""


def _number(value: float) -> str:
    """Threshold values from 0.0005 to 1e6 in a readable form."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _reaches(tier: TierFootprint) -> str:
    parts = [f"{hit.name} ({hit.people_inside:,} of {hit.count:,})" for hit in tier.zones]
    parts += [f"HOSPITAL {h}" for h in tier.hospitals]
    parts += [f"station {s}" for s in tier.stations]
    return "; ".join(parts) if parts else "-"


def _tier_row(tier: TierFootprint) -> str:
    name = tier.spec.label if tier.spec.group in tier.spec.label else f"{tier.spec.label} ({tier.spec.group})"
    threshold = f"{_number(tier.spec.threshold)} {tier.spec.unit}"
    beyond = tier.shape == "plume" and tier.spec.group != "fallout" and tier.distance_m > BRIGGS_RANGE_M[1]
    distance = "not reached" if tier.distance_m <= 0 else \
        (">" if tier.capped else "") + f"{tier.distance_m:,.0f}" + ("" if tier.shape == "plume" else " r") \
        + ("*" if beyond else "")
    return (f"{name[:26]:<26}{threshold:>24}{distance:>12}{tier.area_km2:>10.3f}{tier.people_inside:>9,}  "
            f"{_reaches(tier)}")


def _enclosed_lines(box: EnclosedExposure) -> list[str]:
    lines = [f"  ENCLOSED release: {box.volume_m3:g} m³, {box.air_changes_per_h:g} air changes/h, "
             f"{box.occupants} occupants; well-mixed over {box.exposure_min:g} min:",
             f"  peak {_number(box.peak_mg_m3)} mg/m³, mean {_number(box.mean_mg_m3)} mg/m³, "
             f"Ct {_number(box.dosage_mg_min_m3)} mg·min/m³; probability of death without care "
             f"{box.lethality_untreated:.0%} (agent probit)"]
    for tier in box.tiers:
        verdict = "EXCEEDED" if tier.exceeded else "not exceeded"
        lines.append(f"    {tier.spec.label}: {_number(tier.spec.threshold)} {tier.spec.unit} — mean is "
                     f"{_number(tier.ratio_to_mean)}× the tier, {verdict}")
    return lines


def release_text(zones: ReleaseZones) -> list[str]:
    """Lines describing one release: heading, weather, table, warnings, notes."""
    w = zones.weather
    lines = [f"Release {zones.release_id}" + (f" — {zones.release_name}" if zones.release_name else ""),
             f"  {zones.agent_name} ({zones.category}), {zones.amount}",
             f"  weather at {format_time_min(w.time_min)}: wind {w.wind_speed_m_s:g} m/s from {w.wind_from_deg:03.0f}°, "
             f"stability {w.stability}, {w.terrain}, {w.temperature_c:g} °C",
             f"  model: {zones.model}"]
    if zones.enclosed is not None:
        lines += _enclosed_lines(zones.enclosed)
    if zones.tiers:
        lines += ["  " + _HEADER] + ["  " + _tier_row(t) for t in zones.tiers]
    lines += [f"  WARNING: {warning}" for warning in zones.warnings()]
    lines += [f"  note: {note}" for note in zones.notes]
    return lines


def report_text(report: ThreatZoneReport) -> str:
    """The whole report as text: marking, title, one block per release."""
    when = "each release at its own start" if report.at_min is None else f"weather at {format_time_min(report.at_min)}"
    lines = [report.marking, f"Threat zones — {report.title}", f"{EXERCISE_GRADE}; {when}.",
             "Distances are downwind from the source (plumes) or radii ('r') from the release point; "
             "people = estimated inside the tier, of the zone's total; '>' = still exceeded where the search "
             "ends; '*' = beyond 10 km, outside the fitted range of the dispersion sigmas (ALOHA reports such "
             "zones only as '>10 km'): indicative only.", ""]
    for zones in report.releases:
        lines += release_text(zones) + [""]
    lines.append(report.marking)
    return "\n".join(lines)


def _tier_json(tier: TierFootprint) -> dict[str, Any]:
    spec = tier.spec
    return {
        "level": spec.level, "label": spec.label, "group": spec.group, "threshold": spec.threshold,
        "unit": spec.unit, "meaning": spec.meaning, "source": spec.source, "shape": tier.shape,
        "distance_m": round(tier.distance_m, 1), "distance_is_lower_bound": tier.capped,
        "area_km2": round(tier.area_km2, 4), "people_inside": tier.people_inside,
        "zones": [{"id": h.zone_id, "name": h.name, "count": h.count, "people_inside": h.people_inside}
                  for h in tier.zones],
        "hospitals": list(tier.hospitals), "stations": list(tier.stations),
    }


def _release_json(zones: ReleaseZones) -> dict[str, Any]:
    w = zones.weather
    box = zones.enclosed
    return {
        "id": zones.release_id, "name": zones.release_name, "agent": zones.agent_id, "category": zones.category,
        "amount": zones.amount, "origin_m": {"x_m": zones.origin_xy_m[0], "y_m": zones.origin_xy_m[1]},
        "weather": {"time_min": w.time_min, "wind_speed_m_s": w.wind_speed_m_s, "wind_from_deg": w.wind_from_deg,
                    "stability": w.stability, "terrain": w.terrain, "temperature_c": w.temperature_c},
        "model": zones.model, "tiers": [_tier_json(t) for t in zones.tiers],
        "enclosed": None if box is None else {
            "volume_m3": box.volume_m3, "air_changes_per_h": box.air_changes_per_h, "occupants": box.occupants,
            "exposure_min": box.exposure_min, "peak_mg_m3": box.peak_mg_m3, "mean_mg_m3": box.mean_mg_m3,
            "dosage_mg_min_m3": box.dosage_mg_min_m3, "lethality_untreated": box.lethality_untreated,
            "tiers": [{"label": t.spec.label, "threshold": t.spec.threshold, "unit": t.spec.unit,
                       "ratio_to_mean": t.ratio_to_mean, "exceeded": t.exceeded, "source": t.spec.source}
                      for t in box.tiers]},
        "warnings": list(zones.warnings()), "notes": list(zones.notes),
    }


def report_json(report: ThreatZoneReport) -> dict[str, Any]:
    """The whole report as one JSON-ready object (footprint polygons are in the GeoJSON export)."""
    return {"title": report.title, "handling_marking": report.marking, "label": EXERCISE_GRADE,
            "at_min": report.at_min, "releases": [_release_json(z) for z in report.releases]}
