"""The exercise model: exposure, casualties, response and hospitals in one SimPy environment.

    model = Model(scenario, seed=42, recorder=MemoryRecorder())
    model.run_until(60)                       # every event before T+60, now == 60
    model.apply_effect(effect, label="MSEL 6")
    model.state(); model.metric("deaths"); model.outcome()

Determinism: every random draw comes from a stream keyed by its entity (casualty id; see
``cbrnsim.rng``); casualties, hospitals, units and scenes are kept in creation order and never
iterated from a set, so the same scenario, seed and effects give the same event log.

Time series (``record_series``, once per simulated minute from 0 to the scenario's end) are step
series: a row is written only when its value changed since the last row of that series and key
(plus every row at t = 0), so a reader carries the last value forward.
"""
from __future__ import annotations

import gc
import math
from collections.abc import Callable, Mapping
from typing import Any

import simpy

from cbrnsim.agentlib.library import AgentLibrary, default_library
from cbrnsim.hazard.nuclear import zone_radii_m
from cbrnsim.rng import Streams
from cbrnsim.scenario import AgentIdentified, Scenario, scheduled_release

from .antidote import starts_clinical_identification, sweep_hospital_antidote
from .inject_effects import apply_inject_effect
from .care import casualty_process, schedule_fated_death, screening_process
from .casualty import (
    DEATH_DESPITE_CARE, AgentCare, Casualty, CareDraws, CasualtyLike, agent_care,
    death_probability_with_care, needs_burn_bed,
)
from .countermeasures import Countermeasures
from .dispatch import DispatchPolicy, NearestAvailable
from .hospitals import HospitalModel
from .recorder import Recorder, SeriesWriter
from .response import Fleet, Scene, clearing_point
from .state import CASUALTY_STATES, ModelState, snapshot
from .transport import Transport
from .travel import Travel
from .triage import assigned_category, true_category
from .units import Unit
from .worried_well_flow import WorriedWellFlow

WALK_IN_STATUSES = frozenset({"open", "diverting"})
"""Hospital statuses that see walk-ins."""

SCENE_MERGE_M = 500.0
"""Releases whose casualty clearing points lie within this distance (m) share one scene: one
incident site, one response (e.g. three metro trains all stopping at the same interchange).
Planning assumption: about the size of an inner cordon around a station."""

ExposureFactory = Callable[..., Any]
"""Builds the exposure model: (scenario, streams, env, on_casualty, on_worried_well, library=...)."""


class Model:
    """The whole simulation; see the module doc."""

    def __init__(self, scenario: Scenario, seed: int, recorder: Recorder, *, library: AgentLibrary | None = None,
                 policy: DispatchPolicy | None = None, exposure_factory: ExposureFactory | None = None) -> None:
        self.scenario: Scenario = scenario
        """The scenario being run."""
        self.seed: int = seed
        """The exercise seed."""
        self.recorder: Recorder = recorder
        """Where events and series go."""
        self.env: simpy.Environment = simpy.Environment()
        """The SimPy environment (1 time unit = 1 minute)."""
        self.streams: Streams = Streams(seed)
        """Per-entity random streams."""
        self.library: AgentLibrary = library or default_library()
        """The agent library."""
        self.behaviour = scenario.behaviour
        self.travel: Travel = Travel()
        """Travel times and road closures."""
        self.policy: DispatchPolicy = policy or NearestAvailable(self.travel)
        """The dispatch policy."""
        self.hospitals: list[HospitalModel] = [
            HospitalModel(self.env, h, self._hospital_event) for h in scenario.hospitals]
        """Hospitals in scenario order."""
        self.hospital_by_id: dict[str, HospitalModel] = {h.id: h for h in self.hospitals}
        self.fleet: Fleet = Fleet(self.env, scenario, self.travel, self.policy, self._event)
        """Every responder unit."""
        self.transport: Transport = Transport(self.env, self.fleet, self.travel, self.policy, self.hospitals,
                                              self._unit_event)
        """Ambulance requests and trips."""
        self.scenes: list[Scene] = []
        """Incident scenes, one per release, in start order."""
        self.casualties: dict[int, Casualty] = {}
        """Every casualty by id, in creation order."""
        self.counts: dict[str, int] = dict.fromkeys(CASUALTY_STATES, 0)
        """Casualties per state now."""
        self.category_counts: dict[str, int] = {"immediate": 0, "delayed": 0, "minor": 0, "expectant": 0}
        """Triaged casualties per assigned category."""
        self.deaths_prehospital: int = 0
        """Deaths before reaching a hospital."""
        self.burn_beds_needed: int = 0
        """Severe burn casualties alive now with symptoms and not discharged: the burn-centre beds
        the incident needs (``casualty.needs_burn_bed``)."""
        self.burn_beds_needed_peak: int = 0
        """Most burn-centre beds needed at once so far."""
        self.worried_well_arrived: int = 0
        """Worried well who reached a hospital."""
        self.worried_well: WorriedWellFlow = WorriedWellFlow(self)
        """The worried well on their way to, waiting in and being seen in the EDs."""
        self.identified_min: float | None = None
        """When a released agent was first identified."""
        self.identified_by: str = ""
        """Who identified it."""
        self.identified_event: simpy.Event = self.env.event()
        """Triggered at identification."""
        self.first_call_min: float | None = None
        """First emergency call."""
        self.first_antidote_min: float | None = None
        """First antidote dose."""
        self._diagnosing = False
        """Whether a hospital's clinical diagnosis of the agent is under way."""
        self.stock_exhausted: set[str] = set()
        """Hospitals whose antidote stock has run out (each recorded once: ``stock_exhausted``)."""
        self.last_in_hospital_min: float | None = None
        """Latest time a casualty got an ED space."""
        self.protective_action_min: float | None = None
        """First shelter/evacuate order applied."""
        self.public_message_min: float | None = None
        """First public message applied."""
        self.events_processed: int = 0
        """SimPy events processed so far."""
        self._care: dict[str, AgentCare] = {}
        self._undrawn: list[Casualty] = []
        self._released_agents: set[str] = {r.agent for r in scenario.releases}
        self.countermeasures: Countermeasures = Countermeasures(self)
        """Points of dispensing and reception centres."""
        self.series: SeriesWriter = SeriesWriter(self)
        """The per-minute step series."""
        factory = exposure_factory or _default_exposure_factory()
        self.exposure: Any = factory(scenario, self.streams, self.env, self.on_casualty, self.on_worried_well,
                                     library=self.library)
        """The exposure model (cbrnsim.engine.exposure.ExposureModel)."""
        for release in scenario.releases:
            self.env.process(self._scene_at(release, release.start_min))
        self.exposure.start()
        self.env.process(self.series.run(scenario.end_min))
        self.env.process(self.worried_well.run())

    # ------------------------------------------------------------------ clock
    def peek(self) -> float:
        """Time of the next model event (inf if none)."""
        return self.env.peek()

    def step(self) -> None:
        """Process exactly one SimPy event."""
        self.env.step()
        self.events_processed += 1

    def run_until(self, t_min: float) -> None:
        """Process every event with time < t_min; afterwards ``env.now == t_min``."""
        env, step = self.env, self.env.step
        n = 0
        # Automatic cyclic GC is paused while stepping: with tens of thousands of live SimPy
        # processes each full collection rescans them all (measured: 2.3x slower runs with an
        # in-memory recorder). Reference counting still frees almost everything; cycles are
        # collected when it is switched back on after the call.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            while env.peek() < t_min:
                step()
                n += 1
        finally:
            self.events_processed += n
            if was_enabled:
                gc.enable()
        if env.now < t_min:
            env.run(until=t_min)

    # ------------------------------------------------------------------ exposure callbacks
    def on_casualty(self, spec: CasualtyLike) -> None:
        """A person affected by the agent enters the model ('asymptomatic' until onset)."""
        c = Casualty(spec, None)  # draws are made in batches (draw_pending) before first use
        self._undrawn.append(c)
        c.scene = self._scene_for(spec)
        c.state_since = self.env.now
        self.casualties[spec.id] = c
        self.counts["asymptomatic"] += 1
        self.recorder.record_event(self.env.now, "asymptomatic", c.key,
                                   {"severity": spec.severity, "onset_min": spec.onset_min, "zone": spec.zone})
        c.proc = self.env.process(casualty_process(self, c))

    def on_worried_well(self, person: Any) -> None:
        """An unexposed care-seeker sets off at ``depart_min`` (to a reception centre for screening)."""
        if getattr(person, "kind", "worried_well") == "screening":
            centre = self.countermeasures.screening_centre(person.x_m, person.y_m)
            if centre is not None:
                self.env.process(screening_process(self, person, centre))
                return
        self.worried_well.add(person)

    @property
    def worried_well_waiting(self) -> int:
        """Worried well waiting for an ED space now."""
        return sum(h.worried_well_waiting for h in self.hospitals)

    def draw_pending(self) -> None:
        """Give every casualty created since the last call its random draws, in one numpy call."""
        pending, self._undrawn = self._undrawn, []
        for c, draws in zip(pending, CareDraws.for_casualties(self.streams, [c.spec.id for c in pending])):
            c.u = draws

    # ------------------------------------------------------------------ casualty bookkeeping
    def set_state(self, c: Casualty, state: str, payload: Mapping[str, Any] | None = None) -> None:
        """Move a casualty to a new state and record it."""
        counts = self.counts
        counts[c.state] -= 1
        counts[state] += 1
        if (state == "dead" or state == "discharged") and needs_burn_bed(c.spec) and c.state != "asymptomatic":
            self.burn_beds_needed -= 1
        c.state = state
        c.state_since = self.env.now
        self.recorder.record_event(self.env.now, state, c.key, payload)

    def triage(self, c: Casualty) -> None:
        """START/SALT triage with the casualty's over/under-triage draws."""
        overwhelmed = self.transport.queue_len >= max(1, len(self.transport.pool.units))
        true = true_category(c.spec.severity, overwhelmed)
        b = self.behaviour
        category = true if true == "expectant" else assigned_category(
            true, c.u.overtriage, c.u.undertriage, b.overtriage_rate, b.undertriage_rate)
        c.true_category, c.category, c.triaged_min = true, category, self.env.now
        self.category_counts[category] += 1
        self.recorder.record_event(self.env.now, "triaged", c.key, {"category": category, "true": true})

    def care_of(self, agent_id: str) -> AgentCare:
        """The care view of an agent (cached)."""
        care = self._care.get(agent_id)
        if care is None:
            care = self._care[agent_id] = agent_care(self.library.get(agent_id))
        return care

    def nearest_walk_in(self, x_m: float, y_m: float, tried: tuple[str, ...]) -> HospitalModel:
        """The nearest hospital taking walk-ins not yet tried (any hospital as a last resort)."""
        best, best_d2, fallback, fallback_d2 = None, math.inf, None, math.inf
        for h in self.hospitals:  # scenario order breaks ties
            if h.id in tried:
                continue
            d2 = (h.x_m - x_m) ** 2 + (h.y_m - y_m) ** 2
            if h.status in WALK_IN_STATUSES and d2 < best_d2:
                best, best_d2 = h, d2
            elif d2 < fallback_d2:
                fallback, fallback_d2 = h, d2
        return best or fallback or self.hospitals[0]

    def on_hospital_arrival(self, c: Casualty, h: HospitalModel) -> None:
        """Counts, triage of walk-ins and clinical identification."""
        if c.hospital_arrival_min is None:
            c.hospital_arrival_min = self.env.now
        c.hospital_id = h.id
        h.note_arrival()
        if c.category is None:
            self.triage(c)
        if c.arrest_min is not None and not c.clock_stopped:
            self.recorder.record_event(self.env.now, "arrived_in_arrest", c.key, {"hospital": h.id})
            self.stop_clock(c)  # resuscitation at the door (death probability: ARRIVED_IN_ARREST_DEATH)
        if self.identified_min is None and not self._diagnosing:
            rule = starts_clinical_identification(self.care_of(c.spec.agent).category, c.state == "in_transport")
            if rule is not None:
                self._diagnosing = True
                self.env.process(self._clinical_identification(c.spec.agent, h.id, rule.delay_min))

    def note_in_hospital_care(self, c: Casualty) -> None:
        """The casualty got an ED space."""
        self.last_in_hospital_min = self.env.now

    def stop_clock(self, c: Casualty) -> None:
        """Care in time: the death clock stops; the casualty may still die despite care."""
        if c.clock_stopped:
            return
        c.clock_stopped = True
        p_death = death_probability_with_care(c, self.care_of(c.spec.agent), self.env.now)
        c.fate_die = c.u.fate < p_death
        self.recorder.record_event(self.env.now, "clock_stopped", c.key, {"p_death": p_death})
        if c.fate_die:
            schedule_fated_death(self, c, DEATH_DESPITE_CARE.draw(c.u.death_delay))

    def note_symptomatic(self, c: Casualty) -> None:
        """Symptom onset: counts the burn-centre beds the casualty needs."""
        if needs_burn_bed(c.spec):
            self.burn_beds_needed += 1
            if self.burn_beds_needed > self.burn_beds_needed_peak:
                self.burn_beds_needed_peak = self.burn_beds_needed

    def burn_beds_for_incident(self) -> int:
        """Burn-centre beds open to incident patients now (free or holding one), all hospitals."""
        return sum(h.beds["burn_beds"].capacity for h in self.hospitals if h.status != "closed")

    def arrest(self, c: Casualty) -> None:
        """The death clock ran out with responders: cardiopulmonary arrest, ventilated."""
        c.arrest_min = self.env.now
        self.recorder.record_event(self.env.now, "cardiopulmonary_arrest", c.key, {"where": c.state})

    def on_death(self, c: Casualty) -> None:
        """The casualty dies."""
        c.death_min = self.env.now
        c.died_prehospital = c.hospital_arrival_min is None
        self.deaths_prehospital += c.died_prehospital
        self.set_state(c, "dead", {"prehospital": c.died_prehospital, "hospital": c.hospital_id})

    # ------------------------------------------------------------------ identification
    def identify(self, agent: str, by: str) -> None:
        """A released agent is identified (first time only; other agents are recorded, not acted on)."""
        if self.identified_min is not None:
            return
        if agent not in self._released_agents:
            self.recorder.record_event(self.env.now, "agent_misidentified", None, {"agent": agent, "by": by})
            return
        self.identified_min, self.identified_by = self.env.now, by
        self.recorder.record_event(self.env.now, "agent_identified", None, {"agent": agent, "by": by})
        self.identified_event.succeed()
        self.exposure.apply_effect(AgentIdentified(agent=agent, identified_by=by))
        sweep_hospital_antidote(self)
        self.countermeasures.on_identified()

    def _clinical_identification(self, agent: str, hospital_id: str, delay_min: float):  # type: ignore[no-untyped-def]
        yield self.env.timeout(delay_min)
        self.identify(agent, f"clinical diagnosis at {hospital_id}")

    # ------------------------------------------------------------------ scenes (SceneHooks)
    def _scene_at(self, release: Any, start_min: float):  # type: ignore[no-untyped-def]
        if start_min > self.env.now:
            yield self.env.timeout(start_min - self.env.now)
        self.open_scene(release, start_min)

    def open_scene(self, release: Any, start_min: float) -> None:
        category = self.care_of(release.agent).category
        if category == "biological":
            return  # covert: no scene; cases present in the community
        x_m, y_m = clearing_point(release)
        for scene in self.scenes:
            if math.hypot(scene.x_m - x_m, scene.y_m - y_m) <= SCENE_MERGE_M:
                self.recorder.record_event(self.env.now, "release", release.id,
                                           {"agent": release.agent, "scene": scene.id})
                return  # same site: one casualty clearing point, one response
        scene = Scene(self.env, release, start_min, self)
        if category == "nuclear" and release.yield_kt is not None:
            scene.damage_radii_m = tuple(float(r) for r in zone_radii_m(release.yield_kt))  # type: ignore[assignment]
        self.scenes.append(scene)
        self.recorder.record_event(self.env.now, "release", release.id, {"agent": release.agent, "scene": scene.id})
        scene.start(self.fleet, self.behaviour.first_call_delay_min, self.scenario.responders.call_processing_min,
                    self.policy)

    def _scene_for(self, spec: CasualtyLike) -> Scene | None:
        if not self.scenes or self.care_of(spec.agent).category == "biological":
            return None
        best, best_d2 = self.scenes[0], math.inf
        for scene in self.scenes:  # opening order breaks ties
            d2 = (scene.x_m - spec.x_m) ** 2 + (scene.y_m - spec.y_m) ** 2
            if d2 < best_d2:
                best, best_d2 = scene, d2
        return best

    def first_call(self, scene: Scene) -> None:
        """SceneHooks: the first call about a scene."""
        if self.first_call_min is None:
            self.first_call_min = self.env.now
        self.recorder.record_event(self.env.now, "first_call", scene.id, None)

    def dispatched(self, scene: Scene) -> None:
        """SceneHooks: dispatch alerts every hospital."""
        for h in self.hospitals:
            h.alert()

    def identified(self, scene: Scene, unit: Unit) -> None:
        """SceneHooks: a HAZMAT detector identified the agent."""
        self.identify(scene.agent, unit.id)

    def unit_event(self, kind: str, unit: Unit, payload: dict[str, Any]) -> None:
        """SceneHooks: record a unit event."""
        self._unit_event(kind, unit, payload)

    def scene_event(self, kind: str, scene: Scene, payload: dict[str, Any]) -> None:
        """SceneHooks: record a scene event."""
        self.recorder.record_event(self.env.now, kind, scene.id, payload)

    def _unit_event(self, kind: str, unit: Unit, payload: dict[str, Any]) -> None:
        self.recorder.record_event(self.env.now, kind, unit.id, payload)

    def _event(self, kind: str, entity: str | None, payload: dict[str, Any]) -> None:
        self.recorder.record_event(self.env.now, kind, entity, payload)

    def _hospital_event(self, kind: str, payload: dict[str, Any]) -> None:
        self.recorder.record_event(self.env.now, kind, str(payload.get("hospital")), payload)

    # ------------------------------------------------------------------ injects
    def apply_effect(self, effect: Any, *, label: str) -> None:
        """Apply any Effect now and record an 'inject_applied' event (cbrnsim.engine.inject_effects)."""
        apply_inject_effect(self, effect, label)

    def add_released_agent(self, release: Any) -> None:
        """A secondary release: its agent is now one that can be identified, and it opens a scene."""
        self._released_agents.add(release.agent)
        self.open_scene(scheduled_release(release, self.env.now), self.env.now)

    # ------------------------------------------------------------------ views
    def state(self) -> ModelState:
        """A frozen snapshot for the console and the exercise view."""
        return snapshot(self)

    def metric(self, name: str, within_min: float | None = None) -> float | None:
        """One of ``cbrnsim.scenario.METRICS`` (see cbrnsim.engine.metrics)."""
        from .metrics import compute_metric
        return compute_metric(self, name, within_min)

    def outcome(self) -> dict[str, Any]:
        """The numbers `cbrnsim run --json` needs (see cbrnsim.engine.metrics.outcome)."""
        from .metrics import outcome
        return outcome(self)


def _default_exposure_factory() -> ExposureFactory:
    from .exposure import ExposureModel  # written alongside; imported late to keep the import graph flat
    return ExposureModel
