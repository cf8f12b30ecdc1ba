"""Engine invariants on the bundled scenarios, with the real exposure model and the MSEL applied.

- every exposed person is in exactly one state at every sampled time, and the recorded state
  series add up to the people exposed so far;
- a casualty's recorded life is a valid path (nothing after 'dead' or 'discharged');
- no bed type above its capacity (after a capacity cut, occupancy only falls until it fits);
- no negative stock;
- common random numbers: closing one hospital leaves every casualty's onset time and draws unchanged.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.engine.state import CASUALTY_STATES
from cbrnsim.scenario import HospitalStatusChange, in_delivery_order, load_scenario, model_effect

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
RUN_MIN = {"metro-sarin": None, "chlorine-rail": 240.0}


def run_sampled(name: str, seed: int = 5, extra=None):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    end = RUN_MIN[name] or scenario.end_min
    recorder = MemoryRecorder()
    model = Model(scenario, seed, recorder)
    injects = [(i.time_min, model_effect(i), f"MSEL {i.number}") for i in in_delivery_order(scenario.msel)]
    injects += extra or []
    injects = sorted([x for x in injects if x[1] is not None and x[0] < end], key=lambda x: x[0])
    samples = []
    t = 0.0
    while t < end:
        t = min(t + 2.0, end)
        while injects and injects[0][0] <= t:
            at, effect, label = injects.pop(0)
            model.run_until(at)
            model.apply_effect(effect, label=label)
        model.run_until(t)
        samples.append(_sample(model))
    return model, recorder, samples


def _sample(model):
    return {
        "t": model.env.now,
        "states": Counter(c.state for c in model.casualties.values()),
        "counts": dict(model.counts),
        "exposed": len(model.casualties),
        "beds": [(h.id, t, r.count, r.capacity) for h in model.hospitals for t, r in h.beds.items()],
        "stock": [v for h in model.hospitals for v in h.stock.values()]
        + [v for s in model.scenes for v in s.team_stock.values()]
        + [v for st in model.fleet.station_stock.values() for v in st.values()],
    }


@pytest.fixture(scope="module", params=["metro-sarin", "chlorine-rail"])
def sampled(request):
    return run_sampled(request.param)


def test_everyone_exposed_is_in_exactly_one_state(sampled):
    model, recorder, samples = sampled
    assert model.casualties, "the scenario produced casualties"
    for s in samples:
        assert s["counts"] == {k: s["states"].get(k, 0) for k in CASUALTY_STATES}
        assert sum(s["counts"].values()) == s["exposed"]


def test_recorded_series_add_up_to_the_exposed(sampled):
    model, recorder, _ = sampled
    last: dict[str, float] = {}
    exposed_by = sorted(t for t, k, e, p in recorder.events if k == "asymptomatic")
    by_time = defaultdict(list)
    for t, name, key, value in recorder.series:
        by_time[t].append((name, key, value))
    for t in sorted(by_time):
        for name, key, value in by_time[t]:
            if name == "casualties":
                last[key] = value
        assert sum(last.values()) == sum(1 for x in exposed_by if x <= t)


def test_each_casualty_path_is_valid(sampled):
    _, recorder, _ = sampled
    lives = defaultdict(list)
    for t, kind, entity, _ in recorder.events:
        if entity and entity.startswith("cas-") and kind in CASUALTY_STATES:
            lives[entity].append((t, kind))
    for entity, life in lives.items():
        assert life[0][1] == "asymptomatic", entity
        assert [t for t, _ in life] == sorted(t for t, _ in life), entity
        terminal = [i for i, (_, k) in enumerate(life) if k in ("dead", "discharged")]
        assert terminal in ([], [len(life) - 1]), entity


CAPACITY_CUTS = ("secondary_contamination", "hospital_beds", "hospital_status")


def test_no_bed_above_capacity_and_no_negative_stock(sampled):
    # Above capacity only after a cut (nobody loses a bed), and then occupancy never rises.
    _, recorder, samples = sampled
    cuts = defaultdict(list)
    for t, kind, entity, _ in recorder.events:
        if kind in CAPACITY_CUTS:
            cuts[entity].append(t)
    previous: dict[tuple[str, str], int] = {}
    last_t = 0.0
    for s in samples:
        for hospital, bed, count, capacity in s["beds"]:
            key = (hospital, bed)
            cut_now = any(last_t < t <= s["t"] for t in cuts[hospital])
            assert count <= capacity or cut_now or count <= previous.get(key, count - 1), (s["t"], key, count)
            previous[key] = count
        assert min(s["stock"], default=0) >= 0
        last_t = s["t"]


def test_closing_one_hospital_leaves_every_onset_and_draw_unchanged():
    base, _, _ = run_sampled("metro-sarin", seed=9)
    close = [(20.0, HospitalStatusChange(hospital="harbour", status="closed"), "what-if")]
    branch, _, _ = run_sampled("metro-sarin", seed=9, extra=close)
    assert {i: c.spec.onset_min for i, c in base.casualties.items()} == {
        i: c.spec.onset_min for i, c in branch.casualties.items()}
    assert all(base.casualties[i].u.fate == c.u.fate for i, c in branch.casualties.items())
    assert branch.hospital_by_id["harbour"].arrivals <= base.hospital_by_id["harbour"].arrivals
