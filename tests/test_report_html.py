"""The HTML report: one self-contained file, every section present, figures embedded, text escaped."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import build_report
from test_report_golden import HOSTILE_TITLE, make_golden_run

SECTION_IDS = ("handling", "exercise-overview", "executive-summary", "capability-analysis", "timeline", "figures",
               "appendix-a", "appendix-b", "appendix-c", "appendix-d")


class Collector(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Collector]:
    folder = tmp_path_factory.mktemp("html")
    run = make_golden_run(folder / "golden.db", title=HOSTILE_TITLE)
    result = build_report([run], folder / "out", formats=("html",))
    text = result.files["html"].read_text(encoding="utf-8")
    collector = Collector()
    collector.feed(text)
    return text, collector


def test_every_hseep_section_is_present(page: tuple[str, Collector]) -> None:
    _, html = page
    ids = [attrs.get("id") for tag, attrs in html.tags if tag == "section"]
    assert [i for i in ids if i in SECTION_IDS] == list(SECTION_IDS)
    headings = " ".join(html.text)
    for title in ("Executive summary", "Analysis of core capabilities", "Appendix A: Improvement plan",
                  "Appendix D: Model assumptions and reproducibility", "Major strengths",
                  "Primary areas for improvement"):
        assert title in headings


def test_figures_are_embedded_and_nothing_is_fetched(page: tuple[str, Collector]) -> None:
    _, html = page
    images = [attrs for tag, attrs in html.tags if tag == "img"]
    assert len(images) == 7
    assert all((attrs["src"] or "").startswith("data:image/png;base64,") for attrs in images)
    for tag, attrs in html.tags:
        assert tag not in ("script", "link", "iframe", "object", "embed")
        for name in ("src", "href", "action", "srcset"):
            if name not in attrs:
                continue
            value = (attrs[name] or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "file:", "javascript:")), (tag, name, value)
            if name == "href":
                assert value.startswith("#"), value  # only links inside the page


def test_scenario_and_controller_text_is_escaped(page: tuple[str, Collector]) -> None:
    text, html = page
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert HOSTILE_TITLE in "".join(html.text)  # shown as the text it is
    # The evaluator's note contained <b>…</b>: it is text, not markup.
    assert "Antidote &lt;b&gt;given&lt;/b&gt; on clinical signs" in text
    assert not any(tag == "b" for tag, _ in html.tags)


def test_ratings_show_proposal_and_evaluator_override(page: tuple[str, Collector]) -> None:
    text, _ = page
    assert "Evaluator rating M entered by Lead evaluator at T+01:00" in text
    assert "The thresholds proposed U" in text


def test_marking_is_on_top_and_bottom(page: tuple[str, Collector]) -> None:
    _, html = page
    markings = [attrs for tag, attrs in html.tags if tag == "div" and attrs.get("class") == "marking"]
    assert len(markings) == 2
