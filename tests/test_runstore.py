"""The run store: journal durability, derived tables, digests, and clear refusals."""
from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cbrnsim.runstore import STORE_VERSION, RunStore, RunStoreError
from cbrnsim.runstore import store as store_module

SCENARIO = "title: Tiny test scenario\nduration_min: 60\n"


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    with RunStore.create(tmp_path / "run.db", SCENARIO, None, seed=42, scenario_path="scenarios/tiny.yaml") as opened:
        yield opened


def one_line_error(error: pytest.ExceptionInfo[RunStoreError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_create_records_scenario_seed_and_versions(store: RunStore) -> None:
    meta = store.meta()
    assert meta["scenario_text"] == SCENARIO
    assert meta["scenario_sha256"] == hashlib.sha256(SCENARIO.encode()).hexdigest()
    assert meta["scenario_path"] == "scenarios/tiny.yaml"
    assert meta["seed"] == "42" and store.seed == 42
    assert meta["store_version"] == str(STORE_VERSION)
    assert meta["created_at_utc"].endswith("Z")
    assert {"cbrnsim_version", "python_version", "numpy_version", "simpy_version", "sqlite_version"} <= meta.keys()
    assert store.scenario_text == SCENARIO


def test_wal_mode_and_full_sync(store: RunStore) -> None:
    assert store._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # 2 = FULL


def test_create_refuses_wrong_hash_existing_file_and_reserved_meta(tmp_path: Path) -> None:
    with pytest.raises(RunStoreError) as wrong_hash:
        RunStore.create(tmp_path / "a.db", SCENARIO, "0" * 64, seed=1)
    assert "is not the sha256" in one_line_error(wrong_hash)
    assert not (tmp_path / "a.db").exists()
    RunStore.create(tmp_path / "b.db", SCENARIO, None, seed=1).close()
    with pytest.raises(RunStoreError, match="already exists"):
        RunStore.create(tmp_path / "b.db", SCENARIO, None, seed=1)
    with pytest.raises(RunStoreError, match="reserved"):
        RunStore.create(tmp_path / "c.db", SCENARIO, None, seed=1, meta={"seed": 2})
    with pytest.raises(RunStoreError, match="seed must be"):
        RunStore.create(tmp_path / "d.db", SCENARIO, None, seed=-3)


def test_journal_round_trip_in_commit_order(store: RunStore) -> None:
    first = store.append_journal("inject", {"type": "wind_change", "to_deg": 270}, at_min=35.0, author="ctrl-1")
    second = store.append_journal("decision", {"text": "evacuate zone B"}, at_min=20.0)
    assert (first, second) == (1, 2)
    entries = store.journal()
    assert [(e.seq, e.at_min, e.kind, e.author) for e in entries] == [
        (1, 35.0, "inject", "ctrl-1"),
        (2, 20.0, "decision", None),
    ]
    assert entries[0].payload == {"type": "wind_change", "to_deg": 270}
    assert entries[0].entered_at_utc.endswith("Z")
    assert [e.seq for e in store.journal(until_min=30.0)] == [2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entries[0].kind = "other"  # type: ignore[misc]
    entries[0].payload["to_deg"] = 0  # a decoded copy: the entry itself cannot change
    assert entries[0].payload["to_deg"] == 270


def test_journal_is_visible_to_another_reader_as_soon_as_append_returns(store: RunStore) -> None:
    store.append_journal("inject", {"type": "message"}, at_min=1.0)
    with RunStore.open(store.path, read_only=True) as reader:
        assert [e.kind for e in reader.journal()] == ["inject"]


def test_journal_is_append_only_even_for_other_sql_tools(store: RunStore) -> None:
    store.append_journal("inject", {"type": "message"}, at_min=1.0)
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE journal SET at_min = 2.0")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM journal")
    raw.close()


def test_journal_entry_survives_sigkill_right_after_append(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    program = textwrap.dedent(
        f"""
        import os, signal
        from cbrnsim.runstore import RunStore
        store = RunStore.create({str(path)!r}, "s: 1", None, seed=5)
        store.record_event(0.0, "lost.on.crash", None)
        seq = store.append_journal("inject", {{"type": "hospital_status", "hospital": "H2"}}, at_min=12.5)
        print(seq, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == -9, result.stderr
    assert result.stdout.strip() == "1"
    with RunStore.open(path) as reopened:
        entries = reopened.journal()
        assert [(e.seq, e.at_min, e.payload) for e in entries] == [
            (1, 12.5, {"type": "hospital_status", "hospital": "H2"})
        ]
        # Buffered events are derived state; they are re-derived by replay, never needed here.
        assert reopened.event_count() == 0


def test_events_are_buffered_until_flush(store: RunStore) -> None:
    store.record_event(0.0, "release.start", "release:R1", {"agent": "sarin", "mass_kg": np.float64(5.0)})
    store.record_event(4.5, "casualty.onset", "casualty:17", None)
    assert store.event_count() == 0
    store.flush()
    assert [(e.seq, e.t_min, e.kind, e.entity, e.payload) for e in store.events()] == [
        (1, 0.0, "release.start", "release:R1", {"agent": "sarin", "mass_kg": 5.0}),
        (2, 4.5, "casualty.onset", "casualty:17", None),
    ]
    assert [e.seq for e in store.events(kind="casualty.onset")] == [2]
    assert [e.seq for e in store.events(entity="release:R1")] == [1]


def test_buffer_flushes_itself_when_large(store: RunStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "AUTO_FLUSH_ROWS", 3)
    for minute in range(3):
        store.record_event(float(minute), "tick", None)
    assert store.event_count() == 3


def test_close_flushes_and_reopen_continues_event_numbering(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with RunStore.create(path, SCENARIO, None, seed=1) as writer:
        writer.record_event(1.0, "a", None)
    with RunStore.open(path) as resumed:
        resumed.record_event(2.0, "b", None)
    with RunStore.open(path, read_only=True) as reader:
        assert [(e.seq, e.kind) for e in reader.events()] == [(1, "a"), (2, "b")]


def test_series_round_trip_and_arrays(store: RunStore) -> None:
    store.record_series(0.0, [("occupancy", "H1", 10), ("occupancy", "H2", 3), ("deaths", "", 0)])
    store.record_series(1.0, [("occupancy", "H1", 12), ("occupancy", "H2", 4), ("deaths", "", 1)])
    store.flush()
    assert [(p.t_min, p.key, p.value) for p in store.series("occupancy")] == [
        (0.0, "H1", 10.0), (1.0, "H1", 12.0), (0.0, "H2", 3.0), (1.0, "H2", 4.0),
    ]
    arrays = store.series_arrays("deaths")
    assert arrays[""][0].tolist() == [0.0, 1.0] and arrays[""][1].tolist() == [0.0, 1.0]
    assert store.series_names() == ["deaths", "occupancy"]


def test_duplicate_series_minute_is_a_clear_error_and_nothing_half_written(store: RunStore) -> None:
    store.record_event(0.0, "a", None)
    store.record_series(0.0, [("deaths", "", 0), ("deaths", "", 1)])
    with pytest.raises(RunStoreError) as error:
        store.flush()
    assert "duplicate row" in one_line_error(error)
    assert store.event_count() == 0


def test_payloads_must_be_valid_json(store: RunStore) -> None:
    with pytest.raises(RunStoreError, match="cannot be stored as JSON"):
        store.append_journal("inject", {"x": float("nan")}, at_min=0.0)
    with pytest.raises(RunStoreError, match="cannot be stored as JSON"):
        store.record_event(0.0, "a", None, {"x": object()})
    with pytest.raises(RunStoreError, match="finite time"):
        store.append_journal("inject", {}, at_min=float("inf"))
    assert store.journal() == []


def test_event_payload_text_is_the_canonical_json(store: RunStore) -> None:
    from cbrnsim.runstore.records import canonical_json
    payloads = [{"zone": "Zuid-Oost", "onset_min": 12.345678, "severity": np.int64(2)},
                {"b": [1, 2.5, None, True], "a": {"y": "é", "x": np.float32(0.5)}}, {}]
    for i, payload in enumerate(payloads):
        store.record_event(float(i), "k", None, payload)
    store.flush()
    assert [e.payload_json for e in store.events()] == [canonical_json(p, "p") for p in payloads]
    with pytest.raises(RunStoreError, match="cannot be stored as JSON"):
        store.record_event(0.0, "a", None, {"x": float("inf")})


def test_kpis_and_summary(store: RunStore) -> None:
    assert store.summary() is None
    store.set_kpis({"deaths": 3, "median_time_to_hospital_min": 41.5, "not_measured": None})
    store.set_summary({"deaths": 3, "hospitals": {"H1": {"arrivals": 12}}})
    assert store.kpis() == {"deaths": 3.0, "median_time_to_hospital_min": 41.5, "not_measured": None}
    assert store.summary() == {"deaths": 3, "hospitals": {"H1": {"arrivals": 12}}}


def fill(store: RunStore) -> None:
    store.record_event(0.0, "release.start", "release:R1", {"b": 1, "a": [1.5, 2]})
    store.record_event(3.25, "casualty.onset", "casualty:1", None)
    store.record_series(0.0, [("deaths", "", 0.0)])


def test_same_content_gives_same_digest_whatever_the_wall_clock(tmp_path: Path) -> None:
    with RunStore.create(tmp_path / "a.db", SCENARIO, None, seed=1) as first, \
            RunStore.create(tmp_path / "b.db", SCENARIO, None, seed=1) as second:
        fill(first)
        first.append_journal("inject", {"type": "message"}, at_min=0.0)
        fill(second)
        assert first.content_digest() == second.content_digest()
        second.record_event(9.0, "extra", None)
        assert first.content_digest() != second.content_digest()


def test_reset_derived_keeps_journal_and_restarts_numbering(store: RunStore, tmp_path: Path) -> None:
    store.append_journal("inject", {"type": "message"}, at_min=0.0)
    fill(store)
    store.record_event(9.0, "extra", None)
    store.set_summary({"deaths": 0})
    store.flush()
    store.reset_derived()
    fill(store)
    with RunStore.create(tmp_path / "fresh.db", SCENARIO, None, seed=42) as fresh:
        fill(fresh)
        assert store.content_digest() == fresh.content_digest()
    assert len(store.journal()) == 1 and store.summary() is None


def test_branch_copies_scenario_seed_and_journal_prefix(store: RunStore, tmp_path: Path) -> None:
    store.append_journal("inject", {"n": 1}, at_min=5.0, author="ctrl")
    store.append_journal("inject", {"n": 2}, at_min=25.0)
    with store.branch_to(tmp_path / "branch.db", at_min=20.0) as branch:
        meta = branch.meta()
        assert meta["parent_run"] == str(store.path) and float(meta["branch_at_min"]) == 20.0
        assert branch.seed == 42 and branch.scenario_text == SCENARIO
        original = store.journal()[0]
        assert branch.journal() == [original]


def test_read_only_store_refuses_writes(store: RunStore) -> None:
    with RunStore.open(store.path, read_only=True) as reader:
        with pytest.raises(RunStoreError) as error:
            reader.append_journal("inject", {}, at_min=0.0)
        assert "read-only" in one_line_error(error)


def test_closed_store_refuses_use(tmp_path: Path) -> None:
    opened = RunStore.create(tmp_path / "run.db", SCENARIO, None, seed=1)
    opened.close()
    opened.close()
    with pytest.raises(RunStoreError, match="closed"):
        opened.journal()


def test_open_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RunStoreError) as error:
        RunStore.open(tmp_path / "nothing.db")
    assert one_line_error(error).endswith("nothing.db: no such run store")
    assert not (tmp_path / "nothing.db").exists()


def test_open_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO * 20)
    with pytest.raises(RunStoreError) as error:
        RunStore.open(path, read_only=True)
    assert "not a cbrnsim run store (not an SQLite database)" in one_line_error(error)


def test_open_refuses_another_applications_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    with pytest.raises(RunStoreError) as error:
        RunStore.open(path)
    assert "not a cbrnsim run store (an SQLite database of another application)" in one_line_error(error)


def test_open_refuses_a_newer_store_version(store: RunStore) -> None:
    store.close()
    raw = sqlite3.connect(store.path)
    raw.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(RunStoreError) as error:
        RunStore.open(store.path)
    message = one_line_error(error)
    assert f"run store version {STORE_VERSION + 1} is newer" in message and "upgrade cbrnsim" in message
