"""What the journal has changed in the world so far: the wind now, the road closures in force.

The map needs the wind that blows now (the scenario's forecast, overridden by any wind-change
inject or decision) and the closures in force. Both follow from the journal entries that have
taken effect — the same entries the engine applied — with the engine's rule for weather: at
any time, the latest weather step that has begun wins, whether it came from the scenario's
timeline or from an inject (``cbrnsim.engine.exposure``, ``_wind_change``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cbrnsim.exercise import Entry
from cbrnsim.exercise.journal import DeliverAction, InjectAction
from cbrnsim.scenario import Inject, RoadClosure, Scenario, SecondaryRelease, WindChange, model_effect


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


def wind_now(scenario: Scenario, applied: Iterable[Applied], now_min: float) -> tuple[float, float]:
    """(wind from °, speed m/s) in force at ``now_min``."""
    forecast = scenario.weather_at(now_min)
    best = (forecast.time_min, forecast.wind_from_deg, forecast.wind_speed_m_s)
    for item in applied:
        if isinstance(item.effect, WindChange) and item.at_min <= now_min and item.at_min >= best[0]:
            best = (item.at_min, item.effect.wind_from_deg, item.effect.wind_speed_m_s)
    return best[1], best[2]


def closures_now(applied: Iterable[Applied], now_min: float) -> tuple[tuple[float, float, float], ...]:
    """Road closures in force at ``now_min`` as (x_m, y_m, radius_m)."""
    out = []
    for item in applied:
        effect = item.effect
        if isinstance(effect, RoadClosure):
            until = math.inf if effect.duration_min is None else item.at_min + effect.duration_min
            if item.at_min <= now_min < until:
                out.append((effect.centre.x_m, effect.centre.y_m, effect.radius_m))
    return tuple(out)


def agents_released(scenario: Scenario, applied: Iterable[Applied]) -> tuple[str, ...]:
    """Agent ids of the planned releases and of secondary releases applied so far."""
    ids = list(scenario.agent_ids())
    ids += [item.effect.release.agent for item in applied if isinstance(item.effect, SecondaryRelease)]
    return tuple(dict.fromkeys(ids))
