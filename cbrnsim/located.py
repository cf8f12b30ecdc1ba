"""Turn pydantic validation errors into located one-line issues.

pydantic reports a path such as ``('hospitals', 2, 'icu_beds')``; the YAML document knows where
that path is in the file. For unknown keys we point at the key and suggest the nearest known
field name ("did you mean ...").
"""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from .yamlio import Document, YamlIssue, format_path


def _clean_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # pydantic inserts the tag of a discriminated union member (e.g. 'wind_change') and
    # function-validator names into loc; those are not keys in the file.
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            out.append(part)
        elif isinstance(part, str) and (part.startswith("function-") or "[" in part):
            continue
        else:
            out.append(part)
    return tuple(out)


def _strip_union_tags(doc: Document, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop path parts that do not exist in the document (union tags) while keeping real ones."""
    kept: list[str | int] = []
    node: Any = doc.data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str):
            # A missing or unknown key: keep it as the last element, it names the field.
            kept.append(part)
            node = None
        # else: a tag pydantic added (discriminator value, model name) - skip it
    return tuple(kept)


def _suggest(model: type[BaseModel] | None, key: str) -> str:
    if model is None:
        return ""
    names = list(model.model_fields)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _model_at(root: type[BaseModel], doc: Document, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """Best-effort: the pydantic model class that owns the mapping at `path`."""
    from . import schema_walk  # local import: optional helper module

    return schema_walk.model_at(root, doc.data, path)


def issues_from_validation_error(
    exc: ValidationError, doc: Document, root: type[BaseModel] | None = None
) -> list[YamlIssue]:
    """One located issue per pydantic error, in file order."""
    issues: list[YamlIssue] = []
    for err in exc.errors(include_url=False):
        path = _strip_union_tags(doc, _clean_path(tuple(err["loc"])))
        kind = err["type"]
        if kind == "extra_forbidden":
            owner = None
            if root is not None:
                try:
                    owner = _model_at(root, doc, path[:-1])
                except Exception:  # suggestions are a courtesy; never fail on them
                    owner = None
            key = str(path[-1]) if path else ""
            msg = f"unknown field '{key}'" + _suggest(owner, key)
            loc = doc.locate(path, prefer_key=True)
        elif kind == "missing":
            msg = "required field is missing"
            loc = doc.locate(path[:-1], prefer_key=False)
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            loc = doc.locate(path)
        issues.append(YamlIssue(loc, format_path(path), msg))
    issues.sort(key=lambda i: (i.location.line, i.location.column))
    return issues
