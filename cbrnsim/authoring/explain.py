"""`cbrnsim validate --explain`: under each error, what the field means, what it accepts, an example.

The meaning is the pydantic Field description (the same text as the generated reference in
docs/scenario-format.md); what it accepts comes from the JSON Schema (allowed values, bounds,
type); the example is the same key as written in a bundled scenario when one has it, else a
value built from the schema.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from pydantic import BaseModel

from ..data import scenarios_dir
from ..scenario import INJECT_TYPES, Scenario, scenario_json_schema
from ..schema_walk import model_at
from ..yamlio import YamlError, YamlIssue, load_file

Path = tuple[str | int, ...]

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_field_path(text: str) -> Path:
    """``"msel[3].release.location"`` -> ``("msel", 3, "release", "location")``."""
    return tuple(int(index) if index else name for name, index in _PART.findall(text))


@functools.lru_cache(maxsize=16)
def _document_data(file: str) -> Any:
    try:
        return load_file(file).data
    except (YamlError, OSError):
        return None


def explain_issue(issue: YamlIssue, data: Any = None) -> list[str]:
    """Lines to print under a validation error (indented); [] when the field cannot be told.

    `data` is the document the issue is about; by default it is read again from the issue's file.
    """
    if not issue.field_path:
        return []
    document = data if data is not None else _document_data(issue.location.file)
    path = parse_field_path(issue.field_path)
    key = _key_explained(issue, path)
    if key == "type" and path[:1] == ("msel",):
        return [f"    type: what the inject is and does; one of {', '.join(INJECT_TYPES)}",
                "    each type's fields: docs/scenario-format.md, section 'msel (injects)'"]
    owner = _owner(document, path)
    if owner is None or key is None:
        return []
    field = _field(owner, key)
    if field is None:
        names = ", ".join(f.alias or n for n, f in owner.model_fields.items())
        return [f"    {owner.__name__} takes: {names}"]
    lines = [f"    {key}: {field.description or '(no description)'}"]
    accepts = _accepts(owner, key)
    if accepts:
        lines.append(f"    accepts: {accepts}")
    example = _example(path[:-1] + (key,), document)
    if example:
        lines.append(f"    example: {example}")
    return lines


def _key_explained(issue: YamlIssue, path: Path) -> str | None:
    """The field to explain: the suggested one for a typo, else the last key of the path."""
    suggested = re.search(r"did you mean '([^']+)'", issue.message)
    if issue.message.startswith("unknown field") and suggested:
        return suggested.group(1)
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else None


def _owner(document: Any, path: Path) -> type[BaseModel] | None:
    try:
        return model_at(Scenario, document, path[:-1])
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def _field(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return scenario_json_schema()


def _resolve(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a schema node, with $ref followed and anyOf/oneOf flattened."""
    if "$ref" in node:
        return _resolve(_schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    for word in ("anyOf", "oneOf"):
        if word in node:
            return [alt for option in node[word] for alt in _resolve(option)]
    return [node]


def _property(model: type[BaseModel], key: str) -> dict[str, Any] | None:
    definition = _schema()["$defs"].get(model.__name__) or (_schema() if model is Scenario else None)
    if definition is None:
        return None
    return definition.get("properties", {}).get(key)


def _accepts(model: type[BaseModel], key: str) -> str:
    prop = _property(model, key)
    if prop is None:
        return ""
    parts = [_describe(alt) for alt in _resolve(prop)]
    parts = [p for p in dict.fromkeys(parts) if p]
    text = " or ".join(parts)
    if "default" in prop and prop["default"] not in (None, [], {}, ""):
        text += f" (default {prop['default']})"
    return text


_IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"

_BOUNDS = (("exclusiveMinimum", ">"), ("minimum", "≥"), ("exclusiveMaximum", "<"), ("maximum", "≤"))


def _describe(alt: dict[str, Any]) -> str:
    if "enum" in alt:
        return "one of " + ", ".join(str(v) for v in alt["enum"])
    if "const" in alt:
        return f"exactly {alt['const']}"
    kind = alt.get("type")
    if kind in ("number", "integer"):
        bounds = [f"{sign} {alt[word]:g}" for word, sign in _BOUNDS if word in alt]
        word = "a whole number" if kind == "integer" else "a number"
        return word + (f" {', '.join(bounds)}" if bounds else "")
    if kind == "string":
        if "pattern" in alt and "T" in alt["pattern"]:
            return "text 'T+hh:mm'"
        if alt.get("pattern") == _IDENTIFIER_PATTERN:
            return "an id: letters, digits, '-', '_' or '.', no spaces"
        return "text" + (f" of the form {alt['pattern']}" if "pattern" in alt else "")
    if kind == "array":
        return "a list"
    if kind == "object" or "properties" in alt:
        return "a mapping"
    if kind == "boolean":
        return "true or false"
    return ""


# --- examples from the bundled scenarios -----------------------------------------------------
@functools.lru_cache(maxsize=1)
def _bundled() -> tuple[tuple[str, Any], ...]:
    out = []
    try:
        for path in sorted(scenarios_dir().glob("*.yaml")):
            try:
                out.append((f"scenarios/{path.name}", load_file(path).data))
            except YamlError:
                continue
    except FileNotFoundError:
        return ()
    return tuple(out)


def _example(path: Path, document: Any) -> str:
    """``key: value (scenarios/x.yaml)`` found at the same place in a bundled scenario."""
    inject_type = _inject_type(document, path)
    for name, data in _bundled():
        value = _find(data, path, inject_type)
        if value is not None:
            return f"{path[-1]}: {_short(value)}   ({name})"
    return ""


def _inject_type(document: Any, path: Path) -> str | None:
    if len(path) >= 2 and path[0] == "msel" and isinstance(path[1], int):
        items = document.get("msel") if isinstance(document, dict) else None
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            found = items[path[1]].get("type")
            return found if isinstance(found, str) else None
    return None


def _find(node: Any, path: Path, inject_type: str | None) -> Any:
    """The value at `path` with every index free (any list item), msel items of the same type."""
    if not path:
        return node
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        if not isinstance(node, list):
            return None
        for item in node:
            if inject_type is not None and isinstance(item, dict) and item.get("type") != inject_type:
                continue
            found = _find(item, rest, None)
            if found is not None:
                return found
        return None
    if isinstance(node, dict) and head in node:
        return _find(node[head], rest, inject_type)
    return None


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) and not value.strip() else str(value)
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        text = "[" + ", ".join(str(v) for v in value) + "]"
    return text if len(text) <= 90 else text[:87] + "..."
