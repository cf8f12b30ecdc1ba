"""The SQLite layout of a run store, its version, and the checks made when a file is opened.

Versioning rule: a cbrnsim release writes ``STORE_VERSION`` and reads every version up to it.
Any change an older reader could misread (a new or renamed column, a changed meaning or unit)
increments ``STORE_VERSION``; a reader refuses a store whose version is newer than its own.
The version lives in SQLite's ``user_version`` header field and, for people reading the file
with other tools, in ``meta.store_version``.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .records import RunStoreError

STORE_VERSION = 1
"""Schema version this cbrnsim writes and the newest it reads."""

APPLICATION_ID = 0x63627273
"""SQLite ``application_id`` header field marking a cbrnsim run store (ASCII ``cbrs``)."""

SCHEMA_SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE journal (
    seq            INTEGER PRIMARY KEY,
    at_min         REAL NOT NULL,
    entered_at_utc TEXT NOT NULL,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    author         TEXT
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the cbrnsim journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the cbrnsim journal is append-only'); END;

CREATE TABLE events (
    seq     INTEGER PRIMARY KEY,
    t_min   REAL NOT NULL,
    kind    TEXT NOT NULL,
    entity  TEXT,
    payload TEXT
);
CREATE INDEX events_by_kind ON events (kind, t_min);
CREATE INDEX events_by_entity ON events (entity, seq);

CREATE TABLE timeseries (
    t_min  REAL NOT NULL,
    series TEXT NOT NULL,
    key    TEXT NOT NULL DEFAULT '',
    value  REAL NOT NULL,
    PRIMARY KEY (series, key, t_min)
) WITHOUT ROWID;

CREATE TABLE kpis (
    name  TEXT PRIMARY KEY,
    value REAL
) WITHOUT ROWID;

CREATE TABLE summary (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    json           TEXT NOT NULL,
    written_at_utc TEXT NOT NULL
);
"""


def configure(connection: sqlite3.Connection, read_only: bool) -> None:
    """Connection settings: WAL so readers (the TUI, reports) never block the writer, and
    synchronous=FULL so that a committed journal entry is on disk before ``commit`` returns."""
    if not read_only:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")


def initialise(connection: sqlite3.Connection) -> None:
    """Create the tables and stamp the file as a cbrnsim run store of this version."""
    connection.executescript(SCHEMA_SQL)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {STORE_VERSION}")


def connect_existing(path: Path, read_only: bool) -> sqlite3.Connection:
    """Open an existing run store and check that it is one this cbrnsim can read."""
    if not path.is_file():
        raise RunStoreError(f"{path}: no such run store")
    mode = "ro" if read_only else "rw"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None,
                                 check_same_thread=False)
    try:
        check_identity(connection, path)
    except RunStoreError:
        connection.close()
        raise
    return connection


def check_identity(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse files that are not cbrnsim run stores, or are from a newer cbrnsim."""
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise RunStoreError(f"{path}: not a cbrnsim run store (not an SQLite database)") from None
    if application_id != APPLICATION_ID or version < 1:
        raise RunStoreError(f"{path}: not a cbrnsim run store (an SQLite database of another application)")
    if version > STORE_VERSION:
        raise RunStoreError(
            f"{path}: run store version {version} is newer than this cbrnsim reads "
            f"(up to {STORE_VERSION}); upgrade cbrnsim to open it"
        )
