"""Responder units as entities: where each one is, what it is doing, and the pools that hold them.

Every unit (an ambulance, a HAZMAT team, a decon unit, a fire appliance, a medical team) has a
status and a position that moves along its current trip, interpolated in time so the console can
draw it. A ``UnitPool`` hands units to requests in priority order (lowest first, then first
come), choosing among the idle units with the dispatch policy; requests are SimPy events whose
value is the unit granted.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import simpy
from simpy.events import PENDING

from .travel import Travel, interpolate

if TYPE_CHECKING:
    from cbrnsim.scenario import Station

UnitStatus = Literal["available", "en_route", "on_scene", "transporting", "at_hospital", "returning",
                     "out_of_service"]
"""What a unit is doing; 'returning' units can be re-tasked on the way back."""

UNIT_STATUSES: tuple[UnitStatus, ...] = ("available", "en_route", "on_scene", "transporting", "at_hospital",
                                         "returning", "out_of_service")
"""Every unit status."""


class Unit:
    """One responder unit."""

    __slots__ = ("id", "kind", "station_id", "pool", "home_x_m", "home_y_m", "status", "task", "origin",
                 "_x0", "_y0", "_t0", "_x1", "_y1", "_t1", "out_of_service_until")

    def __init__(self, unit_id: str, kind: str, station: Station, pool: Any, origin: str = "") -> None:
        self.id: str = unit_id
        """Stable id: '<station>/<kind>/<n>' (n from 1; mutual aid continues the numbering)."""
        self.kind: str = kind
        """Unit kind (ambulance, hazmat, decon, fire_rescue, medical_team)."""
        self.station_id: str = station.id
        """Home station."""
        self.pool: Any = pool
        """The scenario pool whose parameters it uses (speed, turnout, rates)."""
        self.home_x_m: float = station.location.x_m
        """Home station east (m)."""
        self.home_y_m: float = station.location.y_m
        """Home station north (m)."""
        self.status: UnitStatus = "available"
        """Current status."""
        self.task: str = ""
        """Short description of the current task ('' when idle)."""
        self.origin: str = origin
        """Where a mutual-aid unit came from ('' for the home fleet)."""
        self.out_of_service_until: float | None = None
        """When an out-of-service unit returns (min); None while in service."""
        self._x0 = self._x1 = self.home_x_m
        self._y0 = self._y1 = self.home_y_m
        self._t0 = self._t1 = 0.0

    def position(self, now_min: float) -> tuple[float, float]:
        """Where the unit is now (m), on the straight line of its current trip."""
        return interpolate(self._x0, self._y0, self._x1, self._y1, self._t0, self._t1, now_min)

    def status_at(self, now_min: float) -> UnitStatus:
        """Status now: a returning unit that has reached its station is 'available'; an ambulance
        'en_route' that has reached its pick-up point is 'on_scene' (loading: its travel and
        loading are one SimPy timeout, see cbrnsim.engine.transport)."""
        if now_min >= self._t1:
            if self.status == "returning":
                return "available"
            if self.status == "en_route" and self.kind == "ambulance":
                return "on_scene"
        return self.status

    def destination(self) -> tuple[float, float]:
        """Where the current trip ends (m)."""
        return (self._x1, self._y1)

    def start_trip(self, x_m: float, y_m: float, now_min: float, travel: Travel, delay_min: float = 0.0) -> float:
        """Head for (x, y) after ``delay_min`` (turnout) from where it is now; returns the minutes
        until arrival (delay included)."""
        x0, y0 = self.position(now_min)
        drive_min = travel.time_min(x0, y0, x_m, y_m, self.pool.speed_km_h, now_min)
        self._x0, self._y0, self._t0 = x0, y0, now_min + delay_min
        self._x1, self._y1, self._t1 = x_m, y_m, now_min + delay_min + drive_min
        return delay_min + drive_min

    def stop(self, now_min: float) -> None:
        """Stay where it is now."""
        x, y = self.position(now_min)
        self._x0 = self._x1 = x
        self._y0 = self._y1 = y
        self._t0 = self._t1 = now_min


class UnitRequest(simpy.Event):
    """A request for one unit; yields the ``Unit`` granted. Cancel it if you stop waiting."""

    __slots__ = ("pool", "priority", "x_m", "y_m", "time", "cancelled", "label")

    def __init__(self, pool: UnitPool, priority: float, x_m: float, y_m: float, label: str) -> None:
        # simpy.Event.__init__ inlined and the clock read without the property: one request per
        # casualty per unit it needs (extraction, decon, treatment, ambulance).
        env = self.env = pool.env
        self.callbacks: list[Callable[[simpy.Event], None]] = []
        self.pool: UnitPool = pool
        """The pool asked."""
        self.priority: float = priority
        """Lower is served first."""
        self.x_m: float = x_m
        """Where the unit is needed, east (m)."""
        self.y_m: float = y_m
        """Where the unit is needed, north (m)."""
        self.time: float = env._now
        """When the request was made (min)."""
        self.cancelled: bool = False
        """True once withdrawn before being granted."""
        self.label: str = label
        """Who asked (an entity id), for the record."""

    def cancel(self) -> None:
        """Withdraw the request if it has not been granted yet."""
        if self._value is PENDING and not self.cancelled:
            self.cancelled = True
            self.pool._waiting -= 1


ChooseUnit = Callable[[Sequence[Unit], UnitRequest, float], Unit]
"""A policy's unit choice: (idle units, request, now) -> the unit to send."""


class UnitPool:
    """Units that serve requests by priority, the choice of unit left to a policy."""

    def __init__(self, env: simpy.Environment, name: str, choose: ChooseUnit) -> None:
        self.env: simpy.Environment = env
        """The environment."""
        self.name: str = name
        """What the pool is, e.g. 'ambulance' or 'extraction@R1'."""
        self.units: list[Unit] = []
        """Every unit that belongs to the pool, in the order they joined."""
        self.idle: list[Unit] = []
        """Units free to take a request, in the order they became free."""
        self._choose = choose
        self._heap: list[tuple[float, float, int, UnitRequest]] = []
        self._seq = 0
        self._waiting = 0
        self.peak_queue_len: int = 0
        """Most requests ever waiting at once."""

    @property
    def queue_len(self) -> int:
        """Requests waiting now."""
        return self._waiting

    def add(self, unit: Unit) -> None:
        """A unit joins the pool, idle."""
        self.units.append(unit)
        self.release(unit)

    def request(self, priority: float, x_m: float, y_m: float, label: str = "") -> UnitRequest:
        """Ask for a unit at (x, y)."""
        request = UnitRequest(self, priority, x_m, y_m, label)
        self._seq += 1
        heapq.heappush(self._heap, (priority, request.time, self._seq, request))
        self._waiting += 1
        if self._waiting > self.peak_queue_len:
            self.peak_queue_len = self._waiting
        if self.idle:
            self._match()
        return request

    def release(self, unit: Unit) -> None:
        """A unit becomes free (it keeps its status; the caller sets it)."""
        self.idle.append(unit)
        self._match()

    def withdraw(self, unit: Unit) -> bool:
        """Take an idle unit out of the pool's idle list (out of service); False if it is busy."""
        if unit in self.idle:
            self.idle.remove(unit)
            return True
        return False

    def next_waiting(self, predicate: Callable[[UnitRequest], bool]) -> UnitRequest | None:
        """Remove and return the most urgent waiting request that satisfies ``predicate``
        (used to fill an ambulance with further patients at the same pick-up point)."""
        live = sorted(entry for entry in self._heap if not entry[3].cancelled and entry[3]._value is PENDING)
        for entry in live:
            if predicate(entry[3]):
                self._heap.remove(entry)
                heapq.heapify(self._heap)
                self._waiting -= 1
                return entry[3]
        return None

    def _match(self) -> None:
        heap, idle, pop = self._heap, self.idle, heapq.heappop
        while heap and idle:
            request = pop(heap)[3]
            if request.cancelled:
                continue
            self._waiting -= 1
            unit = self._choose(idle, request, self.env.now)
            idle.remove(unit)
            request.succeed(unit)
