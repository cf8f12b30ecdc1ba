"""The PDF report: it opens, has the expected pages and outline, every page carries the marking."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import build_report
from test_report_golden import HOSTILE_TITLE, make_golden_run

OUTLINE = ["Handling instructions", "Exercise overview", "Executive summary", "Analysis of core capabilities",
           "Exercise timeline", "Figures", "Appendix A: Improvement plan", "Appendix B: Exercise participants",
           "Appendix C: MSEL as delivered and notes", "Appendix D: Model assumptions and reproducibility"]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    folder = tmp_path_factory.mktemp("pdf")
    run = make_golden_run(folder / "golden.db", title=HOSTILE_TITLE)
    result = build_report([run], folder / "out", formats=("pdf",))
    data = result.files["pdf"].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return PdfReader(result.files["pdf"])


def test_outline_lists_every_section_in_order(pdf: PdfReader) -> None:
    top_level = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert top_level == OUTLINE


def test_pages_carry_the_marking_and_a_page_number(pdf: PdfReader) -> None:
    assert 12 <= len(pdf.pages) <= 40
    for number, page in enumerate(pdf.pages, start=1):
        text = page.extract_text()
        assert text.count("EXERCISE — FOR TRAINING ONLY") >= 2, number
        if number > 1:
            assert f"Page {number}" in text


def test_cover_and_escaped_title(pdf: PdfReader) -> None:
    cover = pdf.pages[0].extract_text()
    assert "After-Action Report / Improvement Plan" in cover
    assert "<script>alert(1)</script>" in cover  # printed as the text it is
    assert "EXERCISE GRADE" in cover
    assert pdf.metadata.title == HOSTILE_TITLE


def test_wide_tables_are_on_landscape_pages(pdf: PdfReader) -> None:
    def page_of(title: str) -> int:
        destination = next(item for item in pdf.outline if not isinstance(item, list) and item.title == title)
        return pdf.get_destination_page_number(destination)

    for title in ("Exercise timeline", "Appendix A: Improvement plan", "Appendix C: MSEL as delivered and notes"):
        box = pdf.pages[page_of(title)].mediabox
        assert box.width > box.height, title
    box = pdf.pages[page_of("Executive summary")].mediabox
    assert box.width < box.height


def test_figures_are_images_in_the_pdf(pdf: PdfReader) -> None:
    images = sum(len(page.images) for page in pdf.pages)
    assert images == 7
