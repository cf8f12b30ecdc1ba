"""ExposureModel on tiny scenarios built in Python: counts, monotonicity, protective actions,
wind changes, determinism and common random numbers (SimPy style: run, then assert exactly)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import simpy

from cbrnsim.engine.cohorts import AWAY
from cbrnsim.engine.exposure import ExposureModel
from cbrnsim.hazard.toxicology import severity_mix
from cbrnsim.rng import Streams
from cbrnsim.scenario import ProtectiveAction, PublicMessage, Scenario, WindChange

ZONE = {"id": "z1", "name": "Z1", "centre": {"x_m": 500, "y_m": 0}, "radius_m": 300, "count": 10_000,
        "indoor_fraction": 0.5}
SARIN_PUFF = {"id": "r1", "agent": "sarin", "location": {"x_m": 0, "y_m": 0}, "quantity_kg": 5, "duration_min": 0}


def tiny_scenario(releases: list[dict] | None = None, zones: list[dict] | None = None,
                  weather: list[dict] | None = None, duration_min: float = 720, hospital_x_m: float = 0.0,
                  **extra) -> Scenario:
    """One zone, one release, one station, one hospital: the smallest valid scenario."""
    data = {
        "schema_version": 1,
        "metadata": {"title": "tiny", "start": "2025-03-20T08:00:00", "time_zone": "Europe/Berlin",
                     "duration_min": duration_min},
        "geography": {"bounds": {"x_min_m": -20000, "x_max_m": 20000, "y_min_m": -20000, "y_max_m": 20000}},
        "weather": weather or [{"time_min": 0, "wind_speed_m_s": 3, "wind_from_deg": 270, "stability": "D"}],
        "releases": releases or [SARIN_PUFF],
        "population": zones or [ZONE],
        "responders": {"stations": [{"id": "s1", "name": "S", "location": {"x_m": 0, "y_m": -5000},
                                     "ambulance": {"count": 2, "crew": 2, "speed_km_h": 40, "turnout_min": 2}}]},
        "hospitals": [{"id": "h1", "name": "H", "location": {"x_m": hospital_x_m, "y_m": 5000},
                       "capacity": {"ed_spaces": 10}}],
    }
    data.update(extra)
    return Scenario.model_validate(data)


def run(scenario: Scenario, seed: int = 1, until_min: float | None = None, effects=()):
    """Run the exposure model alone; effects are (time_min, effect) pairs."""
    env = simpy.Environment()
    casualties, worried = [], []
    model = ExposureModel(scenario, Streams(seed), env, casualties.append, worried.append)
    model.start()
    for time_min, effect in sorted(effects, key=lambda e: e[0]):
        if time_min > env.now:
            env.run(until=time_min)
        model.apply_effect(effect)
    env.run(until=until_min or scenario.end_min)
    return model, casualties, worried


def test_casualty_count_is_the_vectorised_count_from_severity_mix():
    model, casualties, _ = run(tiny_scenario())
    track = model._tracks[0]
    exceed = np.cumsum(severity_mix("sarin", toxic_load=track.load)[:, ::-1], axis=1)[:, ::-1][:, 1]
    u = model.population.u_dose
    expected = sum(int(np.count_nonzero(u[model.cohorts.cohort_of == c] < exceed[c]))
                   for c in range(model.cohorts.count))
    assert expected > 100
    assert len(casualties) == model.exposed_count == expected


def test_severity_never_falls_with_dose_and_falls_with_distance():
    zones = [dict(ZONE, id=f"z{i}", name=f"Z{i}", centre={"x_m": d, "y_m": 0}, radius_m=100)
             for i, d in enumerate((300, 800, 2000))]
    model, casualties, _ = run(tiny_scenario(zones=zones))
    mean = {z: np.mean([c.severity for c in casualties if c.zone == z] or [0]) for z in ("z0", "z1", "z2")}
    share = {z: sum(c.zone == z for c in casualties) / 10_000 for z in ("z0", "z1", "z2")}
    assert mean["z0"] >= mean["z1"] >= mean["z2"]
    assert share["z0"] > share["z1"] > share["z2"]


def test_specs_obey_the_contract():
    _, casualties, _ = run(tiny_scenario())
    for c in casualties:
        assert c.onset_min >= c.exposed_min >= 0
        assert 1 <= c.severity <= 4 and c.injury == "toxic" and c.agent == "sarin"
        assert c.ambulatory == (c.severity <= 2)
        # Sarin needs decontamination (agents/sarin.yaml); indoor vapour-only cases are not flagged.
        assert c.contaminated == (c.id % 10**10 >= 5000)  # persons 0..4999 are the indoor half
        assert (c.death_untreated_min is not None) == (c.severity == 4)
    assert len({c.id for c in casualties}) == len(casualties)


def test_same_seed_gives_identical_casualties_and_another_seed_does_not():
    _, first, ww1 = run(tiny_scenario(), seed=7)
    _, second, ww2 = run(tiny_scenario(), seed=7)
    _, other, _ = run(tiny_scenario(), seed=8)
    assert first == second and ww1 == ww2
    assert first != other


def test_an_unrelated_hospital_changes_no_casualty():
    _, base, _ = run(tiny_scenario(), seed=3)
    _, moved, _ = run(tiny_scenario(hospital_x_m=9000.0), seed=3)
    assert base == moved


def test_shelter_in_place_before_the_cloud_reduces_casualties():
    late = dict(SARIN_PUFF, start_min=30)
    _, none, _ = run(tiny_scenario(releases=[late]))
    shelter = ProtectiveAction(action="shelter", zones=("z1",), compliance=1.0)
    model, sheltered, _ = run(tiny_scenario(releases=[late]), effects=[(0.0, shelter)])
    assert len(sheltered) < 0.8 * len(none)
    assert not any(c.contaminated for c in sheltered)  # everybody was indoors when the cloud came


def test_evacuation_stops_exposure_of_the_compliant():
    long_release = dict(SARIN_PUFF, duration_min=240, quantity_kg=20)
    _, none, _ = run(tiny_scenario(releases=[long_release]))
    evacuate = ProtectiveAction(action="evacuate", zones=("z1",), compliance=0.9)
    _, evacuated, _ = run(tiny_scenario(releases=[long_release]), effects=[(5.0, evacuate)])
    assert len(evacuated) < len(none)


def test_an_evacuation_delay_set_by_the_order_replaces_the_default():
    # Green Guide (SGSA, 6th ed. 2018, §10.7): a stand empties within 8 min; the default
    # EVACUATION_DELAY_MIN (30 min, planning assumption) is for a town. The people leave after
    # the order's own delay plus their walk to the zone edge.
    long_release = dict(SARIN_PUFF, duration_min=240, quantity_kg=20)
    slow = ProtectiveAction(action="evacuate", zones=("z1",), compliance=1.0)
    fast = ProtectiveAction(action="evacuate", zones=("z1",), compliance=1.0, delay_min=4.0)
    model_slow, default, _ = run(tiny_scenario(releases=[long_release]), effects=[(5.0, slow)], until_min=20)
    model_fast, quick, _ = run(tiny_scenario(releases=[long_release]), effects=[(5.0, fast)], until_min=20)
    walk_min = model_fast.population.edge_distance_m / (model_fast.scenario.behaviour.walking_speed_m_s * 60.0)
    gone = lambda m: int(np.count_nonzero(m.cohorts.mode == AWAY))  # noqa: E731
    assert float(np.max(walk_min)) + 4.0 + 5.0 < 20.0  # everybody is out by T+20 with the short delay
    assert gone(model_slow) == 0 and gone(model_fast) > 0
    assert len(quick) < len(default)


def test_a_wind_change_moves_the_affected_zone():
    zones = [dict(ZONE, id="east", name="East", centre={"x_m": 1000, "y_m": 0}, radius_m=300),
             dict(ZONE, id="north", name="North", centre={"x_m": 0, "y_m": 1000}, radius_m=300)]
    release = [dict(SARIN_PUFF, duration_min=60, quantity_kg=50)]
    _, steady, _ = run(tiny_scenario(releases=release, zones=zones))
    shift = WindChange(wind_speed_m_s=3, wind_from_deg=180)  # from the south: blows north
    _, shifted, _ = run(tiny_scenario(releases=release, zones=zones), effects=[(20.0, shift)])
    count = lambda specs, zone: sum(c.zone == zone for c in specs)  # noqa: E731
    assert count(steady, "north") == 0 and count(steady, "east") > 0
    assert count(shifted, "north") > 0 and count(shifted, "east") < count(steady, "east")


def test_weather_now_follows_the_scenario_and_wind_change_injects():
    model, _, _ = run(tiny_scenario(), until_min=10.0)
    first = model.weather_now()
    assert first.start_min == 0.0
    model.apply_effect(WindChange(wind_speed_m_s=3, wind_from_deg=180))
    now = model.weather_now()
    assert (now.start_min, now.wind_from_deg, now.wind_speed_m_s, now.stability) == (10.0, 180, 3, first.stability)


def test_a_secondary_release_adds_casualties():
    from cbrnsim.scenario import SecondaryRelease, ReleaseSpec
    second = SecondaryRelease(release=ReleaseSpec(**{k: v for k, v in SARIN_PUFF.items()}))
    _, once, _ = run(tiny_scenario())
    model, twice, _ = run(tiny_scenario(), effects=[(60.0, second)])
    first_ids = {c.id for c in once}
    new = [c for c in twice if c.id not in first_ids]
    assert len(twice) > len(once) and new
    assert min(c.onset_min for c in new) >= 60.0


def _care_seekers_sent_home(casualties: list, ratio: float) -> int:
    """The worried-well rule: ratio per moderate-or-worse casualty, less one per mild casualty,
    never taking back those already on their way (running maximum, in emission order)."""
    steps = np.array([ratio if c.severity >= 2 else -1.0 for c in casualties])
    return max(0, int(np.floor(np.cumsum(steps) + 1e-9).max()))


def test_worried_well_follow_casualties_and_public_messages():
    # SBCCOM (2000) summary insert: 5 unaffected per affected casualty (the Behaviour default), read
    # as "sent home per casualty needing treatment": St Luke's 1995, 530 sent home per 111 admitted
    # (Ohbu et al. 1997, South Med J 90:587, abstract). Mild casualties are among those sent home.
    far = [dict(ZONE, count=100_000, centre={"x_m": 500, "y_m": 0}, radius_m=300)]
    _, casualties, worried = run(tiny_scenario(zones=far))
    moderate_or_worse = sum(c.severity >= 2 for c in casualties)
    assert 0 < moderate_or_worse and 5 * moderate_or_worse < 100_000 - len(casualties)  # the cap does not bind
    assert len(worried) == _care_seekers_sent_home(casualties, 5.0)
    _, calm, worried_calm = run(tiny_scenario(zones=far),
                                effects=[(0.0, PublicMessage(worried_well_factor=0.2))])
    assert len(worried_calm) == _care_seekers_sent_home(calm, 5.0 * 0.2)  # the message scales the ratio
    assert len(worried_calm) <= len(worried)


def test_mild_casualties_stand_in_for_worried_well() -> None:
    # 100 moderate casualties at 5 each (SBCCOM 2000) less 200 mild ones who seek care themselves:
    # 300 unexposed care-seekers, 300 + 200 = 500 sent home per 100 needing treatment.
    from cbrnsim.engine.cohorts import build_population
    from cbrnsim.engine.worried_well import WorriedWell
    from cbrnsim.scenario import Behaviour, PopulationZone
    zone = PopulationZone.model_validate({"id": "a", "name": "A", "centre": {"x_m": 0, "y_m": 0},
                                          "radius_m": 500, "count": 30_000, "indoor_fraction": 0.5})
    emitted: list = []
    ww = WorriedWell(Behaviour(), build_population((zone,), Streams(1)), Streams(1), emitted.append, 0.0)
    ww.casualties_emitted([5.0] * 100, now_min=5.0, severities=[2] * 100)
    assert ww.count == 500
    ww.casualties_emitted([6.0] * 200, now_min=6.0, severities=[1] * 200)
    assert ww.count == 500  # those already on their way are not taken back
    ww.casualties_emitted([7.0] * 100, now_min=7.0, severities=[3] * 100)
    assert ww.count == 800 == len(emitted)  # 5 x 200 - 200


def test_hazard_field_and_threat_summary():
    scenario = tiny_scenario(releases=[dict(SARIN_PUFF, duration_min=30)])
    env = simpy.Environment()
    model = ExposureModel(scenario, Streams(1), env, lambda c: None, lambda w: None)
    model.start()
    env.run(until=5)
    field, unit = model.hazard_field(np.array([300.0, 0.0]), np.array([0.0, 1000.0]))
    assert unit == "mg/m3" and field[0] > 0 and field[1] < field[0] * 1e-6
    summary = model.threat_summary()
    assert summary["exposed"] == model.exposed_count
    assert set(summary["exposed_by_zone"]) == {"z1"}


def test_unhandled_effects_are_left_to_the_care_model():
    from cbrnsim.scenario import HospitalStatusChange
    env = simpy.Environment()
    model = ExposureModel(tiny_scenario(), Streams(1), env, lambda c: None, lambda w: None)
    assert model.apply_effect(HospitalStatusChange(hospital="h1", status="closed")) is False


def test_the_puff_peak_bound_holds_for_a_flattened_dense_cloud():
    # The stop rule for fine time steps relies on an upper bound of each airborne puff's ground
    # concentration, 2M / ((2π)^1.5 σh² σz) on its centre line (the Gaussian puff with ground
    # reflection). A dense (slumped) puff is flattened: its vertical spread is σz·f_z, so the bound
    # must use that, or it understates the ground peak of the heavy cloud.
    release = dict(SARIN_PUFF, agent="chlorine", quantity_kg=2000, duration_min=10)
    env = simpy.Environment()
    model = ExposureModel(tiny_scenario(releases=[release]), Streams(1), env, lambda c: None, lambda w: None)
    model.start()
    env.run(until=3.0)
    air = model._tracks[0].air
    peak, _ = air.puff_peaks()
    p = air.puffs._puffs
    assert peak.size > 0 and np.any(air.puffs._zspread < 1.0)  # some puffs are flattened
    ground = np.array([float(air.puffs.concentration_g_m3(x, y, 0.0)) for x, y in zip(p["x"], p["y"])])
    assert np.all(peak.sum() >= ground * (1 - 1e-9))  # the summed bound covers every puff centre


@pytest.mark.parametrize("agent,quantity", [("chlorine", 2000), ("hydrogen-cyanide", 5000)])
def test_other_chemicals_and_dense_gas(agent, quantity):
    release = dict(SARIN_PUFF, agent=agent, quantity_kg=quantity, duration_min=10)
    model, casualties, _ = run(tiny_scenario(releases=[release]))
    assert casualties and all(c.agent == agent for c in casualties)
    # Chlorine and HCN need no decontamination beyond disrobing (agents/*.yaml decontamination).
    assert not any(c.contaminated for c in casualties)
    assert math.isfinite(model._tracks[0].load.max())
