"""START/SALT triage with over- and under-triage (cbrnsim.engine.triage)."""
from __future__ import annotations

import numpy as np

from cbrnsim.engine.triage import PRIORITY, assigned_category, true_category, undertriaged
from cbrnsim.rng import Streams


def test_true_categories_from_severity():
    assert [true_category(s, False) for s in (1, 2, 3, 4)] == ["minor", "delayed", "immediate", "immediate"]
    assert true_category(4, True) == "expectant"  # SALT: expectant when resources are overwhelmed
    assert PRIORITY["immediate"] < PRIORITY["delayed"] < PRIORITY["minor"] < PRIORITY["expectant"]


def test_errors_move_one_category():
    assert assigned_category("minor", 0.1, 0.9, 0.59, 0.05) == "delayed"
    assert assigned_category("delayed", 0.1, 0.9, 0.59, 0.05) == "immediate"
    assert assigned_category("immediate", 0.9, 0.01, 0.59, 0.05) == "delayed"
    assert assigned_category("immediate", 0.9, 0.5, 0.59, 0.05) == "immediate"
    assert undertriaged("immediate", "delayed") and not undertriaged("delayed", "minor")


def test_realised_rates_match_the_published_defaults():
    # Frykberg 2002 (J Trauma 53:201): mean overtriage 59 %; ACS COT 2014 ch. 3: undertriage 5 %.
    keys = np.arange(20_000)
    streams = Streams(11)
    u_over = streams.uniform_per_key("casualty", keys, "over")
    u_under = streams.uniform_per_key("casualty", keys, "under")
    over = np.mean([assigned_category("minor", o, u, 0.59, 0.05) != "minor" for o, u in zip(u_over, u_under)])
    under = np.mean([assigned_category("immediate", o, u, 0.59, 0.05) != "immediate" for o, u in zip(u_over, u_under)])
    assert abs(over - 0.59) < 0.015 and abs(under - 0.05) < 0.006
