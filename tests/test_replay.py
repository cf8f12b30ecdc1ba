"""Replay: same scenario, seed and journal give the same run store, event for event."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.exercise import Exercise, ReplayError, replay_run
from cbrnsim.exercise.journal import with_timing
from cbrnsim.runstore import RunStore
from cbrnsim.scenario import HospitalStatusInject, ProtectiveActionInject
from test_exercise import SCENARIO, TinyModel, beds_inject


def played(path: Path, seed: int = 11, until_min: float = 150.0, **options) -> Exercise:
    """A short session: MSEL on time, one inject entered ahead, one decision, a note."""
    ex = Exercise(SCENARIO, seed, out=path, auto_deliver_msel=True, **options)
    ex.apply(ProtectiveActionInject(time_min=40, action="shelter", zones=("city-centre",), compliance=0.6,
                                    source="planning assumption for the test"))
    ex.advance_to(30)
    ex.record_decision("Divert ambulances away from KUH",
                       effect=HospitalStatusInject(time_min=30, hospital="kuh", status="diverting"))
    ex.advance_to(61)
    ex.note("ED overwhelmed", objective="OBJ-6", rating="M")
    ex.advance_to(until_min)
    return ex


@pytest.fixture
def engine() -> None:
    pytest.importorskip("cbrnsim.engine.model")


# ------------------------------------------------------------------ with the engine
def test_same_seed_and_journal_give_the_same_digest(tmp_path: Path, engine: None) -> None:
    first, second = played(tmp_path / "a.db"), played(tmp_path / "b.db")
    assert first.events_processed > 1000
    assert first.store.content_digest() == second.store.content_digest()
    assert first.summary()["deaths"] == second.summary()["deaths"]
    other_seed = played(tmp_path / "c.db", seed=12)
    assert other_seed.store.content_digest() != first.store.content_digest()


def test_replay_reproduces_the_digest(tmp_path: Path, engine: None) -> None:
    original = played(tmp_path / "run.db")
    original.close()
    result = replay_run(tmp_path / "run.db", out=tmp_path / "replay.db")
    assert result.compared and result.matches, (result.original_digest, result.replay_digest)
    assert result.until_min == 150.0 and result.journal_entries == len(RunStore.open(tmp_path / "run.db").journal())
    with RunStore.open(tmp_path / "replay.db", read_only=True) as store:
        assert store.meta()["parent_run"] == str(tmp_path / "run.db")
        assert store.summary()["deaths"] == RunStore.open(tmp_path / "run.db", read_only=True).summary()["deaths"]


def test_replay_to_an_earlier_time_is_not_compared(tmp_path: Path, engine: None) -> None:
    played(tmp_path / "run.db").close()
    result = replay_run(tmp_path / "run.db", until_min=45, out=tmp_path / "early.db")
    assert result.until_min == 45.0 and result.matches is None and not result.compared
    assert result.journal_entries < len(RunStore.open(tmp_path / "run.db").journal())


# ------------------------------------------------------------------ with the small model
def test_replay_never_delivers_the_msel_twice(tmp_path: Path) -> None:
    ex = Exercise(SCENARIO, 3, out=tmp_path / "run.db", auto_deliver_msel=True, model_factory=TinyModel)
    ex.advance_to(100)
    ex.close()
    result = replay_run(tmp_path / "run.db", out=tmp_path / "replay.db", model_factory=TinyModel)
    assert result.matches
    with RunStore.open(tmp_path / "replay.db", read_only=True) as store:
        delivered = [e.entity for e in store.events(kind="msel.delivered")]
    assert delivered == [f"msel:{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9)]


def test_an_unfinished_run_is_replayed_but_not_compared(tmp_path: Path) -> None:
    ex = Exercise(SCENARIO, 3, out=tmp_path / "run.db", model_factory=TinyModel)
    ex.apply(beds_inject(20, +1))
    ex.advance_to(50)
    ex.store.flush()                        # no close(): no summary, as after a crash
    result = replay_run(tmp_path / "run.db", out=tmp_path / "replay.db", model_factory=TinyModel)
    assert result.original_until_min is None and result.matches is None
    assert result.until_min == SCENARIO.end_min


def test_a_journal_that_no_longer_fits_the_model_is_a_replay_error(tmp_path: Path) -> None:
    store = RunStore.create(tmp_path / "run.db", SCENARIO.source_text, None, seed=3)
    inject = {"inject": beds_inject(10, +1).model_dump(mode="json", by_alias=True, exclude_none=True)}
    store.append_journal("inject", with_timing(inject, 10.0, after_steps=50), at_min=10.0)
    with pytest.raises(ReplayError, match="journal entry 1 followed 50 model events at 10 min"):
        Exercise.from_store(store, 60.0, model_factory=TinyModel)
