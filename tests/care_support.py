"""Test support for the care engine: a tiny scenario and a fake exposure emitter (tests only).

The fake stands in for ``cbrnsim.engine.exposure.ExposureModel``: it emits the CasualtySpecs and
WorriedWellSpecs it is given at their ``exposed_min`` / ``depart_min``, so care-model tests do not
depend on the hazard and exposure models.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from cbrnsim.engine.exposure_specs import CasualtySpec, WorriedWellSpec
from cbrnsim.scenario import Scenario, load_scenario_text

# Units move 1,000 m of straight line in exactly 1 min: 1,000 m × 1.417 detour / (85.02 km/h).
EXACT_SPEED_KM_H = 85.02

TINY = """
schema_version: 1
metadata: {{title: "Tiny care test", start: "2026-01-01T08:00:00", time_zone: "UTC", duration_min: {duration}}}
geography: {{bounds: {{x_min_m: -20000, x_max_m: 20000, y_min_m: -20000, y_max_m: 20000}}}}
weather: [{{time_min: 0, wind_speed_m_s: 3, wind_from_deg: 270, stability: D}}]
releases:
  - {{id: R1, agent: {agent}, location: {{x_m: 0, y_m: 0}}, quantity_kg: 1, start_min: 0}}
behaviour:
  self_evacuation_share: {self_evac}
  overtriage_rate: 0
  undertriage_rate: 0
  first_call_delay_min: 10
  care_seeking_delay_median_min: 20
  self_travel_speed_km_h: {speed}
responders:
  call_processing_min: 1
  stations:
    - id: s1
      name: Station 1
      location: {{x_m: 1000, y_m: 0}}
      ambulance: {{count: {ambulances}, crew: 2, speed_km_h: {speed}, turnout_min: 1, patients_per_unit: 1, handover_min: 10}}
      fire_rescue: {{count: 1, crew: 4, speed_km_h: {speed}, turnout_min: 1, extraction_people_per_h: 60}}
{extra_pools}
hospitals:
  - id: h1
    name: Hospital 1
    location: {{x_m: 2000, y_m: 0}}
    capacity: {{ed_spaces: {ed}, ward_beds: 20, icu_beds: 5, ventilators: 5}}
    baseline_occupied: {{ward_beds: 10, icu_beds: 2}}
    surge: {{activation_min: 30, ward_discharge_fraction: 0.5, discharge_over_h: 1, extra_ed_spaces: 2, extra_icu_beds: 1}}
    decon_people_per_h: 30
    decon_setup_min: 30
    stock: {{atropine_1mg: 10}}
{more_hospitals}
"""

DECON_AND_TEAMS = """      hazmat: {{count: 1, crew: 6, speed_km_h: {speed}, turnout_min: 1, setup_min: 10, identification_min: 5, extraction_people_per_h: 60}}
      decon: {{count: 1, crew: 10, speed_km_h: {speed}, turnout_min: 1, setup_min: 10, ambulatory_people_per_h: 120, non_ambulatory_people_per_h: 12}}
      medical_team: {{count: 1, crew: 4, speed_km_h: {speed}, turnout_min: 1, patients_per_h: 60, autoinjectors_per_team: 20}}"""

SECOND_HOSPITAL = """  - id: h2
    name: Hospital 2
    location: {x_m: -5000, y_m: 0}
    capacity: {ed_spaces: 10, ward_beds: 20, icu_beds: 5, ventilators: 5}"""


def tiny_scenario(*, agent: str = "sarin", self_evac: float = 0.0, ambulances: int = 1, ed: int = 4,
                  specialists: bool = False, two_hospitals: bool = False, duration: float = 600) -> Scenario:
    """A one-release, one-station scenario with exact travel times (1 min per km)."""
    text = TINY.format(
        agent=agent, self_evac=self_evac, speed=EXACT_SPEED_KM_H, ambulances=ambulances, ed=ed,
        duration=duration, extra_pools=DECON_AND_TEAMS.format(speed=EXACT_SPEED_KM_H) if specialists else "",
        more_hospitals=SECOND_HOSPITAL if two_hospitals else "")
    return load_scenario_text(text, "tiny.yaml")


def spec(case_id: int, *, onset_min: float = 2.0, severity: int = 3, ambulatory: bool = False,
         contaminated: bool = False, death_untreated_min: float | None = None, x_m: float = 0.0,
         y_m: float = 0.0, exposed_min: float = 0.0, agent: str = "sarin", injury: str = "toxic",
         leaves_min: float | None = None) -> CasualtySpec:
    """A casualty spec with test defaults."""
    return CasualtySpec(id=case_id, zone="R1", x_m=x_m, y_m=y_m, exposed_min=exposed_min, onset_min=onset_min,
                        severity=severity, injury=injury, contaminated=contaminated, ambulatory=ambulatory,  # type: ignore[arg-type]
                        death_untreated_min=death_untreated_min, agent=agent, dose=0.0, dose_unit="test",
                        leaves_min=leaves_min)


class FakeExposure:
    """Emits given specs at their exposure (or departure) time; handles no effects."""

    def __init__(self, scenario: Scenario, streams: Any, env: Any, on_casualty: Any, on_worried_well: Any,
                 library: Any = None, *, specs: Sequence[CasualtySpec] = (),
                 worried: Sequence[WorriedWellSpec] = ()) -> None:
        self.env = env
        self.specs = list(specs)
        self.worried = list(worried)
        self.on_casualty = on_casualty
        self.on_worried_well = on_worried_well
        self.effects: list[Any] = []
        self.dispensed: list[tuple[str, float]] = []
        self.exposed_count = len(self.specs)

    def start(self) -> None:
        self.env.process(self._emit())

    def _emit(self):  # type: ignore[no-untyped-def]
        items = sorted([(s.exposed_min, 0, i, s) for i, s in enumerate(self.specs)] +
                       [(w.depart_min, 1, i, w) for i, w in enumerate(self.worried)], key=lambda t: t[:3])
        for at_min, kind, _, item in items:
            if at_min > self.env.now:
                yield self.env.timeout(at_min - self.env.now)
            (self.on_casualty if kind == 0 else self.on_worried_well)(item)

    def apply_effect(self, effect: Any) -> bool:
        self.effects.append(effect)
        return False

    def dispense(self, zone: str, served_fraction: float, start_min: float) -> list[int]:
        self.dispensed.append((zone, served_fraction))
        return []


def fake(specs: Sequence[CasualtySpec] = (), worried: Sequence[WorriedWellSpec] = ()) -> Any:
    """An exposure factory emitting these specs."""
    return functools.partial(FakeExposure, specs=specs, worried=worried)
