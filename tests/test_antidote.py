"""Identification and the antidote (cbrnsim.engine.antidote): who gets it, from which stock, when."""
from __future__ import annotations

from cbrnsim.engine.antidote import CLINICAL_IDENTIFICATION, antidote_allowed, doses_for
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder

from care_support import fake, spec, tiny_scenario


def run(specs, *, until=600.0, **kw):
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(**kw), 1, recorder, exposure_factory=fake(specs))
    model.run_until(until)
    return model, recorder


def test_doses_follow_the_mmcch_table():
    # USAMRICD MMCCH (4th ed. 2007), nerve agents: none for miosis alone, one kit for moderate,
    # three for severe.
    assert [doses_for(type("C", (), {"spec": spec(1, severity=s)})()) for s in (1, 2, 3, 4)] == [0, 1, 3, 3]


def test_chemical_agent_is_diagnosed_80_min_after_the_first_ambulance_patient_reaches_a_hospital():
    # Tokyo 1995: first ambulance at St Luke's about 08:40, sarin information about 10:00
    # (S. Ishimatsu, Yomiuri Shimbun, 4 March 2025). The stretcher case reaches the ED at 23.
    rule = CLINICAL_IDENTIFICATION["chemical"]
    assert (rule.delay_min, rule.by_ambulance_only) == (80.0, True)
    model, recorder = run([spec(1, severity=3)])
    assert recorder.timeline(None, kinds=["agent_identified"]) == [(103.0, "agent_identified")]
    assert model.identified_by == "clinical diagnosis at h1"


def test_walk_ins_with_sore_eyes_do_not_start_the_diagnosis():
    # Miosis-only walk-ins reach h1 after their care-seeking delay and 2 km; only the ambulance
    # patient (ED at 23, as above) starts the 80-min clock, though walk-ins came first.
    walkers = [spec(i, severity=1, ambulatory=True, onset_min=0.5) for i in range(2, 12)]
    model, recorder = run([*walkers, spec(1, severity=3)], self_evac=1.0)
    assert min(model.casualties[i].hospital_arrival_min for i in range(2, 12)) < 23.0
    assert recorder.timeline(None, kinds=["agent_identified"]) == [(103.0, "agent_identified")]


def test_hospital_antidote_comes_from_stock_and_stops_at_zero():
    # h1 holds 10 atropine doses; four severe casualties need 3 each: three are treated, the fourth
    # finds 1 dose left and gets none.
    specs = [spec(i, severity=3) for i in range(1, 5)]
    model, recorder = run(specs, ambulances=4, ed=8, until=400.0)
    given = recorder.timeline(None, kinds=["antidote_given"])
    assert len(given) == 3
    assert model.hospitals[0].stock["atropine_1mg"] == 1
    # The fourth patient finds it short: recorded once, with what was left.
    exhausted = [e for e in recorder.events if e[1] == "stock_exhausted"]
    assert len(exhausted) == 1 and exhausted[0][2] == "h1"
    assert exhausted[0][3] == {"hospital": "h1", "items": {"atropine_1mg": 1}, "doses_needed": 3}


def test_no_antidote_before_identification_and_only_once():
    model, _ = run([spec(1, severity=3)], until=50.0)
    c = model.casualties[1]
    care = model.care_of("sarin")
    assert model.identified_min is None and not antidote_allowed(model, c, care)
    model.run_until(120.0)
    assert c.antidote_min == 103.0 and not antidote_allowed(model, c, care)  # given once only
