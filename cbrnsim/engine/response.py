"""The response: the fleet of units, and incident scenes where HAZMAT, fire, decon and medical
teams work.

``Fleet`` holds every unit in a pool per kind, adds mutual aid (units_arrive), takes units out of
service (unit_out_of_service: idle ones at once, busy ones as they come free) and returns them.

``Scene`` is one incident site (one per release). Its timeline:
first emergency call at release start + ``behaviour.first_call_delay_min``; units dispatched
``responders.call_processing_min`` later (the policy's first alarm; hospitals are alerted at the
same time); each unit drives from its station (turnout + travel); HAZMAT sets up, joins the
extraction teams, and presumptively identifies the agent ``identification_min`` after entry;
fire/rescue crews extract at once (SCBA) and give gross decon (disrobing) if able; decon units
open a line (an ambulatory and a non-ambulatory lane) after ``setup_min``; medical teams triage
and give antidote at the casualty clearing point.

The scene's casualty clearing point is the release location (point releases), the end of the
path (moving sources: where the train or vehicle stopped) or the middle of the path (line
sources). Exercise grade: every casualty of a release is treated as reaching that one point.

A nuclear detonation is not one site: casualties lie across kilometres of damage. Its scene has
several casualty collection points (CCPs), one per damage ring (Planning Guidance for Response to
a Nuclear Detonation, 2nd ed. 2010, ch. 2: severe, moderate and light damage zones) and compass
quadrant, each at the outer edge of its ring on the quadrant's axis, where ambulances can reach
(planning assumption; beyond the light-damage ring: at twice its radius). Only stretcher cases
inside the moderate-damage ring need rescue crews to get them out (collapsed and burning
buildings); in the light-damage ring and beyond, where damage is mostly broken glass (ibid.),
ambulance crews carry them to the vehicle themselves.

Greater alarm: when more casualties await extraction at a scene than its crews can bring out in
``GREATER_ALARM_HOURS``, the fire/rescue companies held back by the first alarm are committed too
(planning assumption: a reserve is pointless while casualties wait at the only scene).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import simpy

from .units import Unit, UnitPool

if TYPE_CHECKING:
    from cbrnsim.scenario import ReleaseSpec, Scenario

    from .dispatch import DispatchPolicy
    from .travel import Travel

EventFn = Callable[[str, str | None, dict[str, Any]], None]
"""Records an event: (kind, entity, payload)."""


def _by_id(idle: Any, request: Any, now_min: float) -> Unit:
    # Units working at one scene are all there: take them in id order.
    return min(idle, key=lambda u: u.id)


class Fleet:
    """Every responder unit, in one pool per kind."""

    def __init__(self, env: simpy.Environment, scenario: Scenario, travel: Travel, policy: DispatchPolicy,
                 event: EventFn) -> None:
        self.env = env
        self.scenario = scenario
        self.travel = travel
        self._event = event
        self.pools: dict[str, UnitPool] = {
            kind: UnitPool(env, kind, policy.choose_unit)
            for kind in ("ambulance", "hazmat", "decon", "fire_rescue", "medical_team")}
        """Idle units per kind, served by triage priority."""
        self.units: list[Unit] = []
        """Every unit, in creation order."""
        self.station_stock: dict[str, dict[str, int]] = {s.id: {} for s in scenario.responders.stations}
        """Antidote delivered to stations (stockpile_delivery), name -> doses."""
        self._numbering: dict[tuple[str, str], int] = {}
        self._pending_out: dict[tuple[str, str], list[float | None]] = {}
        self._out: dict[str, int] = dict.fromkeys(self.pools, 0)
        for station in scenario.responders.stations:
            for kind, pool in station.pools().items():
                self._create(station.id, kind, pool.count, "")

    def _create(self, station_id: str, kind: str, count: int, origin: str) -> list[Unit]:
        station = self.scenario.station(station_id)
        pool = station.pool(kind)  # type: ignore[arg-type]
        if pool is None:  # mutual aid of a kind the station does not base: borrow parameters elsewhere
            pool = next((s.pool(kind) for s in self.scenario.responders.stations if s.pool(kind) is not None), None)  # type: ignore[arg-type]
        if pool is None:
            return []
        created = []
        for _ in range(count):
            n = self._numbering.get((station_id, kind), 0) + 1
            self._numbering[(station_id, kind)] = n
            unit = Unit(f"{station_id}/{kind}/{n}", kind, station, pool, origin)
            self.units.append(unit)
            self.pools[kind].add(unit)
            created.append(unit)
        return created

    def add_units(self, station_id: str, kind: str, count: int, origin: str) -> list[Unit]:
        """Mutual aid reports to a station (with that kind's parameters there, or elsewhere)."""
        units = self._create(station_id, kind, count, origin)
        self._event("units_arrive", None, {"station": station_id, "kind": kind, "count": len(units),
                                           "units": [u.id for u in units], "origin": origin})
        return units

    def out_of_service(self, station_id: str, kind: str, count: int, duration_min: float | None) -> None:
        """Idle units go out of service now; the rest of ``count`` as soon as they come free."""
        pool = self.pools[kind]
        taken = 0
        for unit in sorted(pool.idle, key=lambda u: u.id):
            if taken == count:
                break
            if unit.station_id == station_id and pool.withdraw(unit):
                self._take_out(unit, duration_min)
                taken += 1
        self._pending_out.setdefault((station_id, kind), []).extend([duration_min] * (count - taken))

    def busy(self, kind: str) -> int:
        """Units of a kind on a task now: neither idle (at their station or returning) nor out of service."""
        pool = self.pools[kind]
        return len(pool.units) - len(pool.idle) - self._out[kind]

    def free(self, unit: Unit) -> None:
        """A unit finished its task: out of service if one is owed, else idle for the next request."""
        pending = self._pending_out.get((unit.station_id, unit.kind))
        if pending:
            self._take_out(unit, pending.pop(0))
            return
        self.pools[unit.kind].release(unit)

    def _take_out(self, unit: Unit, duration_min: float | None) -> None:
        unit.stop(self.env.now)
        self._out[unit.kind] += 1
        unit.status = "out_of_service"
        unit.task = "out of service"
        unit.out_of_service_until = None if duration_min is None else self.env.now + duration_min
        self._event("unit_out_of_service", unit.id, {"until_min": unit.out_of_service_until})
        if duration_min is not None:
            self.env.process(self._return_to_service(unit, duration_min))

    def _return_to_service(self, unit: Unit, duration_min: float):  # type: ignore[no-untyped-def]
        yield self.env.timeout(duration_min)
        self._out[unit.kind] -= 1
        unit.status = "available"
        unit.task = ""
        unit.out_of_service_until = None
        self._event("unit_in_service", unit.id, {})
        self.free(unit)


def clearing_point(release: ReleaseSpec) -> tuple[float, float]:
    """Where casualties of a release are gathered (see the module doc)."""
    if release.location is not None:
        return (release.location.x_m, release.location.y_m)
    path = release.path or ()
    point = path[-1] if release.geometry == "moving" else path[len(path) // 2]
    return (point.x_m, point.y_m)


GREATER_ALARM_HOURS = 1.0
"""A scene whose extraction queue would take its crews longer than this (h) to clear gets every
idle fire/rescue company. Planning assumption."""

BEYOND_LIGHT_DAMAGE_CCP_FACTOR = 2.0
"""CCP distance of casualties beyond the light-damage ring, as a multiple of its radius. Planning
assumption."""

_QUADRANT_AXES: tuple[tuple[float, float], ...] = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))
"""East, north, west, south: the axes of the four CCP quadrants."""


class Scene:
    """One incident site and the units working there."""

    def __init__(self, env: simpy.Environment, release: ReleaseSpec, start_min: float, hooks: SceneHooks) -> None:
        self.env = env
        self.release = release
        self.id: str = release.id
        """Scene id = release id."""
        self.agent: str = release.agent
        """Agent released here."""
        self.x_m, self.y_m = clearing_point(release)
        self.start_min: float = start_min
        """When the release began (min)."""
        self.hooks = hooks
        self.responders_on_scene: simpy.Event = env.event()
        """Triggered when the first unit arrives: triage starts."""
        self.first_call_min: float | None = None
        """When the first emergency call about this scene came in."""
        self.first_unit_min: float | None = None
        """When the first unit arrived."""
        self.decon_open_min: float | None = None
        """When the first decon line here started working."""
        self.extraction = UnitPool(env, f"extraction@{self.id}", _by_id)
        """HAZMAT and fire/rescue crews able to carry casualties out."""
        self.decon_ambulatory = UnitPool(env, f"decon-amb@{self.id}", _by_id)
        """Open decon lines, ambulatory lane."""
        self.decon_stretcher = UnitPool(env, f"decon-nonamb@{self.id}", _by_id)
        """Open decon lines, non-ambulatory lane."""
        self.treatment = UnitPool(env, f"treatment@{self.id}", _by_id)
        """Medical teams at the casualty clearing point."""
        self.team_stock: dict[str, int] = {}
        """Autoinjectors left per medical team here (unit id -> doses)."""
        self.decon_committed: int = 0
        """Decon units sent here (0: only gross decon, if any)."""
        self.gross_decon: bool = False
        """True once a fire crew able to give gross decon is here."""
        self.units: list[Unit] = []
        """Units assigned to the scene."""
        self.damage_radii_m: tuple[float, float, float] | None = None
        """Nuclear scenes: outer radii (m) of the severe, moderate and light damage rings around the
        clearing point (ground zero); None for one-site scenes."""
        self.extraction_people_per_h: float = 0.0
        """Combined extraction rate of the crews assigned here, on scene or on their way (people/h)."""
        self.greater_alarm_min: float | None = None
        """When the greater alarm committed the fire/rescue reserve (None: not yet)."""

    # ------------------------------------------------------------------ collection points
    def collection_point(self, x_m: float, y_m: float) -> tuple[float, float, bool]:
        """Where a casualty at (x, y) is gathered, and whether a stretcher case there needs rescue
        crews to get out (see the module doc)."""
        if self.damage_radii_m is None:
            return self.x_m, self.y_m, True
        dx, dy = x_m - self.x_m, y_m - self.y_m
        distance_m = math.hypot(dx, dy)
        severe_m, moderate_m, light_m = self.damage_radii_m
        ring_edge_m = next((r for r in (severe_m, moderate_m, light_m) if distance_m <= r),
                           BEYOND_LIGHT_DAMAGE_CCP_FACTOR * light_m)
        quadrant = round(math.atan2(dy, dx) / (math.pi / 2)) % 4
        ax, ay = _QUADRANT_AXES[quadrant]
        return self.x_m + ax * ring_edge_m, self.y_m + ay * ring_edge_m, distance_m <= moderate_m

    def note_extraction_queue(self, fleet: Fleet) -> None:
        """Commit the fire/rescue reserve once the extraction queue outgrows the crews here."""
        if self.greater_alarm_min is not None:
            return
        if self.extraction.queue_len <= self.extraction_people_per_h * GREATER_ALARM_HOURS:
            return
        reserve = len(fleet.pools["fire_rescue"].idle)
        self.greater_alarm_min = self.env.now
        self.hooks.scene_event("greater_alarm", self, {"fire_rescue": reserve,
                                                       "awaiting_extraction": self.extraction.queue_len})
        for _ in range(reserve):
            self.send(fleet, "fire_rescue")

    def start(self, fleet: Fleet, behaviour_first_call_min: float, call_processing_min: float,
              policy: DispatchPolicy) -> None:
        """Begin the scene's timeline (first call, dispatch)."""
        self.env.process(self._run(fleet, behaviour_first_call_min, call_processing_min, policy))

    def _run(self, fleet: Fleet, first_call_delay_min: float, call_processing_min: float,
             policy: DispatchPolicy):  # type: ignore[no-untyped-def]
        yield self.env.timeout(first_call_delay_min)
        self.first_call_min = self.env.now
        self.hooks.first_call(self)
        yield self.env.timeout(call_processing_min)
        self.hooks.dispatched(self)
        for kind in ("hazmat", "decon", "fire_rescue", "medical_team"):
            pool = fleet.pools[kind]
            for _ in range(policy.first_alarm(kind, len(pool.idle))):
                self.send(fleet, kind)

    def send(self, fleet: Fleet, kind: str) -> None:
        """Request one unit of a kind for this scene (it works here until the end)."""
        if kind == "decon":
            self.decon_committed += 1
        request = fleet.pools[kind].request(0, self.x_m, self.y_m, self.id)
        self.env.process(self._unit_to_scene(fleet, request))

    def _unit_to_scene(self, fleet: Fleet, request: Any):  # type: ignore[no-untyped-def]
        unit: Unit = yield request
        if unit.kind in ("hazmat", "fire_rescue"):
            self.extraction_people_per_h += unit.pool.extraction_people_per_h
        unit.status = "en_route"
        unit.task = f"to scene {self.id}"
        self.units.append(unit)
        turnout = unit.pool.turnout_min
        self.hooks.unit_event("unit_dispatched", unit, {"scene": self.id})
        yield self.env.timeout(unit.start_trip(self.x_m, self.y_m, self.env.now, fleet.travel, turnout))
        unit.status = "on_scene"
        unit.task = f"at scene {self.id}"
        self.hooks.unit_event("unit_on_scene", unit, {"scene": self.id})
        if self.first_unit_min is None:
            self.first_unit_min = self.env.now
            self.responders_on_scene.succeed()
        yield from self._work(unit)

    def _work(self, unit: Unit):  # type: ignore[no-untyped-def]
        pool = unit.pool
        if unit.kind == "hazmat":
            yield self.env.timeout(pool.setup_min)
            if pool.extraction_people_per_h > 0:
                self.extraction.add(unit)
            yield self.env.timeout(pool.identification_min)
            self.hooks.identified(self, unit)
        elif unit.kind == "fire_rescue":
            self.gross_decon = self.gross_decon or pool.gross_decon
            if pool.extraction_people_per_h > 0:
                self.extraction.add(unit)
        elif unit.kind == "decon":
            yield self.env.timeout(pool.setup_min)
            if self.decon_open_min is None:
                self.decon_open_min = self.env.now
            self.decon_ambulatory.add(unit)
            self.decon_stretcher.add(unit)
            self.hooks.unit_event("decon_line_open", unit, {"scene": self.id})
        elif unit.kind == "medical_team":
            self.team_stock[unit.id] = pool.autoinjectors_per_team
            self.treatment.add(unit)


class SceneHooks(Protocol):
    """What a scene tells the model (the Model implements it)."""

    def first_call(self, scene: Scene) -> None:
        """The first emergency call about the scene."""
        ...

    def dispatched(self, scene: Scene) -> None:
        """Units are being dispatched (hospitals alerted)."""
        ...

    def identified(self, scene: Scene, unit: Unit) -> None:
        """A HAZMAT team presumptively identified the agent."""
        ...

    def unit_event(self, kind: str, unit: Unit, payload: dict[str, Any]) -> None:
        """Record a unit's event."""
        ...

    def scene_event(self, kind: str, scene: Scene, payload: dict[str, Any]) -> None:
        """Record a scene's event (e.g. the greater alarm)."""
        ...
