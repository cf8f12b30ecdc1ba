"""The public exercise API: run, steer, replay and branch an exercise.

    from cbrnsim.exercise import Exercise
    ex = Exercise.from_file("scenarios/metro-sarin.yaml", seed=1, out="runs/demo.db")
    ex.advance_to(30); ex.deliver(3); print(ex.view().clock.label)

Every controller action is journaled (committed) before it takes effect; state is a function of
(scenario, seed, journal). See docs/exercise-api.md.
"""
from __future__ import annotations

from .exercise import Exercise, ModelFactory, engine_model_factory, scenario_of
from .injects import InjectError, load_injects_file
from .journal import ENTRY_KINDS, Entry, JournalError
from .msel import MselError, MselItem
from .replay import ReplayResult, replay_run
from .summary import format_summary
from .timeline import ReplayError
from .view import Clock, ExerciseView, HazardGrid

__all__ = [
    "ENTRY_KINDS", "Clock", "Entry", "Exercise", "ExerciseView", "HazardGrid", "InjectError", "JournalError",
    "ModelFactory", "MselError", "MselItem", "ReplayError", "ReplayResult", "engine_model_factory",
    "format_summary", "load_injects_file", "replay_run", "scenario_of",
]
