"""Threat zones: what a scenario's releases would do, for the controller before the exercise.

For each release, with the weather in force at a chosen time: the downwind distance and
footprint of each AEGL tier (chemical), of dose thresholds (radiological), of blast, burn,
prompt-dose and fallout levels (nuclear), of infection-probability contours (biological); the
population zones, hospitals and responder stations they reach. EXERCISE GRADE — not for
operational hazard prediction. No matplotlib here: the PNG lives in ``reports.footprint``.
"""
from __future__ import annotations

from .compute import compute_threat_zones, release_zones
from .geojson import report_geojson
from .text import report_json, report_text
from .zones import (
    EXERCISE_GRADE,
    EnclosedExposure,
    EnclosedTier,
    ReleaseZones,
    ThreatZoneReport,
    TierFootprint,
    TierSpec,
    WeatherUsed,
    ZoneHit,
)

__all__ = [
    "EXERCISE_GRADE", "EnclosedExposure", "EnclosedTier", "ReleaseZones", "ThreatZoneReport", "TierFootprint",
    "TierSpec", "WeatherUsed", "ZoneHit", "compute_threat_zones", "release_zones", "report_geojson",
    "report_json", "report_text",
]
