"""Tests of cbrnsim.threatzones.geojson: RFC 7946 structure, parsed back with json."""
from __future__ import annotations

import json

import numpy as np
import pytest
from test_threatzones_compute import chlorine_release, with_releases

from cbrnsim.scenario import Point, Release
from cbrnsim.threatzones import compute_threat_zones, report_geojson
from cbrnsim.threatzones.geometry import signed_area_m2


def _collection(origin: bool) -> dict:
    route = Release(id="line", agent="chlorine", geometry="line", quantity_kg=2000, duration_min=10,
                    path=[Point(x_m=-3000, y_m=-3000), Point(x_m=0, y_m=-3000)])
    ind = Release(id="ind", agent="ind", location=Point(x_m=0, y_m=0), yield_kt=1, burst="surface")
    scenario = with_releases(chlorine_release(), route, ind, origin=origin)
    return json.loads(json.dumps(report_geojson(compute_threat_zones(scenario), scenario)))


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@pytest.mark.parametrize("origin", [True, False])
def test_feature_collection_structure(origin: bool) -> None:
    collection = _collection(origin)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 §4
    kinds = {f["properties"]["kind"] for f in collection["features"]}
    assert kinds == {"threat_zone", "release", "hospital", "station"}
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Point", "LineString", "Polygon", "MultiPolygon")


def test_rings_are_closed_counter_clockwise_and_in_lon_lat() -> None:
    collection = _collection(origin=True)
    zones = [f for f in collection["features"] if f["properties"]["kind"] == "threat_zone"]
    assert zones
    for feature in zones:
        for ring in _rings(feature):
            assert len(ring) >= 4 and ring[0] == ring[-1]
            assert signed_area_m2(np.asarray(ring)) > 0  # counter-clockwise (RFC 7946 §3.1.6)
            lon, lat = np.asarray(ring).T
            assert (-180 <= lon).all() and (lon <= 180).all() and (-90 <= lat).all() and (lat <= 90).all()
            # the origin is 52°N 5°E; Kelden's footprints lie within a few tenths of a degree
            assert abs(lat.mean() - 52.0) < 1.5 and abs(lon.mean() - 5.0) < 2.5
    hospital = next(f for f in collection["features"] if f["properties"]["kind"] == "hospital")
    lon, lat = hospital["geometry"]["coordinates"]
    assert 51.9 < lat < 52.1 and 4.9 < lon < 5.1  # lon first


def test_without_origin_the_file_says_it_is_in_local_metres() -> None:
    collection = _collection(origin=False)
    assert "local" in collection["cbrnsim"]["note"]
    assert all("local" in f["properties"]["frame"] for f in collection["features"])
    hospital = next(f for f in collection["features"] if f["properties"].get("id") == "kuh")
    assert hospital["geometry"]["coordinates"] == [1800.0, 2600.0]
