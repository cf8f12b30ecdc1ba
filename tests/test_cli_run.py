"""`cbrnsim run` and `cbrnsim replay` as a user meets them: JSON keys and types, located errors, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cbrnsim.cli import app
from cbrnsim.data import default_scenario, scenarios_dir

runner = CliRunner()
SARIN = str(default_scenario())


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cbrnsim.cli", *args], capture_output=True, text=True)


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


# ---------------------------------------------------------------------- bad input
def test_injects_file_errors_are_located(tmp_path: Path) -> None:
    injects = tmp_path / "extra.yaml"
    injects.write_text(
        "- type: wind_change\n"
        "  time_min: 30\n"
        "  wind_speed_m_s: 3\n"
        "  wind_form_deg: 200\n"                       # typo
        "- type: hospital_status\n"
        "  time_min: 'T+00:40'\n"
        "  hospital: kuhh\n"                           # no such hospital
        "  status: diverting\n"
        "- type: message\n"
        "  time_min: 'T+09:00'\n"                      # after the end of the exercise
        "  content: late\n")
    err = one_line_failure(cli("run", SARIN, "--injects", str(injects), "--out", str(tmp_path / "r.db")))
    lines = err.strip().splitlines()
    assert f"{injects}:4:3: [0].wind_form_deg: unknown field 'wind_form_deg'; did you mean 'wind_from_deg'?" in lines
    assert any(line.startswith(f"{injects}:7:13: [1].hospital: no hospital with id 'kuhh'; did you mean 'kuh'?")
               for line in lines)
    assert any(line.startswith(f"{injects}:10:13: [2].time_min: inject time T+09:00 is after the end") for line in lines)
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("type: message\ntime_min: 3\n", "1:1: an injects file is a YAML list of injects"),
    ("- type: message\n  time_min: [3\n", "YAML syntax"),
    ("- type: teleport\n  time_min: 3\n", "1:9: [0].type:"),
])
def test_injects_file_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    injects = tmp_path / "bad.yaml"
    injects.write_text(text)
    err = one_line_failure(cli("run", SARIN, "--injects", str(injects)))
    assert message in err and err.startswith(str(injects))


@pytest.mark.parametrize(("args", "message"), [
    (["--until", "soon"], "--until: 'soon' is not a time"),
    (["--until", "-5"], "--until: must be a time of 0 minutes or more"),
    (["--seed", "-1"], "--seed: must be a non-negative integer"),
    (["--injects", "/nonexistent/x.yaml"], "/nonexistent/x.yaml:1:1: no such file"),
])
def test_bad_options_are_one_line_errors(args: list[str], message: str) -> None:
    err = one_line_failure(cli("run", SARIN, *args))
    assert message in err and len(err.strip().splitlines()) == 1


def test_missing_scenario_and_existing_out(tmp_path: Path) -> None:
    assert "nope.yaml:1:1: no such file" in one_line_failure(cli("run", str(tmp_path / "nope.yaml")))
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"")
    assert "already exists" in one_line_failure(cli("run", SARIN, "--out", str(taken)))


@pytest.mark.parametrize("content", [None, b"not sqlite at all, just text" * 10])
def test_replay_of_a_missing_or_foreign_file(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "run.db"
    if content is not None:
        path.write_bytes(content)
    err = one_line_failure(cli("replay", str(path)))
    assert err.startswith(str(path)) and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------- with the engine
REQUIRED = {
    "scenario": str, "seed": int, "until_min": float, "exposed": int, "casualties": dict, "worried_well": int,
    "deaths": int, "deaths_prehospital": int, "hospital_arrivals": int, "admissions": int, "icu_admissions": int,
    "hospitals": dict, "kpis": dict, "objectives": list, "events": int,
}


@pytest.mark.parametrize("scenario", sorted(scenarios_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_run_json_keys_and_types(tmp_path: Path, scenario: Path) -> None:
    pytest.importorskip("cbrnsim.engine.model")
    out = tmp_path / "run.db"
    result = runner.invoke(app, ["run", str(scenario), "--seed", "3", "--until", "T+01:00", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    for key, kind in REQUIRED.items():
        assert isinstance(summary[key], kind), (key, summary[key])
    assert summary["until_min"] == 60.0 and summary["seed"] == 3
    assert set(summary["casualties"]) == {"immediate", "delayed", "minor", "expectant"}
    assert all(isinstance(v, int) for v in summary["casualties"].values())
    for hospital in summary["hospitals"].values():
        assert {"arrivals", "peak_occupancy", "beds"} <= set(hospital)
    for row in summary["objectives"]:
        assert {"id", "target", "measured", "rating"} <= set(row)
        assert row["rating"] in (None, "P", "S", "M", "U")
    assert all(v is None or isinstance(v, (int, float)) for v in summary["kpis"].values())
    assert summary["events"] > 0 and summary["run_store"] == str(out)


def test_run_table_then_replay_reproduces_the_digest(tmp_path: Path) -> None:
    pytest.importorskip("cbrnsim.engine.model")
    out = tmp_path / "run.db"
    result = runner.invoke(app, ["run", SARIN, "--seed", "1", "--until", "90", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for heading in ("exposed", "casualties by triage", "deaths", "worried well", "hospital", "key times",
                    "OBJ-1", "run store", "model events"):
        assert heading in result.stdout
    replayed = runner.invoke(app, ["replay", str(out), "--out", str(tmp_path / "again.db")])
    assert replayed.exit_code == 0, replayed.output
    assert "identical to the original" in replayed.stdout
