"""Enclosed (metro car) releases: the box model against its closed form, pool evaporation, the
near field, door openings, and the occupants."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.engine.exposure_enclosed import (EnclosureAir, agent_mole_fraction, box_concentration_mg_m3,
                                              box_dosage_mg_min_m3, near_field_excess_mg_m3,
                                              pool_evaporation_mg_min, source_term, vapour_pressure_pa)
from cbrnsim.engine.cohorts import KeyedNormals
from cbrnsim.hazard.toxicology import time_to_death_untreated_min
from cbrnsim.scenario.releases import Enclosure, Release, Spill
from test_exposure import run, tiny_scenario

EXIT_SHARES = Enclosure.model_fields["exit_shares"].default
STATION_INTERVAL_MIN = Enclosure.model_fields["stop_interval_min"].default
SPILL = {"pool_area_m2": 0.9, "purity": 0.3, "air_speed_m_s": 0.2, "liquid_temperature_c": 18}

CAR = {"id": "car3", "agent": "sarin", "location": {"x_m": 0, "y_m": 0}, "quantity_kg": 0.6,
       "airborne_fraction": 0.05, "duration_min": 20,
       "enclosure": {"volume_m3": 120, "air_changes_per_h": 6, "occupants": 150}}


def _ode(amount_mg, duration_min, volume_m3, ach, t_end, dt=1e-3):
    """Forward-Euler integration of dC/dt = S/V − λC (reference for the closed forms)."""
    lam, c, dose, t = ach / 60.0, 0.0, 0.0, 0.0
    rate = amount_mg / duration_min / volume_m3
    while t < t_end - 1e-12:
        source = rate if t < duration_min else 0.0
        dose += c * dt
        c += (source - lam * c) * dt
        t += dt
    return c, dose


@pytest.mark.parametrize("ach", [0.0, 6.0, 30.0])
@pytest.mark.parametrize("t_end", [5.0, 30.0])
def test_box_model_matches_the_mass_balance(ach, t_end):
    c, dose = _ode(30_000.0, 20.0, 120.0, ach, t_end)
    assert float(box_concentration_mg_m3(t_end, 30_000.0, 20.0, 120.0, ach)) == pytest.approx(c, rel=2e-3)
    assert float(box_dosage_mg_min_m3(t_end, 30_000.0, 20.0, 120.0, ach)) == pytest.approx(dose, rel=2e-3)


def test_box_model_steady_state_and_instantaneous_release():
    # During a long release C → S/(Vλ): 1000 mg/min into 100 m³ at 60 /h (λ = 1 /min) → 10 mg/m³.
    assert float(box_concentration_mg_m3(60.0, 1000.0 * 120, 120.0, 100.0, 60.0)) == pytest.approx(10.0, rel=1e-6)
    # A puff of M into V decays as e^(−λt) and its dosage tends to M/(Vλ).
    assert float(box_concentration_mg_m3(0.0, 500.0, 0.0, 100.0, 6.0)) == pytest.approx(5.0)
    assert float(box_dosage_mg_min_m3(1e5, 500.0, 0.0, 100.0, 6.0)) == pytest.approx(5.0 / 0.1)


def test_occupants_become_casualties_at_the_car_and_leave_at_stops():
    model, casualties, _ = run(tiny_scenario(releases=[CAR]))
    track = model._tracks[0]
    assert len(casualties) == track.affected_count > 0
    assert all(c.zone == "car3" and (c.x_m, c.y_m) == (0.0, 0.0) and c.exposed_min == 0.0 for c in casualties)
    assert all(c.contaminated for c in casualties)  # sarin liquid in the car: decontamination needed
    exits = np.bincount(track.exit_stop, minlength=len(EXIT_SHARES)) / track.person_id.size
    assert np.allclose(exits, EXIT_SHARES, atol=0.1)
    assert set(np.unique(track.exit_min)) <= {STATION_INTERVAL_MIN * k for k in (1, 2, 3)}
    # Riding on longer means a larger toxic load.
    by_stop = [track.load[track.exit_stop == k].max() for k in range(len(EXIT_SHARES))]
    assert by_stop[0] < by_stop[1] < by_stop[2]


def test_moving_car_casualties_are_placed_along_the_route():
    moving = dict(CAR, geometry="moving", location=None, duration_min=20,
                  path=[{"x_m": 0, "y_m": 0}, {"x_m": 10_000, "y_m": 0}])
    _, casualties, _ = run(tiny_scenario(releases=[moving]))
    # Even speed over 20 min: the first stop (2 min) is 1 km along the line.
    assert {round(c.x_m) for c in casualties} <= {1000, 2000, 3000}


def test_sarin_vapour_pressure_matches_published_values():
    # Sarin vapour pressure 2.10 mmHg at 20 °C and 2.9 mmHg at 25 °C (ATSDR Medical Management
    # Guidelines for Nerve Agents, physical properties of GB; FM 3-11.9 (2005) Table II-1 gives 2.10
    # mmHg at 20 °C), from the library's saturated vapour concentrations (ideal gas).
    sarin = get_agent("sarin")
    assert vapour_pressure_pa(sarin, 20.0) / 133.322 == pytest.approx(2.10, rel=0.02)
    assert vapour_pressure_pa(sarin, 25.0) / 133.322 == pytest.approx(2.9, rel=0.03)
    # Clausius–Clapeyron: colder liquid, lower pressure, monotonically.
    assert vapour_pressure_pa(sarin, 10.0) < vapour_pressure_pa(sarin, 15.0) < vapour_pressure_pa(sarin, 20.0)


def test_pool_evaporation_is_epa_equation_d1_in_its_own_units():
    # US EPA (1999) RMP Offsite Consequence Analysis Guidance, App. D eq. D-1:
    # QR [lb/min] = 0.284 u^0.78 MW^(2/3) A[ft²] VP[mmHg] / (82.05 T[K]).
    sarin = get_agent("sarin")
    spill = Spill(**SPILL)
    vp_mmhg = vapour_pressure_pa(sarin, 18.0) / 133.322387 * 0.3
    lb_min = 0.284 * 0.2 ** 0.78 * 140.1 ** (2 / 3) * (0.9 * 10.7639104) * vp_mmhg / (82.05 * 291.15)
    assert pool_evaporation_mg_min(sarin, spill) == pytest.approx(lb_min * 453_592.37, rel=1e-9)
    # Linear in area and in the agent's mole fraction (Raoult); air speed to the power 0.78.
    double = Spill(**{**SPILL, "pool_area_m2": 1.8})
    pure = Spill(**{**SPILL, "purity": 1.0})
    windy = Spill(**{**SPILL, "air_speed_m_s": 2.0})
    base = pool_evaporation_mg_min(sarin, spill)
    assert pool_evaporation_mg_min(sarin, double) == pytest.approx(2 * base)
    assert pool_evaporation_mg_min(sarin, pure) == pytest.approx(base / 0.3)
    assert pool_evaporation_mg_min(sarin, windy) == pytest.approx(base * 10 ** 0.78)


def test_mole_fraction_follows_the_diluent_molar_mass():
    sarin = get_agent("sarin")
    assert agent_mole_fraction(sarin, Spill(**SPILL)) == pytest.approx(0.3)
    # 30 % sarin (140.1 g/mol) in hexane (86.18 g/mol): (0.3/140.1) / (0.3/140.1 + 0.7/86.18).
    hexane = Spill(**{**SPILL, "diluent_molecular_weight_g_mol": 86.18})
    assert agent_mole_fraction(sarin, hexane) == pytest.approx((0.3 / 140.1) / (0.3 / 140.1 + 0.7 / 86.18))


def test_spill_evaporates_until_the_agent_is_gone():
    release = Release.model_validate({**CAR, "airborne_fraction": 1.0, "spill": SPILL})
    puff, rate, lasts = source_term(get_agent("sarin"), release)
    assert puff == 0.0 and rate > 0 and lasts == pytest.approx(0.6e6 / rate)
    sprayed = Release.model_validate(CAR)
    assert source_term(get_agent("sarin"), sprayed) == pytest.approx((0.0, 0.6e6 * 0.05 / 20, 20.0))


def _ode_with_doors(rate_mg_min, volume_m3, ach, interval_min, stops, door, t_end, dt=1e-4):
    lam, c, t, next_stop, k = ach / 60.0, 0.0, 0.0, interval_min, 0
    while t < t_end - 1e-12:
        c += (rate_mg_min / volume_m3 - lam * c) * dt
        t += dt
        if k < stops and t >= next_stop - 1e-9:
            c *= 1.0 - door
            k, next_stop = k + 1, next_stop + interval_min
    return c


def test_enclosure_air_without_doors_is_the_box_model_and_doors_cut_the_air_at_stops():
    shut = Enclosure(volume_m3=120, air_changes_per_h=12, occupants=10)
    air = EnclosureAir(shut, 0.0, 200.0, 20.0)
    tau = np.linspace(0.0, 30.0, 61)
    assert np.allclose(air.concentration_mg_m3(tau), box_concentration_mg_m3(tau, 4000.0, 20.0, 120.0, 12.0))
    doors = Enclosure(volume_m3=120, air_changes_per_h=12, occupants=10, door_exchange_fraction=0.1)
    air = EnclosureAir(doors, 0.0, 200.0, 1e9)
    for t_end in (1.5, 2.5, 5.9, 7.0):
        expected = _ode_with_doors(200.0, 120.0, 12.0, 2.0, 3, 0.1, t_end)
        assert float(air.concentration_mg_m3(t_end)) == pytest.approx(expected, rel=2e-3)


def test_near_field_excess_is_the_nicas_two_zone_steady_state():
    # Nicas (1996) / AIHA (2009) ch. 8: C_NF − C_FF = G/β, β = ½·FSA·s, FSA = 2πr² of the hemisphere.
    spill = Spill(**{**SPILL, "near_field_radius_m": 1.0})
    beta_m3_min = 0.5 * 2 * math.pi * 1.0 * 0.2 * 60
    assert near_field_excess_mg_m3(spill, 100.0) == pytest.approx(100.0 / beta_m3_min)


def test_occupants_beside_the_pool_take_a_larger_load():
    car = dict(CAR, airborne_fraction=1.0, spill={**SPILL, "near_field_share": 0.3},
               enclosure={**CAR["enclosure"], "occupants": 400})
    model, _, _ = run(tiny_scenario(releases=[car]))
    track = model._tracks[0]
    assert 0.2 < track.near_field.mean() < 0.4
    for stop in range(len(EXIT_SHARES)):
        at_stop = track.exit_stop == stop
        assert track.load[at_stop & track.near_field].min() > track.load[at_stop & ~track.near_field].max()


def test_a_platform_enclosure_takes_its_own_exit_schedule():
    platform = dict(CAR, airborne_fraction=1.0, spill=SPILL,
                    enclosure={"volume_m3": 10_000, "air_changes_per_h": 4, "occupants": 300,
                               "stop_interval_min": 4, "exit_shares": [0.5, 0.3, 0.2]})
    model, _, _ = run(tiny_scenario(releases=[platform]))
    track = model._tracks[0]
    assert set(np.unique(track.exit_min)) <= {4.0, 8.0, 12.0}
    assert np.allclose(np.bincount(track.exit_stop, minlength=3) / 300, [0.5, 0.3, 0.2], atol=0.08)


def _trapezoid_load(conc: np.ndarray, tau: np.ndarray, n: float) -> np.ndarray:
    powered = conc ** n
    return np.concatenate([[0.0], np.cumsum(0.5 * (powered[1:] + powered[:-1]) * np.diff(tau))])


def test_near_field_occupants_move_into_the_far_field_at_their_first_symptoms():
    # Two-zone model (Nicas 1996): beside the pool C_NF = C + G/β until the occupant's first signs,
    # then the room average. Reference: the same integral on a 20,001-point grid of our own.
    car = dict(CAR, airborne_fraction=1.0, spill={**SPILL, "near_field_share": 0.5},
               enclosure={**CAR["enclosure"], "occupants": 200})
    model, _, _ = run(tiny_scenario(releases=[car]))
    track = model._tracks[0]
    n = track.agent.toxic_load_exponent_n.value
    excess, source_min = track._near_excess
    checked = 0
    for i in np.flatnonzero(track.near_field):
        stay = STATION_INTERVAL_MIN * (track.exit_stop[i] + 1)
        tau = np.linspace(0.0, stay, 20_001)
        far = _trapezoid_load(track.air.concentration_mg_m3(tau), tau, n)
        near = _trapezoid_load(track.air.concentration_mg_m3(tau) + np.where(tau < source_min, excess, 0.0), tau, n)
        leave = track.onset_min[i] - track.start_min
        if not leave < stay:
            continue
        expected = np.interp(leave, tau, near) + far[-1] - np.interp(leave, tau, far)
        assert track.load[i] == pytest.approx(expected, rel=2e-3)
        assert far[-1] < track.load[i] < near[-1]  # less than staying beside the pool
        checked += 1
    assert checked > 20


def test_occupants_can_act_only_once_off_the_train_and_die_counted_from_the_fatal_dose():
    model, casualties, _ = run(tiny_scenario(releases=[dict(CAR, airborne_fraction=1.0)]))
    track = model._tracks[0]
    by_id = {int(pid): k for k, pid in enumerate(track.person_id)}
    assert casualties and all(c.leaves_min == track.exit_min[by_id[c.id]] for c in casualties)
    lethal = [c for c in casualties if c.severity == 4]
    assert lethal
    # FM 3-9: death within minutes 'after absorption of a fatal dosage': the clock starts when the
    # lethal tier's dose was taken, not at boarding (the occupant's own keyed draw).
    keys = np.array([c.id for c in lethal], dtype=np.int64)
    z = track._streams.normal_per_key("person", keys, draw="death_untreated")
    ttd = time_to_death_untreated_min("sarin", 4, KeyedNormals(z), size=keys.size)
    for c, t in zip(lethal, ttd):
        fatal = track.fatal_dose_min[by_id[c.id]]
        assert fatal <= c.onset_min
        assert c.death_untreated_min == pytest.approx(max(fatal + t - c.onset_min, 0.0))


def test_seated_occupants_breathe_less_than_the_reference_person_of_the_sarin_estimates():
    # ICRP 66 Table 6: adult male sitting awake 0.54 m³/h = 9 L/min; the sarin estimates hold at
    # 15 L/min (Bide, Armour & Yee 2005): the car's occupants see 0.6 of the systemic dose.
    from cbrnsim.engine.exposure_enclosed import OCCUPANT_MINUTE_VOLUME_L_MIN
    from cbrnsim.hazard.toxicology import systemic_breathing_factor
    assert OCCUPANT_MINUTE_VOLUME_L_MIN == pytest.approx(9.0)
    assert systemic_breathing_factor("sarin", OCCUPANT_MINUTE_VOLUME_L_MIN) == pytest.approx(0.6)
