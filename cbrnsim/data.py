"""Where the bundled agent library and scenarios live.

An installed wheel carries them under ``cbrnsim/_data`` (see pyproject.toml); a source
checkout keeps them at the top of the repository. Both are found without configuration.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

DEFAULT_SCENARIO_NAME = "metro-sarin.yaml"
"""The scenario that `cbrnsim tui` opens with no argument."""


def _bundled(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cbrnsim data folder {name!r} not found (looked in {installed} and {checkout})")


def agents_dir() -> Path:
    """The folder of agent YAML files."""
    return _bundled("agents")


def scenarios_dir() -> Path:
    """The folder of bundled scenarios."""
    return _bundled("scenarios")


def default_scenario() -> Path:
    """The bundled default scenario file."""
    return scenarios_dir() / DEFAULT_SCENARIO_NAME
