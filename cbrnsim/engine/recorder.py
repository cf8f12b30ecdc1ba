"""Where the model writes what happens: the Recorder protocol and an in-memory recorder.

``cbrnsim.runstore.RunStore`` satisfies the protocol (it buffers rows and writes SQLite);
``MemoryRecorder`` keeps everything in lists, for tests, benchmarks and quick scripts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class Recorder(Protocol):
    """What the model needs from a run store."""

    def record_event(self, t_min: float, kind: str, entity: str | None,
                     payload: Mapping[str, Any] | None = None) -> None:
        """One state change at scenario time ``t_min``."""

    def record_series(self, t_min: float, rows: Iterable[tuple[str, str, float]]) -> None:
        """Time-series rows (series name, key, value) at ``t_min``."""


class MemoryRecorder:
    """Keeps events and series rows in memory, in the order they were recorded."""

    def __init__(self) -> None:
        self.events: list[tuple[float, str, str | None, Mapping[str, Any] | None]] = []
        """(t_min, kind, entity, payload) per event."""
        self.series: list[tuple[float, str, str, float]] = []
        """(t_min, series name, key, value) per row."""

    def record_event(self, t_min: float, kind: str, entity: str | None,
                     payload: Mapping[str, Any] | None = None) -> None:
        """Append one event."""
        self.events.append((t_min, kind, entity, payload))

    def record_series(self, t_min: float, rows: Iterable[tuple[str, str, float]]) -> None:
        """Append time-series rows."""
        self.series.extend((t_min, name, key, value) for name, key, value in rows)

    def timeline(self, entity: str | None = None, kinds: Iterable[str] | None = None) -> list[tuple[float, str]]:
        """(t_min, kind) of the events of one entity (or all), optionally of some kinds only."""
        wanted = set(kinds) if kinds is not None else None
        return [(t, k) for t, k, e, _ in self.events
                if (entity is None or e == entity) and (wanted is None or k in wanted)]


class NullRecorder:
    """Discards everything (benchmarks of the model alone)."""

    def record_event(self, t_min: float, kind: str, entity: str | None,
                     payload: Mapping[str, Any] | None = None) -> None:
        """Drop the event."""

    def record_series(self, t_min: float, rows: Iterable[tuple[str, str, float]]) -> None:
        """Drop the rows."""


class SeriesWriter:
    """Writes the model's step series once per simulated minute (rows only when values change)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._last: dict[tuple[str, str], float] = {}
        self._last_values: list[float] = []
        self._hospital_keys = [(h, f"{h.id}.{t}", t) for h in model.hospitals
                               for t in ("ed_spaces", "ward_beds", "icu_beds", "burn_beds", "ventilators")]

    def run(self, end_min: float):  # type: ignore[no-untyped-def]
        """The SimPy process: a sample at every whole minute from now to ``end_min``."""
        env = self.model.env
        while True:
            self.write(env.now)
            if env.now + 1.0 > end_min:
                return
            yield env.timeout(1.0)

    def rows(self) -> list[tuple[str, str, float]]:
        """Every series value now."""
        m = self.model
        rows: list[tuple[str, str, float]] = [("casualties", k, v) for k, v in m.counts.items()]
        rows += [("triage", k, v) for k, v in m.category_counts.items()]
        rows += [("occupancy", key, h.occupied(t)) for h, key, t in self._hospital_keys]
        rows += [("queue", k, v) for k, v in queue_lengths(m).items()]
        rows += [("units_busy", kind, m.fleet.busy(kind)) for kind in m.fleet.pools]
        rows += [("worried_well", "arrived", m.worried_well_arrived), ("worried_well", "waiting", m.worried_well_waiting)]
        return rows

    def write(self, t_min: float) -> None:
        """Record the rows that changed since the last sample."""
        rows = self.rows()
        values = [value for _, _, value in rows]
        if values == self._last_values:
            return  # a quiet minute: one list comparison instead of a lookup per row
        self._last_values = values
        last = self._last
        changed = []
        for name, key, value in rows:
            if last.get((name, key)) != value:
                last[(name, key)] = value
                changed.append((name, key, float(value)))
        if changed:
            self.model.recorder.record_series(t_min, changed)


def queue_lengths(model: Any) -> dict[str, int]:
    """People waiting now: for extraction, decon (field and hospital), transport and ED spaces."""
    scenes = model.scenes
    hospitals = model.hospitals
    return {
        "extraction": sum(s.extraction.queue_len for s in scenes),
        "decon": sum(s.decon_ambulatory.queue_len + s.decon_stretcher.queue_len for s in scenes)
        + sum(h.decon.queue_len for h in hospitals if h.decon is not None),
        "transport": model.transport.queue_len,
        "ed": sum(h.beds["ed_spaces"].queue_len for h in hospitals),
    }
