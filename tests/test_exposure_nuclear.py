"""Nuclear detonation: injuries rise toward ground zero; immediate deaths; fallout; shelter."""
from __future__ import annotations

import numpy as np

from cbrnsim.engine.exposure_nuclear import OTA_BANDS_PSI, NuclearTrack
from cbrnsim.hazard.nuclear import overpressure_psi
from test_exposure import run, tiny_scenario

IND = {"id": "ind", "agent": "ind", "location": {"x_m": 0, "y_m": 0}, "yield_kt": 1, "burst": "surface"}
RINGS = [{"id": f"r{i}", "name": f"R{i}", "centre": {"x_m": 0, "y_m": d}, "radius_m": 100, "count": 5000,
          "indoor_fraction": 0.8} for i, d in enumerate((300, 700, 1200, 2000, 4000))]


def test_injuries_and_deaths_rise_toward_ground_zero():
    model, casualties, _ = run(tiny_scenario(releases=[IND], zones=RINGS, duration_min=360))
    share = [sum(c.zone == z["id"] for c in casualties) / 5000 for z in RINGS]
    killed = [sum(c.zone == z["id"] and c.death_untreated_min == 0.0 for c in casualties) for z in RINGS]
    assert share == sorted(share, reverse=True) and share[0] > 0.95
    assert killed == sorted(killed, reverse=True) and killed[0] > 0
    assert {c.injury for c in casualties} <= {"blast", "burn", "radiation", "combined"}


def test_blast_bands_are_the_ota_table():
    # OTA, The Effects of Nuclear War (1979) p. 19: >12 psi 98 % killed; 5-12 psi 50 % killed, 40 % injured.
    exceed = NuclearTrack._blast_exceedance(None, np.array([20.0, 8.0, 3.0, 1.5, 0.5]))
    assert exceed[0].tolist() == [1.0, 1.0, 1.0, 0.98]
    assert exceed[1].tolist() == [0.9, 0.9, 0.9, 0.5]
    assert exceed[2].tolist() == [0.5, 0.5, 0.05, 0.05]
    assert exceed[3].tolist() == [0.25, 0.0, 0.0, 0.0]
    assert exceed[4].tolist() == [0.0] * 4
    assert OTA_BANDS_PSI[0][:3] == (12.0, 0.98, 0.02)


def test_immediate_casualties_at_the_detonation_and_fallout_downwind():
    downwind = [{"id": "down", "name": "Down", "centre": {"x_m": 6000, "y_m": 0}, "radius_m": 500, "count": 20_000,
                 "indoor_fraction": 0.0}]
    model, casualties, _ = run(tiny_scenario(releases=[IND], zones=downwind, duration_min=48 * 60))
    track = model._tracks[0]
    assert float(overpressure_psi(1, 6000)) < 1.0  # out of blast range: only fallout can hurt here
    assert track.dose_gy.max() > 0
    assert all(c.injury == "radiation" and c.onset_min > 0 for c in casualties)
