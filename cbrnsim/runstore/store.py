"""``RunStore``: the SQLite file of one run — meta, journal, events, time series, summary."""
from __future__ import annotations

import gc
import hashlib
import json
import platform
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from itertools import repeat
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from .records import (
    Event, JournalEntry, RunStoreError, SeriesPoint, _json_default, canonical_json, finite_time_min, utc_now_text,
)
from .schema import STORE_VERSION, configure, connect_existing, initialise

AUTO_FLUSH_ROWS = 20_000
"""Buffered events or series rows that trigger a flush on their own, bounding memory."""

WRITER_CACHE_KIB = 65_536
"""SQLite page cache of a writing connection (KiB): holds the event indexes of a 72-hour run."""

try:
    from json.encoder import c_make_encoder as _c_make_encoder
    from json.encoder import encode_basestring as _encode_basestring
except ImportError:  # pragma: no cover - CPython always has the C accelerator
    _c_make_encoder = None

# The C encoder that ``canonical_json`` builds anew on every call (json.JSONEncoder.encode does),
# built once: same settings (sorted keys, compact separators, no ASCII escaping, no NaN, numpy
# scalars as plain numbers), hence the same text. Halves the cost of encoding an event payload,
# which was most of ``record_event``. No circular-reference check: payloads are small trees.
_FAST_ENCODE = None if _c_make_encoder is None else _c_make_encoder(
    None, _json_default, _encode_basestring, None, ":", ",", True, False, False)


def _digest_lines(rows: list[tuple[Any, ...]]) -> str:
    """``canonical_json(row) + "\\n"`` for every row, joined: the bytes the content digest hashes.
    The C encoder is mapped over the rows with no Python-level loop (measured: 12 % less than a
    call per row); a block it refuses is encoded by ``canonical_json``, which raises the error."""
    if _FAST_ENCODE is not None:
        try:
            return "\n".join(map("".join, map(_FAST_ENCODE, rows, repeat(0)))) + "\n"
        except (TypeError, ValueError, RecursionError):
            pass  # canonical_json below encodes the block again and raises the error in its own words
    return "".join(canonical_json(list(row), f"{row[0]} row") + "\n" for row in rows)


def _versions() -> dict[str, str]:
    import simpy

    from .. import __version__

    return {
        "cbrnsim_version": __version__,
        "python_version": platform.python_version(),
        "numpy_version": np.__version__,
        "simpy_version": simpy.__version__,
        "sqlite_version": sqlite3.sqlite_version,
    }


class RunStore:
    """One run's SQLite file. Create with ``RunStore.create``, reopen with ``RunStore.open``.

    The journal is written through: ``append_journal`` commits (and fsyncs) before it returns,
    so the engine may apply an entry as soon as it has its sequence number. Events and series
    rows are derived state (recomputable from scenario + seed + journal) and are buffered,
    then written in one transaction by ``flush``.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self._connection = connection
        if not read_only:
            # The events-by-entity index takes rows in random key order; with SQLite's default
            # 2 MB page cache a 72-hour run's index no longer fits and every insert touches the
            # disk cache (measured: ~20 % of the insert time). The cache grows only as used.
            connection.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        self._lock = threading.RLock()
        self._event_rows: list[tuple[int, float, str, str | None, str | None]] = []
        self._series_rows: list[tuple[float, str, str, float]] = []
        self._closed = False
        self.path: Path = path
        """Where the run store file lives."""
        self.read_only: bool = read_only
        """True when opened for reading only (reports, live views)."""
        self._next_event_seq = 1 + self._scalar("SELECT COALESCE(MAX(seq), 0) FROM events")

    # ----------------------------------------------------------------- creating and opening
    @classmethod
    def create(
        cls,
        path: str | Path,
        scenario_text: str,
        scenario_hash: str | None,
        seed: int,
        *,
        scenario_path: str | Path | None = None,
        parent_run: str | Path | None = None,
        branch_at_min: float | None = None,
        meta: Mapping[str, str | int | float] | None = None,
    ) -> RunStore:
        """Create a new run store; refuses to overwrite an existing file.

        ``scenario_hash`` is the sha256 hex digest of ``scenario_text`` (UTF-8); pass ``None``
        to have it computed. ``parent_run`` and ``branch_at_min`` mark a branch.
        """
        path = Path(path)
        actual_hash = hashlib.sha256(scenario_text.encode("utf-8")).hexdigest()
        if scenario_hash is not None and scenario_hash != actual_hash:
            raise RunStoreError(f"{path}: scenario_hash {scenario_hash} is not the sha256 of the scenario text")
        if path.exists():
            raise RunStoreError(f"{path}: already exists; a run store is never overwritten")
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise RunStoreError(f"seed must be a non-negative integer, got {seed!r}")
        entries: dict[str, str] = {
            "store_version": str(STORE_VERSION),
            "created_at_utc": utc_now_text(),
            "scenario_text": scenario_text,
            "scenario_sha256": actual_hash,
            "seed": str(seed),
            **_versions(),
        }
        if scenario_path is not None:
            entries["scenario_path"] = str(scenario_path)
        if parent_run is not None:
            entries["parent_run"] = str(parent_run)
            entries["branch_at_min"] = repr(finite_time_min(branch_at_min if branch_at_min is not None else 0.0,
                                                            "branch_at_min"))
        for key, value in (meta or {}).items():
            if key in entries:
                raise RunStoreError(f"meta key {key!r} is reserved by the run store")
            entries[key] = str(value)
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            configure(connection, read_only=False)
            with connection:
                connection.execute("BEGIN")
                initialise(connection)
                connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", entries.items())
        except BaseException:
            connection.close()
            path.unlink(missing_ok=True)
            raise
        return cls(connection, path, read_only=False)

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> RunStore:
        """Open an existing run store (to resume, replay, branch or report on it)."""
        path = Path(path)
        connection = connect_existing(path, read_only)
        configure(connection, read_only)
        return cls(connection, path, read_only)

    def branch_to(self, path: str | Path, at_min: float) -> RunStore:
        """A new run store with this run's scenario and seed and the journal entries that take
        effect at or before ``at_min`` (in their original order, wall-clock times and authors)."""
        at_min = finite_time_min(at_min, "branch time")
        info = self.meta()
        branch = RunStore.create(path, info["scenario_text"], info["scenario_sha256"], int(info["seed"]),
                                 scenario_path=info.get("scenario_path"), parent_run=self.path, branch_at_min=at_min)
        for entry in self.journal(until_min=at_min):
            branch._insert_journal(entry.at_min, entry.entered_at_utc, entry.kind, entry.payload_json, entry.author)
        return branch

    # ------------------------------------------------------------------------------ journal
    def append_journal(self, entry_kind: str, payload: Mapping[str, Any], at_min: float,
                       author: str | None = None) -> int:
        """Append one entry and commit it to disk; returns its sequence number.

        Only after this returns may the engine apply the entry: a crash at any later point
        leaves the entry in the file, and replay reproduces its effect.
        """
        self._writable()
        payload_json = canonical_json(dict(payload), f"journal entry {entry_kind!r}")
        return self._insert_journal(finite_time_min(at_min, "journal at_min"), utc_now_text(), entry_kind,
                                    payload_json, author)

    def _insert_journal(self, at_min: float, entered_at_utc: str, kind: str, payload_json: str,
                        author: str | None) -> int:
        with self._lock:
            cursor = self._connection.execute(
                "INSERT INTO journal (at_min, entered_at_utc, kind, payload, author) VALUES (?, ?, ?, ?, ?)",
                (at_min, entered_at_utc, kind, payload_json, author),
            )
        # isolation_level=None: the INSERT above was its own transaction, committed with
        # synchronous=FULL, i.e. the WAL was fsynced before execute() returned.
        return int(cursor.lastrowid)

    def journal(self, until_min: float | None = None) -> list[JournalEntry]:
        """The journal in commit order; with ``until_min``, only entries effective by then."""
        sql = "SELECT seq, at_min, entered_at_utc, kind, payload, author FROM journal"
        parameters: tuple[float, ...] = ()
        if until_min is not None:
            sql += " WHERE at_min <= ?"
            parameters = (float(until_min),)
        return [JournalEntry(*row) for row in self._query(sql + " ORDER BY seq", parameters)]

    # ------------------------------------------------------------------- events and series
    def record_event(self, t_min: float, kind: str, entity: str | None,
                     payload: Mapping[str, Any] | None = None) -> None:
        """Buffer one state change; it reaches the file at the next ``flush``."""
        if payload is None:
            payload_json = None
        elif _FAST_ENCODE is not None:
            try:  # the encoder called here, not through a helper: this runs once per model event
                payload_json = "".join(_FAST_ENCODE(payload, 0))
            except (TypeError, ValueError, RecursionError):
                payload_json = canonical_json(payload, f"event {kind!r}")  # raises in its own words
        else:
            payload_json = canonical_json(payload, f"event {kind!r}")
        rows = self._event_rows
        rows.append((self._next_event_seq, float(t_min), kind, entity, payload_json))
        self._next_event_seq += 1
        if len(rows) >= AUTO_FLUSH_ROWS:
            self.flush()

    def record_series(self, t_min: float, rows: Iterable[tuple[str, str, float]]) -> None:
        """Buffer the values of several series at one minute: rows of (series, key, value)."""
        time_min = float(t_min)
        self._series_rows.extend((time_min, series, key, float(value)) for series, key, value in rows)
        if len(self._series_rows) >= AUTO_FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write buffered events and series rows in one transaction (all or nothing; a batch
        that violates a constraint is rolled back, dropped and reported)."""
        if not self._event_rows and not self._series_rows:
            return
        self._writable()
        with self._lock:
            try:
                self._connection.execute("BEGIN")
                self._connection.executemany(
                    "INSERT INTO events (seq, t_min, kind, entity, payload) VALUES (?, ?, ?, ?, ?)", self._event_rows)
                self._connection.executemany(
                    "INSERT INTO timeseries (t_min, series, key, value) VALUES (?, ?, ?, ?)", self._series_rows)
                self._connection.execute("COMMIT")
            except sqlite3.IntegrityError as error:
                self._connection.execute("ROLLBACK")
                # The batch is unwritable as it stands; dropping it lets close() still succeed.
                # Events are derived state, so nothing a replay cannot rebuild is lost.
                self._event_rows.clear()
                self._series_rows.clear()
                raise RunStoreError(f"{self.path}: duplicate row, e.g. a series value recorded twice for one minute "
                                    f"({error})") from None
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._event_rows.clear()
            self._series_rows.clear()

    def events(self, kind: str | None = None, entity: str | None = None) -> list[Event]:
        """Recorded events in order, optionally only one kind and/or one entity."""
        clauses, parameters = [], []
        for column, value in (("kind", kind), ("entity", entity)):
            if value is not None:
                clauses.append(f"{column} = ?")
                parameters.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT seq, t_min, kind, entity, payload FROM events{where} ORDER BY seq"
        return [Event(*row) for row in self._query(sql, tuple(parameters))]

    def event_count(self) -> int:
        """How many events the file holds (after a flush)."""
        return self._scalar("SELECT COUNT(*) FROM events")

    def series(self, name: str) -> list[SeriesPoint]:
        """All points of one series, ordered by key then time."""
        sql = "SELECT t_min, series, key, value FROM timeseries WHERE series = ? ORDER BY key, t_min"
        return [SeriesPoint(*row) for row in self._query(sql, (name,))]

    def series_arrays(self, name: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """One series as ``{key: (t_min array, value array)}``, ready for plotting."""
        grouped: dict[str, tuple[list[float], list[float]]] = {}
        for point in self.series(name):
            times, values = grouped.setdefault(point.key, ([], []))
            times.append(point.t_min)
            values.append(point.value)
        return {key: (np.array(times), np.array(values)) for key, (times, values) in grouped.items()}

    def series_names(self) -> list[str]:
        """Names of the recorded series, sorted."""
        return [row[0] for row in self._query("SELECT DISTINCT series FROM timeseries ORDER BY series", ())]

    def reset_derived(self) -> None:
        """Delete events, series, KPIs and summary (kept: meta and journal), before a replay
        re-derives them into this same file, e.g. when resuming after a crash."""
        self._writable()
        self._event_rows.clear()
        self._series_rows.clear()
        with self._lock:
            self._connection.execute("BEGIN")
            for table in ("events", "timeseries", "kpis", "summary"):
                self._connection.execute(f"DELETE FROM {table}")
            self._connection.execute("COMMIT")
        self._next_event_seq = 1

    # ------------------------------------------------------------------ results and meta
    def set_kpis(self, kpis: Mapping[str, float | None]) -> None:
        """Store (replace) named key performance indicators, one number each."""
        self._writable()
        rows = [(name, None if value is None else float(value)) for name, value in kpis.items()]
        with self._lock:
            self._connection.execute("BEGIN")
            self._connection.executemany("INSERT OR REPLACE INTO kpis (name, value) VALUES (?, ?)", rows)
            self._connection.execute("COMMIT")

    def kpis(self) -> dict[str, float | None]:
        """The stored KPIs by name."""
        return dict(self._query("SELECT name, value FROM kpis ORDER BY name", ()))

    def set_summary(self, summary: Mapping[str, Any]) -> None:
        """Store (replace) the final summary object of the run."""
        self._writable()
        text = canonical_json(dict(summary), "summary")
        with self._lock:
            self._connection.execute("INSERT OR REPLACE INTO summary (id, json, written_at_utc) VALUES (1, ?, ?)",
                                     (text, utc_now_text()))

    def summary(self) -> dict[str, Any] | None:
        """The stored summary, or ``None`` if the run has not written one."""
        rows = self._query("SELECT json FROM summary WHERE id = 1", ())
        return json.loads(rows[0][0]) if rows else None

    def meta(self) -> dict[str, str]:
        """Every meta entry as text (scenario, seed, versions, branch origin, ...)."""
        return dict(self._query("SELECT key, value FROM meta ORDER BY key", ()))

    @property
    def seed(self) -> int:
        """The exercise seed of this run."""
        return int(self.meta()["seed"])

    @property
    def scenario_text(self) -> str:
        """The scenario file's text exactly as it was when the run was created."""
        return self.meta()["scenario_text"]

    def content_digest(self) -> str:
        """sha256 over events and time series in canonical order (wall-clock fields excluded):
        two runs from the same scenario, seed and journal have the same digest."""
        if not self.read_only:
            self.flush()
        digest = hashlib.sha256()
        # Automatic GC off while hashing (rows are flat tuples, freed by reference counting): a
        # run just replayed in this process leaves a full collection pending (the model steps
        # with GC paused), and it fell here, rescanning the whole live model (measured: 0.3-0.9 s
        # of a 72-hour `cbrnsim replay`, against 0.17 s for the digest itself).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            with self._lock:
                for sql in ("SELECT 'event', seq, t_min, kind, entity, payload FROM events ORDER BY seq",
                            "SELECT 'series', series, key, t_min, value FROM timeseries ORDER BY series, key, t_min"):
                    cursor = self._connection.execute(sql)
                    # One line of canonical JSON per row, ["tag", column, ...], hashed in blocks.
                    while rows := cursor.fetchmany(10_000):
                        digest.update(_digest_lines(rows).encode("utf-8"))
        finally:
            if was_enabled:
                gc.enable()
        return digest.hexdigest()

    # --------------------------------------------------------------------------- lifetime
    def close(self) -> None:
        """Flush buffered rows and close the file; closing twice is harmless."""
        if self._closed:
            return
        try:
            if not self.read_only:
                self.flush()
        finally:
            self._closed = True
            self._connection.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r}, read_only={self.read_only})"

    # ---------------------------------------------------------------------------- helpers
    def _writable(self) -> None:
        if self._closed:
            raise RunStoreError(f"{self.path}: run store is closed")
        if self.read_only:
            raise RunStoreError(f"{self.path}: run store was opened read-only")

    def _query(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if self._closed:
            raise RunStoreError(f"{self.path}: run store is closed")
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def _scalar(self, sql: str) -> int:
        return int(self._query(sql, ())[0][0])
