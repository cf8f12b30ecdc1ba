"""The exposure model: from releases and weather to individual casualties and worried well.

EXERCISE GRADE. ``ExposureModel`` owns the population (zones → cohorts, see
:mod:`cbrnsim.engine.cohorts`), one *track* per hazard (an outdoor chemical agent, an enclosed
release, a biological, radiological or nuclear release) and a SimPy "hazard clock" process
that advances the tracks in steps: 1 min while a cloud can still hurt anyone, 10 min while
only indoor air or pending onsets matter, idle until the next planned release, stopped when
nothing is left. At each step it emits, through ``on_casualty``, every casualty whose symptom
onset falls before the next step (severity crystallised then; see
:mod:`cbrnsim.engine.exposure_severity`), and the worried well they bring.

Protective actions (shelter, evacuate) split the cohorts of the ordered zones: the compliant
part moves indoors after a delay, or leaves after a delay by walking to the zone edge through
whatever is outside (route exposure). Wind changes and secondary releases go to the tracks.
See docs/models-exposure.md for every assumption and its source.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Generator, Sequence
from typing import Any

import numpy as np
import simpy
from numpy.typing import ArrayLike, NDArray

from ..agentlib import BiologicalAgent, ChemicalAgent
from ..agentlib.nuclear import NuclearAgent
from ..agentlib.radiological import RadiologicalAgent
from ..agentlib.library import AgentLibrary, default_library
from ..hazard.puff import WeatherStep
from ..rng import Streams
from ..scenario.effects import AgentIdentified, ProtectiveAction, PublicMessage, SecondaryRelease, WindChange
from ..scenario.model import Scenario
from ..scenario.releases import Release, scheduled_release
from .cohorts import AWAY, INDOOR, OUTDOOR, Cohorts, build_population
from .exposure_bio import BioTrack
from .exposure_chemical import ChemicalTrack, weather_steps
from .exposure_enclosed import EnclosedTrack
from .exposure_nuclear import FALLOUT_STEP_MIN, NuclearTrack
from .exposure_rdd import RddTrack
from .exposure_specs import CasualtySpec, WorriedWellSpec
from .worried_well import WorriedWell

__all__ = ["CasualtySpec", "ExposureModel", "WorriedWellSpec"]

FINE_STEP_MIN = 1.0
"""Hazard step while a cloud can still hurt anyone (min): resolves onsets of fast agents."""

COARSE_STEP_MIN = 10.0
"""Hazard step while only indoor air, deposits or pending onsets matter (min)."""

SHELTER_DELAY_MIN = 10.0
"""From a shelter order to compliant outdoor people being indoors (min). Planning assumption:
warning receipt plus reaching a building; warning-diffusion studies find most of a population
warned within 15-30 min by sirens and broadcast media (Rogers & Sorensen 1991, The
Environmental Professional 13:281-290), and people outdoors in a city are a minute or two from a
door. Values of 5-15 min are common in shelter-in-place planning guides."""

EVACUATION_DELAY_MIN = 30.0
"""From an evacuation order to compliant people setting off (min). Planning assumption: warning
plus preparation; evacuation-time studies report preparation times of tens of minutes to hours
(Lindell & Prater 2007, J Urban Plann Dev 133(1):18-29). A scenario overrides it (and
SHELTER_DELAY_MIN) per order with ``ProtectiveAction.delay_min``, e.g. for a stewarded stadium
(Guide to Safety at Sports Grounds, 6th ed. 2018, §10.7: egress within 8 min). Route exposure: they walk to the zone
edge at behaviour.walking_speed_m_s through the outdoor air of their point."""

Track = Any
"""A hazard track: ChemicalTrack, EnclosedTrack, or the biological/radiological/nuclear tracks."""


class ExposureModel:
    """Releases and weather → individual casualties (CasualtySpec) and worried well."""

    def __init__(self, scenario: Scenario, streams: Streams, env: simpy.Environment,
                 on_casualty: Callable[[CasualtySpec], None],
                 on_worried_well: Callable[[WorriedWellSpec], None],
                 library: AgentLibrary | None = None) -> None:
        self.scenario = scenario
        self.streams = streams
        self.env = env
        self.library = library or default_library()
        self._on_casualty = on_casualty
        self._on_worried_well = on_worried_well
        self.screening_emitted = 0
        """Radiological screening specs (WorriedWellSpec kind 'screening') handed out so far."""
        self.population = build_population(scenario.population, streams)
        self.cohorts = Cohorts(self.population)
        self._claimed = np.full(self.population.size, -1, dtype=np.int8)
        self._weather: list[WeatherStep] = weather_steps(scenario.weather)
        self._tracks: list[Track] = []
        self._chemical: dict[str, ChemicalTrack] = {}
        self._enclosures = 0
        self._identified: dict[str, float] = {}
        self._clock: simpy.Process | None = None
        self._hazard_min = 0.0
        self.casualties_emitted = 0
        """CasualtySpecs handed to the care model so far."""
        first = min((r.start_min for r in scenario.releases), default=0.0)
        self.worried_well = WorriedWell(scenario.behaviour, self.population, streams, on_worried_well, first)
        for release in scenario.releases:
            self._add_release(release)

    # ---- contract ----------------------------------------------------------------------
    @property
    def exposed_count(self) -> int:
        """People with any effect so far (severity ≥ 1), emitted or with onset still to come."""
        return int(sum(t.affected_count if hasattr(t, "affected_count") else t.tracker.affected_count
                       for t in self._tracks))

    def start(self) -> None:
        """Start the hazard clock; if it is waiting, wake it so it steps from now (idempotent)."""
        if self._clock is not None and self._clock.is_alive:
            if self._clock.target is not None and self.env.active_process is not self._clock:
                self._clock.interrupt("effect")
            return
        self._advance(self.env.now)
        self._clock = self.env.process(self._run_clock())

    def apply_effect(self, effect: object) -> bool:
        """Apply a wind change, secondary release, protective action or public message now."""
        if isinstance(effect, WindChange):
            self._wind_change(effect)
        elif isinstance(effect, SecondaryRelease):
            self._add_release(scheduled_release(effect.release, self.env.now))
        elif isinstance(effect, ProtectiveAction):
            self._protective_action(effect)
        elif isinstance(effect, PublicMessage):
            self.worried_well.set_factor(effect.worried_well_factor)
            return True
        elif isinstance(effect, AgentIdentified):
            # Recorded for isolation of contagious cases; returns False so the care model
            # (treatment, antidotes) still acts on it.
            self._identified.setdefault(effect.agent, self.env.now)
            for track in self._tracks:
                if isinstance(track, BioTrack) and track.agent.id == effect.agent:
                    track.identified(self.env.now)
            return False
        else:
            return False
        self.start()
        return True

    def hazard_field(self, x_m: ArrayLike, y_m: ArrayLike) -> tuple[NDArray[np.float64], str]:
        """Outdoor hazard now at points: chemical concentration (mg/m³) summed over agents, or
        the first other track's field in its own unit."""
        x, y = np.broadcast_arrays(np.asarray(x_m, dtype=float), np.asarray(y_m, dtype=float))
        chemical = [t for t in self._tracks if isinstance(t, ChemicalTrack)]
        if chemical:
            return sum(t.concentration_mg_m3(x, y) for t in chemical), "mg/m3"
        for track in self._tracks:
            if hasattr(track, "hazard_field"):
                return track.hazard_field(x, y)
        return np.zeros(x.shape), "mg/m3"

    def threat_summary(self) -> dict:
        """Exposed so far in total, by zone, and per track (agent, severity counts)."""
        claimed = self._claimed >= 0
        zones = self.population.receptor_zone[self.population.receptor_of[claimed]]
        by_zone = np.bincount(zones, minlength=len(self.population.zone_ids))
        return {"time_min": self.env.now, "exposed": self.exposed_count,
                "casualties_emitted": self.casualties_emitted,
                "worried_well": self.worried_well.count,
                "exposed_by_zone": {z: int(by_zone[i]) for i, z in enumerate(self.population.zone_ids)},
                "tracks": [t.summary() for t in self._tracks]}

    # ---- releases and weather -------------------------------------------------------------
    def _add_release(self, release: Release) -> None:
        agent = self.library.get(release.agent)
        temperature_c = self._temperature_at(release.start_min)
        if isinstance(agent, ChemicalAgent) and release.enclosure is not None:
            self._tracks.append(EnclosedTrack(agent, release, release.start_min, self._enclosures, self.streams))
            self._enclosures += 1
        elif isinstance(agent, ChemicalAgent):
            track = self._chemical.get(agent.id)
            if track is None:
                track = ChemicalTrack(agent, list(self._weather), self.cohorts, self._claimed,
                                      len(self._tracks), self.streams)
                track.puffs.run(self._hazard_min)
                self._chemical[agent.id] = track
                self._tracks.append(track)
            track.add_release(release, release.start_min, temperature_c)
        else:
            self._tracks.append(self._other_track(agent, release))

    def _other_track(self, agent: Any, release: Release) -> Track:
        if isinstance(agent, BiologicalAgent):
            track = BioTrack(agent, list(self._weather), self.cohorts, self._claimed, len(self._tracks),
                             self.streams, self.env, self._emit_specs, self.scenario.end_min)
            track.air.puffs.run(self._hazard_min)
            if agent.id in self._identified:
                track.identified(self._identified[agent.id])
            track.add_release(release, release.start_min, self._temperature_at(release.start_min))
            return track
        if isinstance(agent, RadiologicalAgent):
            return RddTrack(agent, release, list(self._weather), self.cohorts, self._claimed, len(self._tracks),
                            self.streams, self.scenario.population, self._emit_screening,
                            self.worried_well.departure_min)
        assert isinstance(agent, NuclearAgent)
        return NuclearTrack(agent, release, list(self._weather), self.cohorts, self._claimed, len(self._tracks),
                            self.streams, self.scenario.end_min)

    def _temperature_at(self, time_min: float) -> float:
        return self.scenario.weather_at(time_min).temperature_c

    def weather_now(self) -> WeatherStep:
        """The weather in force now: the scenario's steps with any wind-change injects applied."""
        now = self.env.now
        started = [w for w in self._weather if w.start_min <= now]
        return max(started, key=lambda w: w.start_min) if started else min(self._weather, key=lambda w: w.start_min)

    def _wind_change(self, effect: WindChange) -> None:
        now = self.env.now
        current = self.weather_now()
        step = WeatherStep(now, effect.wind_speed_m_s, effect.wind_from_deg,
                           effect.stability or current.stability, effect.terrain or current.terrain)
        self._weather = sorted([w for w in self._weather if w.start_min != now] + [step], key=lambda w: w.start_min)
        for track in self._tracks:
            if hasattr(track, "add_weather"):
                track.add_weather(step)

    # ---- protective actions --------------------------------------------------------------
    def _protective_action(self, action: ProtectiveAction) -> None:
        now = self.env.now
        zone_index = [self.population.zone_ids.index(z) for z in action.zones if z in self.population.zone_ids]
        in_zones = np.isin(self.population.receptor_zone[self.cohorts.receptor], zone_index)
        if action.action == "shelter":
            chosen = np.flatnonzero(in_zones & (self.cohorts.mode == OUTDOOR))
        else:
            chosen = np.flatnonzero(in_zones & (self.cohorts.mode != AWAY))
        if chosen.size == 0:
            return
        children = self.cohorts.split(chosen, action.compliance)
        for track in self._tracks:
            if hasattr(track, "cohorts_split"):
                track.cohorts_split(chosen, children)
        walk = self.scenario.behaviour.walking_speed_m_s * 60.0
        default_delay = SHELTER_DELAY_MIN if action.action == "shelter" else EVACUATION_DELAY_MIN
        delay_min = default_delay if action.delay_min is None else action.delay_min
        for parent, child in zip(chosen.tolist(), children.tolist()):
            if child < 0:
                continue
            self.cohorts.moves[child].clear()
            if action.action == "shelter":
                self.cohorts.schedule(child, now + delay_min, INDOOR)
                continue
            leave = now + delay_min
            if self.cohorts.mode[child] == INDOOR:
                self.cohorts.schedule(child, leave, OUTDOOR)
            edge_m = self.population.edge_distance_m[self.cohorts.receptor[child]]
            self.cohorts.schedule(child, leave + edge_m / walk, AWAY)

    # ---- the hazard clock -----------------------------------------------------------------
    def _next_step_min(self, now_min: float) -> float | None:
        """Length of the next hazard step, or None when every track is done."""
        statuses = [t.status(now_min) for t in self._tracks]
        if "fine" in statuses:
            return FINE_STEP_MIN
        if "coarse" in statuses:
            return COARSE_STEP_MIN
        if "slow" in statuses:
            return FALLOUT_STEP_MIN
        wake = [t.wake_min(now_min) for t in self._tracks if hasattr(t, "wake_min")]
        wake = [w for w in wake if w > now_min]
        if wake:
            return max(min(wake) - now_min, 1e-6)
        return None

    def _run_clock(self) -> Generator[simpy.Event, Any, None]:
        while True:
            step = self._next_step_min(self._hazard_min)
            move = self.cohorts.next_move_min() - self._hazard_min
            if step is None and not math.isfinite(move):
                return
            step = min(step if step is not None else COARSE_STEP_MIN, max(move, 1e-6))
            self._emit(self._hazard_min + step)
            try:
                yield self.env.timeout(self._hazard_min + step - self.env.now)
            except simpy.Interrupt:
                pass  # an effect changed the hazard: step again from now
            self._advance(self.env.now)

    def _advance(self, now_min: float) -> None:
        t0 = self._hazard_min
        if now_min <= t0:
            return
        for track in self._tracks:
            if hasattr(track, "advance"):
                track.advance(t0, now_min)
        self._hazard_min = now_min
        self.cohorts.apply_moves(now_min)

    def _emit(self, before_min: float) -> None:
        for track in self._tracks:
            self._emit_specs(track.emit(before_min))

    def _emit_screening(self, specs: list[WorriedWellSpec]) -> None:
        for spec in specs:
            self._on_worried_well(spec)
        self.screening_emitted += len(specs)

    def _emit_specs(self, specs: list[CasualtySpec]) -> None:
        for spec in specs:
            self._on_casualty(spec)
        self.casualties_emitted += len(specs)
        self.worried_well.casualties_emitted([s.onset_min for s in specs], self.env.now,
                                             limit=self.population.size - self.exposed_count,
                                             severities=[s.severity for s in specs])

    # ---- countermeasures (called by the care model) -------------------------------------
    def prevent(self, casualty_ids: Sequence[int], start_min: float | None = None,
                adherence: float | None = None) -> list[int]:
        """Prophylaxis for these (biological) casualties from `start_min` (default now): the ids
        whose illness it prevents — the care model drops them. Adherence defaults to the agent's
        typical mass-campaign value."""
        start = self.env.now if start_min is None else start_min
        prevented: list[int] = []
        for track in self._tracks:
            if isinstance(track, BioTrack):
                prevented += track.prevent(list(casualty_ids), start, adherence)
        return prevented

    def dispense(self, zone: str, served_fraction: float, start_min: float | None = None,
                 adherence: float | None = None) -> list[int]:
        """A point of dispensing has now served `served_fraction` (0-1) of a zone's people: the
        ids of infections this prevents (each person's place in the queue is a keyed draw)."""
        start = self.env.now if start_min is None else start_min
        prevented: list[int] = []
        for track in self._tracks:
            if isinstance(track, BioTrack):
                prevented += track.dispense(zone, served_fraction, start, adherence)
        return prevented
