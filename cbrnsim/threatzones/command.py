"""`cbrnsim hazard SCENARIO`: the controller's pre-exercise view of what each release would do.

A plain function so the CLI (typer) stays a thin wrapper and tests can call it directly.
Bad input gives located one-line errors on stderr and exit status 1, never a traceback.
The PNG renderer (matplotlib, in the `reports` front end) is passed in by the CLI, so the core
never imports a plotting library or a front end.
"""
from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..scenario import ScenarioError, load_scenario
from .compute import compute_threat_zones
from .geojson import report_geojson
from .text import report_json, report_text


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _write_text(path: Path, text: str) -> str | None:
    """Write a file; the error as one line, or None."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        return f"{path}: cannot write: {exc.strerror or exc}"
    return None


PngRenderer = Callable[[Any, Any, Path], None]
"""`render(report, scenario, path)`: draws the footprint map (reports.footprint.render_footprint)."""


def hazard_command(scenario_path: str | Path, at_min: float | None = None, as_json: bool = False,
                   png: str | Path | None = None, geojson: str | Path | None = None,
                   render_png: PngRenderer | None = None) -> int:
    """Print the threat zones of a scenario (text or JSON) and write the PNG / GeoJSON asked for.

    `render_png` is required when `png` is given. Returns the exit status: 0 on success, 1 on
    bad input or an unwritable output file.
    """
    if png is not None and render_png is None:
        raise ValueError("hazard_command: a PNG needs render_png (reports.footprint.render_footprint)")
    try:
        scenario = load_scenario(scenario_path)
    except ScenarioError as exc:
        for issue in exc.issues:
            print(str(issue), file=sys.stderr)
        return 1
    if at_min is not None and (not math.isfinite(at_min) or at_min < 0):
        return _error(f"--at: {at_min:g} is not a scenario time; give minutes since STARTEX (0 or more)")
    if at_min is not None and at_min > scenario.end_min:
        print(f"note: --at {at_min:g} min is after the end of the exercise ({scenario.end_min:g} min); "
              "the last weather observation is used", file=sys.stderr)
    report = compute_threat_zones(scenario, at_min)
    if geojson is not None:
        collection = report_geojson(report, scenario)
        problem = _write_text(Path(geojson), json.dumps(collection, ensure_ascii=False))
        if problem:
            return _error(problem)
        if not report.has_origin:
            print(f"note: {geojson}: the scenario has no latitude/longitude origin, so the GeoJSON is in local "
                  "metres (set geography.origin_lat_deg and origin_lon_deg for WGS84)", file=sys.stderr)
    if png is not None:
        try:
            render_png(report, scenario, Path(png))
        except OSError as exc:
            return _error(f"{png}: cannot write: {exc.strerror or exc}")
    text = json.dumps(report_json(report), ensure_ascii=False, indent=2) if as_json else report_text(report)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `cbrnsim hazard ... | head`: the reader left, which is not an error
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 — keeps interpreter exit quiet
    return 0
