"""Tests of cbrnsim.threatzones.command: the `cbrnsim hazard` function on the starter scenarios."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_threatzones_compute import METRO, chlorine_release, with_releases, write_scenario

from cbrnsim.data import scenarios_dir
from cbrnsim.scenario import load_scenario
from cbrnsim.threatzones.command import hazard_command

CHLORINE_RAIL = Path(scenarios_dir()) / "chlorine-rail.yaml"
"""The second starter scenario (written by the scenario helper)."""


@pytest.fixture
def chlorine_file(tmp_path: Path) -> Path:
    """The bundled chlorine-rail scenario if present, else metro-sarin with a chlorine tank car."""
    if CHLORINE_RAIL.exists():
        return CHLORINE_RAIL
    return write_scenario(with_releases(chlorine_release()), tmp_path / "chlorine.yaml")


def test_text_output_for_the_chlorine_scenario(chlorine_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hazard_command(chlorine_file) == 0
    out = capsys.readouterr().out
    assert "EXERCISE GRADE — not for operational hazard prediction" in out
    assert "AEGL-3" in out and "AEGL-2" in out and "AEGL-1" in out
    assert out.splitlines()[0] == out.splitlines()[-1]  # handling marking at top and bottom


def test_json_output_for_the_metro_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert hazard_command(METRO, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"].startswith("EXERCISE GRADE")
    scenario = load_scenario(METRO)
    assert [r["id"] for r in data["releases"]] == [r.id for r in scenario.releases]
    # Three cars and two platforms (scenarios/metro-sarin.yaml); in every car the room air stays
    # above AEGL-2 while the pool evaporates, but far below the ~100 % lethality a whole-bag
    # airborne release would give (Tokyo 1995: 12 deaths; docs/starter-scenarios.md).
    cars = [r for r in data["releases"] if r["id"].startswith("R")]
    assert cars and all(r["enclosed"]["lethality_untreated"] < 0.5 for r in cars)


def test_json_distances_for_chlorine_are_monotone(chlorine_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hazard_command(chlorine_file, at_min=0.0, as_json=True) == 0
    for release in json.loads(capsys.readouterr().out)["releases"]:
        aegl = [t["distance_m"] for t in release["tiers"] if t["group"] == "toxic vapour"]
        assert aegl == sorted(aegl) and aegl[0] > 0


def test_geojson_and_png_files_are_written(chlorine_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    geo, png = tmp_path / "zones.geojson", tmp_path / "zones.png"
    from reports.footprint import render_footprint  # the CLI passes the front end's renderer in

    assert hazard_command(chlorine_file, geojson=geo, png=png, render_png=render_footprint) == 0
    assert json.loads(geo.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_scenario_gives_located_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(METRO.read_text(encoding="utf-8").replace("wind_speed_m_s: 3.0", "wind_speed_m_s: -3"),
                   encoding="utf-8")
    assert hazard_command(bad) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(line.startswith(str(bad)) for line in err.strip().splitlines())
    assert "wind_speed_m_s" in err


def test_missing_file_and_bad_time_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hazard_command(tmp_path / "nope.yaml") == 1
    assert hazard_command(METRO, at_min=-5.0) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--at" in err


def test_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hazard_command(METRO, geojson=tmp_path / "no-such-dir" / "z.geojson") == 1
    assert "cannot write" in capsys.readouterr().err


def test_threatzones_core_does_not_import_matplotlib() -> None:
    code = ("import sys, cbrnsim.threatzones, cbrnsim.threatzones.command\n"
            "from cbrnsim.scenario import load_scenario\n"
            f"cbrnsim.threatzones.compute_threat_zones(load_scenario({str(METRO)!r}))\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'reports'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
