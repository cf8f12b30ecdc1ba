"""The field reference of docs/scenario-format.md, generated from the models.

The authoring guide is prose written by hand; its reference part (every key, its type, default
and description, the metric table, the core capabilities, the inject types) is this module's
output, pasted between two markers. A test regenerates it and fails when the file drifts, so a
field can never be added without being documented.

    python -m cbrnsim.scenario.reference docs/scenario-format.md   # rewrite the generated part
"""
from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .behaviour import Behaviour
from .common import Area, Point, parse_time_min
from .geography import Bounds, Geography
from .hospitals import BedChanges, BedCounts, Hospital, SurgePlan
from .injects import Inject, InjectFields
from .metadata import Contact, Metadata
from .model import Scenario
from .objectives import CORE_CAPABILITIES, METRICS, Objective, Thresholds
from .population import PopulationZone
from .releases import Enclosure, Release, ReleaseSpec, Spill
from .responders import AmbulancePool, DeconPool, FireRescuePool, HazmatPool, MedicalTeamPool, Responders, Station
from .weather import WeatherObservation

BEGIN = "<!-- BEGIN GENERATED REFERENCE (python -m cbrnsim.scenario.reference docs/scenario-format.md) -->"
"""Marker line before the generated part of the guide."""
END = "<!-- END GENERATED REFERENCE -->"
"""Marker line after the generated part of the guide."""

SECTIONS: tuple[tuple[str, tuple[type[BaseModel], ...]], ...] = (
    ("Top level", (Scenario,)),
    ("metadata", (Metadata, Contact)),
    ("geography", (Geography, Bounds, Point, Area)),
    ("weather", (WeatherObservation,)),
    ("releases", (Release, Enclosure, Spill)),
    ("population", (PopulationZone,)),
    ("responders", (Responders, Station, AmbulancePool, HazmatPool, DeconPool, FireRescuePool, MedicalTeamPool)),
    ("hospitals", (Hospital, BedCounts, BedChanges, SurgePlan)),
    ("objectives", (Objective, Thresholds)),
    ("behaviour", (Behaviour,)),
)
"""The models documented, section by section, in reading order."""


def documented_models() -> list[type[BaseModel]]:
    """Every model with a table in the reference (the inject types come on top)."""
    return [model for _, models in SECTIONS for model in models]


def render_reference() -> str:
    """The generated Markdown, without the markers."""
    out: list[str] = []
    for title, models in SECTIONS:
        out.append(f"### {title}\n")
        for model in models:
            out.append(_model_table(model))
        if title == "objectives":
            out.append(_metric_table())
            out.append(_core_capabilities())
    out.append(_injects())
    return "\n".join(out).rstrip() + "\n"


def _model_table(model: type[BaseModel], skip: frozenset[str] = frozenset()) -> str:
    doc = (model.__doc__ or "").strip().splitlines()[0]
    rows = [f"#### {model.__name__}\n", f"{doc}\n", "| key | type | required / default | meaning |",
            "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        key = field.alias or name
        rows.append(f"| `{key}` | {_type_text(field)} | {_default_text(field)} | {_cell(field.description or '')} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _default_text(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        return "defaults" if isinstance(value, BaseModel) else f"`{_plain(value)}`"
    if field.default is PydanticUndefined:
        return "**required**"
    return f"`{_plain(field.default)}`"


def _plain(value: Any) -> str:
    if value == "":
        return '""'
    if value is None:
        return "none"
    if isinstance(value, (tuple, list)):
        return "[]" if not value else "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}" if not value else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _type_text(field: FieldInfo) -> str:
    if any(isinstance(m, BeforeValidator) and m.func is parse_time_min for m in field.metadata):
        return "time (minutes or `\"T+hh:mm\"`)"
    return _annotation_text(field.annotation)


def _annotation_text(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotation_text(args[0])
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if len(members) > 2 and all(isinstance(a, type) and issubclass(a, InjectFields) for a in members):
            return "inject (chosen by `type`, see [msel](#msel-injects))"
        if len(members) > 2 and all(isinstance(a, type) and issubclass(a, BaseModel) for a in members):
            effect = "a model effect: an inject of a type with a model effect, without the HSEEP fields"
            return effect if len(members) == len(args) else f"{effect} (optional)"
        text = " or ".join(_annotation_text(a) for a in members)
        return text if len(members) == len(args) else f"{text} (optional)"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (tuple, list):
        return f"list of {_annotation_text(args[0])}"
    if origin is dict:
        return f"mapping of name to {_annotation_text(args[1])}"
    if annotation is ReleaseSpec:
        return "[Release](#release) without `start_min` (it starts at delivery)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {float: "number", int: "integer", str: "text", bool: "true / false"}
    if annotation in names:
        return names[annotation]
    if getattr(annotation, "__name__", "") == "datetime":
        return "local date-time"
    return str(annotation)


def _metric_table() -> str:
    rows = ["#### Metrics\n", "The engine computes exactly these; an objective's thresholds are in the metric's unit.\n",
            "| metric | unit | better | needs `within_min` | what is measured |", "|---|---|---|---|---|"]
    for name, info in METRICS.items():
        rows.append(f"| `{name}` | {info.unit} | {info.better} | {'yes' if info.needs_within_min else 'no'} "
                    f"| {_cell(info.meaning)} |")
    return "\n".join(rows) + "\n"


def _core_capabilities() -> str:
    items = "\n".join(f"- {name}" for name in CORE_CAPABILITIES)
    return f"#### Core capabilities\n\nSpelled exactly as in the National Preparedness Goal (2015):\n\n{items}\n"


def inject_members() -> list[type[BaseModel]]:
    union = typing.get_args(Inject)[0]
    return list(typing.get_args(union))


def _injects() -> str:
    parts = ["### msel (injects)\n", "Every inject has the HSEEP fields below, plus a `type` and the fields of "
             "its type.\n", _model_table(InjectFields)]
    common = frozenset(InjectFields.model_fields)
    for model in inject_members():
        tag = model.model_fields["type"].default
        parts.append(_model_table(model, skip=common | {"type"}).replace(
            f"#### {model.__name__}\n", f"#### `type: {tag}` ({model.__name__})\n", 1))
    return "\n".join(parts)


def splice(document: str) -> str:
    """`document` with the text between the markers replaced by a fresh reference."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{render_reference()}\n{END}{tail}"


def generated_part(document: str) -> str:
    """The text currently between the markers (empty if they are missing)."""
    if BEGIN not in document or END not in document:
        return ""
    return document.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the generated part of the guide at argv[0]."""
    path = Path(argv[0])
    path.write_text(splice(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
