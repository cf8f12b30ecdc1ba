"""Field and hospital decontamination (cbrnsim.engine.decon)."""
from __future__ import annotations

import pytest

from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder

from care_support import fake, spec, tiny_scenario


def test_decon_line_throughput_is_the_ambulatory_rate():
    # One line at 120 ambulatory people/h (the tiny scenario's decon unit): 0.5 min each, in order.
    specs = [spec(i, severity=2, ambulatory=True, contaminated=True) for i in range(10)]
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(specialists=True), 1, recorder, exposure_factory=fake(specs))
    model.run_until(200)
    opened = [(t, e) for t, k, e, p in recorder.events if k == "decon_line_open"]
    # Field: dispatch at 11, turnout 1 + 1 km (1 min), set-up 10 min -> the line works at 23.
    # Hospital: alerted at dispatch (11) + its 30 min set-up -> 41.
    assert opened == [(23.0, "s1/decon/1"), (41.0, "h1")]
    done = sorted(c.decon_min for c in model.casualties.values())
    assert done == pytest.approx([23.0 + 0.5 * (k + 1) for k in range(10)])
    assert model.metric("first_decon_line_open_min") == 23.0
    assert model.metric("decon_within_min", 30) == 100.0


def test_without_a_decon_unit_fire_crews_give_gross_decon():
    model = Model(tiny_scenario(), 1, MemoryRecorder(),
                  exposure_factory=fake([spec(1, severity=2, ambulatory=True, contaminated=True)]))
    model.run_until(100)
    assert model.casualties[1].decon_min == 13.0  # fire crew on scene at 13


def test_contaminated_walk_in_goes_through_the_hospital_line_once_it_works():
    # Hospital alerted at dispatch (11) + decon set-up 30 -> line open at 41; a walk-in arriving
    # after that is deconned at the door (30 people/h -> 2 min) before the ED.
    specs = [spec(1, severity=2, ambulatory=True, contaminated=True, onset_min=40.0, exposed_min=40.0)]
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(self_evac=1.0), 1, recorder, exposure_factory=fake(specs))
    model.run_until(600)
    kinds = [k for _, k in recorder.timeline("cas-1")]
    assert kinds[kinds.index("self_evacuating"):][:5] == ["self_evacuating", "triaged", "awaiting_decon", "in_decon",
                                                            "in_ed"]
    assert model.hospitals[0].decon_open_min == 41.0
    assert model.hospitals[0].undeconned_arrivals == 0


def test_immediate_radiological_casualties_get_life_saving_care_before_decon():
    # Planning Guidance for Response to a Nuclear Detonation (2010), ch. 3, and HHS REMM: radioactive
    # contamination is no immediate threat to life, so immediate casualties are not held at a
    # decon line; delayed ones still go through it. Nerve-agent immediates still do (sarin).
    specs = [spec(1, severity=3, contaminated=True, agent="cs-137", injury="radiation"),
             spec(2, severity=2, contaminated=True, agent="cs-137", injury="radiation"),
             spec(3, severity=3, contaminated=True)]
    recorder = MemoryRecorder()
    model = Model(tiny_scenario(specialists=True, ambulances=3), 1, recorder, exposure_factory=fake(specs))
    model.run_until(300)
    assert model.casualties[1].category == "immediate" and model.casualties[2].category != "immediate"
    assert "awaiting_decon" not in [k for _, k in recorder.timeline("cas-1")]
    assert "awaiting_decon" in [k for _, k in recorder.timeline("cas-2")]
    assert "awaiting_decon" in [k for _, k in recorder.timeline("cas-3")]
