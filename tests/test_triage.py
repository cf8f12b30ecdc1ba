"""START/SALT triage with over- and under-triage (cbrnsim.engine.triage)."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.engine.triage import (
    PRIORITY, assigned_category, overtriage_probability, true_category, undertriaged,
)
from cbrnsim.rng import Streams


def test_true_categories_from_severity():
    assert [true_category(s, False) for s in (1, 2, 3, 4)] == ["minor", "delayed", "immediate", "immediate"]
    assert true_category(4, True) == "expectant"  # SALT: expectant when resources are overwhelmed
    assert PRIORITY["immediate"] < PRIORITY["delayed"] < PRIORITY["minor"] < PRIORITY["expectant"]


def test_errors_move_one_category_and_minor_casualties_stay_minor():
    assert assigned_category("delayed", 0.1, 0.9, 0.5, 0.05) == "immediate"
    assert assigned_category("delayed", 0.6, 0.9, 0.5, 0.05) == "delayed"
    assert assigned_category("minor", 0.0, 0.9, 1.0, 0.05) == "minor"
    assert assigned_category("immediate", 0.9, 0.01, 0.59, 0.05) == "delayed"
    assert assigned_category("immediate", 0.9, 0.5, 0.59, 0.05) == "immediate"
    assert undertriaged("immediate", "delayed") and not undertriaged("delayed", "minor")


def test_overtriage_probability_solves_frykbergs_share_of_immediate_tags():
    # 100 critical, 5 % under-triaged -> 95 true immediate tags; share 0.59 of all immediate tags
    # non-critical -> 0.59/0.41 * 95 = 136.7 delayed casualties tagged immediate, of 1,000.
    p = overtriage_probability(0.59, 0.05, critical=100, delayed=1000)
    assert p == pytest.approx(0.59 / 0.41 * 95 / 1000)
    over = p * 1000
    assert over / (over + 95) == pytest.approx(0.59)
    assert overtriage_probability(0.59, 0.05, critical=100, delayed=10) == 1.0  # too few to reach it
    assert overtriage_probability(0.59, 0.05, critical=0, delayed=10) == 0.0
    assert overtriage_probability(0.0, 0.05, critical=10, delayed=10) == 0.0


def test_realised_rates_match_the_published_defaults():
    # Frykberg 2002 (J Trauma 53:201): mean over-triage 59 % of the critical tags; ACS COT 2014
    # ch. 3: under-triage 5 %. 2,000 critical and 20,000 delayed casualties, each with its draws.
    critical, delayed = 2_000, 20_000
    streams = Streams(11)
    keys = np.arange(critical + delayed)
    u_over = streams.uniform_per_key("casualty", keys, "over")
    u_under = streams.uniform_per_key("casualty", keys, "under")
    p = overtriage_probability(0.59, 0.05, critical, delayed)
    tags = [assigned_category("immediate" if k < critical else "delayed", o, u, p, 0.05)
            for k, o, u in zip(keys, u_over, u_under)]
    immediate_tags = [k for k, t in zip(keys, tags) if t == "immediate"]
    non_critical_share = np.mean([k >= critical for k in immediate_tags])
    under = np.mean([t != "immediate" for t in tags[:critical]])
    assert abs(non_critical_share - 0.59) < 0.015 and abs(under - 0.05) < 0.012
