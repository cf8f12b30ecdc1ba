"""The bundled agent library and scenarios are found, in a checkout and in an installed wheel."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from cbrnsim import data

REPO = Path(__file__).resolve().parents[1]


def test_bundled_folders_exist() -> None:
    assert (data.agents_dir() / "sarin.yaml").is_file()
    assert data.default_scenario().is_file()


def _build_wheel(out: Path) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (test extra) builds the wheel offline")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    return next(out.glob("cbrnsim-*.whl"))


def test_wheel_carries_data_and_finds_it_without_the_checkout(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cbrnsim/_data/agents/sarin.yaml" in names
    assert "cbrnsim/_data/scenarios/" + data.DEFAULT_SCENARIO_NAME in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from an empty folder with only the unpacked wheel on the path: no checkout in sight.
    code = textwrap.dedent(
        """
        import cbrnsim.data as d
        from cbrnsim.agentlib import default_library
        print(d.agents_dir())
        print(len(default_library()))
        """
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    agents_path, count = result.stdout.split()
    assert Path(agents_path).is_relative_to(site)
    assert int(count) >= 16
