"""Where run stores go by default: new runs, branches and replays."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from ..scenario import Scenario, format_time_min

RUNS_FOLDER = Path("runs")
"""Default folder of new run stores, relative to the working directory."""


def utc_stamp() -> str:
    """Wall-clock time now in UTC as a file-name-safe stamp, e.g. 20260310T074512Z."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def scenario_stem(scenario: Scenario) -> str:
    """The scenario file's stem, or a slug of its title when it was built in Python."""
    if scenario.source_path:
        return Path(scenario.source_path).stem
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.metadata.title.lower()).strip("-")
    return slug[:40] or "scenario"


def unused(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3, ... before the suffix if it exists (stores are never overwritten)."""
    candidate, counter = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    return candidate


def default_run_path(scenario: Scenario, seed: int, folder: Path = RUNS_FOLDER) -> Path:
    """``runs/<scenario-stem>-<seed>-<UTC timestamp>.db`` (folder created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    return unused(folder / f"{scenario_stem(scenario)}-{seed}-{utc_stamp()}.db")


def branch_path(parent: Path, at_min: float) -> Path:
    """Next to the parent: ``<parent-stem>-branch-T+hhmm-<UTC timestamp>.db``."""
    clock = format_time_min(at_min).replace(":", "")
    return unused(parent.with_name(f"{parent.stem}-branch-{clock}-{utc_stamp()}.db"))


def replay_path(original: Path) -> Path:
    """Next to the original: ``<original-stem>-replay-<UTC timestamp>.db``."""
    return unused(original.with_name(f"{original.stem}-replay-{utc_stamp()}.db"))
