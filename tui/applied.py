"""What the journal has applied to the world so far, for the map's legend: which agents are out.

The wind now and the road closures in force come from the engine's own snapshot
(``ModelState.weather`` and ``ModelState.road_closures``), not from here, so the console and the
engine cannot disagree.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cbrnsim.exercise import Entry
from cbrnsim.exercise.journal import DeliverAction, InjectAction
from cbrnsim.scenario import Inject, Scenario, SecondaryRelease, model_effect


@dataclass(frozen=True, slots=True)
class Applied:
    """One model effect and when it took effect."""

    at_min: float
    """Scenario time it took effect (min)."""
    effect: object
    """The effect (a model of ``cbrnsim.scenario.effects``)."""


def applied_effects(entries: Iterable[Entry], msel: Mapping[int, Inject], now_min: float) -> list[Applied]:
    """The model effects of journal entries that have taken effect by ``now_min``, in order."""
    out: list[Applied] = []
    for entry in entries:
        if entry.at_min > now_min:
            continue
        action = entry.action
        inject = action.inject if isinstance(action, InjectAction) else (
            msel.get(action.number) if isinstance(action, DeliverAction) else None)
        effect = model_effect(inject) if inject is not None else None
        if effect is not None:
            out.append(Applied(entry.at_min, effect))
    return out


def agents_released(scenario: Scenario, applied: Iterable[Applied]) -> tuple[str, ...]:
    """Agent ids of the planned releases and of secondary releases applied so far."""
    ids = list(scenario.agent_ids())
    ids += [item.effect.release.agent for item in applied if isinstance(item.effect, SecondaryRelease)]
    return tuple(dict.fromkeys(ids))
