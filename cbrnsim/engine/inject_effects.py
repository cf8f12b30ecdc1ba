"""What each inject does to the running model (``Model.apply_effect``).

Every inject type with a model effect has one handler here, named after the effect's ``type``.
Effects that change the hazard or the population's behaviour (wind, a secondary release,
protective actions, public messages) also go to the exposure model; ``agent_identified`` reaches
it through ``Model.identify``. Each application is recorded as an ``inject_applied`` event first.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .antidote import sweep_hospital_antidote
from .travel import Closure

if TYPE_CHECKING:
    from .model import Model

EXPOSURE_EFFECTS = frozenset({"wind_change", "release", "protective_action", "public_message"})
"""Effect types the exposure model also applies."""


def apply_inject_effect(m: Model, effect: Any, label: str) -> None:
    """Record the inject, then apply its effect to the care model and, if it has one, to the hazard."""
    kind = effect.type
    m.recorder.record_event(m.env.now, "inject_applied", None, {"label": label, "type": kind})
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(m, effect)
    if kind in EXPOSURE_EFFECTS:
        m.exposure.apply_effect(effect)


def _release(m: Model, effect: Any) -> None:
    m.add_released_agent(effect.release)


def _protective_action(m: Model, effect: Any) -> None:
    if m.protective_action_min is None:
        m.protective_action_min = m.env.now


def _public_message(m: Model, effect: Any) -> None:
    if m.public_message_min is None:
        m.public_message_min = m.env.now


def _hospital_status(m: Model, effect: Any) -> None:
    hospital = m.hospital_by_id[effect.hospital]
    if effect.status is not None:
        hospital.set_status(effect.status)
    if effect.bed_changes != type(effect.bed_changes)():
        hospital.change_beds(effect.bed_changes)


def _units_arrive(m: Model, effect: Any) -> None:
    units = m.fleet.add_units(effect.station, effect.kind, effect.count, effect.origin)
    active = [s for s in m.scenes if s.first_call_min is not None]
    if active and m.policy.first_alarm(effect.kind, len(units)) > 0:
        for _ in units:
            active[-1].send(m.fleet, effect.kind)  # mutual aid goes to the newest incident


def _unit_out_of_service(m: Model, effect: Any) -> None:
    m.fleet.out_of_service(effect.station, effect.kind, effect.count, effect.duration_min)


def _road_closure(m: Model, effect: Any) -> None:
    until = math.inf if effect.duration_min is None else m.env.now + effect.duration_min
    m.travel.add_closure(Closure(effect.road, effect.centre.x_m, effect.centre.y_m, effect.radius_m,
                                 effect.travel_time_factor, until))


def _stockpile_delivery(m: Model, effect: Any) -> None:
    if effect.hospital is not None:
        m.hospital_by_id[effect.hospital].deliver(dict(effect.items))
    else:
        stock = m.fleet.station_stock[effect.station]
        for name, doses in sorted(effect.items.items()):
            stock[name] = stock.get(name, 0) + doses
    sweep_hospital_antidote(m)


def _agent_identified(m: Model, effect: Any) -> None:
    m.identify(effect.agent, effect.identified_by or f"inject ({effect.confidence})")


HANDLERS: dict[str, Callable[[Model, Any], None]] = {
    "release": _release, "protective_action": _protective_action, "public_message": _public_message,
    "hospital_status": _hospital_status, "units_arrive": _units_arrive,
    "unit_out_of_service": _unit_out_of_service, "road_closure": _road_closure,
    "stockpile_delivery": _stockpile_delivery, "agent_identified": _agent_identified,
}
"""Care-model handler per effect type (wind_change and the messages without model effect have none)."""
