"""Queueing sanity: a hospital ED fed Poisson arrivals with exponential service waits as Erlang-C says."""
from __future__ import annotations

import math

import numpy as np
import simpy

from cbrnsim.engine.hospitals import HospitalModel

from care_support import tiny_scenario


def erlang_c_mean_wait(arrival_per_min: float, service_per_min: float, servers: int) -> float:
    """Mean wait in queue of M/M/c (Erlang C; Gross, Shortle, Thompson & Harris, Fundamentals of
    Queueing Theory, 4th ed. 2008, §2.3, eqs. 2.29–2.31)."""
    a = arrival_per_min / service_per_min
    tail = a**servers / math.factorial(servers) * servers / (servers - a)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(servers)) + tail)
    return p_wait / (servers * service_per_min - arrival_per_min)


def test_erlang_c_formula_textbook_value():
    # a = 3 erlangs on 4 servers: P(wait) = 13.5 / 26.5 = 0.509 (hand calculation of eq. 2.30).
    assert math.isclose(erlang_c_mean_wait(3.0, 1.0, 4), 13.5 / 26.5, rel_tol=1e-12)


def test_ed_mean_wait_matches_erlang_c():
    env = simpy.Environment()
    h = HospitalModel(env, tiny_scenario().hospitals[0], lambda kind, payload: None)
    servers = h.beds["ed_spaces"].capacity  # 4 free spaces
    arrival, service = 3 / 60.0, 1 / 60.0  # 3 per hour, mean stay 60 min: load 0.75
    customers = 60_000
    rng = np.random.default_rng(20240611)
    gaps = rng.exponential(1 / arrival, customers)
    stays = rng.exponential(1 / service, customers)
    waits: list[float] = []

    def patient(stay_min: float):  # type: ignore[no-untyped-def]
        arrived = env.now
        with h.request_bed("ed_spaces", 1) as space:
            yield space
            waits.append(env.now - arrived)
            yield env.timeout(stay_min)

    def source():  # type: ignore[no-untyped-def]
        for gap, stay in zip(gaps, stays):
            yield env.timeout(gap)
            env.process(patient(stay))

    env.process(source())
    env.run()
    expected = erlang_c_mean_wait(arrival, service, servers)  # 30.6 min
    warm = len(waits) // 10  # drop the first tenth (empty-system start)
    measured = float(np.mean(waits[warm:]))
    # 54,000 customers at load 0.75: batch-means standard error ≈ 3 % here; allow 10 %.
    assert abs(measured - expected) / expected < 0.10, (measured, expected)
