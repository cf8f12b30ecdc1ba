"""Where the model writes what happens: the Recorder protocol and an in-memory recorder.

``cbrnsim.runstore.RunStore`` satisfies the protocol (it buffers rows and writes SQLite);
``MemoryRecorder`` keeps everything in lists, for tests, benchmarks and quick scripts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .hospitals import BED_TYPES


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
    """Writes the model's step series once per simulated minute (rows only when values change).

    A sample is a flat list of values in a fixed layout (``names``: series, key per value); the
    layout only changes if the model grows a new key, which is checked by length. A quiet minute
    costs building that list and one list comparison; a busy one a comparison per value with the
    previous sample (measured: a third of the cost of building (series, key, value) tuples and
    looking each one up in a dict, which it replaces).
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self._last: dict[tuple[str, str], float] = {}
        self._last_values: list[float] = []
        self._names: list[tuple[str, str]] = []
        self._occupancy_keys = [f"{h.id}.{t}" for h in model.hospitals for t in BED_TYPES]

    def run(self, end_min: float):  # type: ignore[no-untyped-def]
        """The SimPy process: a sample at every whole minute from now to ``end_min``."""
        env = self.model.env
        write, timeout = self.write, env.timeout
        while True:
            now = env.now
            write(now)
            if now + 1.0 > end_min:
                return
            yield timeout(1.0)

    def names(self) -> list[tuple[str, str]]:
        """(series name, key) of every value of a sample, in sample order."""
        m = self.model
        names: list[tuple[str, str]] = [("casualties", k) for k in m.counts]
        names += [("triage", k) for k in m.category_counts]
        names += [("occupancy", key) for key in self._occupancy_keys]
        names += [("queue", k) for k in ("extraction", "decon", "transport", "ed")]
        names += [("units_busy", kind) for kind in m.fleet.pools]
        names += [("worried_well", "arrived"), ("worried_well", "waiting")]
        return names

    def values(self) -> list[float]:
        """Every series value now, in the order of ``names()``."""
        m = self.model
        values: list[float] = [*m.counts.values(), *m.category_counts.values()]
        for h in m.hospitals:
            values += h.occupancy()
        values += queue_lengths(m).values()
        fleet = m.fleet
        values += [fleet.busy(kind) for kind in fleet.pools]
        values.append(m.worried_well_arrived)
        values.append(m.worried_well_waiting)
        return values

    def rows(self) -> list[tuple[str, str, float]]:
        """Every series value now as (series name, key, value)."""
        return [(name, key, value) for (name, key), value in zip(self.names(), self.values())]

    def write(self, t_min: float) -> None:
        """Record the values that changed since the last sample."""
        values = self.values()
        last_values = self._last_values
        if values == last_values:
            return  # a quiet minute: one list comparison
        if len(values) == len(last_values):
            # Same layout as the last sample: compare position by position.
            changed = [(name, key, float(value))
                       for (name, key), value, old in zip(self._names, values, last_values) if value != old]
        else:
            changed = self._changed_new_layout(values)
        self._last_values = values
        if changed:
            self.model.recorder.record_series(t_min, changed)

    def _changed_new_layout(self, values: list[float]) -> list[tuple[str, str, float]]:
        # First sample, or a key appeared: compare by (series, key) with the latest value of each.
        last = self._last
        last.update(zip(self._names, self._last_values))
        self._names = self.names()
        changed = []
        for (name, key), value in zip(self._names, values):
            if last.get((name, key)) != value:
                last[(name, key)] = value
                changed.append((name, key, float(value)))
        return changed


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
