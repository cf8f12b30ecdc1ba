"""Write an MSEL back into a scenario file, keeping the author's comments and layout.

ruamel.yaml (a round-trip YAML library) keeps comments, quoting and key order. An inject that
did not change keeps its mapping untouched (comments included); a changed one has only its
changed keys rewritten; a new one is written in the bundled scenarios' style. Only the text of
the ``msel:`` section is replaced: ruamel would re-flow the multi-line flow mappings elsewhere
in the file, and an MSEL import has no business touching them.
"""
from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..scenario import Inject, format_time_min, parse_inject, parse_time_min

_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")
_LEAD = ("number", "time_min", "type", "title", "from", "to", "method")
_TRAIL = ("content", "expected_action", "objectives", "core_capabilities", "controller", "evaluator_notes")
_QUOTED = frozenset({"title", "from", "to", "content", "expected_action", "controller", "evaluator_notes"})


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_msel(text: str, injects: list[Inject]) -> str:
    """The scenario text with its ``msel:`` list replaced by `injects` (in that order)."""
    yaml = _yaml()
    doc = yaml.load(text)
    old = doc.get("msel")
    by_number = {item.get("number"): item for item in old or [] if isinstance(item, dict)}
    items = [_item(by_number.get(inject.number), inject) for inject in injects]
    if isinstance(old, CommentedSeq) and len(old) and not old.fa.flow_style():
        for index, item in enumerate(items):
            if index >= len(old):
                old.append(item)
            elif old[index] is not item:
                old[index] = item
        del old[len(items):]
    else:
        doc["msel"] = CommentedSeq(items)
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    return _splice_section(text, buffer.getvalue(), "msel")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _item(old: CommentedMap | None, inject: Inject) -> CommentedMap:
    if old is None:
        return _new_map(inject)
    try:
        if parse_inject(_plain(old)) == inject:
            return old
    except ValueError:
        pass  # the old entry was invalid; rewrite what differs
    _update_map(old, inject)
    return old


def _written(inject: Inject) -> dict[str, Any]:
    """The keys a new entry writes: the non-default fields, always the type, in the usual order."""
    data = inject.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["type"] = inject.type
    effect_keys = [k for k in data if k not in _LEAD and k not in _TRAIL]
    order = [k for k in _LEAD if k in data] + effect_keys + [k for k in _TRAIL if k in data]
    return {k: data[k] for k in order}


def _new_map(inject: Inject) -> CommentedMap:
    entry = CommentedMap()
    for key, value in _written(inject).items():
        entry[key] = _node(key, value)
    return entry


def _update_map(old: CommentedMap, inject: Inject) -> None:
    full = inject.model_dump(mode="json", by_alias=True)
    wanted = _written(inject)
    for key in list(old):
        if key not in full:
            del old[key]
        elif not _same_value(key, old[key], full[key]):
            if key in wanted and isinstance(old[key], CommentedMap) and isinstance(wanted[key], dict):
                _update_nested(old[key], wanted[key])
            elif key in wanted:
                old[key] = _node(key, wanted[key])
            else:
                del old[key]  # back to its default
    rank = {k: i for i, k in enumerate(wanted)}
    for key, value in wanted.items():
        if key in old:
            continue
        later = [i for i, existing in enumerate(old) if rank.get(existing, len(rank)) > rank[key]]
        old.insert(later[0] if later else len(old), key, _node(key, value))


def _update_nested(old: CommentedMap, new: dict[str, Any]) -> None:
    """Change a nested mapping key by key, so comments on its unchanged keys stay."""
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if key in old and _plain(old[key]) == value:
            continue
        if key in old and isinstance(old[key], CommentedMap) and isinstance(value, dict):
            _update_nested(old[key], value)
        else:
            old[key] = _container(value)


def _same_value(key: str, old: Any, new: Any) -> bool:
    if key == "time_min":
        try:
            return float(parse_time_min(_plain(old))) == float(new)
        except (TypeError, ValueError):
            return False
    return _plain(old) == new


def _node(key: str, value: Any) -> Any:
    if key == "time_min":
        return DoubleQuotedScalarString(format_time_min(float(value)))
    if isinstance(value, str) and key in _QUOTED:
        return DoubleQuotedScalarString(value)
    if key == "core_capabilities":
        return _flow_seq([DoubleQuotedScalarString(v) for v in value])
    return _container(value)


def _flow_seq(values: list[Any]) -> CommentedSeq:
    node = CommentedSeq(values)
    node.fa.set_flow_style()
    return node


def _container(value: Any) -> Any:
    """Nested values: flow style when every child is a scalar ({x_m: 0, y_m: 0}), block otherwise."""
    if isinstance(value, dict):
        node = CommentedMap((k, _container(v)) for k, v in value.items())
        if all(not isinstance(v, (dict, list)) for v in value.values()):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(_container(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # '5', not '5.0', as people write it
    return value


def _section_range(lines: list[str], key: str) -> tuple[int, int] | None:
    """Lines [start, end) of a top-level key's section: from the key to the next top-level key."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _TOP_LEVEL_KEY.match(line))]
    for position, (index, name) in enumerate(starts):
        if name == key:
            end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
            return index, end
    return None


def _splice_section(original: str, dumped: str, key: str) -> str:
    old_lines = original.splitlines(keepends=True)
    new_lines = dumped.splitlines(keepends=True)
    new_range = _section_range(new_lines, key)
    assert new_range is not None, "the dumped document always has the section"
    section = new_lines[new_range[0]:new_range[1]]
    old_range = _section_range(old_lines, key)
    if old_range is None:
        if old_lines and not old_lines[-1].endswith("\n"):
            old_lines[-1] += "\n"
        return "".join(old_lines + ["\n"] + section)
    return "".join(old_lines[:old_range[0]] + section + old_lines[old_range[1]:])

