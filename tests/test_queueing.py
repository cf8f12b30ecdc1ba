"""FastPriorityResource: exact timelines (SimPy style), capacity changes, and SimPy equivalence."""
from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from cbrnsim.engine.queueing import FastPriorityResource

Log = list[tuple[float, str]]


@pytest.fixture
def env() -> simpy.Environment:
    return simpy.Environment()


@pytest.fixture
def log() -> Log:
    return []


def patient(env: simpy.Environment, log: Log, beds: Any, name: str, priority: int, stay_min: float,
            arrive_min: float = 0.0) -> Generator[simpy.Event, Any, None]:
    if arrive_min > 0:
        yield env.timeout(arrive_min)
    with beds.request(priority=priority) as bed:
        yield bed
        log.append((env.now, f"{name} start"))
        yield env.timeout(stay_min)
    log.append((env.now, f"{name} done"))


def test_free_unit_is_granted_at_once_and_queue_waits(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)
    env.process(patient(env, log, beds, "p1", priority=1, stay_min=5))
    env.process(patient(env, log, beds, "p2", priority=1, stay_min=5))
    env.run()
    assert log == [(0, "p1 start"), (5, "p1 done"), (5, "p2 start"), (10, "p2 done")]


def test_lower_priority_number_is_served_first(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)
    env.process(patient(env, log, beds, "first", priority=2, stay_min=10))
    env.process(patient(env, log, beds, "minor", priority=2, stay_min=1, arrive_min=1))
    env.process(patient(env, log, beds, "immediate", priority=0, stay_min=1, arrive_min=2))
    env.process(patient(env, log, beds, "delayed", priority=1, stay_min=1, arrive_min=3))
    env.run()
    assert [entry for entry in log if entry[1].endswith("start")] == [
        (0, "first start"), (10, "immediate start"), (11, "delayed start"), (12, "minor start"),
    ]


def test_fifo_within_one_priority(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)
    env.process(patient(env, log, beds, "holder", priority=0, stay_min=10))
    for index, name in enumerate(["a", "b", "c", "d"]):
        env.process(patient(env, log, beds, name, priority=3, stay_min=1, arrive_min=index * 0.5))
    env.run()
    assert [name for _, name in log if name.endswith("start")] == [
        "holder start", "a start", "b start", "c start", "d start",
    ]


def test_patient_dying_while_queued_leaves_the_queue(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)

    def deteriorating(name: str, death_min: float) -> Generator[simpy.Event, Any, None]:
        with beds.request(priority=0) as bed:
            outcome = yield bed | env.timeout(death_min)
            if bed not in outcome:
                log.append((env.now, f"{name} died waiting"))
                return
            log.append((env.now, f"{name} start"))
            yield env.timeout(1)

    env.process(patient(env, log, beds, "holder", priority=0, stay_min=10))
    env.process(deteriorating("critical", death_min=4))
    env.process(patient(env, log, beds, "next", priority=1, stay_min=1))
    env.run(until=3)
    assert beds.queue_len == 2
    env.run()
    assert log == [(0, "holder start"), (4, "critical died waiting"), (10, "holder done"), (10, "next start"),
                   (11, "next done")]
    assert beds.queue_len == 0 and beds.count == 0


def test_interrupted_waiter_is_removed_by_the_context_manager(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)
    env.process(patient(env, log, beds, "holder", priority=0, stay_min=10))

    def waiter() -> Generator[simpy.Event, Any, None]:
        try:
            with beds.request(priority=0) as bed:
                yield bed
                log.append((env.now, "waiter start"))
        except simpy.Interrupt as interrupt:
            log.append((env.now, f"waiter left: {interrupt.cause}"))

    process = env.process(waiter())

    def self_evacuation() -> Generator[simpy.Event, Any, None]:
        yield env.timeout(2)
        process.interrupt("went to another hospital")

    env.process(self_evacuation())
    env.run()
    assert log == [(0, "holder start"), (2, "waiter left: went to another hospital"), (10, "holder done")]
    assert beds.queue_len == 0 and beds.granted_total == 1


def test_capacity_growth_grants_waiters_in_priority_order(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)
    env.process(patient(env, log, beds, "holder", priority=0, stay_min=30))
    env.process(patient(env, log, beds, "minor", priority=2, stay_min=30))
    env.process(patient(env, log, beds, "delayed", priority=1, stay_min=30))
    env.process(patient(env, log, beds, "also-minor", priority=2, stay_min=30))

    def surge_plan() -> Generator[simpy.Event, Any, None]:
        yield env.timeout(5)
        beds.set_capacity(3)  # surge: early discharge frees two beds

    env.process(surge_plan())
    env.run()
    assert [entry for entry in log if entry[1].endswith("start")] == [
        (0, "holder start"), (5, "delayed start"), (5, "minor start"), (30, "also-minor start"),
    ]


def test_capacity_reduction_never_evicts_and_blocks_until_below(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=3)
    for index in range(3):
        env.process(patient(env, log, beds, f"in{index}", priority=0, stay_min=10 + index))
    env.process(patient(env, log, beds, "new", priority=0, stay_min=1, arrive_min=1))

    def closure() -> Generator[simpy.Event, Any, None]:
        yield env.timeout(2)
        beds.set_capacity(1)  # two beds closed: their occupants stay until discharge
        log.append((env.now, f"count {beds.count} of {beds.capacity}"))

    env.process(closure())
    env.run()
    assert log == [
        (0, "in0 start"), (0, "in1 start"), (0, "in2 start"), (2, "count 3 of 1"),
        (10, "in0 done"), (11, "in1 done"), (12, "in2 done"), (12, "new start"), (13, "new done"),
    ]


def test_closed_facility_with_zero_capacity_holds_everyone(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=0)
    env.process(patient(env, log, beds, "p1", priority=0, stay_min=1))
    env.run(until=100)
    assert log == [] and beds.queue_len == 1
    beds.set_capacity(1)
    env.run()
    assert log == [(100, "p1 start"), (101, "p1 done")]


def test_negative_capacity_is_refused(env: simpy.Environment) -> None:
    with pytest.raises(ValueError, match="capacity must be >= 0"):
        FastPriorityResource(env, capacity=-1)
    with pytest.raises(ValueError, match="capacity must be >= 0"):
        FastPriorityResource(env, capacity=1).set_capacity(-2)


def test_release_is_idempotent_and_yieldable(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=1)

    def explicit() -> Generator[simpy.Event, Any, None]:
        request = beds.request()
        yield request
        assert request.granted
        yield env.timeout(2)
        yield beds.release(request)
        beds.release(request)
        log.append((env.now, f"released, count {beds.count}"))

    env.process(explicit())
    env.run()
    assert log == [(2, "released, count 0")]


def test_introspection_of_users_and_queue_order(env: simpy.Environment) -> None:
    beds = FastPriorityResource(env, capacity=1)
    holder = beds.request(priority=5)
    low, high, mid = beds.request(priority=3), beds.request(priority=0), beds.request(priority=1)
    mid.cancel()
    assert beds.users == [holder]
    assert beds.queue == [high, low]
    assert (beds.count, beds.queue_len, beds.capacity) == (1, 2, 1)
    assert "queue_len=2" in repr(beds)


def test_utilisation_and_mean_queue_are_time_weighted(env: simpy.Environment, log: Log) -> None:
    beds = FastPriorityResource(env, capacity=2)
    env.process(patient(env, log, beds, "a", priority=0, stay_min=10))
    env.process(patient(env, log, beds, "b", priority=0, stay_min=5))
    env.process(patient(env, log, beds, "c", priority=0, stay_min=5))
    env.run(until=20)
    # Busy: 2 units for 0-10 (a, then b 0-5 and c 5-10) -> 20 unit-min over 40 unit-min.
    assert beds.busy_unit_minutes() == 20.0
    assert beds.capacity_unit_minutes() == 40.0
    assert beds.utilisation() == 0.5
    # c waited 0-5: 5 request-min over 20 min.
    assert beds.mean_queue_len() == 0.25
    assert (beds.peak_count, beds.peak_queue_len, beds.granted_total) == (2, 1, 3)
    assert math.isnan(FastPriorityResource(simpy.Environment(), capacity=0).utilisation())


def test_many_withdrawals_keep_the_heap_compact(env: simpy.Environment) -> None:
    beds = FastPriorityResource(env, capacity=0)
    requests = [beds.request(priority=index % 4) for index in range(1_000)]
    for request in requests[:900]:
        request.cancel()
    assert beds.queue_len == 100
    assert len(beds._heap) <= 2 * 100 + 1
    beds.set_capacity(1_000)
    assert beds.count == 100 and all(request.granted for request in requests[900:])


Job = tuple[float, int, float, float | None]  # arrival_min, priority, service_min, patience_min


def run_timeline(make: Any, capacity_plan: list[tuple[float, int]] | None, jobs: list[Job]) -> tuple[Log, list[str]]:
    env = simpy.Environment()
    resource = make(env)
    log: Log = []
    violations: list[str] = []

    def job(index: int, arrival_min: float, priority: int, service_min: float,
            patience_min: float | None) -> Generator[simpy.Event, Any, None]:
        yield env.timeout(arrival_min)
        with resource.request(priority=priority) as request:
            if patience_min is None:
                yield request
            else:
                outcome = yield request | env.timeout(patience_min)
                if request not in outcome:
                    log.append((env.now, f"{index} reneged"))
                    return
            log.append((env.now, f"{index} start"))
            if resource.count > resource.capacity and not capacity_plan:
                violations.append(f"t={env.now}: {resource.count} > {resource.capacity}")
            yield env.timeout(service_min)

    def planner() -> Generator[simpy.Event, Any, None]:
        for at_min, capacity in capacity_plan or []:
            yield env.timeout(max(0.0, at_min - env.now))
            resource.set_capacity(capacity)

    for index, spec in enumerate(jobs):
        env.process(job(index, *spec))
    if capacity_plan:
        env.process(planner())
    env.run()
    return log, violations


jobs_strategy = st.lists(
    st.tuples(
        st.integers(0, 30).map(float),
        st.integers(0, 3),
        st.integers(1, 10).map(float),
        st.one_of(st.none(), st.integers(1, 15).map(float)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(jobs=jobs_strategy, capacity=st.integers(1, 4))
def test_same_timeline_as_simpy_priority_resource(jobs: list[Job], capacity: int) -> None:
    ours, violations = run_timeline(lambda env: FastPriorityResource(env, capacity), None, jobs)
    theirs, _ = run_timeline(lambda env: simpy.PriorityResource(env, capacity), None, jobs)
    assert ours == theirs
    assert violations == []


class CheckedResource(FastPriorityResource):
    """Records any grant that would take the count above the capacity of that moment."""

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        super().__init__(env, capacity)
        self.violations: list[str] = []

    def _grant(self, request: Any) -> None:
        if self.count >= self.capacity:
            self.violations.append(f"t={self.env.now}: grant with {self.count} of {self.capacity} in use")
        super()._grant(request)


@settings(max_examples=200, deadline=None)
@given(jobs=jobs_strategy, plan=st.lists(st.tuples(st.integers(0, 40).map(float), st.integers(0, 5)), max_size=5))
def test_never_grants_above_capacity_while_capacity_changes(jobs: list[Job], plan: list[tuple[float, int]]) -> None:
    plan = sorted(plan)
    env = simpy.Environment()
    resource = CheckedResource(env, capacity=2)
    outcomes: list[str] = []

    def job(arrival_min: float, priority: int, service_min: float, patience_min: float | None) -> Any:
        yield env.timeout(arrival_min)
        with resource.request(priority=priority) as request:
            outcome = yield request | env.timeout(patience_min if patience_min is not None else 1e6)
            if request not in outcome:
                outcomes.append("reneged")
                return
            outcomes.append("served")
            yield env.timeout(service_min)

    def planner() -> Any:
        for at_min, capacity in plan:
            yield env.timeout(max(0.0, at_min - env.now))
            resource.set_capacity(capacity)

    for spec in jobs:
        env.process(job(*spec))
    env.process(planner())
    env.run()
    assert resource.violations == []
    # Everyone is accounted for: served or reneged (a zero-capacity end leaves the patient
    # waiting until the 1e6 min patience), and nothing is left held or queued.
    assert len(outcomes) == len(jobs)
    assert resource.count == 0 and resource.queue_len == 0
    assert resource.granted_total >= outcomes.count("served")
