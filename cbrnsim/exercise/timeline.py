"""The ordering rule: how model events and journal entries interleave, identically on replay.

State is a function of (scenario, seed, journal) only if every run puts the same journal entry
at the same point among the model's events. The rule, for an entry that takes effect at ``t``:

1. every model event with time < ``t`` is processed (``Model.run_until(t)``);
2. then the entries that take effect at ``t``, in journal ``seq`` order — each one after
   exactly ``after_steps`` model events *at* ``t`` (0 unless the controller single-stepped
   into the instant before entering it; see below);
3. then the remaining model events at ``t``, and on.

Scheduled MSEL deliveries of a headless run (``auto_deliver_msel``) are journaled when the clock
reaches their time, after the entries already journaled for that time, so they obey the same
rule and replay reproduces them from the journal.

Single-stepping (``Exercise.step``) can stop the clock *inside* an instant: some model events at
``t`` processed, others not. An entry applied then records ``after_steps`` = how many; replay
processes that many events at ``t`` first. Without this, an inject entered after a step would be
replayed before events it actually followed.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from .journal import Entry


class ReplayError(Exception):
    """The journal does not fit the model it is replayed on (a divergence); one line for the user."""


class ModelLike(Protocol):
    """What the exercise needs from ``cbrnsim.engine.model.Model`` (see its docstrings)."""

    events_processed: int

    def peek(self) -> float:
        """Time of the next model event (inf if none)."""

    def step(self) -> None:
        """Process exactly one model event."""

    def run_until(self, t_min: float) -> None:
        """Process every event with time < t_min; the clock is t_min afterwards."""

    def apply_effect(self, effect: Any, *, label: str) -> None:
        """Apply an inject's model effect now."""

    def state(self) -> Any:
        """A frozen snapshot of the model."""

    def metric(self, name: str, within_min: float | None = None) -> float | None:
        """One objective metric measured so far."""

    def outcome(self) -> Mapping[str, Any]:
        """The outcome numbers of the run summary."""


class Timeline:
    """Drives a model and applies due journal entries in the fixed order (module docstring)."""

    def __init__(self, model: ModelLike, apply_entry: Callable[[Entry], None]) -> None:
        self.model = model
        """The simulation model being driven."""
        self.now_min = 0.0
        """Simulation clock (min since STARTEX)."""
        self.steps_at_now = 0
        """Model events at ``now_min`` processed one by one since the clock reached it."""
        self._apply_entry = apply_entry
        self._pending: list[tuple[float, int, Entry]] = []

    # ----------------------------------------------------------------------- the queue
    def schedule(self, entry: Entry) -> None:
        """Hold a journaled entry until the clock reaches its ``at_min``."""
        heapq.heappush(self._pending, (entry.at_min, entry.seq, entry))

    def pending(self) -> tuple[Entry, ...]:
        """Entries journaled but not yet in effect, in the order they will be applied."""
        return tuple(item[2] for item in sorted(self._pending))

    def next_entry_min(self) -> float | None:
        """When the next held entry takes effect, or None."""
        return self._pending[0][0] if self._pending else None

    # ------------------------------------------------------------------------ the clock
    def run_until(self, t_min: float) -> None:
        """Process every model event before ``t_min`` and set the clock there (no-op if not later)."""
        if t_min > self.now_min:
            self.model.run_until(t_min)
            self.now_min = float(t_min)
            self.steps_at_now = 0

    def step_model(self) -> bool:
        """Process the next model event (the clock moves to its time); False if there is none."""
        next_min = self.model.peek()
        if math.isinf(next_min):
            return False
        self.run_until(next_min)
        self.model.step()
        self.steps_at_now += 1
        return True

    def apply_now(self, entry: Entry) -> None:
        """Apply an entry that takes effect at the current clock time."""
        self._align(entry)
        self._apply_entry(entry)

    def apply_due(self, t_min: float) -> None:
        """Apply every held entry with ``at_min ≤ t_min`` (the clock must be at t_min)."""
        while self._pending and self._pending[0][0] <= t_min:
            _, _, entry = heapq.heappop(self._pending)
            self.apply_now(entry)

    def _align(self, entry: Entry) -> None:
        """Process the model events at ``at_min`` that preceded this entry when it was entered."""
        if entry.at_min != self.now_min:
            raise ReplayError(f"journal entry {entry.seq} takes effect at {entry.at_min:g} min but the clock "
                              f"is at {self.now_min:g} min")
        while self.steps_at_now < entry.after_steps:
            if self.model.peek() != self.now_min:
                raise ReplayError(f"journal entry {entry.seq} followed {entry.after_steps} model events at "
                                  f"{entry.at_min:g} min, but the model has only {self.steps_at_now} there")
            self.model.step()
            self.steps_at_now += 1
        if self.steps_at_now > entry.after_steps:
            raise ReplayError(f"journal entry {entry.seq} preceded model event {entry.after_steps + 1} at "
                              f"{entry.at_min:g} min, but {self.steps_at_now} were already processed")
