"""The Exercise API: journal first, then effect; the ordering rule; MSEL delivery; resume after kill -9.

Most tests drive ``TinyModel``, a small deterministic SimPy model with the engine's interface
whose events fall on whole minutes, so that journal entries and model events share instants and
the ordering rule is actually exercised. Tests against the real engine are at the end.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import simpy

from cbrnsim.data import default_scenario
from cbrnsim.exercise import Exercise, InjectError, MselError, replay_run
from cbrnsim.rng import Streams
from cbrnsim.runstore import RunStore
from cbrnsim.scenario import (
    HospitalStatusInject, MessageInject, Scenario, UnitsArriveInject, WindChangeInject, load_scenario,
)

SCENARIO = load_scenario(default_scenario())


class TinyModel:
    """Twenty casualties with whole-minute onsets compete for a few beds; a tick every 10 min.

    Implements the engine's Model interface (peek, step, run_until, apply_effect, state,
    metric, outcome, events_processed) so the exercise can be tested without the full engine.
    A hospital_status inject changes the number of beds, so injects change what follows.
    """

    def __init__(self, scenario: Scenario, seed: int, recorder: Any) -> None:
        self.env = simpy.Environment()
        self.recorder = recorder
        self.streams = Streams(seed)
        self.events_processed = 0
        self.beds = 3
        self.in_bed = 0
        self.onset_min: dict[int, float] = {}
        self.applied: list[tuple[float, str]] = []
        self._last_series: float | None = None
        for i in range(20):
            self.env.process(self._casualty(i))
        self.env.process(self._ticker())

    def _casualty(self, i: int) -> Iterable[simpy.Event]:
        rng = self.streams.get("casualty", i)
        yield self.env.timeout(float(round(rng.uniform(0, 60))))
        self.onset_min[i] = self.env.now
        self.recorder.record_event(self.env.now, "onset", f"cas-{i}")
        while self.in_bed >= self.beds:
            yield self.env.timeout(5)
        self.in_bed += 1
        self.recorder.record_event(self.env.now, "admitted", f"cas-{i}")
        yield self.env.timeout(float(round(rng.uniform(10, 30))))
        self.in_bed -= 1
        self.recorder.record_event(self.env.now, "discharged", f"cas-{i}")

    def _ticker(self) -> Iterable[simpy.Event]:
        while True:
            if self.env.now % 10 == 0:
                self.recorder.record_event(self.env.now, "tick", None)
            if self.in_bed != self._last_series:
                self.recorder.record_series(self.env.now, [("in_bed", "", self.in_bed)])
                self._last_series = self.in_bed
            yield self.env.timeout(1)

    def peek(self) -> float:
        return self.env.peek()

    def step(self) -> None:
        self.env.step()
        self.events_processed += 1

    def run_until(self, t_min: float) -> None:
        while self.env.peek() < t_min:
            self.step()
        self.env._now = t_min  # a test double may set SimPy's clock directly

    def apply_effect(self, effect: Any, *, label: str) -> None:
        if effect.type == "hospital_status":
            self.beds = max(0, self.beds + effect.bed_changes.ed_spaces)
        self.applied.append((self.env.now, label))
        self.recorder.record_event(self.env.now, "inject_applied", None, {"type": effect.type, "label": label})

    def state(self) -> Mapping[str, Any]:
        return {"in_bed": self.in_bed, "beds": self.beds, "onsets": len(self.onset_min)}

    def metric(self, name: str, within_min: float | None = None) -> float | None:
        return float(len(self.onset_min)) if name == "deaths" else None

    def outcome(self) -> dict[str, Any]:
        return {"exposed": len(self.onset_min), "casualties": {"minor": len(self.onset_min)}, "worried_well": 0,
                "deaths": 0, "deaths_prehospital": 0, "hospital_arrivals": 0, "admissions": 0,
                "icu_admissions": 0, "hospitals": {"kuh": {"arrivals": 0, "peak_occupancy": self.in_bed,
                                                            "beds": self.beds}}}


def tiny(tmp_path: Path, name: str = "run.db", **options: Any) -> Exercise:
    return Exercise(SCENARIO, seed=7, out=tmp_path / name, model_factory=TinyModel, **options)


def beds_inject(time_min: float, change: int, hospital: str = "kuh") -> HospitalStatusInject:
    return HospitalStatusInject(time_min=time_min, hospital=hospital, bed_changes={"ed_spaces": change},
                                title=f"beds {change:+d}")


def kinds_in_order(store: RunStore) -> list[tuple[float, str]]:
    return [(event.t_min, event.kind) for event in store.events()]


# ------------------------------------------------------------------ the ordering rule
def test_entry_at_t_comes_after_events_before_t_and_before_events_at_t(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.apply(beds_inject(20, +2))          # journaled at T+0, takes effect at T+20
    assert ex.store.journal()[0].at_min == 20.0 and ex.model.applied == []
    ex.advance_to(40)
    events = kinds_in_order(ex.store)
    where = events.index((20.0, "inject_applied"))
    assert all(t < 20 for t, _ in events[:where])
    assert (20.0, "tick") in events[where + 1:]            # the model's own event at T+20 comes after
    assert all(t >= 20 for t, _ in events[where + 1:])


def test_entries_at_the_same_time_apply_in_journal_order(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.apply(beds_inject(15, -1).model_copy(update={"title": "second in time order, first in seq"}))
    ex.apply(beds_inject(15, +1).model_copy(update={"title": "journaled second"}))
    ex.apply(beds_inject(10, +1).model_copy(update={"title": "earliest"}))
    ex.advance_to(16)
    assert ex.model.applied == [(10.0, "earliest"), (15.0, "second in time order, first in seq"),
                                (15.0, "journaled second")]


def test_entry_is_committed_before_its_effect_is_visible(tmp_path: Path) -> None:
    seen: list[int] = []

    class Hooked(TinyModel):
        def apply_effect(self, effect: Any, *, label: str) -> None:
            # A second connection sees only committed rows: the entry must already be there.
            with sqlite3.connect(tmp_path / "run.db") as reader:
                seen.append(reader.execute("SELECT COUNT(*) FROM journal").fetchone()[0])
            super().apply_effect(effect, label=label)

    ex = Exercise(SCENARIO, seed=7, out=tmp_path / "run.db", model_factory=Hooked)
    ex.advance_to(5)
    ex.apply(beds_inject(5, +1))
    ex.apply(beds_inject(12, +1))
    ex.advance_to(30)
    ex.deliver(6)
    assert seen == [1, 2, 3]


def test_injects_file_style_future_entries_replay_identically(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.apply(beds_inject(12, -2))
    ex.advance_to(30)
    ex.apply(beds_inject(30, +3))
    ex.advance_to(90)
    ex.close()
    result = replay_run(tmp_path / "run.db", out=tmp_path / "replay.db", model_factory=TinyModel)
    assert result.compared and result.matches, (result.original_digest, result.replay_digest)
    assert result.until_min == 90.0 and result.journal_entries == 2


def test_single_stepping_into_an_instant_is_replayed_exactly(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.advance_to(10)
    ex.step()                                 # one model event at T+10 processed, another remains
    assert ex.now_min == 10.0 and ex.model.peek() == 10.0
    ex.apply(beds_inject(10, -2))
    assert ex.store.journal()[0].payload["after_steps"] == 1
    ex.advance_to(60)
    ex.close()
    result = replay_run(tmp_path / "run.db", out=tmp_path / "replay.db", model_factory=TinyModel)
    assert result.matches


def test_step_applies_a_due_entry_before_the_next_event(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.apply(beds_inject(0.5, +1))         # between the events at T+0 and T+1
    while ex.now_min < 1:
        assert ex.step()
    assert ex.model.applied == [(0.5, "beds +1")]


# ------------------------------------------------------------------ validation before journaling
def test_bad_inject_is_refused_and_not_journaled(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    with pytest.raises(InjectError, match="no hospital with id 'nowhere'"):
        ex.apply(beds_inject(5, +1, hospital="nowhere"))
    with pytest.raises(InjectError, match="no station"):
        ex.apply(UnitsArriveInject(time_min=5, station="atlantis", kind="ambulance", count=2))
    assert ex.store.journal() == []


def test_time_only_moves_forward(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.advance_to(20)
    with pytest.raises(ValueError, match="back in time"):
        ex.advance_to(10)
    with pytest.raises(ValueError, match="in the past"):
        ex.apply(beds_inject(5, +1), at_min=5)
    ex.apply(beds_inject(5, +1))            # a late-entered inject takes effect now
    assert ex.store.journal()[0].at_min == 20.0


# ------------------------------------------------------------------ MSEL
def test_auto_delivery_journals_each_msel_inject_at_its_time(tmp_path: Path) -> None:
    ex = tiny(tmp_path, auto_deliver_msel=True)
    ex.advance_to(60)
    deliveries = [(e.at_min, e.payload["number"]) for e in ex.store.journal() if e.kind == "deliver"]
    assert deliveries == [(9.0, 1), (14.0, 2), (18.0, 3), (25.0, 4), (35.0, 5), (55.0, 6)]
    statuses = {item.number: item.status for item in ex.msel()}
    assert [statuses[n] for n in (1, 6, 7)] == ["delivered", "delivered", "pending"]
    applied = [label for _, label in ex.model.applied]
    assert applied[0].startswith("MSEL 3:") and applied[-1].startswith("MSEL 6:")


def test_manual_delivery_skip_and_their_errors(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.advance_to(10)
    assert {i.number: i.status for i in ex.msel()}[1] == "due"
    ex.deliver(3)                             # early: delivered now, effect now
    ex.skip(1, "players already know")
    with pytest.raises(MselError, match="already delivered at T\\+00:10"):
        ex.deliver(3)
    with pytest.raises(MselError, match="skipped"):
        ex.deliver(1)
    with pytest.raises(MselError, match="no MSEL inject number 99"):
        ex.deliver(99)
    items = {i.number: i for i in ex.msel()}
    assert items[3].delivered_at_min == 10.0 and items[3].late_by_min == -8.0
    assert items[1].status == "skipped" and items[1].skip_reason == "players already know"
    assert [e.kind for e in ex.store.journal()] == ["deliver", "skip"]


def test_notes_rate_objectives_and_controls_have_no_model_effect(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.advance_to(30)
    ex.note("Agent named by HAZMAT at T+00:28", objective="OBJ-1", rating="S", author="lead evaluator")
    ex.pause()
    ex.set_speed(60)
    ex.play()
    ex.apply(MessageInject(time_min=30, content="radio check"))
    assert ex.model.applied == [] and not ex.paused and ex.speed == 60.0
    rating = ex.evaluator_ratings()["OBJ-1"]
    assert (rating.rating, rating.at_min, rating.author) == ("S", 30.0, "lead evaluator")
    obj1 = {o.id: o for o in ex.objectives()}["OBJ-1"]
    assert obj1.rating == "S" and obj1.evaluator == rating and obj1.proposed is None
    assert [e.kind for e in ex.store.journal()] == ["note", "control", "control", "control", "inject"]
    with pytest.raises(InjectError, match="needs the objective"):
        ex.note("good", rating="P")


def test_view_is_a_frozen_snapshot(tmp_path: Path) -> None:
    ex = tiny(tmp_path)
    ex.advance_to(65)
    view = ex.view()
    assert view.clock.label == "T+01:05"
    assert view.clock.wall_clock_label == "08:50 CET"            # STARTEX 07:45 Europe/Berlin, March
    assert len(view.msel) == 12 and {i.status for i in view.msel_due} == {"due"}
    ex.advance_to(100)
    assert view.clock.now_min == 65.0 and ex.view().clock.now_min == 100.0
    with pytest.raises(AttributeError):
        view.clock = None  # type: ignore[misc]


# ------------------------------------------------------------------ resume after kill -9
_CRASHING_SESSION = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from test_exercise import SCENARIO, TinyModel, beds_inject
from cbrnsim.exercise import Exercise
ex = Exercise(SCENARIO, seed=7, out={db!r}, model_factory=TinyModel if {tiny!r} else None)
ex.advance_to(12)
ex.apply(beds_inject(12, -2))
ex.advance_to(25)
ex.deliver(4)
ex.apply(beds_inject(70, +4))     # scheduled for later: must stay scheduled after resume
ex.advance_to(33)
ex.step(); ex.step()
ex.apply(beds_inject(ex.now_min, +1))
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("model", ["tiny", "engine"])
def test_resume_after_sigkill_reaches_the_same_state(tmp_path: Path, model: str) -> None:
    if model == "engine":
        pytest.importorskip("cbrnsim.engine.model")
    factory = TinyModel if model == "tiny" else None
    db = tmp_path / "crashed.db"
    code = _CRASHING_SESSION.format(tests=str(Path(__file__).parent), db=str(db), tiny=model == "tiny")
    process = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert process.returncode == -signal.SIGKILL, process.stderr
    resumed = Exercise.resume(db, model_factory=factory)
    assert resumed.paused and 33.0 <= resumed.now_min < 34.0
    assert [e.at_min for e in resumed.pending_entries()] == [70.0]
    # The same journal entered without a crash gives the same state and the same derived tables.
    clean = Exercise(SCENARIO, seed=7, out=tmp_path / "clean.db", model_factory=factory)
    clean.advance_to(12)
    clean.apply(beds_inject(12, -2))
    clean.advance_to(25)
    clean.deliver(4)
    clean.apply(beds_inject(70, +4))
    clean.advance_to(33)
    clean.step()
    clean.step()
    clean.apply(beds_inject(clean.now_min, +1))
    assert resumed.model.state() == clean.model.state()
    assert resumed.store.content_digest() == clean.store.content_digest()
    resumed.advance_to(90)
    clean.advance_to(90)
    assert resumed.store.content_digest() == clean.store.content_digest()


# ------------------------------------------------------------------ with the engine
def test_view_of_the_default_scenario(tmp_path: Path) -> None:
    pytest.importorskip("cbrnsim.engine.model")
    ex = Exercise(SCENARIO, seed=2, out=tmp_path / "run.db", auto_deliver_msel=True)
    ex.advance_to(20)
    view = ex.view(hazard_cells=21)
    assert view.marking == "EXERCISE — FOR TRAINING ONLY"
    assert (view.clock.label, view.clock.wall_clock_label) == ("T+00:20", "08:05 CET")
    assert sum(view.by_state.values()) == view.model.exposed > 0          # everyone in exactly one state
    assert [h.id for h in view.hospitals] == ["kuh", "st-brigid", "harbour", "oosterbrug"]
    assert set(view.stocks["kuh"]) >= {"atropine_1mg"}
    assert view.units and all(u.status for u in view.units)
    assert [i.status for i in view.msel[:4]] == ["delivered", "delivered", "delivered", "pending"]
    assert view.hazard is not None and view.hazard.values.shape == (21, 21) and view.hazard.unit
    assert not view.hazard.values.flags.writeable
    summary = ex.summary()
    assert summary["until_min"] == 20.0 and summary["exposed"] == view.model.exposed
    assert summary["key_times"]["first_call_min"] is not None


def test_summary_table_shows_occupied_over_beds_and_those_waiting_apart() -> None:
    from cbrnsim.exercise.summary import _occupancy
    hospital = {"peak_occupancy": {"ed_spaces": 75, "icu_beds": 10}, "beds": {"ed_spaces": 75, "icu_beds": 12},
                "peak_waiting": {"ed_spaces": 217, "icu_beds": 0}}
    assert _occupancy(hospital) == "ed spaces 75/75 (+217 waiting at peak)  icu beds 10/12"


def test_summary_sets_peak_occupancy_against_the_most_beds_there_were() -> None:
    from cbrnsim.exercise.summary import _occupancy
    hospital = {"peak_occupancy": {"ed_spaces": 8}, "beds": {"ed_spaces": 3}, "peak_beds": {"ed_spaces": 8},
                "peak_waiting": {"ed_spaces": 289}}
    assert _occupancy(hospital) == "ed spaces 8/8 (+289 waiting at peak)"
