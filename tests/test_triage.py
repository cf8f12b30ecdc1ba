"""START/SALT triage with over- and under-triage (cbrnsim.engine.triage)."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.engine.triage import PRIORITY, assigned_category, overtriage_share, true_category, undertriaged
from cbrnsim.rng import Streams


def test_true_categories_from_severity():
    assert [true_category(s, False) for s in (1, 2, 3, 4)] == ["minor", "delayed", "immediate", "immediate"]
    assert true_category(4, True) == "expectant"  # SALT: expectant when resources are overwhelmed
    assert PRIORITY["immediate"] < PRIORITY["delayed"] < PRIORITY["minor"] < PRIORITY["expectant"]


def test_errors_tag_non_critical_casualties_immediate_and_critical_ones_delayed():
    assert assigned_category("delayed", 0.01, 0.9, 0.05, 0.05) == "immediate"
    assert assigned_category("minor", 0.01, 0.9, 0.05, 0.05) == "immediate"
    assert assigned_category("delayed", 0.06, 0.9, 0.05, 0.05) == "delayed"
    assert assigned_category("minor", 0.06, 0.9, 0.05, 0.05) == "minor"
    assert assigned_category("immediate", 0.9, 0.01, 0.05, 0.05) == "delayed"
    assert assigned_category("immediate", 0.9, 0.5, 0.05, 0.05) == "immediate"
    assert undertriaged("immediate", "delayed") and not undertriaged("delayed", "minor")


def test_london_2005_default_reproduces_its_frykberg_over_triage_share():
    # Aylwin et al. 2006 (Lancet 368:2219, abstract): 55 priority-dispatch casualties, 20 critically
    # injured, of 775 casualties and 56 deaths (53 at scene). 35 over-triaged among ~700 others is
    # the 0.05 default; Frykberg's share for London is 35/55 = 64 % (his ten-bombing mean: 59 %,
    # J Trauma 2002;53:201). All 20 critical tagged (no under-triage in this check).
    others = 775 - 53 - 20
    assert 35 / others == pytest.approx(0.05, abs=0.001)
    assert overtriage_share(0.05, 0.0, critical=20, others=others) == pytest.approx(35 / 55, abs=0.01)
    # The same per-casualty error in a mix with many critical casualties gives a much smaller share.
    assert overtriage_share(0.05, 0.05, critical=5_000, others=13_600) < 0.15


def test_realised_rates_match_the_published_defaults():
    # Per casualty: over-triage 5 % of non-critical (London 2005, above); under-triage 5 % of
    # critical (ACS COT 2014 ch. 3).
    keys = np.arange(20_000)
    streams = Streams(11)
    u_over = streams.uniform_per_key("casualty", keys, "over")
    u_under = streams.uniform_per_key("casualty", keys, "under")
    over = np.mean([assigned_category("delayed", o, u, 0.05, 0.05) != "delayed" for o, u in zip(u_over, u_under)])
    under = np.mean([assigned_category("immediate", o, u, 0.05, 0.05) != "immediate"
                     for o, u in zip(u_over, u_under)])
    assert abs(over - 0.05) < 0.006 and abs(under - 0.05) < 0.006
