"""The Master Scenario Events List: ordering and the HSEEP spreadsheet view of injects."""
from __future__ import annotations

from typing import Any

from .common import format_time_min
from .injects import Inject, InjectFields

HSEEP_COLUMNS: tuple[str, ...] = (
    "Event #", "Scenario Time", "Type", "Title", "From", "To", "Method", "Content",
    "Expected Player Action", "Objectives", "Core Capabilities", "Responsible Controller", "Evaluator Notes",
)
"""Column headings of the MSEL spreadsheet, in HSEEP order (HSEEP 2020, MSEL template)."""

_EFFECT_COLUMN_SKIP = frozenset(InjectFields.model_fields) | {"type"}


def in_delivery_order(injects: tuple[Inject, ...] | list[Inject]) -> list[Inject]:
    """Injects sorted by time, then by MSEL number (unnumbered last), keeping file order for ties."""
    return sorted(injects, key=lambda i: (i.time_min, i.number is None, i.number or 0))


def effect_summary(inject: Inject) -> dict[str, Any]:
    """The model-effect fields of an inject (everything beyond the HSEEP columns), as plain data."""
    data = inject.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return {k: v for k, v in data.items() if k not in _EFFECT_COLUMN_SKIP and k != "from"}


def msel_row(inject: Inject) -> dict[str, str]:
    """One MSEL spreadsheet row (all text), keyed by HSEEP_COLUMNS."""
    return {
        "Event #": "" if inject.number is None else str(inject.number),
        "Scenario Time": format_time_min(inject.time_min),
        "Type": inject.type,
        "Title": inject.title,
        "From": inject.from_,
        "To": inject.to,
        "Method": inject.method,
        "Content": inject.content,
        "Expected Player Action": inject.expected_action,
        "Objectives": ", ".join(inject.objectives),
        "Core Capabilities": "; ".join(inject.core_capabilities),
        "Responsible Controller": inject.controller,
        "Evaluator Notes": inject.evaluator_notes,
    }
