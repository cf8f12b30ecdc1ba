"""Biological releases: infections, incubation against the agent files, prophylaxis, transmission."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.agentlib import get_agent
from cbrnsim.engine.exposure_bio import still_taking_fraction
from cbrnsim.hazard.biological import incubation_days, infection_probability, prophylaxis_protection
from cbrnsim.scenario import AgentIdentified
from test_exposure import run, tiny_scenario

DAY = 1440.0
CITY = [{"id": "z1", "name": "Z1", "centre": {"x_m": 2000, "y_m": 0}, "radius_m": 1000, "count": 100_000,
         "indoor_fraction": 0.7}]


def _bio(agent: str, organisms: float, days: float = 30, effects=()):
    release = {"id": "b", "agent": agent, "location": {"x_m": 0, "y_m": 0}, "organisms": organisms,
               "duration_min": 10}
    return run(tiny_scenario(releases=[release], zones=CITY, duration_min=days * DAY), effects=effects)


def test_anthrax_infections_are_the_vectorised_count_and_incubation_follows_the_dose():
    model, cases, _ = _bio("anthrax", 1e12)
    track = model._tracks[0]
    p = infection_probability("anthrax", track.inhaled_organisms())
    u = model.population.u_dose
    expected = sum(int(np.count_nonzero(u[model.cohorts.cohort_of == c] < p[c])) for c in range(model.cohorts.count))
    assert len(cases) == expected > 200
    # Brookmeyer et al. 2003 (PNAS 100:10129) competing-risks incubation, dose-dependent: the sample
    # median of the cases' incubation matches the model quantile at their (median) inhaled dose.
    incubation = np.array([(c.onset_min - c.exposed_min) / DAY for c in cases])
    dose = np.median([c.dose for c in cases])
    assert np.median(incubation) == pytest.approx(float(incubation_days("anthrax", 0.5, dose)), rel=0.15)
    assert all(c.injury == "infection" and c.ambulatory and not c.contaminated for c in cases)
    assert all(c.severity in (2, 3, 4) for c in cases)


def test_smallpox_incubation_median_is_the_agent_file_value():
    model, cases, _ = _bio("smallpox", 1e9, days=20)
    primary = [c for c in cases if c.dose_unit != "person-to-person"]
    median_days = get_agent("smallpox").incubation.median_days.value
    assert len(primary) > 200
    assert np.median([(c.onset_min - c.exposed_min) / DAY for c in primary]) == pytest.approx(median_days, rel=0.1)


def test_contagious_agent_makes_secondary_cases_and_isolation_cuts_them():
    model, cases, _ = _bio("smallpox", 1e9, days=30)
    secondary = [c for c in cases if c.dose_unit == "person-to-person"]
    assert secondary and all(c.onset_min > c.exposed_min for c in secondary)
    _, isolated, _ = _bio("smallpox", 1e9, days=30, effects=[(1.0, AgentIdentified(agent="smallpox"))])
    assert sum(c.dose_unit == "person-to-person" for c in isolated) < len(secondary)
    # The primary cases do not depend on identification (common random numbers).
    assert [c for c in cases if c.dose_unit != "person-to-person"] == \
        [c for c in isolated if c.dose_unit != "person-to-person"]


def test_still_taking_fraction_ends_at_the_shepard_2002_adherence():
    # Shepard et al. 2002 (Emerg Infect Dis 8:1124, abstract): 44 % still taking at 60 days.
    plan = get_agent("anthrax").prophylaxis
    course = plan.course_length_days.value
    a = plan.typical_adherence_fraction.value
    assert a == 0.44 and course == 60
    taking = still_taking_fraction(a, np.array([0.0, 30.0, 60.0, 90.0]), course)
    assert taking == pytest.approx([1.0, 0.44**0.5, 0.44, 0.44])
    with pytest.raises(ValueError):
        still_taking_fraction(1.5, 1.0, course)


def test_prophylaxis_prevents_cases_whose_person_still_takes_the_drug_at_onset():
    model, cases, _ = _bio("anthrax", 1e12, days=30)
    start_min = 2 * DAY
    prevented = set(model.prevent([c.id for c in cases], start_min))
    plan = get_agent("anthrax").prophylaxis
    adherence = plan.typical_adherence_fraction.value
    # With the whole course taken (adherence 1) the share is prophylaxis_protection's (hazard model).
    full = np.mean([prophylaxis_protection("anthrax", (start_min - c.exposed_min) / DAY, 1.0, c.dose)
                    for c in cases])
    onset_day = np.array([(c.onset_min - start_min) / DAY for c in cases])
    covered = (onset_day > 0) & (onset_day <= plan.course_length_days.value)
    expected = np.mean(covered * still_taking_fraction(adherence, onset_day, plan.course_length_days.value))
    assert len(prevented) / len(cases) == pytest.approx(float(expected), abs=0.05)
    assert float(np.mean(covered)) == pytest.approx(float(full), abs=0.05)
    # Most anthrax onsets fall in the first weeks: far more than the 44 % of a one-off draw.
    assert len(prevented) > 0.44 * int(np.count_nonzero(covered)) * 1.5
    assert all(c.onset_min > start_min for c in cases if c.id in prevented)
    assert model.prevent([c.id for c in cases], start_min) == []  # already prevented or ill


def test_dispensing_reaches_the_served_share_of_a_zone():
    model, cases, _ = _bio("anthrax", 1e12, days=30)
    prevented = model.dispense("z1", 0.5, 2 * DAY)
    assert 0 < len(prevented) < len(cases)
    assert model.dispense("z1", 0.5, 2 * DAY) == []
