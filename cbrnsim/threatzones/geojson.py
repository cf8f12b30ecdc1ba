"""GeoJSON export of the threat zones: tier polygons and the scenario's points.

RFC 7946 wants WGS84 longitude/latitude, (lon, lat) order, closed rings with the outer ring
counter-clockwise, and has no "crs" member (§4). When the scenario's frame is pinned to a
latitude/longitude origin (geography.origin_lat_deg / origin_lon_deg) every coordinate is
converted with :meth:`cbrnsim.scenario.Geography.to_lat_lon` (equirectangular, fine over tens
of km; the conversion keeps ring orientation). Without an origin the file keeps the local
metre frame: no "crs" member is written (it is not RFC 7946 and GDAL/QGIS would try to resolve
it), and a top-level foreign member plus a "frame" property on every feature say so. QGIS then
opens the layer as if in degrees; assign it a projected metre CRS (or none) to measure in it.
"""
from __future__ import annotations

from typing import Any

from ..scenario import Point, Scenario
from .zones import EXERCISE_GRADE, LEVEL_COLOURS, Ring, ThreatZoneReport

LOCAL_FRAME_NOTE = ("Coordinates are metres in the scenario's local frame (x east, y north), not WGS84: "
                    "the scenario has no geography.origin_lat_deg/origin_lon_deg.")
"""Written into files whose coordinates are local metres."""


def _converter(scenario: Scenario):
    geography = scenario.geography

    def convert(x_m: float, y_m: float) -> list[float]:
        lat_lon = geography.to_lat_lon(Point(x_m=x_m, y_m=y_m))
        if lat_lon is None:
            return [round(x_m, 2), round(y_m, 2)]
        return [round(lat_lon[1], 7), round(lat_lon[0], 7)]  # RFC 7946: longitude first

    return convert


def _polygon(rings: tuple[Ring, ...], convert) -> dict[str, Any]:
    polygons = [[[convert(x, y) for x, y in ring]] for ring in rings]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _point_feature(kind: str, item_id: str, name: str, point: Point, convert, frame: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": convert(point.x_m, point.y_m)},
            "properties": {"kind": kind, "id": item_id, "name": name, "frame": frame}}


def report_geojson(report: ThreatZoneReport, scenario: Scenario) -> dict[str, Any]:
    """A FeatureCollection: tier polygons (most severe drawn last), releases, hospitals, stations."""
    convert = _converter(scenario)
    frame = "WGS84 lon/lat" if report.has_origin else "local metres (x east, y north)"
    features: list[dict[str, Any]] = []
    for zones in report.releases:
        tiers = sorted((t for t in zones.tiers if t.rings), key=lambda t: (t.spec.group, t.spec.level))
        for tier in tiers:
            spec = tier.spec
            features.append({"type": "Feature", "geometry": _polygon(tier.rings, convert), "properties": {
                "kind": "threat_zone", "release": zones.release_id, "agent": zones.agent_id,
                "group": spec.group, "tier": spec.label, "level": spec.level, "threshold": spec.threshold,
                "unit": spec.unit, "distance_m": round(tier.distance_m, 1), "area_km2": round(tier.area_km2, 4),
                "people_inside": tier.people_inside, "source": spec.source, "frame": frame,
                "fill": LEVEL_COLOURS[spec.level], "fill-opacity": 0.35, "stroke": LEVEL_COLOURS[spec.level]}})
        path = [convert(x, y) for x, y in zones.path_xy_m]
        geometry = {"type": "Point", "coordinates": path[0]} if len(path) == 1 else \
            {"type": "LineString", "coordinates": path}
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "kind": "release", "id": zones.release_id, "name": zones.release_name, "agent": zones.agent_id,
            "model": zones.model, "frame": frame}})
    features += [_point_feature("hospital", h.id, h.name, h.location, convert, frame) for h in scenario.hospitals]
    features += [_point_feature("station", s.id, s.name, s.location, convert, frame)
                 for s in scenario.responders.stations]
    collection: dict[str, Any] = {"type": "FeatureCollection", "name": f"threat zones — {report.title}",
                                  "cbrnsim": {"handling_marking": report.marking, "label": EXERCISE_GRADE,
                                              "frame": frame},
                                  "features": features}
    if not report.has_origin:
        collection["cbrnsim"]["note"] = LOCAL_FRAME_NOTE
    return collection
