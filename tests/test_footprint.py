"""Tests of reports.footprint: the threat-zone PNG is written and is a real PNG."""
from __future__ import annotations

import struct
from pathlib import Path

from test_threatzones_compute import chlorine_release, with_releases

from cbrnsim.scenario import Point, Release
from cbrnsim.threatzones import compute_threat_zones
from reports.footprint import render_footprint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
"""The eight bytes every PNG starts with (PNG specification, ISO/IEC 15948, §5.2)."""


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chlorine_footprint_png(tmp_path: Path) -> None:
    scenario = with_releases(chlorine_release())
    path = tmp_path / "cl.png"
    render_footprint(compute_threat_zones(scenario), scenario, path)
    width, height = _png_size(path)
    assert 1000 < width < 3000 and 800 < height < 3000
    assert path.stat().st_size > 50_000  # a drawn map, not an empty canvas


def test_every_family_draws(tmp_path: Path) -> None:
    releases = (
        Release(id="rdd", agent="cs-137", location=Point(x_m=0, y_m=0), activity_bq=5e14, explosive_kg_tnt=20),
        Release(id="ind", agent="ind", location=Point(x_m=2000, y_m=0), yield_kt=1, burst="surface"),
        Release(id="bio", agent="anthrax", location=Point(x_m=-2000, y_m=0), organisms=1e10, duration_min=5),
    )
    scenario = with_releases(*releases)
    path = tmp_path / "all.png"
    render_footprint(compute_threat_zones(scenario, at_min=0.0), scenario, path)
    assert _png_size(path)[0] > 1000
