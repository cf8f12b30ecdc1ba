"""Ambulance transport: a trip from the pick-up point to the hospital the policy chooses.

A casualty asks for transport at its triage priority; the ambulance pool grants the most urgent
request the nearest idle ambulance (the policy). The granted ambulance then also takes up to
``patients_per_unit − 1`` further casualties waiting at the same pick-up point, most urgent
first. The trip: turnout (only when leaving from its station) and drive to the pick-up point;
loading (``SCENE_LOADING_MIN``); drive to the hospital chosen *at departure* (so status changes
and queues at that moment count) for the most urgent patient aboard; handover
(``handover_min``); then back towards its station, available for re-tasking on the way.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import simpy

from .casualty import SCENE_LOADING_MIN, needs_burn_bed
from .triage import PRIORITY
from .units import Unit, UnitPool, UnitRequest

if TYPE_CHECKING:
    from .casualty import Casualty
    from .dispatch import DispatchPolicy
    from .hospitals import HospitalModel
    from .response import Fleet
    from .travel import Travel


class Trip:
    """One ambulance run; casualties aboard wait on its events."""

    __slots__ = ("unit", "x_m", "y_m", "casualties", "picked_up", "delivered", "hospital")

    def __init__(self, env: simpy.Environment, unit: Unit, x_m: float, y_m: float) -> None:
        self.unit: Unit = unit
        """The ambulance."""
        self.x_m: float = x_m
        """Pick-up point east (m)."""
        self.y_m: float = y_m
        """Pick-up point north (m)."""
        self.casualties: list[Casualty] = []
        """Patients aboard."""
        self.picked_up: simpy.Event = env.event()
        """Triggered when the patients are loaded."""
        self.delivered: simpy.Event = env.event()
        """Triggered at the hospital; its value is the HospitalModel."""
        self.hospital: HospitalModel | None = None
        """Where the trip goes (set at departure from the scene)."""


WALKING_TRANSPORT_OFFSET = 0.5
"""Within a triage category, casualties who can walk are loaded after stretcher cases: secondary
triage at the collection point puts the sickest first (SALT 'prioritise for transport', Lerner et
al. 2008, Disaster Med Public Health Prep 2(S1):S25), and an over-triaged walker must not take
the ambulance of a casualty who cannot move. Planning assumption for the exact ordering."""


def transport_priority(c: Casualty) -> float:
    """Ambulance queue priority (lower first): the triage category, walkers after stretcher cases."""
    return PRIORITY[c.category or "minor"] + (WALKING_TRANSPORT_OFFSET if c.spec.ambulatory else 0.0)


class Transport:
    """Ambulance requests and trips."""

    def __init__(self, env: simpy.Environment, fleet: Fleet, travel: Travel, policy: DispatchPolicy,
                 hospitals: list[HospitalModel], unit_event: Callable[[str, Unit, dict[str, Any]], None]) -> None:
        self.env = env
        self.fleet = fleet
        self.pool: UnitPool = fleet.pools["ambulance"]
        """The ambulance pool."""
        self.travel = travel
        self.policy = policy
        self.hospitals = hospitals
        self._unit_event = unit_event
        self._trip_of: dict[UnitRequest, Trip] = {}
        self._casualty_of: dict[UnitRequest, Casualty] = {}

    @property
    def queue_len(self) -> int:
        """Casualties waiting for an ambulance."""
        return self.pool.queue_len

    def request(self, c: Casualty, x_m: float, y_m: float) -> UnitRequest:
        """Ask for an ambulance at (x, y); yield it, then ``trip_for(request)``."""
        request = self.pool.request(transport_priority(c), x_m, y_m, c.key)
        self._casualty_of[request] = c
        request.callbacks.insert(0, self._on_grant)
        return request

    def trip_for(self, request: UnitRequest) -> Trip:
        """The trip a granted request belongs to."""
        return self._trip_of.pop(request)

    def forget(self, request: UnitRequest) -> None:
        """Drop a withdrawn request's bookkeeping."""
        self._casualty_of.pop(request, None)
        self._trip_of.pop(request, None)

    def _on_grant(self, request: simpy.Event) -> None:
        assert isinstance(request, UnitRequest)
        if request in self._trip_of:  # filled into a trip another request started
            return
        unit: Unit = request.value
        trip = Trip(self.env, unit, request.x_m, request.y_m)
        self._board(trip, request)
        capacity = unit.pool.patients_per_unit
        while len(trip.casualties) < capacity:
            extra = self.pool.next_waiting(lambda r: r.x_m == trip.x_m and r.y_m == trip.y_m)
            if extra is None:
                break
            self._board(trip, extra)
            extra.succeed(unit)
        self.env.process(self._run(trip))

    def _destinations(self, trip: Trip) -> list[HospitalModel]:
        # Field triage sends burn patients to a burn centre (CDC Guidelines for Field Triage of
        # Injured Patients 2011, MMWR 61(RR-1), step 4: burns -> burn facility): a trip with a
        # severe burn only considers open hospitals with a burn bed still free, if there are any.
        if not any(needs_burn_bed(c.spec) for c in trip.casualties):
            return self.hospitals
        burn_centres = [h for h in self.hospitals if h.status == "open" and h.burn_bed_free()]
        return burn_centres or self.hospitals

    def _board(self, trip: Trip, request: UnitRequest) -> None:
        self._trip_of[request] = trip
        trip.casualties.append(self._casualty_of.pop(request))

    def _run(self, trip: Trip):  # type: ignore[no-untyped-def]
        env, unit = self.env, trip.unit
        from_station = unit.status_at(env.now) == "available"
        unit.status = "en_route"
        unit.task = "to " + ", ".join(c.key for c in trip.casualties)
        self._unit_event("unit_dispatched", unit, {"patients": [c.key for c in trip.casualties]})
        turnout = unit.pool.turnout_min if from_station else 0.0
        # Drive and load in one timeout: 'on_scene' while loading is derived (Unit.status_at).
        yield env.timeout(unit.start_trip(trip.x_m, trip.y_m, env.now, self.travel, turnout) + SCENE_LOADING_MIN)
        unit.status = "on_scene"
        trip.picked_up.succeed()
        category = min((c.category or "minor" for c in trip.casualties), key=lambda k: PRIORITY[k])
        hospital = self.policy.choose_hospital(self._destinations(trip), trip.x_m, trip.y_m, category,
                                               unit.pool.speed_km_h, env.now)
        trip.hospital = hospital
        unit.status = "transporting"
        unit.task = f"to {hospital.id}"
        self._unit_event("unit_transporting", unit, {"hospital": hospital.id})
        yield env.timeout(unit.start_trip(hospital.x_m, hospital.y_m, env.now, self.travel))
        unit.status = "at_hospital"
        trip.delivered.succeed(hospital)
        yield env.timeout(unit.pool.handover_min)
        unit.status = "returning"
        unit.task = "returning"
        unit.start_trip(unit.home_x_m, unit.home_y_m, env.now, self.travel)
        self._unit_event("unit_free", unit, {})
        self.fleet.free(unit)
