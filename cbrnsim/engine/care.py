"""The SimPy processes of one casualty and of one person going for screening (plain generator functions).

The worried well are a flow, not processes: see cbrnsim.engine.worried_well_flow.

A casualty's path (states in quotes, see cbrnsim.engine.state):

1. 'asymptomatic' until symptom onset; then 'symptomatic_on_scene' (occupants of an enclosure
   such as a train car act only once they get out at their stop: ``CasualtySpec.leaves_min``).
2. Walking casualties self-evacuate with probability ``behaviour.self_evacuation_share`` after the
   care-seeking delay (lognormal, median ``care_seeking_delay_median_min``, GSD
   ``care_seeking_delay_gsd``): 'self_evacuating' to the nearest hospital taking walk-ins, at
   ``self_travel_speed_km_h``, still contaminated if they were.
3. The others wait for responders: triage when the first unit is on scene; stretcher cases
   'awaiting_extraction' by HAZMAT / fire crews (nuclear: only inside the moderate-damage ring;
   see cbrnsim.engine.response); contaminated casualties 'awaiting_decon' → 'in_decon' (not the
   immediate casualties of radiological and nuclear incidents: life-saving care first); medical
   teams give antidote while they wait (side process); 'awaiting_transport' → 'in_transport' by
   ambulance, most urgent first. Minor (green) walking casualties are treated and released at the
   collection point by a medical team ('discharged') or taken to hospital by bus
   ('self_evacuating' with ``by: bus``), never queued for an ambulance. Community cases (biological) call from where
   they are after the care-seeking delay and are triaged by the dispatcher.
4. At the hospital: triage of walk-ins; the ED-door decon line if it works (else they go in
   contaminated: secondary contamination); 'in_ed' waiting for a space by priority; antidote from
   the hospital's stock once the agent is identified; observation and home ('discharged'), or
   admission ('admitted_ward' / 'admitted_icu' / 'admitted_burn', with a ventilator if needed)
   for a length of stay, then 'discharged'.
5. A lethal-without-care casualty dies ('dead') when ``death_untreated_min`` after onset passes
   before definitive care: an ED space (agents without antidote) or the antidote (agents with
   one, in the field or in hospital, within its window). Care in time stops the clock; the
   casualty then still dies with the probability in ``casualty.death_probability_with_care``,
   ``DEATH_DESPITE_CARE`` later. A toxic casualty whose clock runs out while with responders
   (``casualty.ARREST_WITH_RESPONDERS_STATES``: at the collection point, in decontamination,
   waiting for or in an ambulance) goes into cardiopulmonary arrest instead, is ventilated, and is
   resuscitated at the hospital door (``casualty.ARRIVED_IN_ARREST_DEATH``, Tokyo 1995) if it gets
   there within ``casualty.ARREST_SURVIVABLE_MIN``; some of them die in hospital.
"""
from __future__ import annotations

import math
from collections.abc import Generator
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import simpy

from .antidote import doses_for, field_antidote, hospital_antidote
from .casualty import (
    ARREST_INJURIES, ARREST_SURVIVABLE_MIN, ARREST_WITH_RESPONDERS_STATES, ED_BEFORE_ADMISSION,
    ED_OBSERVATION_CHEMICAL, ED_OBSERVATION_OTHER, MCI_BUS_RESPONSE_MIN, MINOR_RELEASED_AT_SCENE_SHARE, AgentCare,
    Casualty, admission_bed, stay_range, ventilator_needed,
)
from .decon import field_decon, hospital_decon
from .hospitals import CLOSED
from .triage import PRIORITY, WORRIED_WELL_PRIORITY

if TYPE_CHECKING:
    from .countermeasures import ReceptionCentreModel
    from .hospitals import HospitalModel
    from .model import Model
    from .response import Scene

Steps = Generator[Any, Any, Any]
"""A SimPy process body."""

_Z = NormalDist()
DECON_AFTER_LIFESAVING = frozenset({"radiological", "nuclear"})
"""Agent classes whose immediate casualties skip decontamination lines (see _decon_deferred)."""
ADMITTED_STATE = {"ward_beds": "admitted_ward", "icu_beds": "admitted_icu", "burn_beds": "admitted_burn"}
"""Casualty state per admission bed type."""


def care_seeking_delay_min(m: Model, u: float) -> float:
    """The person's delay from onset to setting off for care (lognormal, behaviour fields)."""
    b = m.behaviour
    z = _Z.inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
    return b.care_seeking_delay_median_min * math.exp(math.log(b.care_seeking_delay_gsd) * z)


def casualty_process(m: Model, c: Casualty) -> Steps:
    """The whole life of a casualty in the model."""
    env, spec = m.env, c.spec
    wait = spec.onset_min - env.now
    if wait > 0:
        yield env.timeout(wait)
    if c.protected:
        return  # prophylaxis before onset prevented the disease
    if c.u is None:
        m.draw_pending()
    m.set_state(c, "symptomatic_on_scene")
    m.note_symptomatic(c)
    if spec.death_untreated_min is not None:
        start_death_clock(m, c, spec.onset_min + spec.death_untreated_min)
    try:
        still_inside = (spec.leaves_min or 0.0) - env.now
        if still_inside > 0:  # on a moving train until its stop: nobody can leave or reach them
            yield env.timeout(still_inside)
        yield from _path(m, c)
    except simpy.Interrupt:
        if c.helper is not None and c.helper.is_alive:
            c.helper.interrupt("casualty died")
        m.on_death(c)


def start_death_clock(m: Model, c: Casualty, death_at_min: float) -> None:
    """Schedule the untreated death: one bare timeout with a callback, not a process (a process
    costs two more SimPy events: its start and its end)."""
    clock = m.env.timeout(max(0.0, death_at_min - m.env.now))
    clock.callbacks.append(lambda _event: _death_clock_runs_out(m, c))  # type: ignore[union-attr]


def _death_clock_runs_out(m: Model, c: Casualty) -> None:
    if not c.clock_stopped and c.death_min is None and c.proc is not None and c.proc.is_alive:
        if c.state in ARREST_WITH_RESPONDERS_STATES and c.spec.injury in ARREST_INJURIES:
            m.arrest(c)  # responders ventilate: the casualty may still reach hospital in arrest
            limit = m.env.timeout(ARREST_SURVIVABLE_MIN)
            limit.callbacks.append(lambda _event: _arrest_too_long(c))  # type: ignore[union-attr]
            return
        c.proc.interrupt("death")


def _arrest_too_long(c: Casualty) -> None:
    if c.hospital_arrival_min is None and c.death_min is None and c.proc is not None and c.proc.is_alive:
        c.proc.interrupt("death in arrest before hospital")


def schedule_fated_death(m: Model, c: Casualty, delay_min: float) -> None:
    """Death despite care, ``delay_min`` after the clock stopped (a bare timeout, as above)."""
    death = m.env.timeout(delay_min)
    death.callbacks.append(lambda _event: _fated_death_due(c))  # type: ignore[union-attr]


def _fated_death_due(c: Casualty) -> None:
    if c.death_min is None and c.proc is not None and c.proc.is_alive:
        c.proc.interrupt("death despite care")


def _path(m: Model, c: Casualty) -> Steps:
    env, spec = m.env, c.spec
    if spec.ambulatory and c.u.self_evacuation < m.behaviour.self_evacuation_share:
        yield env.timeout(care_seeking_delay_min(m, c.u.care_delay))
        yield from _self_evacuate(m, c, spec.x_m, spec.y_m, ())
        return
    scene: Scene | None = c.scene
    if scene is None:  # a community case: calls from home
        yield env.timeout(care_seeking_delay_min(m, c.u.care_delay))
        m.triage(c)
        yield from _await_transport(m, c, spec.x_m, spec.y_m)
        return
    if not scene.responders_on_scene.processed:
        yield scene.responders_on_scene
    m.triage(c)
    priority = PRIORITY[c.category or "minor"]
    ccp_x_m, ccp_y_m, rescue_needed = scene.collection_point(spec.x_m, spec.y_m)
    if not spec.ambulatory and rescue_needed:
        yield from _extract(m, c, scene, priority)
    if spec.contaminated and not _decon_deferred(m, c):
        yield from field_decon(env, c, scene, priority, m.set_state)
    if c.category == "minor" and spec.ambulatory:
        yield from _minor_at_scene(m, c, scene, ccp_x_m, ccp_y_m)
        return
    _start_field_treatment(m, c, scene)
    yield from _await_transport(m, c, ccp_x_m, ccp_y_m)


def _minor_at_scene(m: Model, c: Casualty, scene: Scene, x_m: float, y_m: float) -> Steps:
    """Minor (green) casualties never wait for an ambulance: if the service has medical teams, one
    treats and releases ``MINOR_RELEASED_AT_SCENE_SHARE`` of them at the collection point; the rest
    (all of them without medical teams) go to the nearest hospital taking walk-ins by bus (see
    casualty.py)."""
    env = m.env
    # Without medical teams nobody can treat and release at the scene: all go by bus.
    if c.u.disposition < MINOR_RELEASED_AT_SCENE_SHARE and m.fleet.pools["medical_team"].units:
        request = scene.treatment.request(PRIORITY["minor"], scene.x_m, scene.y_m, c.key)
        try:
            team = yield request
        except simpy.Interrupt:
            request.cancel()
            raise
        try:
            yield env.timeout(60.0 / team.pool.patients_per_h)
        finally:
            scene.treatment.release(team)
        m.set_state(c, "discharged", {"where": "scene"})
        return
    bus_ready_min = (scene.first_unit_min or env.now) + MCI_BUS_RESPONSE_MIN
    if bus_ready_min > env.now:
        yield env.timeout(bus_ready_min - env.now)
    hospital = m.nearest_walk_in(x_m, y_m, ())
    m.set_state(c, "self_evacuating", {"hospital": hospital.id, "by": "bus"})
    yield env.timeout(m.travel.time_min(x_m, y_m, hospital.x_m, hospital.y_m,
                                        m.behaviour.self_travel_speed_km_h, env.now))
    yield from _hospital(m, c, hospital, ())


def _decon_deferred(m: Model, c: Casualty) -> bool:
    """Radioactive contamination is not an immediate threat to life: casualties triaged immediate
    are stabilised and transported first, their clothing removed on the way, and decontaminated
    in hospital as care allows (Planning Guidance for Response to a Nuclear Detonation, 2nd ed.
    2010, ch. 3; HHS REMM, 'Decontamination': life-saving care before decontamination)."""
    return c.category == "immediate" and m.care_of(c.spec.agent).category in DECON_AFTER_LIFESAVING


def _extract(m: Model, c: Casualty, scene: Scene, priority: int) -> Steps:
    m.set_state(c, "awaiting_extraction")
    request = scene.extraction.request(priority, scene.x_m, scene.y_m, c.key)
    scene.note_extraction_queue(m.fleet)
    try:
        crew = yield request
    except simpy.Interrupt:
        request.cancel()
        raise
    try:
        yield m.env.timeout(60.0 / crew.pool.extraction_people_per_h)
    finally:
        scene.extraction.release(crew)


def _start_field_treatment(m: Model, c: Casualty, scene: Scene) -> None:
    care = m.care_of(c.spec.agent)
    if not care.has_antidote or doses_for(c) == 0 or c.antidote_min is not None:
        return
    if not scene.treatment.units and not m.fleet.pools["medical_team"].units:
        return
    c.helper = m.env.process(_field_treatment(m, c, scene, care))


def _field_treatment(m: Model, c: Casualty, scene: Scene, care: AgentCare) -> Steps:
    try:
        while m.identified_min is None:
            yield m.identified_event
        request = scene.treatment.request(PRIORITY[c.category or "minor"], scene.x_m, scene.y_m, c.key)
        try:
            team = yield request
        except simpy.Interrupt:
            request.cancel()
            return
        try:
            yield m.env.timeout(60.0 / team.pool.patients_per_h)
            if c.death_min is None:
                field_antidote(m, c, scene, team, care)
        finally:
            scene.treatment.release(team)
    except simpy.Interrupt:
        return


def _await_transport(m: Model, c: Casualty, x_m: float, y_m: float) -> Steps:
    m.set_state(c, "awaiting_transport")
    request = m.transport.request(c, x_m, y_m)
    try:
        yield request
    except simpy.Interrupt:
        request.cancel()
        m.transport.forget(request)
        raise
    trip = m.transport.trip_for(request)
    yield trip.picked_up
    if c.helper is not None and c.helper.is_alive:
        c.helper.interrupt("left the scene")
    m.set_state(c, "in_transport", {"unit": trip.unit.id})
    hospital = yield trip.delivered
    yield from _hospital(m, c, hospital, ())


def _self_evacuate(m: Model, c: Casualty, x_m: float, y_m: float, tried: tuple[str, ...]) -> Steps:
    hospital = m.nearest_walk_in(x_m, y_m, tried)
    m.set_state(c, "self_evacuating", {"hospital": hospital.id})
    yield m.env.timeout(m.travel.time_min(x_m, y_m, hospital.x_m, hospital.y_m,
                                          m.behaviour.self_travel_speed_km_h, m.env.now))
    yield from _hospital(m, c, hospital, tried)


def _hospital(m: Model, c: Casualty, h: HospitalModel, tried: tuple[str, ...]) -> Steps:
    env = m.env
    if h.status in ("closed", "contaminated"):  # changed while they travelled: move on
        yield from _self_evacuate(m, c, h.x_m, h.y_m, tried + (h.id,))
        return
    m.on_hospital_arrival(c, h)
    care = m.care_of(c.spec.agent)
    priority = PRIORITY[c.category or "minor"]
    if c.spec.contaminated and c.decon_min is None:
        if h.decon_working() and not _decon_deferred(m, c):
            yield from hospital_decon(env, c, h, priority, m.set_state)
        else:
            h.note_undeconned(care.secondary_risk)
    m.set_state(c, "in_ed", {"hospital": h.id})
    moved = False
    with h.request_bed("ed_spaces", priority) as space:
        if (yield space) == CLOSED:
            moved = True
        else:
            if c.ed_min is None:
                c.ed_min = env.now
                m.note_in_hospital_care(c)
            bed = yield from _ed_care(m, c, h, care)
            if bed is not None:
                yield from _admitted(m, c, h, care, bed, priority, space)
    if moved:
        yield from _self_evacuate(m, c, h.x_m, h.y_m, tried + (h.id,))
        return
    m.set_state(c, "discharged", {"hospital": h.id})


def _ed_care(m: Model, c: Casualty, h: HospitalModel, care: AgentCare) -> Steps:
    hospital_antidote(m, c, h, care)
    if c.spec.death_untreated_min is not None and not c.clock_stopped and not care.has_antidote:
        m.stop_clock(c)  # supportive care in time is definitive for agents without antidote
    bed = admission_bed(c, care, True)
    if bed is None:
        observation = ED_OBSERVATION_CHEMICAL if care.category == "chemical" else ED_OBSERVATION_OTHER
        yield m.env.timeout(observation.draw(c.u.ed_time))
        return None
    yield m.env.timeout(ED_BEFORE_ADMISSION.draw(c.u.ed_time))
    if bed == "burn_beds" and not h.burn_bed_free():
        return "icu_beds"  # no burn bed here now: ICU instead (counted in the unmet burn-bed need)
    return bed


def _admitted(m: Model, c: Casualty, h: HospitalModel, care: AgentCare, bed: str, priority: int,
              ed_space: Any) -> Steps:
    with h.request_bed(bed, priority) as slot:
        yield slot
        h.beds["ed_spaces"].release(ed_space)  # out of the ED once the bed is free (boarding ends)
        h.admissions += 1
        h.icu_admissions += bed == "icu_beds"
        m.set_state(c, ADMITTED_STATE[bed], {"hospital": h.id})
        stay_min = stay_range(bed).draw(c.u.stay)
        if ventilator_needed(c, care, bed):
            with h.request_bed("ventilators", priority) as ventilator:
                yield ventilator
                yield m.env.timeout(stay_min)
        else:
            yield m.env.timeout(stay_min)


def screening_process(m: Model, person: Any, centre: ReceptionCentreModel) -> Steps:
    """A person told to attend a reception centre: travel, wait outside until it opens, screening,
    then the showers if contaminated (see cbrnsim.engine.countermeasures)."""
    env = m.env
    wait = person.depart_min - env.now
    if wait > 0:
        yield env.timeout(wait)
    yield env.timeout(m.travel.time_min(person.x_m, person.y_m, centre.location.x_m, centre.location.y_m,
                                        m.behaviour.self_travel_speed_km_h, env.now))
    if centre.opened_min is None:
        centre.waiting_outside += 1
        yield centre.opened
        centre.waiting_outside -= 1
    with centre.screening.request(WORRIED_WELL_PRIORITY) as slot:
        yield slot
        yield env.timeout(60.0 / centre.people_per_h)
    centre.screened += 1
    if not m.countermeasures.is_contaminated(person):
        return
    if centre.showers is None:
        centre.contaminated_unshowered += 1
        return
    with centre.showers.request(WORRIED_WELL_PRIORITY) as shower:
        yield shower
        yield env.timeout(centre.shower_min)
    centre.showered += 1
