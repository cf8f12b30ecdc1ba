"""Turn pydantic validation errors into located one-line issues.

pydantic reports a path such as ``('hospitals', 2, 'capacity', 'icu_beds')``; the YAML document
knows where that path is in the file. Messages are rewritten for people who write YAML, not
Python: they say what was expected and what was found, and suggest the nearest known name for
an unknown key, an unknown choice or an unknown inject type ("did you mean ...").
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema_walk
from .yamlio import Document, YamlIssue, format_path

Path = tuple[str | int, ...]

_MAX_LISTED_CHOICES = 8
"""Above this many allowed values, name only the nearest one instead of listing them all."""

_IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


def issues_from_validation_error(
    exc: ValidationError, doc: Document, root: type[BaseModel] | None = None
) -> list[YamlIssue]:
    """One located issue per pydantic error, in file order, with a friendly message."""
    issues: list[YamlIssue] = []
    for err in exc.errors(include_url=False):
        if _length_error_caused_by_bad_items(err):
            continue
        path = document_path(doc, tuple(err["loc"]))
        issues.append(_issue(err, path, doc, root))
    issues = _drop_missing_explained_by_typo(issues)
    issues.sort(key=lambda i: (i.location.line, i.location.column, i.field_path))
    return issues


def _length_error_caused_by_bad_items(err: Any) -> bool:
    """pydantic counts a tuple's length after dropping invalid items; those items have their own errors."""
    if err["type"] != "too_short":
        return False
    given = err.get("input")
    return isinstance(given, (list, tuple)) and len(given) >= int(err.get("ctx", {}).get("min_length", 0))


def document_path(doc: Document, loc: Sequence[Any]) -> Path:
    """pydantic's loc with the parts that are not keys in the file removed.

    pydantic inserts the tag of a discriminated-union member (``'wind_change'``) and names of
    function validators into loc; we walk the document and keep only real keys and indices,
    plus a final unknown or missing key (it names the field).
    """
    kept: list[str | int] = []
    node: Any = doc.data
    last = len(loc) - 1
    for position, part in enumerate(loc):
        if isinstance(part, str) and part.startswith("function-"):
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and position == last and "[" not in part:
            kept.append(part)  # a missing or unknown key is always the last part
            node = None
        # anything else is a tag pydantic added (a union member's tag or name): skip it
    return tuple(kept)


def _issue(err: Any, path: Path, doc: Document, root: type[BaseModel] | None) -> YamlIssue:
    kind = err["type"]
    if kind == "extra_forbidden":
        return YamlIssue(doc.locate(path, prefer_key=True), format_path(path), _unknown_key(path, doc, root))
    if kind == "missing":
        return YamlIssue(doc.locate(path[:-1]), format_path(path), "required field is missing")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag_path = path + (err["ctx"].get("discriminator", "'type'").strip("'"),)
        return YamlIssue(doc.locate(tag_path), format_path(tag_path), _union_tag_message(err))
    return YamlIssue(doc.locate(path), format_path(path), friendly_message(err))


def _unknown_key(path: Path, doc: Document, root: type[BaseModel] | None) -> str:
    key = str(path[-1]) if path else ""
    owner = None
    if root is not None:
        try:
            owner = schema_walk.model_at(root, doc.data, path[:-1])
        except (KeyError, IndexError, TypeError, AttributeError):
            owner = None  # suggestions are a courtesy; never fail on them
    names = [f.alias or name for name, f in owner.model_fields.items()] if owner is not None else []
    return f"unknown field '{key}'" + suggestion(key, names)


def suggestion(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, or ``""``."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[close[0]]}'?" if close else ""


def _union_tag_message(err: Any) -> str:
    ctx = err.get("ctx", {})
    expected = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
    if err["type"] == "union_tag_not_found":
        return f"missing 'type'; one of: {', '.join(expected)}"
    tag = str(ctx.get("tag", ""))
    return f"unknown type '{tag}'{suggestion(tag, expected)} (types: {', '.join(expected)})"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _literal_message(err: Any) -> str:
    expected = str(err["ctx"].get("expected", ""))
    choices = re.findall(r"'([^']*)'", expected) or [expected]
    given = err.get("input")
    if len(choices) > _MAX_LISTED_CHOICES:
        hint = suggestion(str(given), choices) or "; see docs/scenario-format.md for the allowed values"
        return f"{_shown(given)} is not one of the {len(choices)} allowed values{hint}"
    return f"{_shown(given)} is not allowed; expected {expected}{suggestion(str(given), choices)}"


def _pattern_message(err: Any) -> str:
    if err["ctx"].get("pattern") == _IDENTIFIER_PATTERN:
        return (f"{_shown(err.get('input'))} is not a valid id: use letters, digits, '-', '_' or '.', "
                "starting with a letter or digit, no spaces")
    return f"{_shown(err.get('input'))} does not have the required form {err['ctx'].get('pattern')}"


def _bound(word: str) -> Callable[[Any], str]:
    def message(err: Any) -> str:
        limit = next(iter(err["ctx"].values()))
        return f"must be {word} {limit}, got {_shown(err.get('input'))}"
    return message


def _expected(what: str) -> Callable[[Any], str]:
    return lambda err: f"expected {what}, got {_shown(err.get('input'))}"


_MESSAGES: dict[str, Callable[[Any], str]] = {
    "int_parsing": _expected("a whole number"), "int_type": _expected("a whole number"),
    "int_from_float": _expected("a whole number"),
    "float_parsing": _expected("a number"), "float_type": _expected("a number"),
    "bool_parsing": _expected("true or false"), "bool_type": _expected("true or false"),
    "string_type": _expected("text"), "dict_type": _expected("a mapping of keys to values"),
    "model_type": _expected("a mapping of keys to values"), "model_attributes_type": _expected("a mapping of keys to values"),
    "list_type": _expected("a list"), "tuple_type": _expected("a list"),
    "datetime_parsing": _expected("a date and time such as 2026-03-10T07:45"),
    "datetime_type": _expected("a date and time such as 2026-03-10T07:45"),
    "datetime_from_date_parsing": _expected("a date and time such as 2026-03-10T07:45"),
    "finite_number": lambda err: "must be a finite number (not inf or nan)",
    "greater_than": _bound(">"), "greater_than_equal": _bound("≥"),
    "less_than": _bound("<"), "less_than_equal": _bound("≤"),
    "literal_error": _literal_message, "enum": _literal_message,
    "string_pattern_mismatch": _pattern_message,
    "string_too_short": lambda err: "must not be empty",
    "string_too_long": lambda err: f"is too long (at most {err['ctx'].get('max_length')} characters)",
    "too_short": lambda err: (f"needs at least {err['ctx'].get('min_length')} item(s), "
                              f"got {err['ctx'].get('actual_length')}"),
    "too_long": lambda err: f"has too many items (at most {err['ctx'].get('max_length')})",
}


def friendly_message(err: Any) -> str:
    """A readable message for one pydantic error dict."""
    writer = _MESSAGES.get(err["type"])
    if writer is not None:
        try:
            return writer(err)
        except (KeyError, StopIteration, TypeError, AttributeError):
            pass  # fall back to pydantic's own words
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    return msg


def _drop_missing_explained_by_typo(issues: list[YamlIssue]) -> list[YamlIssue]:
    """If 'titel' is unknown and suggests 'title', the 'title is missing' line adds nothing."""
    suggested: set[str] = set()
    for issue in issues:
        if issue.message.startswith("unknown field") and "did you mean '" in issue.message:
            name = issue.message.split("did you mean '")[1].split("'")[0]
            parent = issue.field_path.rsplit(".", 1)[0] if "." in issue.field_path else ""
            suggested.add(f"{parent}.{name}" if parent else name)
    return [i for i in issues if not (i.message == "required field is missing" and i.field_path in suggested)]
