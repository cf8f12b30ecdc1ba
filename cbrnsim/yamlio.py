"""Safe YAML loading that remembers where every value came from.

Scenario and agent files are written by people, so every error must point at a file, a line
and a column. PyYAML's composer gives nodes with marks; we build plain Python values from the
nodes ourselves (never through a constructor that could instantiate objects), and record the
position of each key and value by its path in the document.

Hostile or broken input (binary, huge, deeply nested, alias bombs, duplicate keys, a
directory instead of a file) raises :class:`YamlError`, never anything else.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest file we read; a scenario is a few hundred kilobytes at most."""

MAX_DEPTH = 64
"""Deepest nesting accepted; the scenario format needs fewer than ten levels."""

MAX_NODES = 500_000
"""Most values built from one document, counting each alias expansion (stops alias bombs)."""

Path_ = tuple[str | int, ...]

_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
"""Tags of ordinary mappings and lists; any other collection tag is refused."""


@dataclass(frozen=True)
class Location:
    """A place in a file, 1-based as editors show it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class YamlIssue:
    """One problem found while reading a file."""

    location: Location
    field_path: str
    message: str

    def __str__(self) -> str:
        prefix = f"{self.location}: "
        text = f"{self.field_path}: {self.message}" if self.field_path else self.message
        return prefix + one_line(text)


def one_line(text: str) -> str:
    """The text with line breaks and other control characters escaped, so an issue stays one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class YamlError(Exception):
    """The file could not be read as a YAML document; carries located, one-line issues."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass
class Document:
    """A parsed document: plain data plus the position of every key and value."""

    file: str
    data: Any
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path -> (line, column) of the value at that path."""
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path -> (line, column) of the mapping key that names that path."""
    text: str = ""

    def locate(self, path: Path_, prefer_key: bool = False) -> Location:
        """The best position for a path: the value, its key, or the nearest ancestor."""
        probe = tuple(path)
        while True:
            tables = (self.key_positions, self.value_positions) if prefer_key else (
                self.value_positions, self.key_positions)
            for table in tables:
                if probe in table:
                    line, col = table[probe]
                    return Location(self.file, line, col)
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]


def format_path(path: Path_) -> str:
    """`('hospitals', 2, 'icu_beds')` -> `hospitals[2].icu_beds`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a file as UTF-8 text or raise YamlError with a one-line reason."""
    p = Path(path)
    name = str(path)
    def fail(msg: str) -> YamlError:
        return YamlError([YamlIssue(Location(name, 1, 1), "", msg)])
    if p.is_dir():
        raise fail("is a directory, not a file")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise fail(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        where = _byte_location(name, raw, raw.index(b"\x00"))
        raise YamlError([YamlIssue(where, "", "binary file (contains NUL bytes), not YAML text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _byte_location(name, raw, exc.start)
        msg = f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8"
        raise YamlError([YamlIssue(where, "", msg)]) from None


def _byte_location(file: str, raw: bytes, offset: int) -> Location:
    """Line and column (1-based, counted in bytes) of a byte offset, for undecodable input."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return Location(file, raw.count(b"\n", 0, offset) + 1, offset - line_start + 1)


def load_file(path: str | os.PathLike[str]) -> Document:
    """Read and parse a YAML file."""
    return load_text(read_text(path), str(path))


def load_text(text: str, file: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlError([YamlIssue(Location(file, line, col), "", f"YAML syntax: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise YamlError([YamlIssue(Location(file, 1, 1), "", f"YAML syntax: {exc}".splitlines()[0])]) from None
    except RecursionError:
        raise YamlError([YamlIssue(Location(file, 1, 1), "", "YAML nested too deeply")]) from None
    doc = Document(file=file, data=None, text=text)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.issues:
        raise YamlError(builder.issues)
    return doc


class _Builder:
    """Turn a composed node graph into plain values, recording positions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.issues: list[YamlIssue] = []
        self._scalar = yaml.SafeLoader("")  # resolves and constructs plain scalars only

    def _issue(self, node: yaml.Node, path: Path_, msg: str) -> None:
        loc = Location(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)
        self.issues.append(YamlIssue(loc, format_path(path), msg))

    def _fatal(self, node: yaml.Node, path: Path_, msg: str) -> YamlError:
        self._issue(node, path, msg)
        return YamlError(self.issues)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fatal(node, path, f"document expands to more than {MAX_NODES} values (alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise self._fatal(node, path, f"nested deeper than {MAX_DEPTH} levels")
        self.doc.value_positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTION_TAGS:
            # A tag such as !!python/object would be ignored by us but honoured by other tools.
            self._issue(node, path, f"YAML tag '{node.tag}' is not accepted; write plain mappings and lists")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalar_value(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._issue(key_node, path, "YAML merge keys (<<) are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._issue(key_node, path, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.doc.key_positions.get(path + (key,), (0, 0))[0]
                self._issue(key_node, path + (key,), f"duplicate key (first given on line {first})")
                continue
            self.doc.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        return out

    def _scalar_value(self, node: yaml.Node, path: Path_) -> Any:
        try:
            value = self._scalar.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self._issue(node, path, f"cannot read value: {str(exc).splitlines()[0]}")
            return None
        except (ValueError, OverflowError) as exc:
            self._issue(node, path, f"cannot read value: {exc}")
            return None
        if isinstance(value, bytes):
            self._issue(node, path, "binary values are not accepted")
            return None
        if isinstance(value, _dt.date):
            # Kept as ISO text so that a date typed into a text field stays text; pydantic
            # parses it back where a date-time is expected.
            return value.isoformat()
        return value
