"""A small golden run written by hand through the real RunStore API, and the report built from it.

Eight casualties with known journeys on the bundled metro-sarin scenario: the numbers the report
must state (deaths, where they died, who waited, ratings, overrides) are known exactly. Other
report test modules import ``make_golden_run`` from here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.data import scenarios_dir
from cbrnsim.runstore import RunStore
from reports.analysis import analyse
from reports.build import build
from reports.findings import all_findings
from reports.rundata import load_run

HOSTILE_TITLE = "<script>alert(1)</script> & *bold* | [link](http://evil.example)"
"""A scenario title that must come out as text in every format."""

# (id, triage, [(t_min, state, extra payload)]) — a tiny, fully known run.
JOURNEYS = [
    (1, "immediate", [(4, "asymptomatic", {"zone": "R1-line1-south"}), (8, "symptomatic_on_scene", {}),
                      (10, "awaiting_extraction", {}), (50, "awaiting_transport", {}), (95, "dead", {})]),
    (2, "immediate", [(5, "asymptomatic", {"zone": "centraal"}), (9, "symptomatic_on_scene", {}),
                      (12, "awaiting_transport", {}), (20, "in_transport", {}), (30, "in_ed", {"hospital": "kuh"}),
                      (40, "admitted_icu", {"hospital": "kuh"}), (150, "dead", {})]),
    (3, "immediate", [(5, "asymptomatic", {"zone": "centraal"}), (9, "symptomatic_on_scene", {}),
                      (15, "awaiting_transport", {}), (60, "in_transport", {}),
                      (75, "in_ed", {"hospital": "st-brigid"})]),
    (4, "delayed", [(6, "asymptomatic", {"zone": "centraal"}), (11, "self_evacuating", {}),
                    (35, "in_ed", {"hospital": "kuh"}), (200, "discharged", {})]),
    (5, "minor", [(6, "asymptomatic", {"zone": "centraal"}), (12, "self_evacuating", {}),
                  (30, "in_ed", {"hospital": "harbour"}), (120, "discharged", {})]),
    (6, "minor", [(7, "asymptomatic", {"zone": "centraal"}), (13, "self_evacuating", {}),
                  (28, "in_ed", {"hospital": "harbour"})]),
    (7, "delayed", [(7, "asymptomatic", {"zone": "centraal"}), (14, "symptomatic_on_scene", {}),
                    (20, "awaiting_decon", {}), (45, "in_decon", {}), (55, "awaiting_transport", {}),
                    (70, "in_transport", {}), (85, "in_ed", {"hospital": "kuh"}), (100, "admitted_ward", {"hospital": "kuh"})]),
    (8, "expectant", [(4, "asymptomatic", {"zone": "centraal"}), (6, "symptomatic_on_scene", {}),
                      (25, "dead", {})]),
]

MODEL_EVENTS = [
    (11.0, "first_call", "R1-line1-south", None),
    (18.0, "unit_on_scene", "unit:amb-centraal/ambulance/1", {"scene": "centraal"}),
    (38.0, "decon_line_open", "unit:fire-1/decon/1", {"scene": "centraal"}),
    (52.0, "agent_identified", None, {"agent": "sarin", "by": "hazmat"}),
    (58.0, "antidote_given", "cas-3", {"item": "atropine"}),
    (40.0, "surge_activated", "hospital:kuh", {"hospital": "kuh"}),
    (47.0, "secondary_contamination", "hospital:harbour", {"hospital": "harbour", "ed_spaces_lost": 4}),
    (65.0, "units_arrive", None, {"station": "amb-east", "kind": "ambulance", "count": 6}),
]

SUMMARY = {
    "scenario": "scenarios/metro-sarin.yaml", "title": "golden", "seed": 7, "until_min": 240.0,
    "exposed": 40, "casualties": {"immediate": 3, "delayed": 2, "minor": 2, "expectant": 1},
    "worried_well": 25, "deaths": 3, "deaths_prehospital": 2, "hospital_arrivals": 6, "admissions": 2,
    "icu_admissions": 1,
    "hospitals": {"kuh": {"arrivals": 3, "peak_occupancy": {"ed_spaces": 33}, "beds": {"ed_spaces": 60}},
                  "st-brigid": {"arrivals": 1, "peak_occupancy": {"ed_spaces": 18}, "beds": {"ed_spaces": 35}},
                  "harbour": {"arrivals": 2, "peak_occupancy": {"ed_spaces": 12}, "beds": {"ed_spaces": 20}},
                  "oosterbrug": {"arrivals": 0, "peak_occupancy": {"ed_spaces": 8}, "beds": {"ed_spaces": 18}}},
    "kpis": {}, "events": 60,
    "objectives": [
        {"id": "OBJ-1", "metric": "agent_identified_by_min", "unit": "min", "within_min": None, "target": 45,
         "measured": 48.0, "rating": "S", "proposed_rating": "S", "evaluator_rating": None},
        {"id": "OBJ-2", "metric": "antidote_within_min", "unit": "%", "within_min": 60, "target": 80,
         "measured": 20.0, "rating": "M", "proposed_rating": "U", "evaluator_rating": "M"},
        {"id": "OBJ-3", "metric": "immediate_in_hospital_within_min", "unit": "%", "within_min": 60, "target": 90,
         "measured": 33.3, "rating": "U", "proposed_rating": "U", "evaluator_rating": None},
        {"id": "OBJ-4", "metric": "first_decon_line_open_min", "unit": "min", "within_min": None, "target": 30,
         "measured": 34.0, "rating": "S", "proposed_rating": "S", "evaluator_rating": None},
        {"id": "OBJ-5", "metric": "public_message_by_min", "unit": "min", "within_min": None, "target": 30,
         "measured": 25.0, "rating": "P", "proposed_rating": "P", "evaluator_rating": None},
        {"id": "OBJ-6", "metric": "ed_peak_occupancy_pct", "unit": "%", "within_min": None, "target": 150,
         "measured": 60.0, "rating": "P", "proposed_rating": "P", "evaluator_rating": None},
    ],
}


def scenario_text(title: str | None = None) -> str:
    """The bundled metro-sarin scenario, optionally with another title."""
    text = (scenarios_dir() / "metro-sarin.yaml").read_text(encoding="utf-8")
    if title is None:
        return text
    old = 'title: "Exercise SILENT PLATFORM — metro nerve-agent attack, Kelden"'
    assert old in text
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return text.replace(old, f'title: "{escaped}"')


def make_golden_run(path: Path, *, title: str | None = None, seed: int = 7, extra_decision: bool = False,
                    parent: Path | None = None) -> Path:
    """Write the golden run store at ``path`` and return it."""
    store = RunStore.create(path, scenario_text(title), None, seed=seed, scenario_path="scenarios/metro-sarin.yaml",
                            parent_run=parent, branch_at_min=30.0 if parent else None)
    with store:
        store.append_journal("deliver", {"number": 1, "entered_at_min": 9.0}, at_min=9.0, author="SimCell lead")
        store.append_journal("deliver", {"number": 2, "entered_at_min": 17.0}, at_min=17.0, author="SimCell lead")
        store.append_journal("skip", {"number": 3, "reason": "players already evacuating", "entered_at_min": 18.0},
                             at_min=18.0, author="Operations controller")
        store.append_journal("note", {"inject": {"type": "note", "time_min": 60, "objective": "OBJ-2", "rating": "M",
                                                 "content": "Antidote <b>given</b> on clinical signs before lab confirmation."},
                                      "entered_at_min": 60.0}, at_min=60.0, author="Lead evaluator")
        if extra_decision:
            store.append_journal("decision", {"inject": {"type": "decision", "time_min": 35,
                                                         "decision": "Send all ambulances to Centraal",
                                                         "decided_by": "EMS tactical commander"},
                                              "entered_at_min": 35.0}, at_min=35.0, author="EMS controller")
        for cid, triage, steps in JOURNEYS:
            for t_min, state, extra in steps:
                store.record_event(t_min, state, f"cas-{cid}", {"triage": triage, **extra})
        for t_min, kind, entity, payload in MODEL_EVENTS:
            store.record_event(t_min, kind, entity, payload)
        store.record_series(0, [("occupancy", "kuh.ed_spaces", 30), ("occupancy", "kuh.icu_beds", 32),
                                ("occupancy", "harbour.ed_spaces", 10), ("units_busy", "ambulance", 0)])
        store.record_series(20, [("units_busy", "ambulance", 21)])
        store.record_series(30, [("occupancy", "kuh.ed_spaces", 31), ("occupancy", "harbour.ed_spaces", 12)])
        store.record_series(40, [("occupancy", "kuh.icu_beds", 40)])
        store.record_series(90, [("units_busy", "ambulance", 10)])
        store.record_series(160, [("occupancy", "kuh.icu_beds", 39)])
        store.set_summary({**SUMMARY, "seed": seed})
    return path


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    return make_golden_run(tmp_path / "golden.db")


def test_golden_numbers_come_from_the_events(golden: Path) -> None:
    analysis = analyse(load_run(golden))
    journeys = analysis.journeys
    assert journeys.count == 8
    assert int((journeys.death_min == journeys.death_min).sum()) == 3
    assert sorted(journeys.died_in[journeys.died_in != ""]) == ["admitted_icu", "awaiting_transport",
                                                                "symptomatic_on_scene"]
    assert analysis.times.first_call == 11.0 and analysis.times.agent_identified == 52.0
    assert analysis.times.last_hospital_arrival == 85.0
    # The evaluator's M overrides the proposed U, and both are kept.
    obj2 = next(r for r in analysis.objectives if r.objective.id == "OBJ-2")
    assert (obj2.proposed, obj2.evaluator.rating, obj2.rating) == ("U", "M", "M")
    assert obj2.evaluator.author == "Lead evaluator"


def test_golden_root_causes_name_the_waits_and_the_full_icu(golden: Path) -> None:
    findings = all_findings(analyse(load_run(golden)))
    obj3 = next(f for f in findings if f.objective == "OBJ-3")
    # Casualties 1 and 3 waited over 30 min for transport (38 and 45 min), casualty 1 over 30 for extraction.
    assert "2 of 3 immediate casualties were not in hospital within 60 min" in obj3.analysis
    assert "2 immediates waited over 30 min for transport" in obj3.analysis
    assert "1 immediates waited over 30 min for extraction" in obj3.analysis
    deaths = next(f for f in findings if f.title.startswith("Casualties died"))
    assert "3 people died, 2 of them before reaching a hospital" in deaths.observation
    # Casualty 2 died at T+02:30 in KUH's ICU while it was at 40/40 (full from T+00:40).
    assert "1 of the 1 deaths at Kelden University Hospital happened while its ICU beds were full" in deaths.analysis
    icu = next(f for f in findings if "ICU beds full" in f.title)
    assert "full for 120 min" in icu.title
    assert any("Harbour District Hospital: ED staff contaminated" in f.title for f in findings)


def test_golden_report_has_every_hseep_part(golden: Path) -> None:
    report = build([load_run(golden)])
    titles = [s.title for s in report.sections]
    assert titles == ["Handling instructions", "Exercise overview", "Executive summary",
                      "Analysis of core capabilities", "Exercise timeline", "Figures",
                      "Appendix A: Improvement plan", "Appendix B: Exercise participants",
                      "Appendix C: MSEL as delivered and notes", "Appendix D: Model assumptions and reproducibility"]
    assert {f.key for f in report.figures} == {"casualties-by-state", "hospital-load", "unit-utilisation",
                                              "decon-queue", "time-to-treatment", "threat-zones", "footprint-map"}
    for figure in report.figures:
        assert figure.png.startswith(b"\x89PNG") and figure.width_px > 500
