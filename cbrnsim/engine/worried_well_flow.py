"""The worried well as a flow into the EDs: per-minute arrival batches per hospital, not one
SimPy process per person.

An unexposed care-seeker needs no individual state beyond when and where they turn up: they
set off at ``depart_min``, walk or drive to the nearest hospital taking walk-ins, wait for an
ED space behind every casualty, are seen for ``WORRIED_WELL_ED_MIN`` and go home. With tens of
thousands of them, a process each was half the cost of a 72-hour run (measured: 147,000 of
195,000 SimPy events in the chlorine-rail ×8.5 benchmark, 1.1 s of 2.2 s). Here one process
ticks once per simulated minute while any of them is on the way, waiting or being seen:

1. people whose departure falls in the minute ending now choose the nearest walk-in hospital
   (status now) and are booked to arrive at the first whole minute after departure + travel;
2. people arriving now join their hospital's waiting count (turned away if its ED is closed);
3. waiting people take the ED spaces no casualty is waiting for, for ``WORRIED_WELL_ED_MIN``
   (rounded up to whole minutes).

Their spaces are held by lowering the ED resource's capacity (``HospitalModel.worried_well_in_
service``), so casualties still see exactly the spaces that are free. Compared with one process
per person this moves each arrival up to one minute later (mean half a minute) and lets a casualty
who arrives within that minute take a freed space first — the worried well wait behind
casualties anyway. Per-person identity is kept only in counts: nothing reports individual
worried-well people.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from .casualty import WORRIED_WELL_ED_MIN

if TYPE_CHECKING:
    from .model import Model

TURNED_AWAY_STATUSES = frozenset({"closed", "contaminated"})
"""Hospital statuses whose ED sends arriving worried well home."""


class WorriedWellFlow:
    """Books worried-well departures, arrivals and ED visits by whole minute; see the module doc."""

    def __init__(self, model: Model) -> None:
        self._m = model
        self._departing: dict[int, list[Any]] = {}
        self._arriving: dict[int, list[int]] = {}
        self._finishing: dict[int, list[int]] = {}
        self._minutes: list[int] = []
        self._last_tick = -math.inf
        self._wake: simpy.Event | None = None
        self._visit_min = math.ceil(WORRIED_WELL_ED_MIN)
        self.in_service: int = 0
        """Worried well being seen in an ED now."""

    # ------------------------------------------------------------------ input
    def add(self, person: Any) -> None:
        """A care-seeker who sets off at ``person.depart_min`` (not before now)."""
        minute = math.ceil(person.depart_min)
        if minute <= self._last_tick:
            minute = int(self._last_tick) + 1
        bucket = self._departing.get(minute)
        if bucket is None:
            bucket = self._departing[minute] = []
            heapq.heappush(self._minutes, minute)
        bucket.append(person)
        if self._wake is not None and not self._wake.triggered:
            self._wake.succeed()

    # ------------------------------------------------------------------ the process
    def run(self) -> Generator[simpy.Event, Any, None]:
        """The SimPy process: one tick per whole minute while anyone is in the flow."""
        env = self._m.env
        while True:
            minute = self._next_minute()
            if minute is not None and (minute <= env.now or minute <= self._last_tick + 1):
                if minute > env.now:  # ticking minute by minute: new departures book later minutes
                    yield env.timeout(minute - env.now)
                self.tick(minute)
                continue
            # A longer wait (or none planned): a new departure may need an earlier tick.
            self._wake = env.event()
            yield self._wake if minute is None else env.timeout(minute - env.now) | self._wake
            self._wake = None

    def _next_minute(self) -> int | None:
        busy = self.in_service or any(h.worried_well_waiting for h in self._m.hospitals)
        nxt = int(self._last_tick) + 1 if busy and math.isfinite(self._last_tick) else None
        if self._minutes:
            nxt = self._minutes[0] if nxt is None else min(nxt, self._minutes[0])
        if nxt is None and busy:
            nxt = math.ceil(self._m.env.now)
        return nxt

    def tick(self, minute: int) -> None:
        """Everything due at this whole minute: visits that end, departures, arrivals, visits that start."""
        while self._minutes and self._minutes[0] <= minute:
            heapq.heappop(self._minutes)
        self._last_tick = minute
        hospitals = self._m.hospitals
        finishing = self._finishing.pop(minute, None)
        if finishing is not None:
            for h, n in zip(hospitals, finishing):
                if n:
                    h.worried_well_in_service -= n
                    self.in_service -= n
                    h.apply_ed_capacity()
        departing = self._departing.pop(minute, None)
        if departing is not None:
            self._depart(departing, minute)
        arriving = self._arriving.pop(minute, None)
        if arriving is not None:
            self._arrive(arriving)
        self._start_visits(minute)

    def _book(self, table: dict[int, list[int]], minute: int) -> list[int]:
        row = table.get(minute)
        if row is None:
            row = table[minute] = [0] * len(self._m.hospitals)
            heapq.heappush(self._minutes, minute)
        return row

    def _depart(self, people: list[Any], minute: int) -> None:
        m = self._m
        index = {h.id: i for i, h in enumerate(m.hospitals)}
        speed = m.behaviour.self_travel_speed_km_h
        # People start from a few hundred zone points: one choice and one travel time per point.
        route: dict[tuple[float, float], tuple[int, float]] = {}
        rows: dict[int, list[int]] = {}  # arrival minute -> its booking row (one _book call per minute)
        ceil, arriving, book = math.ceil, self._arriving, self._book
        for person in people:
            key = (person.x_m, person.y_m)
            choice = route.get(key)
            if choice is None:
                h = m.nearest_walk_in(person.x_m, person.y_m, ())
                choice = route[key] = (index[h.id], m.travel.time_min(person.x_m, person.y_m, h.x_m, h.y_m,
                                                                      speed, minute))
            arrive = max(ceil(person.depart_min + choice[1]), minute)
            row = rows.get(arrive)
            if row is None:
                row = rows[arrive] = book(arriving, arrive)
            row[choice[0]] += 1

    def _arrive(self, counts: list[int]) -> None:
        m = self._m
        for h, n in zip(m.hospitals, counts):
            if not n:
                continue
            h.worried_well_arrivals += n
            m.worried_well_arrived += n
            if h.status not in TURNED_AWAY_STATUSES:
                h.worried_well_waiting += n

    def _start_visits(self, minute: int) -> None:
        for i, h in enumerate(self._m.hospitals):
            waiting = h.worried_well_waiting
            if not waiting:
                continue
            ed = h.beds["ed_spaces"]
            if ed.queue_len:
                continue  # casualties first
            seen = min(waiting, ed.capacity - ed.count)
            if seen <= 0:
                continue
            h.worried_well_waiting -= seen
            h.worried_well_in_service += seen
            self.in_service += seen
            h.apply_ed_capacity()
            self._book(self._finishing, minute + self._visit_min)[i] += seen
