"""Frozen snapshots of the model for the console and the exercise view.

``Model.state()`` builds a ``ModelState``; nothing in it refers back to live model objects, so a
front end can keep it as long as it likes.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .hospitals import BED_TYPES
from .travel import Closure

CASUALTY_STATES: tuple[str, ...] = (
    "asymptomatic", "symptomatic_on_scene", "self_evacuating", "awaiting_extraction", "awaiting_decon",
    "in_decon", "awaiting_transport", "in_transport", "in_ed", "admitted_ward", "admitted_icu",
    "admitted_burn", "discharged", "dead")
"""Every casualty state; each exposed person is in exactly one at every time."""

PREHOSPITAL_STATES: frozenset[str] = frozenset(CASUALTY_STATES[:8])
"""States before reaching a hospital."""


@dataclass(frozen=True)
class HospitalState:
    """One hospital now."""

    id: str
    """Hospital id."""
    name: str
    """Name shown to players."""
    status: str
    """open / diverting / closed / contaminated."""
    occupied: Mapping[str, int]
    """Beds in use per type (baseline + incident patients in a bed; never counts those waiting)."""
    capacity: Mapping[str, int]
    """Staffed beds per type now (surge and injects included)."""
    ed_waiting: int
    """Patients waiting for an ED space."""
    decon_waiting: int
    """People waiting at the ED-door decon line."""
    decon_open: bool
    """Whether its decon line works."""
    surge_active: bool
    """Whether its surge plan has taken effect."""
    stock: Mapping[str, int]
    """Antidote and prophylaxis stock, name -> doses."""
    arrivals: int
    """Casualties arrived so far."""
    worried_well_arrivals: int
    """Worried well arrived so far."""


@dataclass(frozen=True)
class UnitState:
    """One responder unit now."""

    id: str
    """Unit id '<station>/<kind>/<n>'."""
    kind: str
    """ambulance / hazmat / decon / fire_rescue / medical_team."""
    station: str
    """Home station id."""
    status: str
    """available / en_route / on_scene / transporting / at_hospital / returning / out_of_service."""
    x_m: float
    """Position east (m)."""
    y_m: float
    """Position north (m)."""
    task: str
    """What it is doing ('' when idle)."""


@dataclass(frozen=True)
class KeyTimes:
    """Milestones (min since STARTEX; None until they happen)."""

    first_call_min: float | None
    """First emergency call."""
    first_unit_on_scene_min: float | None
    """First responder unit on any scene."""
    agent_identified_min: float | None
    """First presumptive identification of a released agent."""
    first_antidote_min: float | None
    """First antidote dose given."""
    first_decon_line_open_min: float | None
    """First decon line working (field or hospital)."""
    last_casualty_in_hospital_min: float | None
    """Latest time a casualty got an ED space."""


@dataclass(frozen=True)
class WeatherNow:
    """The weather in force now (scenario steps and wind-change injects)."""

    wind_from_deg: float
    """Direction the wind blows from (0 north, 90 east)."""
    wind_speed_m_s: float
    """10 m wind speed."""
    stability: str
    """Pasquill–Gifford class A–F."""
    since_min: float
    """When this weather began (min since STARTEX)."""


@dataclass(frozen=True)
class ModelState:
    """The whole model now."""

    now_min: float
    """Scenario time of the snapshot."""
    exposed: int
    """People with any effect so far (casualties created)."""
    by_state: Mapping[str, int]
    """Casualties per state (every state present, zeros included)."""
    by_category: Mapping[str, int]
    """Triaged casualties per assigned category."""
    deaths: int
    """Deaths so far."""
    deaths_prehospital: int
    """Deaths before reaching a hospital."""
    deaths_in_hospital: int
    """Deaths after reaching a hospital."""
    worried_well_arrived: int
    """Worried well who reached a hospital."""
    worried_well_waiting: int
    """Worried well waiting for an ED space now."""
    hospitals: tuple[HospitalState, ...]
    """Every hospital, in scenario order."""
    units: tuple[UnitState, ...]
    """Every unit, in creation order."""
    queues: Mapping[str, int]
    """Waiting now: 'extraction', 'decon', 'transport', 'ed'."""
    agent_identified_by: str
    """Who identified the agent ('' until identified)."""
    decon_lines_open: int
    """Field decon lines working plus hospital lines working."""
    key_times: KeyTimes
    """Milestones."""
    burn_beds_needed: int = 0
    """Severe burn casualties alive and not discharged: burn-centre beds the incident needs now."""
    burn_beds_unmet: int = 0
    """Of those, how many are not in a burn-centre bed (waiting, in ICU elsewhere, or on scene)."""
    weather: WeatherNow | None = None
    """The weather now (None for a model without a hazard model, e.g. a test double)."""
    road_closures: tuple[Closure, ...] = ()
    """Road closures in force now (the travel model's own frozen records)."""


def snapshot(model: Any) -> ModelState:
    """Build the frozen snapshot of a running ``Model``."""
    from .recorder import queue_lengths

    m = model
    now = m.env.now
    hospitals = tuple(
        HospitalState(
            id=h.id, name=h.spec.name, status=h.status,
            occupied=MappingProxyType({t: h.occupied(t) for t in BED_TYPES}),
            capacity=MappingProxyType({t: h.capacity_now(t) for t in BED_TYPES}),
            ed_waiting=h.beds["ed_spaces"].queue_len,
            decon_waiting=h.decon.queue_len if h.decon is not None else 0,
            decon_open=h.decon_working(), surge_active=h.surge_active_min is not None,
            stock=MappingProxyType(dict(h.stock)), arrivals=h.arrivals, worried_well_arrivals=h.worried_well_arrivals)
        for h in m.hospitals)
    units = []
    for u in m.fleet.units:
        x_m, y_m = u.position(now)
        units.append(UnitState(u.id, u.kind, u.station_id, u.status_at(now), x_m, y_m, u.task))
    dead = m.counts["dead"]
    field_lines = sum(len(s.decon_ambulatory.units) for s in m.scenes)
    hospital_lines = sum(1 for h in m.hospitals if h.decon_working())
    opened = [s.decon_open_min for s in m.scenes if s.decon_open_min is not None]
    opened += [h.decon_open_min for h in m.hospitals if h.decon_open_min is not None]
    on_scene = [s.first_unit_min for s in m.scenes if s.first_unit_min is not None]
    return ModelState(
        now_min=now, exposed=len(m.casualties), by_state=MappingProxyType(dict(m.counts)),
        by_category=MappingProxyType(dict(m.category_counts)), deaths=dead,
        deaths_prehospital=m.deaths_prehospital, deaths_in_hospital=dead - m.deaths_prehospital,
        worried_well_arrived=m.worried_well_arrived, worried_well_waiting=m.worried_well_waiting,
        hospitals=hospitals, units=tuple(units), queues=MappingProxyType(queue_lengths(m)),
        agent_identified_by=m.identified_by, decon_lines_open=field_lines + hospital_lines,
        key_times=KeyTimes(
            first_call_min=m.first_call_min, first_unit_on_scene_min=min(on_scene) if on_scene else None,
            agent_identified_min=m.identified_min, first_antidote_min=m.first_antidote_min,
            first_decon_line_open_min=min(opened) if opened else None,
            last_casualty_in_hospital_min=m.last_in_hospital_min),
        burn_beds_needed=m.burn_beds_needed,
        burn_beds_unmet=m.burn_beds_needed - sum(h.beds["burn_beds"].count for h in m.hospitals),
        weather=_weather_now(m), road_closures=tuple(c for c in m.travel.closures if c.until_min > now))


def _weather_now(m: Any) -> WeatherNow | None:
    weather_now = getattr(m.exposure, "weather_now", None)
    if weather_now is None:
        return None
    step = weather_now()
    return WeatherNow(step.wind_from_deg, step.wind_speed_m_s, step.stability, step.start_min)
