"""The command line as a user meets it: exit codes, one-line errors, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cbrnsim import __version__
from cbrnsim.cli import app
from cbrnsim.data import scenarios_dir

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"cbrnsim {__version__}"


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "schema", "agents"):
        assert command in result.output


def test_agents_table_and_one_agent() -> None:
    table = runner.invoke(app, ["agents"])
    assert table.exit_code == 0
    assert "sarin" in table.output and "cs-137" in table.output
    one = runner.invoke(app, ["agents", "chlorine"])
    assert one.exit_code == 0
    assert "source:" in one.output


def test_unknown_agent_is_a_one_line_error() -> None:
    result = runner.invoke(app, ["agents", "unobtainium"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("unknown agent 'unobtainium'")


def test_validate_bundled_scenarios_pass() -> None:
    files = [str(p) for p in sorted(scenarios_dir().glob("*.yaml"))]
    assert files
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output


def test_validate_reports_located_errors_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntitel: x\n")
    result = subprocess.run([sys.executable, "-m", "cbrnsim.cli", "validate", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:2:1: titel: unknown field" in result.stderr


def test_validate_a_directory_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cbrnsim.cli", "validate", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is a directory" in result.stderr


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["type"] == "object"
    assert "schema_version" in schema["properties"]


def test_hazard_command_writes_png_through_the_front_end(tmp_path: Path) -> None:
    png = tmp_path / "zones.png"
    scenario = str(scenarios_dir() / "metro-sarin.yaml")
    result = runner.invoke(app, ["hazard", scenario, "--png", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_on_a_batch_folder_writes_the_study_report(tmp_path: Path) -> None:
    scenario = str(scenarios_dir() / "metro-sarin.yaml")
    study = tmp_path / "study"
    ran = runner.invoke(app, ["batch", scenario, "-n", "2", "--workers", "1", "--until", "30", "--out", str(study)])
    assert ran.exit_code == 0, ran.output
    reported = runner.invoke(app, ["report", str(study), "--format", "html"])
    assert reported.exit_code == 0, reported.output
    assert "study report written" in reported.output
    assert (study / "study.html").is_file()
    assert not (study / "aar.html").exists()
