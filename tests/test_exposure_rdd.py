"""Radiological dispersal device: blast rings, groundshine, screening demand."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cbrnsim.engine.exposure_radiation import ars_exceedance, ars_onset_delay_min, ars_tier
from cbrnsim.engine.exposure_rdd import CONCERNED_SCREENING_SHARE, SCREENING_DOSE_SV
from cbrnsim.hazard.radiological import blast_injury_radius_m
from test_exposure import run, tiny_scenario

ZONES = [{"id": "z1", "name": "Z1", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 800, "count": 50_000,
          "indoor_fraction": 0.7},
         {"id": "z2", "name": "Z2", "centre": {"x_m": 3000, "y_m": 0}, "radius_m": 1500, "count": 50_000,
          "indoor_fraction": 0.8}]
RDD = {"id": "rdd", "agent": "cs-137", "location": {"x_m": 0, "y_m": 0}, "activity_bq": 5e14, "explosive_kg_tnt": 20}


def test_blast_casualties_are_density_times_ring_area():
    model, casualties, worried = run(tiny_scenario(releases=[RDD], zones=ZONES, duration_min=24 * 60))
    blast = [c for c in casualties if c.injury == "blast"]
    density = 50_000 / (math.pi * 800**2)
    # Outermost criterion: eardrum-rupture threshold, 5 psi (Glasstone & Dolan 1977, Table 12.38).
    radius = float(blast_injury_radius_m(20, "eardrum_rupture_threshold"))
    primary = [c for c in blast if c.dose >= 5.0]
    assert len(primary) == pytest.approx(density * math.pi * radius**2, abs=3)
    assert all(c.contaminated and c.onset_min == 0.0 for c in blast)
    assert all(math.hypot(c.x_m, c.y_m) <= radius + 1e-6 for c in primary)
    assert max(c.severity for c in primary) == 4 and min(c.severity for c in primary) == 2
    assert len({c.id for c in casualties}) == len(casualties)


def test_secondary_injuries_give_the_survivors_per_death_of_vehicle_bombs():
    # Arnold et al. 2003 (Prehosp Disaster Med 18:220, abstract): vehicle-delivered bombs, median
    # immediate mortality 4 % of casualties and 19 % of casualties admitted.
    model, casualties, _ = run(tiny_scenario(releases=[RDD], zones=ZONES, duration_min=24 * 60))
    blast = [c for c in casualties if c.injury == "blast"]
    density = 50_000 / (math.pi * 800**2)
    killed = density * math.pi * float(blast_injury_radius_m(20, "lethality_50")) ** 2
    survivors = [c for c in blast if c.death_untreated_min != 0.0]
    assert len(survivors) == pytest.approx(killed * 0.96 / 0.04, abs=2)
    secondary = [c for c in blast if c.dose < 5.0]
    inner = float(blast_injury_radius_m(20, "eardrum_rupture_threshold"))
    outer = float(blast_injury_radius_m(20, 1.0))
    assert all(inner - 1e-6 <= math.hypot(c.x_m, c.y_m) <= outer + 1e-6 for c in secondary)
    assert all(c.severity in (1, 2) and c.ambulatory and c.contaminated for c in secondary)
    minor = sum(c.severity == 1 for c in secondary)
    assert minor / len(secondary) == pytest.approx(0.81, abs=0.12)  # most are walking wounded


def test_screening_demand_is_the_contaminated_points_plus_the_concerned_public():
    model, casualties, worried = run(tiny_scenario(releases=[RDD], zones=ZONES, duration_min=24 * 60))
    track = model._tracks[0]
    screening = [w for w in worried if w.kind == "screening"]
    above = track.projected_dose_sv() >= SCREENING_DOSE_SV
    in_plume = above[model.population.receptor_of]
    blast_ids = {c.id for c in casualties if c.injury == "blast"}
    unhurt = np.array([int(i) not in blast_ids for i in model.population.person_id])
    # Goiânia 1987 (IAEA 1988): ~112,800 of a city of ~1 million monitored, whatever their dose.
    u = model.streams.uniform_per_key("person", model.population.person_id, draw="screening_concern")
    concerned = (u < CONCERNED_SCREENING_SHARE) & unhurt
    assert len(screening) == int(np.count_nonzero(in_plume | concerned))
    assert len({w.id for w in screening}) == len(screening)
    outside = ~in_plume & unhurt
    assert np.count_nonzero(concerned & outside) / np.count_nonzero(outside) == pytest.approx(0.11, abs=0.01)
    assert np.count_nonzero(in_plume) > 0 and model.screening_emitted == len(screening)
    # Downwind (east) points are the ones above the dose criterion.
    xs = model.population.receptor_x_m[above]
    assert xs.mean() > 0


def test_ars_tiers_follow_the_iaea_bands():
    # IAEA/WHO Safety Reports Series No. 2 (1998): mild from 1 Gy, moderate 2, severe 4, lethal 8 Gy.
    assert ars_tier(np.array([0.5, 1.0, 3.0, 5.0, 9.0])).tolist() == [0, 1, 2, 3, 4]
    assert ars_exceedance(2.5).tolist() == [1.0, 1.0, 0.0, 0.0]
    assert ars_onset_delay_min(4, 2).tolist() == [10.0, 10.0]
