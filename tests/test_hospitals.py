"""Hospitals: capacity, surge, status, bed changes, stock, secondary contamination."""
from __future__ import annotations

import math

import pytest
import simpy

from cbrnsim.engine.hospitals import (
    CLOSED, SECONDARY_CONTAMINATION_ED_LOSS, SECONDARY_CONTAMINATION_MIN, SECONDARY_CONTAMINATION_THRESHOLD, HospitalModel,
)
from cbrnsim.scenario import BedChanges

from care_support import tiny_scenario


def hospital():
    env = simpy.Environment()
    events: list[tuple[float, str]] = []
    h = HospitalModel(env, tiny_scenario().hospitals[0], lambda kind, payload: events.append((env.now, kind)))
    return env, h, events


def test_capacity_is_what_is_free_at_startex():
    _, h, _ = hospital()
    assert {t: r.capacity for t, r in h.beds.items()} == {
        "ed_spaces": 4, "ward_beds": 10, "icu_beds": 3, "burn_beds": 0, "ventilators": 5}
    assert h.occupied("ward_beds") == 10 and h.capacity_now("ward_beds") == 20


def test_surge_opens_extra_spaces_then_discharges_evenly():
    # Tiny plan: activation 30 min after the first arrival; +2 ED, +1 ICU; half the 10 baseline
    # ward patients discharged evenly over 1 h (reverse triage, Kelen et al. 2006, Lancet 368:1984).
    env, h, events = hospital()
    h.note_arrival()
    env.run(until=30.5)
    assert h.beds["ed_spaces"].capacity == 6 and h.beds["icu_beds"].capacity == 4
    assert h.beds["ward_beds"].capacity == 10  # first discharge at 30 + 12 min
    env.run(until=30 + 60 + 0.1)
    assert h.beds["ward_beds"].capacity == 15 and h.baseline["ward_beds"] == 5
    assert (30.0, "surge_activated") in events


def test_closing_keeps_patients_in_their_spaces():
    env, h, _ = hospital()
    held = [h.request_bed("ed_spaces", 0) for _ in range(6)]
    env.run(until=1)
    h.set_status("closed")
    assert h.beds["ed_spaces"].capacity == 0 and h.beds["ed_spaces"].count == 4
    env.run(until=2)
    # the two still waiting were turned away with the CLOSED marker, nobody inside lost a space
    assert [r.value for r in held[4:]] == [CLOSED, CLOSED] and h.beds["ed_spaces"].queue_len == 0
    h.set_status("open")
    assert h.beds["ed_spaces"].capacity == 4


def test_losing_beds_never_drops_a_patient():
    env, h, _ = hospital()
    for _ in range(3):
        h.request_bed("icu_beds", 0)
    env.run(until=1)
    h.change_beds(BedChanges(icu_beds=-3))
    assert h.beds["icu_beds"].capacity == 0 and h.beds["icu_beds"].count == 3


def test_stock_is_never_negative():
    _, h, _ = hospital()
    assert h.take_stock(("atropine_1mg",), 3) == "atropine_1mg"
    assert h.take_stock(("atropine_1mg",), 3) == "atropine_1mg"
    assert h.take_stock(("atropine_1mg",), 3) == "atropine_1mg"
    assert h.take_stock(("atropine_1mg",), 3) is None
    assert h.stock["atropine_1mg"] == 1
    h.deliver({"atropine_1mg": 5})
    assert h.stock["atropine_1mg"] == 6


def test_secondary_contamination_costs_a_quarter_of_the_ed_for_a_while():
    # Okumura et al. 1998 (Acad Emerg Med 5:618, Part 2): 23 % of St Luke's staff affected.
    assert SECONDARY_CONTAMINATION_ED_LOSS == 0.23
    env, h, events = hospital()
    for _ in range(SECONDARY_CONTAMINATION_THRESHOLD):
        h.note_undeconned("high")
    env.run(until=1)
    lost = math.ceil(0.23 * 4)
    assert h.beds["ed_spaces"].capacity == 4 - lost
    env.run(until=SECONDARY_CONTAMINATION_MIN + 1)
    assert h.beds["ed_spaces"].capacity == 4
    assert [k for _, k in events] == ["secondary_contamination", "secondary_contamination_over"]


def test_low_risk_agents_do_not_contaminate_staff():
    env, h, _ = hospital()
    for _ in range(2 * SECONDARY_CONTAMINATION_THRESHOLD):
        h.note_undeconned("low")
    env.run(until=1)
    assert h.beds["ed_spaces"].capacity == 4


def test_peak_ed_occupancy_never_exceeds_the_spaces_and_waiting_is_counted_apart():
    # 6 casualties for the tiny hospital's 4 ED spaces: 4 occupied, 2 in corridors; demand 6 of
    # 4 spaces (150 %) is what an "ED above 100 %" objective rates.
    env, h, _ = hospital()
    for _ in range(6):
        h.request_bed("ed_spaces", 0)
    env.run(until=1)
    assert h.peak_occupied["ed_spaces"] == h.capacity_now("ed_spaces") == 4
    assert h.peak_waiting["ed_spaces"] == 2 and h.waiting("ed_spaces") == 2
    assert h.peak_demand["ed_spaces"] == h.demand("ed_spaces") == 6
    h.worried_well_waiting += 1  # waiting room, not an ED space, not ED waiting
    assert h.occupied("ed_spaces") == 4 and h.waiting("ed_spaces") == 2
    assert h.ed_load() == pytest.approx(6 / 4)


def test_peak_occupancy_rises_when_surge_spaces_seat_those_waiting():
    env, h, _ = hospital()
    for _ in range(6):
        h.request_bed("ed_spaces", 0)
    h.note_arrival()  # surge +2 ED spaces 30 min later
    env.run(until=31)
    assert h.peak_occupied["ed_spaces"] == 6 and h.waiting("ed_spaces") == 0


def test_worried_well_being_seen_hold_ed_spaces_off_the_casualties():
    env, h, _ = hospital()
    h.worried_well_in_service = 3
    h.apply_ed_capacity()
    assert h.beds["ed_spaces"].capacity == 1 and h.capacity_now("ed_spaces") == h.baseline["ed_spaces"] + 4
    first, second = h.request_bed("ed_spaces", 0), h.request_bed("ed_spaces", 0)
    env.run(until=1)
    assert first.triggered and not second.triggered
    assert h.occupied("ed_spaces") == h.baseline["ed_spaces"] + 4 and h.waiting("ed_spaces") == 1
    assert not h.ed_has_room()
    assert h.ed_load() == pytest.approx(5 / 4)
    h.worried_well_in_service = 0  # their visits end: the space goes to the waiting casualty
    h.apply_ed_capacity()
    env.run(until=2)
    assert second.triggered


def test_peak_occupancy_is_measured_against_the_most_beds_there_were():
    # Staff contamination later removes ED spaces (Okumura 1998 Part 2: 23 % of staff) but nobody
    # in a space loses it: the peak stays within the beds there were at the time.
    env, h, _ = hospital()
    for _ in range(4):
        h.request_bed("ed_spaces", 0)
    env.run(until=1)
    h.change_beds(BedChanges(ed_spaces=-3))
    assert h.capacity_now("ed_spaces") == 1 and h.peak_occupied["ed_spaces"] == 4
    assert h.peak_occupied["ed_spaces"] <= h.peak_capacity["ed_spaces"] == 4
