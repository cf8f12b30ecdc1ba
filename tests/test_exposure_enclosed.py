"""Enclosed (metro car) releases: the box model against its closed form, and the occupants."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.engine.exposure_enclosed import (EXIT_SHARES, STATION_INTERVAL_MIN, box_concentration_mg_m3,
                                              box_dosage_mg_min_m3)
from test_exposure import run, tiny_scenario

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
