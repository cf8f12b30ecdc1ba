"""The MSEL spreadsheet: its columns, and reading and writing it as CSV or .xlsx.

One row per inject, under the HSEEP MSEL headings planners know, plus one **Model Effect**
column. The effect is one cell, written as a YAML flow mapping (``wind_speed_m_s: 4,
wind_from_deg: 200, stability: E``), rather than one column per effect field: the ten effect
types have some thirty different fields, several of them nested (a secondary release, a road
closure's centre, bed changes, stock items), so one column per field would give a sheet of
forty mostly empty columns that still needs a notation for nested values. One cell keeps each
row readable in Excel, is edited in place, and round-trips every field exactly.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EFFECT_HEADING = "Model Effect"
"""Heading of the column that holds the inject's model-effect fields."""

COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Event #", "number", ("event #", "event number", "event no", "event no.", "#", "no", "no.", "number",
                           "inject #", "inject number", "inject no", "msel #", "msel number")),
    ("Scenario Time", "time_min", ("scenario time", "time", "exercise time", "t+", "time (t+)", "delivery time")),
    ("Type", "type", ("type", "inject type", "event type")),
    ("Title", "title", ("title", "event", "event title", "inject title", "subject", "heading")),
    ("From", "from", ("from", "sender", "from (simcell)")),
    ("To", "to", ("to", "recipient", "player", "to (player)")),
    ("Method", "method", ("method", "delivery method", "means")),
    ("Content", "content", ("content", "synopsis", "synopsis / content", "synopsis/content", "description",
                            "inject", "message", "event description")),
    ("Expected Player Action", "expected_action", ("expected player action", "expected player actions",
                                                   "expected action", "expected actions", "expected outcome")),
    ("Objectives", "objectives", ("objectives", "objective", "exercise objective", "exercise objectives")),
    ("Core Capabilities", "core_capabilities", ("core capabilities", "core capability", "capability",
                                                "capabilities")),
    ("Responsible Controller", "controller", ("responsible controller", "controller")),
    ("Evaluator Notes", "evaluator_notes", ("evaluator notes", "evaluator note", "notes for evaluators",
                                            "evaluator")),
    (EFFECT_HEADING, "effect", ("model effect", "effect", "model effect (yaml)")),
)
"""(heading written on export, field, headings accepted on import, normalised), in sheet order."""

HEADINGS: tuple[str, ...] = tuple(heading for heading, _, _ in COLUMNS)
"""The headings of an exported MSEL, in order."""

_FIELD_BY_HEADING = {alias: field for _, field, aliases in COLUMNS for alias in aliases}
REQUIRED_FIELDS = ("time_min", "type")
"""Columns an imported sheet must have."""


def normalise_heading(text: str) -> str:
    """'  Expected  Player Action:* ' -> 'expected player action'."""
    text = re.sub(r"[\s\u00a0]+", " ", str(text)).strip().strip(":*").strip().lower()
    return text.lstrip("\ufeff")


def field_of_heading(text: str) -> str | None:
    """The inject field a heading stands for, or None for a column we do not read."""
    return _FIELD_BY_HEADING.get(normalise_heading(text))


@dataclass(frozen=True)
class Sheet:
    """The rows of a spreadsheet as read: cell values, with 1-based row numbers."""

    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    """(row number, cells) for every row of the file, empty ones included."""


class SheetError(Exception):
    """The file cannot be read as a spreadsheet at all; ``lines`` are one-line messages."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


# --- effect cell ---------------------------------------------------------------------------
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})


def flow_yaml(value: Any, top: bool = False) -> str:
    """A value as compact YAML flow text; the top mapping without braces."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {flow_yaml(v)}" for k, v in value.items())
        return inner if top else "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


# --- writing -------------------------------------------------------------------------------
def write_csv(path: Path, header_lines: list[list[str]], rows: list[list[str]]) -> None:
    """UTF-8 with a byte-order mark (so Excel shows accents and dashes), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(header_lines)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def write_xlsx(path: Path, title_lines: list[list[str]], rows: list[list[str]], notes: list[str],
               marking: str) -> None:
    """A workbook: sheet 'MSEL' (title rows, headings, one row per inject, all text) and 'Read me'."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    for line in title_lines:
        sheet.append(line)
    sheet.append(list(HEADINGS))
    header_row = len(title_lines) + 1
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.number_format = "@"  # text: Excel keeps "T+01:30" and "3" as typed
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    widths = (8, 12, 18, 30, 24, 24, 13, 60, 45, 12, 36, 22, 40, 50)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(65 + index)].width = width
    sheet.oddHeader.center.text = marking
    sheet.oddFooter.center.text = marking
    readme = book.create_sheet("Read me")
    for line in notes:
        readme.append([line])
    readme.column_dimensions["A"].width = 120
    book.save(path)


# --- reading -------------------------------------------------------------------------------
def read_sheet(path: Path) -> Sheet:
    """Every row of a .csv or .xlsx file; SheetError when it is not one."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError([f"{path}: no such file"])
    if suffix == ".csv":
        return Sheet(tuple(_csv_rows(path)))
    if suffix in (".xlsx", ".xlsm"):
        return Sheet(tuple(_xlsx_rows(path)))
    raise SheetError([f"{path}: give a .csv or .xlsx file (got '{path.suffix or 'no extension'}')"])


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM); Windows Excel's 'CSV' is cp1252, accepted as a fallback."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise SheetError([f"{path}: not a text file in UTF-8 or Windows-1252; save it as 'CSV UTF-8'"]) from None


def _delimiter(text: str) -> str:
    """The separator that splits the heading row into the most known headings (',' ';' or tab)."""
    best, best_hits = ",", -1
    for candidate in (",", ";", "\t"):
        for line in text.splitlines()[:10]:
            cells = next(csv.reader([line], delimiter=candidate), [])
            hits = sum(1 for c in cells if field_of_heading(c) is not None)
            if hits > best_hits:
                best, best_hits = candidate, hits
    return best


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    text = _decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for cells in reader:
            yield reader.line_num, tuple(cells)
    except csv.Error as exc:
        raise SheetError([f"{path}:{reader.line_num}: cannot read the CSV: {exc}"]) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise SheetError([f"{path}: cannot read as an Excel workbook: {type(exc).__name__}: {exc}"]) from None
    try:
        sheet = book["MSEL"] if "MSEL" in book.sheetnames else book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(cells)
    finally:
        book.close()
