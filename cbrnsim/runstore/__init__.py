"""The run store: one SQLite file per run holding meta, journal, events and time series.

See docs/run-store.md for the tables, units, guarantees and versioning rule.

>>> from cbrnsim.runstore import RunStore
>>> with RunStore.create("run.db", scenario_text, None, seed=42) as store:   # doctest: +SKIP
...     seq = store.append_journal("inject", {"type": "wind_change", "to_deg": 270}, at_min=35.0)
...     store.record_event(35.0, "weather.wind_change", None, {"to_deg": 270})
"""
from __future__ import annotations

from .records import Event, JournalEntry, RunStoreError, SeriesPoint
from .schema import APPLICATION_ID, STORE_VERSION
from .store import AUTO_FLUSH_ROWS, RunStore

__all__ = [
    "APPLICATION_ID",
    "AUTO_FLUSH_ROWS",
    "STORE_VERSION",
    "Event",
    "JournalEntry",
    "RunStore",
    "RunStoreError",
    "SeriesPoint",
]
