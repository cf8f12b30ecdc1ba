"""Where the console keeps its run stores: one SQLite file per run, in ``./runs/`` by default.

File names are the exercise API's (``cbrnsim.exercise.paths``): the scenario's file name, the
seed and a UTC time stamp, e.g. ``runs/metro-sarin-42-20260310T074512Z.db``; a branch sits next
to its parent with ``-branch-T+0045-…`` in its name. A run store is never overwritten.
"""
from __future__ import annotations

from pathlib import Path

from cbrnsim.exercise.paths import RUNS_FOLDER, default_run_path
from cbrnsim.scenario import Scenario


def runs_folder(path: str | Path | None) -> Path:
    """The runs folder: ``path`` or ``./runs`` (created if missing)."""
    folder = Path(path) if path is not None else RUNS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_run_path(scenario: Scenario, seed: int, folder: str | Path | None) -> Path:
    """A fresh run-store path for a new run of ``scenario`` in the runs folder."""
    return default_run_path(scenario, seed, runs_folder(folder))


def display_path(path: str | Path) -> str:
    """The path as a controller should read it: relative to here when it is below here."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)
