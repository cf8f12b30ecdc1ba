"""MSEL spreadsheet rows <-> injects: export a row per inject, read a row back with every error located.

An error is one line ``FILE:ROW:COLUMN: Heading: message``, ROW and COLUMN as the spreadsheet
program shows them (row 1 at the top, columns A, B, ...).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from ..located import friendly_message, suggestion
from ..schema_walk import model_at
from ..scenario import INJECT_TYPES, Inject, Scenario, msel_row, parse_inject
from ..scenario.injects import DeliveryMethod, InjectFields
from ..scenario.msel import effect_summary
from ..yamlio import YamlError, load_text
from .cells import (
    CellError, clean_text, column_letter, is_blank, read_capabilities, read_list, read_tag, read_time_min,
    read_whole_number,
)
from .msel_sheet import COLUMNS, EFFECT_HEADING, HEADINGS, REQUIRED_FIELDS, Sheet, field_of_heading, flow_yaml

_HEADING_BY_FIELD = {field: heading for heading, field, _ in COLUMNS}
_HSEEP_KEYS = frozenset(f.alias or name for name, f in InjectFields.model_fields.items())


def export_rows(scenario: Scenario) -> list[list[str]]:
    """One row of text cells per inject, in file order, under HEADINGS."""
    rows = []
    for inject in scenario.msel:
        cells = msel_row(inject)
        cells[EFFECT_HEADING] = flow_yaml(effect_summary(inject), top=True)
        rows.append([cells[h] for h in HEADINGS])
    return rows


@dataclass(frozen=True)
class SheetRow:
    """A data row of the sheet: its row number and the inject read from it."""

    row: int
    """Row number in the spreadsheet (1 = top)."""
    inject: Inject
    """The validated inject."""


@dataclass(frozen=True)
class Layout:
    """Where the heading row is and which column holds which field."""

    header_row: int
    """Row number of the headings."""
    columns: tuple[tuple[int, str, str], ...]
    """(column index, field, heading as written) for each column we read."""
    ignored: tuple[str, ...]
    """Headings of columns we do not read (the planners' own columns)."""

    def column_of(self, field: str) -> tuple[str, str]:
        """(letter, heading) of a field's column; the first column when the sheet has none."""
        for index, name, heading in self.columns:
            if name == field:
                return column_letter(index), heading
        return "A", _HEADING_BY_FIELD.get(field, field)


def find_layout(sheet: Sheet, file: Path) -> tuple[Layout | None, list[str]]:
    """The heading row: the first row naming both Scenario Time and Type. Errors if there is none."""
    for number, cells in sheet.rows:
        fields = [field_of_heading(c) if isinstance(c, str) else None for c in cells]
        if not all(required in fields for required in REQUIRED_FIELDS):
            continue
        errors: list[str] = []
        columns: list[tuple[int, str, str]] = []
        ignored: list[str] = []
        seen: dict[str, str] = {}
        for index, (cell, field) in enumerate(zip(cells, fields)):
            if field is None:
                if not is_blank(cell):
                    ignored.append(clean_text(cell))
                continue
            if field in seen:
                errors.append(f"{file}:{number}:{column_letter(index)}: '{clean_text(cell)}' is a second "
                              f"'{_HEADING_BY_FIELD[field]}' column (also column {seen[field]}); keep one")
                continue
            seen[field] = column_letter(index)
            columns.append((index, field, clean_text(cell)))
        return Layout(number, tuple(columns), tuple(ignored)), errors
    wanted = " and ".join(f"'{_HEADING_BY_FIELD[f]}'" for f in REQUIRED_FIELDS)
    return None, [f"{file}:1:A: no heading row found: the MSEL needs columns {wanted} "
                  f"(the export's headings are: {', '.join(HEADINGS)})"]


def read_rows(sheet: Sheet, layout: Layout, start: dt.datetime, file: Path) -> tuple[list[SheetRow], list[str]]:
    """The injects of every non-empty row below the headings, and every error found."""
    rows: list[SheetRow] = []
    errors: list[str] = []
    for number, cells in sheet.rows:
        if number <= layout.header_row or all(is_blank(c) for c in cells):
            continue
        data, cell_errors = _row_data(cells, layout, start)
        errors += [f"{file}:{number}:{letter}: {heading}: {message}" for letter, heading, message in cell_errors]
        if cell_errors:
            continue
        try:
            rows.append(SheetRow(number, parse_inject(data)))
        except ValidationError as exc:
            errors += [f"{file}:{number}:{letter}: {heading}: {message}"
                       for letter, heading, message in _validation_errors(exc, data, layout)]
    return rows, errors


def _row_data(cells: tuple[Any, ...], layout: Layout, start: dt.datetime) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    data: dict[str, Any] = {}
    errors: list[tuple[str, str, str]] = []
    for index, field, heading in layout.columns:
        raw = cells[index] if index < len(cells) else None
        try:
            _read_cell(data, field, raw, start)
        except CellError as exc:
            errors.append((column_letter(index), heading, str(exc)))
    return data, errors


def _read_cell(data: dict[str, Any], field: str, raw: Any, start: dt.datetime) -> None:
    if field == "number":
        number = read_whole_number(raw)
        if number is not None:
            data["number"] = number
    elif field == "time_min":
        data["time_min"] = read_time_min(raw, start)
    elif field in ("type", "method"):
        if tag := read_tag(raw):
            data[field] = tag
    elif field == "objectives":
        if items := read_list(raw, ",;"):
            data[field] = items
    elif field == "core_capabilities":
        if items := read_capabilities(raw):
            data[field] = items
    elif field == "effect":
        data.update(read_effect(raw))
    elif text := clean_text(raw):
        data[field] = text


def read_effect(raw: Any) -> dict[str, Any]:
    """The Model Effect cell: a YAML flow mapping, braces optional; HSEEP fields belong in their columns."""
    text = clean_text(raw)
    if not text:
        return {}
    source = text if text.startswith("{") else "{" + text + "}"
    try:
        value = load_text(source, "cell").data
    except YamlError as exc:
        raise CellError(f"cannot read '{text}': {exc.issues[0].message}; write key: value pairs separated "
                        "by commas, e.g. wind_speed_m_s: 4, wind_from_deg: 200") from None
    if not isinstance(value, dict):
        raise CellError(f"'{text}' is not a list of key: value pairs")
    misplaced = [k for k in value if k in _HSEEP_KEYS or k == "type"]
    if misplaced:
        names = ", ".join(f"'{_HEADING_BY_FIELD.get(k, k)}'" for k in misplaced)
        raise CellError(f"{', '.join(misplaced)} belong(s) in column(s) {names}, not in the effect")
    return value


def _validation_errors(exc: ValidationError, data: dict[str, Any], layout: Layout) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for err in exc.errors(include_url=False):
        path = _data_path(data, tuple(err["loc"]))
        field = str(path[0]) if path else "type"
        column_field = field if field in _HEADING_BY_FIELD and field != "effect" else "effect"
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            column_field, message = "type", _type_message(data.get("type"))
        elif err["type"] == "missing":
            message = f"{'.'.join(map(str, path))}: required for this type"
        elif column_field == "method" and err["type"] == "literal_error":
            message = f"'{data.get('method')}' is not a delivery method; one of: {', '.join(get_args(DeliveryMethod))}"
        elif err["type"] == "extra_forbidden":
            message = f"unknown field '{path[-1]}'{_field_suggestion(data, path)}"
        else:
            inner = ".".join(map(str, path)) if column_field == "effect" else ".".join(map(str, path[1:]))
            message = f"{inner}: {friendly_message(err)}" if inner else friendly_message(err)
        letter, heading = layout.column_of(column_field)
        out.append((letter, heading, message))
    return out


def _type_message(given: Any) -> str:
    if not given:
        return f"is empty; one of: {', '.join(INJECT_TYPES)}"
    return f"unknown type '{given}'{suggestion(str(given), INJECT_TYPES)} (types: {', '.join(INJECT_TYPES)})"


def _field_suggestion(data: dict[str, Any], path: tuple[str | int, ...]) -> str:
    """'; did you mean ...?' from the field names of the inject type (or nested model) concerned."""
    try:
        model = model_at(Scenario, {"msel": [data]}, ("msel", 0) + tuple(path[:-1]))
    except (KeyError, IndexError, TypeError, AttributeError):
        model = None  # a suggestion is a courtesy; never fail on it
    names = [f.alias or n for n, f in model.model_fields.items()] if model is not None else []
    return suggestion(str(path[-1]), names)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """pydantic's loc with the union-member tags removed (keep what is a key or index in the row)."""
    kept: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and position == len(loc) - 1:
            kept.append(part)
            node = None
    return tuple(kept)
