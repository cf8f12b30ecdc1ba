"""The comparison report: a branch and its parent side by side, and what the decision changed."""
from __future__ import annotations

from pathlib import Path

import pytest

from reports.analysis import analyse
from reports.build import build
from reports.compare import differences, divergence, outcome_table
from reports.model import Bullets, FigureRef, Table
from reports.rundata import load_run
from test_report_golden import SUMMARY, make_golden_run


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    parent = make_golden_run(tmp_path / "parent.db")
    branch = make_golden_run(tmp_path / "branch.db", extra_decision=True, parent=parent)
    return parent, branch


def test_divergence_is_the_common_journal_prefix(pair: tuple[Path, Path]) -> None:
    parent, branch = (load_run(p) for p in pair)
    # Identical first four entries (deliver 1, deliver 2, skip 3, note); the branch adds a decision.
    assert divergence(parent.journal, branch.journal) == 4
    only_branch, only_parent = differences(analyse(parent), analyse(branch))
    assert only_branch == ["T+00:35 decision: Send all ambulances to Centraal"]
    assert only_parent == []


def test_comparison_section_and_figure(pair: tuple[Path, Path]) -> None:
    report = build([load_run(p) for p in pair])
    section = next(s for s in report.sections if s.id == "run-comparison")
    bullets = [b for b in section.blocks if isinstance(b, Bullets)]
    assert "Only in branch: T+00:35 decision: Send all ambulances to Centraal" in bullets[0].items
    assert any(isinstance(b, FigureRef) and b.key == "run-comparison" for b in section.blocks)
    assert report.figure("run-comparison").png.startswith(b"\x89PNG")
    text = " ".join(getattr(b, "text", "") for b in section.blocks)
    assert "Same scenario and seed" in text
    # The figures section shows each figure once; the comparison figure lives in its own section.
    figures = next(s for s in report.sections if s.id == "figures")
    assert all(b.key != "run-comparison" for b in figures.blocks if isinstance(b, FigureRef))


def test_outcome_table_shows_changes_against_the_reference(tmp_path: Path) -> None:
    first = make_golden_run(tmp_path / "a.db")
    second = make_golden_run(tmp_path / "b.db", seed=8)
    with_fewer_deaths = dict(SUMMARY, deaths=1, seed=8)
    from cbrnsim.runstore import RunStore
    with RunStore.open(second) as store:
        store.set_summary(with_fewer_deaths)
    analyses = [analyse(load_run(first)), analyse(load_run(second))]
    table: Table = outcome_table(analyses)
    deaths = next(row for row in table.rows if row[0] == "Deaths")
    assert deaths == ("Deaths", "3", "1 (-2)")
    same = next(row for row in table.rows if row[0] == "Exposed")
    assert same == ("Exposed", "40", "40 (=)")
    # Different seeds: the report must not claim the difference is the decisions' alone.
    report = build([load_run(first), load_run(second)])
    section = next(s for s in report.sections if s.id == "run-comparison")
    assert any(getattr(b, "tone", "") == "warning" and "chance" in b.text for b in section.blocks)
