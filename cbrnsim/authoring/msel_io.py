"""`cbrnsim msel export` and `cbrnsim msel import`: the MSEL through a spreadsheet and back.

Export writes one row per inject under the HSEEP headings (see :mod:`.msel_sheet`), as CSV
(UTF-8 with BOM, comma-separated) or .xlsx (text cells, a 'Read me' sheet). Import reads a CSV
or .xlsx as a spreadsheet program leaves it (see :mod:`.cells` and docs/authoring.md), checks
every row and the whole scenario with the new MSEL, and writes the scenario back only when
there is no error at all, keeping the file's comments (see :mod:`.yaml_msel`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..scenario import Scenario, ScenarioError, load_scenario, load_scenario_text
from ..yamlio import YamlIssue
from .cells import TIME_FORMS
from .msel_rows import Layout, SheetRow, export_rows, find_layout, read_rows
from .msel_sheet import EFFECT_HEADING, HEADINGS, SheetError, read_sheet, write_csv, write_xlsx
from .yaml_msel import with_msel

SUFFIXES = (".csv", ".xlsx")
"""Spreadsheet formats read and written."""


class MselIoError(Exception):
    """Export or import failed; ``lines`` hold every problem, one located line each."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    injects: int
    """Injects in the scenario's MSEL now."""
    changed: bool
    """Whether the scenario file was rewritten."""
    notes: list[str] = field(default_factory=list)
    """Things worth knowing that are not errors (columns ignored)."""


def _load(path: Path) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise MselIoError([str(i) for i in exc.issues]
                          + [f"{path}: fix these first (cbrnsim validate {path})"]) from None


def _title_lines(scenario: Scenario) -> list[list[str]]:
    return [[scenario.metadata.handling_marking, f"{scenario.metadata.title} — Master Scenario Events List"]]


def readme_lines(scenario: Scenario) -> list[str]:
    """The 'Read me' sheet of an exported workbook."""
    return [
        scenario.metadata.handling_marking,
        f"{scenario.metadata.title}: Master Scenario Events List exported by cbrnsim.",
        f"STARTEX (T+00:00) is {scenario.metadata.start:%Y-%m-%d %H:%M} local time ({scenario.metadata.time_zone}).",
        "",
        "Edit the rows of the MSEL sheet, then: cbrnsim msel import SCENARIO.yaml THIS.xlsx",
        "One row per inject; empty rows are skipped; extra columns of your own are ignored.",
        "Event #: a whole number, unique. Scenario Time: " + "; ".join(TIME_FORMS) + ".",
        "Type, Method: as exported (letter case, spaces and hyphens do not matter).",
        "Objectives: ids separated by commas. Core Capabilities: names separated by semicolons.",
        f"{EFFECT_HEADING}: what the inject does to the simulation, as key: value pairs separated by commas,",
        "  e.g. wind_speed_m_s: 4, wind_from_deg: 200, stability: E. Nested values in braces: centre: {x_m: 0, y_m: 0}.",
        "  Quote text that contains a comma or a colon: reason: \"Crew down, vehicle contaminated\".",
        "  The fields of each type are listed in docs/scenario-format.md (msel section).",
        "Nothing is changed if any row has an error; every error is reported as FILE:ROW:COLUMN: message.",
    ]


def export_msel(scenario_path: Path, out: Path) -> int:
    """Write the scenario's MSEL to `out` (.csv or .xlsx); returns the number of injects."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise MselIoError([f"{out}: the MSEL is written as .csv or .xlsx (got '{out.suffix or 'no extension'}')"])
    scenario = _load(scenario_path)
    rows = export_rows(scenario)
    try:
        if suffix == ".csv":
            write_csv(out, _title_lines(scenario) + [list(HEADINGS)], rows)
        else:
            write_xlsx(out, _title_lines(scenario), rows, readme_lines(scenario), scenario.metadata.handling_marking)
    except OSError as exc:
        raise MselIoError([f"{out}: cannot write: {exc.strerror or exc}"]) from None
    return len(rows)


def import_msel(scenario_path: Path, sheet_path: Path) -> ImportResult:
    """Replace the scenario's MSEL by the sheet's rows; MselIoError with every error, file untouched."""
    scenario = _load(scenario_path)
    try:
        sheet = read_sheet(sheet_path)
    except SheetError as exc:
        raise MselIoError(exc.lines) from None
    layout, errors = find_layout(sheet, sheet_path)
    if layout is None or errors:
        raise MselIoError(errors)
    rows, errors = read_rows(sheet, layout, scenario.metadata.start, sheet_path)
    text = with_msel(scenario.source_text, [r.inject for r in rows])
    errors += _whole_errors(text, scenario_path, rows, layout, sheet_path)
    if errors:
        raise MselIoError(sorted(errors, key=_row_order))
    notes = [f"{sheet_path}: column(s) not read: {', '.join(layout.ignored)}"] if layout.ignored else []
    changed = text != scenario.source_text
    if changed:
        _write(scenario_path, text)
    return ImportResult(len(rows), changed, notes)


_MSEL_PATH = re.compile(r"^msel\[(\d+)\](?:\.([A-Za-z_]+))?(.*)$")


def _whole_errors(text: str, scenario_path: Path, rows: list[SheetRow], layout: Layout, sheet_path: Path) -> list[str]:
    """Cross-references (objectives, hospitals, stations, zones, numbers, times) of the rows that read, by row."""
    try:
        load_scenario_text(text, str(scenario_path))
    except ScenarioError as exc:
        return [_row_issue(issue, rows, layout, sheet_path) for issue in exc.issues]
    return []


_ROW_ORDER = re.compile(r":(\d+):([A-Z]+): ")


def _row_order(line: str) -> tuple[int, int, str]:
    match = _ROW_ORDER.search(line)
    if match is None:
        return (0, 0, line)
    return (int(match.group(1)), len(match.group(2)), match.group(2))


def _row_issue(issue: YamlIssue, rows: list[SheetRow], layout: Layout, sheet_path: Path) -> str:
    match = _MSEL_PATH.match(issue.field_path)
    if match is None or int(match.group(1)) >= len(rows):
        return str(issue)
    index, key, rest = int(match.group(1)), match.group(2), match.group(3)
    field_name = {"from": "from", None: "number"}.get(key, key or "number")
    letter, heading = layout.column_of(field_name if field_name in _SHEET_FIELDS else "effect")
    detail = f"{key}{rest}: " if heading == EFFECT_HEADING and key else ""
    message = re.sub(r"msel\[(\d+)\]", lambda m: _row_name(rows, int(m.group(1))), issue.message)
    return f"{sheet_path}:{rows[index].row}:{letter}: {heading}: {detail}{message}"


def _row_name(rows: list[SheetRow], index: int) -> str:
    return f"row {rows[index].row}" if index < len(rows) else f"msel[{index}]"


_SHEET_FIELDS = frozenset({"number", "time_min", "type", "title", "from", "to", "method", "content",
                           "expected_action", "objectives", "core_capabilities", "controller", "evaluator_notes"})


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.msel-import")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise MselIoError([f"{path}: cannot write: {exc.strerror or exc}"]) from None
