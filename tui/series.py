"""Reading the run store's per-minute time series for the charts, a few new rows at a time.

The engine writes *step* series (``docs/run-store.md``): a row only when a value changed, so a
value holds until the next row of the same series and key. ``SeriesReader`` keeps what it has
read and asks SQLite only for rows newer than that, on its own read-only connection (the run
store is in WAL mode, so reading never blocks the exercise writing).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


class SeriesReader:
    """Incremental reader of one run store's ``timeseries`` table."""

    def __init__(self, run_store: str | Path) -> None:
        self._path = Path(run_store)
        self._connection: sqlite3.Connection | None = None
        self._rows: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        self._read_until_min = -1.0

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            uri = f"{self._path.resolve().as_uri()}?mode=ro"
            self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self._connection

    def refresh(self, until_min: float) -> int:
        """Read rows with ``t_min`` up to ``until_min`` not read yet; returns how many were new."""
        if until_min <= self._read_until_min:
            return 0
        rows = self._connect().execute(
            "SELECT t_min, series, key, value FROM timeseries WHERE t_min > ? AND t_min <= ? ORDER BY t_min",
            (self._read_until_min, until_min)).fetchall()
        for t_min, series, key, value in rows:
            self._rows[(series, key)].append((float(t_min), float(value)))
        self._read_until_min = until_min
        return len(rows)

    def keys(self, series: str) -> list[str]:
        """Keys seen for a series, sorted."""
        return sorted(key for name, key in self._rows if name == series)

    def per_minute(self, series: str, key: str, minutes: int) -> NDArray[np.float64]:
        """The value at minutes 0, 1, …, minutes−1 (carried forward; 0 before the first row)."""
        rows = self._rows.get((series, key), [])
        out = np.zeros(max(minutes, 0))
        if not rows or minutes <= 0:
            return out
        times = np.array([t for t, _ in rows])
        values = np.array([v for _, v in rows])
        index = np.searchsorted(times, np.arange(minutes), side="right") - 1
        have = index >= 0
        out[have] = values[index[have]]
        return out

    def total_per_minute(self, series: str, keys: list[str], minutes: int) -> NDArray[np.float64]:
        """Sum of several keys of a series per minute."""
        total = np.zeros(max(minutes, 0))
        for key in keys:
            total += self.per_minute(series, key, minutes)
        return total

    def close(self) -> None:
        """Close the read connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
