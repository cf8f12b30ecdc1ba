"""Decontamination: field lines at the scene and the line at a hospital's ED door.

Field: each decon unit, once set up, is one line with an ambulatory lane
(``ambulatory_people_per_h``) and a non-ambulatory lane (``non_ambulatory_people_per_h``);
casualties queue by triage priority, then first come. Where no decon unit has been committed to
the scene, a fire crew able to give gross decon (disrobing and water; disrobing alone removes the
bulk of contamination — US Army SBCCOM, Guidelines for Mass Casualty Decontamination During a
Terrorist Chemical Agent Incident, 2000, p. 8, '80 %') decontaminates on the spot; with neither,
casualties leave the scene still contaminated.

Hospital: one lane at ``decon_people_per_h`` from ``decon_setup_min`` after the hospital is
alerted. Contaminated arrivals before that enter the ED undecontaminated (secondary
contamination, see hospitals.py).
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import simpy

if TYPE_CHECKING:
    from .casualty import Casualty
    from .hospitals import HospitalModel
    from .response import Scene

SetState = Callable[["Casualty", str], None]
"""The model's state-change callback: (casualty, new state) -> None."""


def field_decon(env: simpy.Environment, c: Casualty, scene: Scene, priority: int,
                set_state: SetState) -> Generator[Any, Any, None]:
    """Take a contaminated casualty through the scene's decon (or gross decon)."""
    if scene.decon_committed == 0:
        if scene.gross_decon:
            c.decon_min = env.now
        return
    ambulatory = c.spec.ambulatory
    pool = scene.decon_ambulatory if ambulatory else scene.decon_stretcher
    set_state(c, "awaiting_decon")
    request = pool.request(priority, scene.x_m, scene.y_m, c.key)
    try:
        unit = yield request
    except simpy.Interrupt:
        request.cancel()
        raise
    try:
        set_state(c, "in_decon")
        rate = unit.pool.ambulatory_people_per_h if ambulatory else unit.pool.non_ambulatory_people_per_h
        yield env.timeout(60.0 / rate)
        c.decon_min = env.now
    finally:
        pool.release(unit)


def hospital_decon(env: simpy.Environment, c: Casualty, hospital: HospitalModel, priority: int,
                   set_state: SetState) -> Generator[Any, Any, None]:
    """Take a contaminated arrival through the ED-door line (the caller checked it works)."""
    assert hospital.decon is not None
    set_state(c, "awaiting_decon")
    with hospital.decon.request(priority) as slot:
        yield slot
        set_state(c, "in_decon")
        yield env.timeout(hospital.decon_service_min)
        c.decon_min = env.now
