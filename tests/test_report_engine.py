"""Reports on real runs of the bundled scenarios, made through the public Exercise API.

What the report states must agree with the run's own summary (the numbers `cbrnsim run` prints),
the evaluator's rating entered during the exercise must override the proposal and both must be
shown, and a session that was never closed (no summary yet: the console's `r` key mid-exercise)
must still give a report, recomputed by replay.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cbrnsim.data import scenarios_dir
from cbrnsim.exercise import Exercise
from cbrnsim.runstore import RunStore
from reports import build_report
from reports.analysis import analyse
from reports.build import build
from reports.findings import all_findings
from reports.model import KeyValues, Paragraph
from reports.rundata import load_run


@pytest.fixture(scope="module")
def sarin_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sarin") / "sarin.db"
    exercise = Exercise.from_file(scenarios_dir() / "metro-sarin.yaml", seed=3, out=path, auto_deliver_msel=True)
    exercise.advance_to(50)
    exercise.record_decision("Hold all walk-in patients for decontamination at the KUH entrance",
                             decided_by="KUH incident commander", author="Hospital controller")
    exercise.note("Decon line late but well run once open", objective="OBJ-4", rating="P", author="Evaluator Ops")
    exercise.advance_to(exercise.scenario.end_min)
    exercise.close()
    return path


def test_report_numbers_agree_with_the_run_summary(sarin_run: Path) -> None:
    run = load_run(sarin_run)
    analysis = analyse(run)
    summary = run.summary
    journeys = analysis.journeys
    # Every casualty the summary counts by triage appears in the journeys with that category.
    for category, count in summary["casualties"].items():
        assert int((journeys.triage == category).sum()) == count, category
    assert int((journeys.death_min == journeys.death_min).sum()) == summary["deaths"]
    assert int(journeys.died_prehospital.sum()) == summary["deaths_prehospital"]
    report = build([run])
    executive = next(s for s in report.sections if s.id == "executive-summary")
    opening = executive.blocks[0]
    assert isinstance(opening, Paragraph)
    assert f"{summary['deaths']:,} died" in opening.text and f"{summary['exposed']:,} people were exposed" in opening.text


def test_evaluator_rating_overrides_and_both_are_shown(sarin_run: Path) -> None:
    analysis = analyse(load_run(sarin_run))
    obj4 = next(r for r in analysis.objectives if r.objective.id == "OBJ-4")
    assert obj4.evaluator is not None and obj4.evaluator.rating == "P" and obj4.evaluator.author == "Evaluator Ops"
    assert obj4.rating == "P"
    report = build([load_run(sarin_run)])
    capability = next(s for s in report.sections if s.id == "capability-analysis")
    section = next(s for s in capability.subsections if s.id == "objective-obj-4")
    note = next(b for b in section.blocks if isinstance(b, Paragraph) and b.tone == "note")
    assert "Evaluator rating P entered by Evaluator Ops" in note.text
    assert f"The thresholds proposed {obj4.proposed}" in note.text


def test_decision_appears_in_the_timeline_and_appendix_c(sarin_run: Path) -> None:
    report = build([load_run(sarin_run)])
    timeline = next(s for s in report.sections if s.id == "timeline")
    rows = [row for block in timeline.blocks for row in getattr(block, "rows", ())]
    decision = [row for row in rows if row[2] == "Player decision"]
    assert decision and decision[0][0] == "T+00:50" and "Hold all walk-in patients" in decision[0][3]
    delivered = [row for row in rows if row[2].startswith("MSEL ")]
    assert len(delivered) == 12  # every scripted inject, delivered at its scheduled time
    assert all(row[0] == row[4] for row in delivered)


def test_findings_explain_with_numbers_from_the_run(sarin_run: Path) -> None:
    findings = all_findings(analyse(load_run(sarin_run)))
    improvements = [f for f in findings if f.kind == "improvement"]
    assert improvements
    for finding in improvements:
        assert re.search(r"\d", finding.observation), finding.title  # evidence carries numbers
        assert finding.corrective_action and finding.element in ("Planning", "Organisation", "Equipment",
                                                                 "Training", "Exercise")


@pytest.mark.parametrize("scenario", ["metro-sarin.yaml", "chlorine-rail.yaml"])
def test_bundled_scenario_full_report(tmp_path: Path, scenario: str) -> None:
    path = tmp_path / "run.db"
    with Exercise.from_file(scenarios_dir() / scenario, seed=1, out=path, auto_deliver_msel=True) as exercise:
        exercise.advance_to(exercise.scenario.end_min)
    result = build_report([path], tmp_path / "aar")
    assert set(result.files) == {"html", "pdf", "md"}
    keys = {p.stem for p in result.figures}
    assert {"casualties-by-state", "hospital-load", "unit-utilisation", "time-to-treatment",
            "footprint-map", "threat-zones"} <= keys


def test_open_session_without_summary_is_replayed(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    exercise = Exercise.from_file(scenarios_dir() / "metro-sarin.yaml", seed=2, out=path, auto_deliver_msel=True)
    exercise.advance_to(40)
    exercise.store.flush()
    with RunStore.open(path, read_only=True) as store:
        assert store.summary() is None
    with RunStore.open(path, read_only=True) as store:
        last_recorded = max(e.t_min for e in store.events())
    run = load_run(path)
    # The live clock is not stored; the replay goes to the last time the session recorded anything.
    assert run.summary["until_min"] == pytest.approx(last_recorded)
    assert 39.0 < last_recorded <= 40.0
    assert run.caveats and "replayed" in run.caveats[0]
    report = build([run])
    appendix = next(s for s in report.sections if s.id == "appendix-d")
    assert any(isinstance(b, Paragraph) and "replayed" in b.text for b in appendix.blocks)
    exercise.close()
