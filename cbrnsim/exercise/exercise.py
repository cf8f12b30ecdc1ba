"""``Exercise``: a running exercise — model, clock, journal, MSEL and objectives behind one API.

Everything a controller does goes through here, and always in the same two steps: the action
is appended to the run store's journal and committed (fsynced), *then* applied. The state is a
function of (scenario, seed, journal) — see ``cbrnsim.exercise.timeline`` for the ordering rule
that makes replay, resume and branch reproduce it exactly.

    ex = Exercise.from_file("scenarios/metro-sarin.yaml", seed=1, out="runs/demo.db")
    ex.advance_to(20)                                      # T+00:20
    ex.deliver(3)                                          # MSEL 3, now
    ex.apply(WindChangeInject(time_min=45, wind_speed_m_s=4, wind_from_deg=300))  # takes effect at T+00:45
    ex.advance_to(60); view = ex.view(); print(ex.summary()["deaths"])
    what_if = ex.branch(25)                                # same run up to T+00:25, then diverge
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..agentlib import AgentLibrary
from ..objectives import EvaluatorRating, ObjectiveResult, evaluate, evaluator_ratings
from ..runstore import JournalEntry, RunStore
from ..scenario import (
    DecisionInject, Effect, Inject, MessageInject, NoteInject, Scenario, load_scenario, load_scenario_text,
    model_effect,
)
from .injects import InjectError, check_inject
from .journal import (
    Action, ControlChange, DeliverAction, Entry, InjectAction, SkipAction, action_payload, control_change, decode,
    with_timing,
)
from .msel import MselError, MselItem, MselTracker
from .paths import branch_path, default_run_path
from .summary import build_summary
from .timeline import ModelLike, ReplayError, Timeline
from .view import ExerciseView, build_view

ModelFactory = Callable[[Scenario, int, RunStore], ModelLike]
"""Builds the model of a run: ``(scenario, seed, recorder) -> model`` (tests pass their own)."""


def engine_model_factory(library: AgentLibrary | None = None) -> ModelFactory:
    """The real engine: ``cbrnsim.engine.model.Model`` (imported when first needed)."""
    def build(scenario: Scenario, seed: int, recorder: RunStore) -> ModelLike:
        from ..engine.model import Model
        return Model(scenario, seed, recorder, library=library)
    return build


def scenario_text(scenario: Scenario) -> str:
    """The text a run store keeps: the file as loaded, or canonical JSON (which is YAML) if built in Python."""
    return scenario.source_text or scenario.canonical_json()


def scenario_of(store: RunStore, library: AgentLibrary | None = None) -> Scenario:
    """The scenario a run store was made from, re-validated from its stored text."""
    meta = store.meta()
    return load_scenario_text(meta["scenario_text"], meta.get("scenario_path", str(store.path)), library)


def _first_error(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


class Exercise:
    """One exercise run: see the module docstring and docs/exercise-api.md."""

    def __init__(self, scenario: Scenario, seed: int = 0, *, out: str | os.PathLike[str] | None = None,
                 library: AgentLibrary | None = None, auto_deliver_msel: bool = False,
                 model_factory: ModelFactory | None = None) -> None:
        path = Path(out) if out is not None else default_run_path(scenario, seed)
        store = RunStore.create(path, scenario_text(scenario), None, seed, scenario_path=scenario.source_path or None,
                                meta={"auto_deliver_msel": int(auto_deliver_msel)})
        self._attach(scenario, store, library, model_factory, auto_deliver_msel)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], seed: int = 0, **options: Any) -> Exercise:
        """Load a scenario file (ScenarioError on problems) and start an exercise on it."""
        return cls(load_scenario(path, options.get("library")), seed, **options)

    @classmethod
    def resume(cls, run_db: str | os.PathLike[str], *, library: AgentLibrary | None = None,
               model_factory: ModelFactory | None = None) -> Exercise:
        """Re-open a run store after a crash: replay its journal to the last journaled time, paused.

        The derived tables are rebuilt in the same file; entries scheduled for later stay scheduled.
        """
        store = RunStore.open(run_db)
        store.reset_derived()
        last_min = max((decode(row).entered_at_min for row in store.journal()), default=0.0)
        auto = store.meta().get("auto_deliver_msel") == "1"
        exercise = cls.from_store(store, last_min, library=library, model_factory=model_factory,
                                  auto_deliver_msel=auto)
        exercise.paused = True
        return exercise

    @classmethod
    def from_store(cls, store: RunStore, until_min: float, *, library: AgentLibrary | None = None,
                   model_factory: ModelFactory | None = None, scenario: Scenario | None = None,
                   auto_deliver_msel: bool = False) -> Exercise:
        """An exercise on a run store whose derived tables are empty, replayed from its journal to ``until_min``.

        Entries taking effect after ``until_min`` stay scheduled. Raises ReplayError when the
        journal does not fit the model (a divergence) and JournalError when it cannot be read.
        """
        entries = [decode(row) for row in store.journal()]
        exercise = cls._on_store(scenario or scenario_of(store, library), store, library, model_factory,
                                 auto_deliver_msel)
        exercise._replay(entries, until_min)
        return exercise

    @classmethod
    def _on_store(cls, scenario: Scenario, store: RunStore, library: AgentLibrary | None,
                  model_factory: ModelFactory | None, auto_deliver_msel: bool) -> Exercise:
        exercise = cls.__new__(cls)
        exercise._attach(scenario, store, library, model_factory, auto_deliver_msel)
        return exercise

    def _attach(self, scenario: Scenario, store: RunStore, library: AgentLibrary | None,
                model_factory: ModelFactory | None, auto_deliver_msel: bool) -> None:
        self._scenario = scenario
        self._store = store
        self._library = library
        self._model_factory = model_factory or engine_model_factory(library)
        self._seed = store.seed
        self._msel = MselTracker(scenario)
        self._notes: list[tuple[NoteInject, float, str | None]] = []
        self._replaying = False
        self.auto_deliver_msel: bool = auto_deliver_msel
        """Deliver each MSEL inject when the clock reaches its time (headless runs); journaled as deliveries."""
        self.paused: bool = False
        """Front-end state set by ``control`` entries (no model effect)."""
        self.speed: float = 1.0
        """Clock speed set by ``control`` entries: simulated seconds per wall-clock second (no model effect)."""
        self._timeline = Timeline(self._model_factory(scenario, self._seed, store), self._apply_entry)

    # ----------------------------------------------------------------------- read-only facts
    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self._scenario

    @property
    def seed(self) -> int:
        """The exercise seed."""
        return self._seed

    @property
    def store(self) -> RunStore:
        """The run store (journal, events, series)."""
        return self._store

    @property
    def model(self) -> ModelLike:
        """The simulation model (read it through ``view()``; change it only through journal entries)."""
        return self._timeline.model

    @property
    def now_min(self) -> float:
        """Simulation clock, minutes since STARTEX."""
        return self._timeline.now_min

    @property
    def events_processed(self) -> int:
        """Model events processed so far."""
        return int(self._timeline.model.events_processed)

    # ---------------------------------------------------------------------------- the clock
    def advance_to(self, t_min: float) -> None:
        """Run the model to ``t_min``, applying every journal entry (and auto MSEL delivery) due by then."""
        if t_min < self.now_min:
            raise ValueError(f"cannot go back in time from {self.now_min:g} to {t_min:g} min; branch instead")
        timeline = self._timeline
        while (due := self._next_due_min()) is not None and due <= t_min:
            timeline.run_until(due)
            timeline.apply_due(due)
            self._deliver_scheduled_msel()
        timeline.run_until(t_min)
        self._store.flush()

    def step(self) -> bool:
        """Process the next model event (after any journal entry due before it); False if none is left."""
        while (due := self._next_due_min()) is not None and due <= self._timeline.model.peek():
            self.advance_to(due)
        stepped = self._timeline.step_model()
        self._store.flush()
        return stepped

    def _next_due_min(self) -> float | None:
        times = [self._timeline.next_entry_min()]
        if self.auto_deliver_msel and not self._replaying:
            times.append(self._msel.next_open_time(self.now_min))
        known = [t for t in times if t is not None]
        return min(known) if known else None

    def _deliver_scheduled_msel(self) -> None:
        if self.auto_deliver_msel and not self._replaying:
            for number in self._msel.due_numbers(self.now_min):
                self.deliver(number, author="auto_deliver_msel")

    # -------------------------------------------------------------- controller actions (journaled)
    def apply(self, inject: Inject, *, at_min: float | None = None, author: str | None = None) -> int:
        """Journal an inject (committed), then apply it: now, or at ``at_min`` / its ``time_min`` if later.

        Returns the journal sequence number. Raises InjectError if it does not fit the scenario.
        """
        check_inject(self._scenario, inject, self._library)
        when = at_min if at_min is not None else max(inject.time_min, self.now_min)
        return self._journal(InjectAction(inject), when, author)

    def deliver(self, number: int, *, author: str | None = None) -> int:
        """Deliver the scenario's MSEL inject ``number`` now: journal 'deliver', then apply its effect."""
        self._msel.check_open(number)
        return self._journal(DeliverAction(number), self.now_min, author)

    def skip(self, number: int, reason: str = "", *, author: str | None = None) -> int:
        """Record that MSEL inject ``number`` will not be delivered."""
        self._msel.check_open(number)
        return self._journal(SkipAction(number, reason), self.now_min, author)

    def record_decision(self, decision: str, *, decided_by: str = "", effect: Effect | None = None,
                        content: str = "", objectives: tuple[str, ...] = (), author: str | None = None) -> int:
        """Record a player decision now, with the model effect it has (if any)."""
        try:
            inject = DecisionInject(time_min=self.now_min, decision=decision, decided_by=decided_by, effect=effect,
                                    content=content, objectives=objectives)
        except ValidationError as error:
            raise InjectError([_first_error(error)]) from None
        return self.apply(inject, author=author)

    def note(self, text: str, *, objective: str | None = None, rating: str | None = None,
             author: str | None = None) -> int:
        """A controller or evaluator note now; with ``objective`` and ``rating`` (P/S/M/U) it rates it."""
        if rating is not None and objective is None:
            raise InjectError(["a rating needs the objective it rates (objective='OBJ-1')"])
        try:
            inject = NoteInject(time_min=self.now_min, content=text, objective=objective, rating=rating)
        except ValidationError as error:
            raise InjectError([_first_error(error)]) from None
        return self.apply(inject, author=author)

    def control(self, action: str, speed: float | None = None, *, author: str | None = None) -> int:
        """Journal a pause / resume / speed change (front-end state; no model effect)."""
        return self._journal(control_change(action, speed), self.now_min, author)

    def pause(self, *, author: str | None = None) -> int:
        """Journal a pause of the clock."""
        return self.control("pause", author=author)

    def play(self, *, author: str | None = None) -> int:
        """Journal that the clock runs again."""
        return self.control("resume", author=author)

    def set_speed(self, speed: float, *, author: str | None = None) -> int:
        """Journal a new clock speed (simulated seconds per wall-clock second)."""
        return self.control("speed", speed, author=author)

    def _journal(self, action: Action, at_min: float, author: str | None) -> int:
        if at_min < self.now_min:
            raise ValueError(f"an entry cannot take effect in the past ({at_min:g} < now {self.now_min:g} min)")
        now = at_min == self.now_min
        after_steps = self._timeline.steps_at_now if now else 0
        kind, body = action_payload(action)
        seq = self._store.append_journal(kind, with_timing(body, self.now_min, after_steps), at_min, author)
        # Committed: from here on a crash replays it, so it may take effect.
        entry = Entry(seq, kind, float(at_min), self.now_min, after_steps, action, author)
        if now:
            self._timeline.apply_now(entry)
        else:
            self._timeline.schedule(entry)
        return seq

    # ------------------------------------------------------------------ applying an entry
    def _apply_entry(self, entry: Entry) -> None:
        action, now = entry.action, self.now_min
        record = self._store.record_event
        if isinstance(action, InjectAction):
            self._apply_inject(action.inject, entry.author, label=action.inject.title or action.inject.type)
        elif isinstance(action, DeliverAction):
            inject = self._msel.mark_delivered(action.number, now)
            record(now, "msel.delivered", f"msel:{action.number}",
                   {"number": action.number, "type": inject.type, "title": inject.title,
                    "scheduled_min": inject.time_min})
            self._apply_inject(inject, entry.author, label=f"MSEL {action.number}: {inject.title or inject.type}")
        elif isinstance(action, SkipAction):
            self._msel.mark_skipped(action.number, now, action.reason)
            record(now, "msel.skipped", f"msel:{action.number}", {"number": action.number, "reason": action.reason})
        else:
            self._apply_control(action)

    def _apply_inject(self, inject: Inject, author: str | None, label: str) -> None:
        now = self.now_min
        if isinstance(inject, NoteInject):
            self._notes.append((inject, now, author))
            self._store.record_event(now, "exercise.note", None if inject.objective is None else
                                     f"objective:{inject.objective}",
                                     {"content": inject.content, "rating": inject.rating})
        elif isinstance(inject, DecisionInject):
            self._store.record_event(now, "exercise.decision", None,
                                     {"decision": inject.decision, "decided_by": inject.decided_by,
                                      "effect": None if inject.effect is None else inject.effect.type})
        elif isinstance(inject, MessageInject):
            self._store.record_event(now, "exercise.message", None, {"title": inject.title, "to": inject.to})
        effect = model_effect(inject)
        if effect is not None:
            self._timeline.model.apply_effect(effect, label=label)

    def _apply_control(self, change: ControlChange) -> None:
        if change.action == "pause":
            self.paused = True
        elif change.action == "resume":
            self.paused = False
        elif change.speed is not None:
            self.speed = change.speed
        self._store.record_event(self.now_min, "exercise.control", None,
                                 {"action": change.action, "speed": change.speed})

    # ------------------------------------------------------------------ replay
    def _replay(self, entries: list[Entry], until_min: float) -> None:
        """Apply a journal (already in this exercise's store) as it was applied the first time."""
        self._replaying = True
        try:
            for entry in entries:
                self._timeline.schedule(entry)
            self.advance_to(until_min)
        except (InjectError, MselError, ValueError, KeyError) as error:
            raise ReplayError(f"{self._store.path}: replay failed: {error}") from None
        finally:
            self._replaying = False

    def branch(self, at_min: float, *, out: str | os.PathLike[str] | None = None) -> Exercise:
        """A new exercise (new run store) replayed to ``at_min`` from this one's scenario, seed and journal.

        The branch keeps the journal entries that took effect at or before ``at_min``; from
        there, new injects make it diverge. Its meta records this run and the branch time.
        """
        if at_min > self.now_min:
            raise ValueError(f"cannot branch at {at_min:g} min: the exercise is only at {self.now_min:g} min")
        self._store.flush()
        store = self._store.branch_to(Path(out) if out is not None else branch_path(self._store.path, at_min), at_min)
        return Exercise.from_store(store, at_min, library=self._library, model_factory=self._model_factory,
                                   scenario=self._scenario, auto_deliver_msel=self.auto_deliver_msel)

    # ------------------------------------------------------------------ looking at it
    def journal(self) -> list[JournalEntry]:
        """The committed journal, in order."""
        return self._store.journal()

    def pending_entries(self) -> tuple[Entry, ...]:
        """Journaled entries that take effect later, in the order they will be applied."""
        return self._timeline.pending()

    def msel(self) -> tuple[MselItem, ...]:
        """Every MSEL inject with its status now."""
        return self._msel.items(self.now_min)

    def evaluator_ratings(self) -> dict[str, EvaluatorRating]:
        """The latest evaluator rating per objective (from notes)."""
        return evaluator_ratings(self._notes)

    def objectives(self) -> tuple[ObjectiveResult, ...]:
        """Every objective: measured so far, proposed rating, evaluator rating."""
        return evaluate(self._scenario, self._timeline.model.metric, self.evaluator_ratings())

    def view(self, *, hazard_cells: int = 41) -> ExerciseView:
        """An immutable snapshot for front ends (``hazard_cells`` per side of the hazard grid; 0 for none)."""
        return build_view(self, hazard_cells)

    def summary(self) -> dict[str, Any]:
        """The run summary: exactly the object ``cbrnsim run --json`` prints."""
        return build_summary(self)

    def close(self) -> None:
        """Write the summary and KPIs into the run store and close it."""
        summary = self.summary()
        self._store.set_kpis({k: v for k, v in summary["kpis"].items() if v is None or isinstance(v, (int, float))})
        self._store.set_summary(summary)
        self._store.close()

    def __enter__(self) -> Exercise:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Exercise({self._scenario.metadata.title!r}, seed={self._seed}, now_min={self.now_min:g})"
