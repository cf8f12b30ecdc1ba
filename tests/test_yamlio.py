"""The position-tracking safe YAML reader."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.yamlio import Location, YamlError, YamlIssue, format_path, load_file, load_text, one_line


def _error(text: str) -> YamlIssue:
    with pytest.raises(YamlError) as err:
        load_text(text, "t.yaml")
    return err.value.issues[0]


def test_positions_of_keys_and_values() -> None:
    doc = load_text("a:\n  b: [1, 2]\n  c: {d: x}\n", "t.yaml")
    assert doc.data == {"a": {"b": [1, 2], "c": {"d": "x"}}}
    assert doc.key_positions[("a", "b")] == (2, 3)
    assert doc.value_positions[("a", "b", 1)] == (2, 10)
    assert doc.locate(("a", "c", "d")) == Location("t.yaml", 3, 10)
    assert doc.locate(("a", "c", "d"), prefer_key=True) == Location("t.yaml", 3, 7)
    assert doc.locate(("a", "zz", 3)) == Location("t.yaml", 2, 3)  # the nearest ancestor that exists


def test_dates_stay_text_and_python_tags_are_refused() -> None:
    assert load_text("d: 2026-03-10\n").data == {"d": "2026-03-10"}
    assert "is not accepted" in _error("x: !!python/object:os.system {}\n").message
    assert "is not accepted" in _error("x: !!set {a, b}\n").message
    assert _error("x: !!python/name:os.system ''\n").location.line == 1


def test_duplicate_keys_merge_keys_and_complex_keys() -> None:
    assert _error("a: 1\nb: 2\na: 3\n").message == "duplicate key (first given on line 1)"
    assert "merge keys" in _error("base: &b {x: 1}\nc:\n  <<: *b\n").message
    assert "plain name" in _error("? [a, b]\n: 1\n").message


def test_alias_bomb_and_depth_are_stopped() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for level in "bcdefgh":
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = level
    assert "alias bomb" in _error("\n".join(lines)).message
    assert "nested deeper" in _error("x: " + "[" * 80 + "]" * 80).message
    assert _error("[" * 20000 + "]" * 20000).message == "YAML nested too deeply"  # PyYAML's own recursion


def test_syntax_errors_are_located() -> None:
    issue = _error("a: [1, 2\nb: 3\n")
    assert issue.message.startswith("YAML syntax:") and issue.location.line == 2


def test_multiple_documents_are_refused() -> None:
    assert _error("a: 1\n---\nb: 2\n").message.startswith("YAML syntax:")


def test_files(tmp_path: Path) -> None:
    good = tmp_path / "g.yaml"
    good.write_text("\ufeffa: 1\n", encoding="utf-8")
    assert load_file(good).data == {"a": 1}
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    with pytest.raises(YamlError, match="limit"):
        load_file(big)
    with pytest.raises(YamlError, match="directory"):
        load_file(tmp_path)
    with pytest.raises(YamlError, match="no such file"):
        load_file(tmp_path / "missing.yaml")


def test_empty_document_has_no_data() -> None:
    assert load_text("# only a comment\n").data is None


def test_issue_text_is_always_one_line() -> None:
    issue = YamlIssue(Location("f", 1, 2), "a.b\nc", "bad\tvalue")
    assert str(issue) == "f:1:2: a.b\\nc: bad\\tvalue"
    assert one_line("plain") == "plain"
    assert format_path(("hospitals", 2, "icu_beds")) == "hospitals[2].icu_beds"
