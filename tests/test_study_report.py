"""The study report of a batch folder: HTML, Markdown and PDF parsed back, agreeing with summary.csv."""
from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cbrnsim.batch.command import batch_command
from cbrnsim.batch.table import number
from cbrnsim.data import default_scenario
from reports.rundata import ReportError
from reports.study import is_study_dir, load_study, render_study, write_study_figures


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("study") / "amb"
    code = batch_command(default_scenario(), 3, seed=2, workers=2, until="20", out=folder,
                         vary=["responders.stations[amb-centraal].ambulance.count=3,12"],
                         render_figures=write_study_figures, stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    return folder


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.section_ids: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self.section_ids.append(values.get("id") or "")
        if tag == "img":
            self.images.append(values.get("src") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_a_batch_folder_is_recognised(study: Path, tmp_path: Path) -> None:
    assert is_study_dir(study) and not is_study_dir(tmp_path)
    with pytest.raises(ReportError, match="not a batch study folder"):
        load_study(tmp_path)


def test_batch_wrote_one_figure_per_headline_kpi(study: Path) -> None:
    data = load_study(study)
    assert sorted(p.name for p in (study / "figures").glob("*.png"))
    assert len(list((study / "figures").glob("*.png"))) <= len(data.study["headline_kpis"])


@pytest.fixture(scope="module")
def rendered(study: Path):
    """All three formats, written into the study folder itself (the default)."""
    return render_study(study, None, ("html", "md", "pdf"))


def test_default_output_is_the_study_folder(study: Path, rendered) -> None:
    assert rendered.out_dir == study.resolve()
    assert {path.name for path in rendered.files.values()} == {"study.html", "study.md", "study.pdf"}


def test_html_report_has_every_part_and_the_numbers_of_summary_csv(study: Path, rendered) -> None:
    page = _Page()
    page.feed(rendered.files["html"].read_text(encoding="utf-8"))
    assert page.section_ids[:4] == ["handling", "design", "results", "figures"]
    assert {"all-kpis", "method"} <= set(page.section_ids)
    assert page.images and all(src.startswith("data:image/png;base64,") for src in page.images)
    text = " ".join(page.text)
    with (study / "summary.csv").open(newline="") as handle:
        deaths = next(r for r in csv.DictReader(handle) if r["kpi"] == "deaths" and r["arm"] == "0")
    assert number(float(deaths["mean"])) in text
    assert "EXERCISE GRADE" in text and "Hill (1970)" in text and "common random numbers" in text


def test_markdown_links_figures_that_exist(study: Path, rendered) -> None:
    text = rendered.files["md"].read_text(encoding="utf-8")
    links = [line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")]
    assert links and all((study / link).is_file() for link in links)
    assert "Headline KPIs per arm" in text


def test_pdf_is_written(rendered) -> None:
    assert rendered.files["pdf"].read_bytes()[:5] == b"%PDF-"


def test_an_existing_report_needs_force(study: Path, rendered) -> None:
    with pytest.raises(ReportError, match="use --force"):
        render_study(study, None, ("html",))
    assert render_study(study, None, ("html",), force=True).files["html"] == rendered.files["html"]
