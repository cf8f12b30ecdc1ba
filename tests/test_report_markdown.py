"""The Markdown report: figure links resolve, every text is escaped."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports import build_report
from reports.markdown import escape_md
from test_report_golden import HOSTILE_TITLE, make_golden_run


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("md")
    run = make_golden_run(folder / "golden.db", title=HOSTILE_TITLE)
    result = build_report([run], folder / "out", formats=("md",))
    assert set(result.files) == {"md"}
    return result.files["md"], result.files["md"].read_text(encoding="utf-8")


def test_figure_links_resolve_to_pngs(markdown: tuple[Path, str]) -> None:
    path, text = markdown
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == 7
    for link in links:
        assert link.startswith("figures/") and not link.startswith("/")
        target = path.parent / link
        assert target.is_file() and target.read_bytes().startswith(b"\x89PNG")


def test_section_anchors_resolve(markdown: tuple[Path, str]) -> None:
    _, text = markdown
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', text))
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors


def test_hostile_title_is_text(markdown: tuple[Path, str]) -> None:
    _, text = markdown
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\[link\\](http://evil.example)" in text  # not a link
    assert not re.search(r"(?<!\\)\]\(http", text)


@pytest.mark.parametrize("raw, expected", [
    ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("# not a heading", "\\# not a heading"),
    ("- not a bullet", "\\- not a bullet"), ("1. not a list", "1\\. not a list"),
    ("line\nbreak", "line break"), ("<b>&", "&lt;b&gt;&amp;"), ("`code`", "\\`code\\`"),
])
def test_escape_md(raw: str, expected: str) -> None:
    assert escape_md(raw) == expected
