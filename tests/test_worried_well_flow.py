"""The worried well as per-minute batches into the EDs (cbrnsim.engine.worried_well_flow)."""
from __future__ import annotations

from cbrnsim.engine.casualty import WORRIED_WELL_ED_MIN
from cbrnsim.engine.exposure_specs import WorriedWellSpec
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder

from care_support import fake, tiny_scenario

# tiny_scenario: h1 at (2000, 0) with 4 free ED spaces; 1,000 m of straight line take exactly 1 min.


def person(i: int, depart_min: float, x_m: float = 0.0) -> WorriedWellSpec:
    return WorriedWellSpec(id=i, x_m=x_m, y_m=0.0, depart_min=depart_min)


def model(worried=(), **kw) -> Model:
    return Model(tiny_scenario(**kw), 1, MemoryRecorder(), exposure_factory=fake([], worried))


def test_arrivals_are_batched_at_the_next_whole_minute_and_seen_in_turn():
    # Departing at 5.3 with 2 min to walk: at the door at 7.3, counted at the 8-minute tick.
    m = model([person(i, 5.3) for i in range(6)])
    h = m.hospitals[0]
    m.run_until(7.9)
    assert m.worried_well_arrived == 0
    m.run_until(8.1)
    assert (m.worried_well_arrived, h.worried_well_in_service, m.worried_well_waiting) == (6, 4, 2)
    assert h.occupied("ed_spaces") == 4 and h.beds["ed_spaces"].capacity == 0
    m.run_until(8 + WORRIED_WELL_ED_MIN + 0.1)  # the first four leave, the last two are seen
    assert (h.worried_well_in_service, m.worried_well_waiting) == (2, 0)
    m.run_until(8 + 2 * WORRIED_WELL_ED_MIN + 0.1)
    assert h.worried_well_in_service == 0 and h.beds["ed_spaces"].capacity == 4
    assert h.worried_well_arrivals == 6


def test_worried_well_wait_behind_casualties_for_a_space():
    m = model([person(1, 0.0)])
    h = m.hospitals[0]
    held = [h.request_bed("ed_spaces", 0) for _ in range(4)]
    m.run_until(5.2)
    assert m.worried_well_waiting == 1 and h.worried_well_in_service == 0
    h.beds["ed_spaces"].release(held[0])
    m.run_until(5.5)  # the freed space is taken at the next tick
    assert m.worried_well_waiting == 1
    m.run_until(6.1)
    assert m.worried_well_waiting == 0 and h.worried_well_in_service == 1


def test_a_closed_ed_sends_the_worried_well_home():
    m = model([person(i, 0.0) for i in range(6)])
    h = m.hospitals[0]
    m.run_until(2.5)
    assert m.worried_well_waiting == 2
    h.set_status("closed")
    assert m.worried_well_waiting == 0 and h.worried_well_in_service == 4
    m.run_until(2 + WORRIED_WELL_ED_MIN + 0.5)
    assert h.worried_well_in_service == 0 and h.beds["ed_spaces"].capacity == 0
    assert m.worried_well_arrived == 6


def test_a_later_booking_for_an_earlier_minute_wakes_the_flow():
    m = model()

    def emitter():  # type: ignore[no-untyped-def]
        m.on_worried_well(person(1, 30.0))
        yield m.env.timeout(5.0)
        m.on_worried_well(person(2, 10.0))

    m.env.process(emitter())
    m.run_until(12.5)
    assert m.worried_well_arrived == 1
    m.run_until(32.5)
    assert m.worried_well_arrived == 2


def test_occupancy_series_counts_the_worried_well_being_seen():
    m = model([person(i, 0.0) for i in range(3)], duration=30)
    m.run_until(30)
    rows = [(t, v) for t, name, key, v in m.recorder.series if name == "occupancy" and key == "h1.ed_spaces"]
    # Seen from the 2-minute tick to the 22-minute tick; the series samples a minute before its tick.
    assert rows == [(0, 0.0), (3.0, 3.0), (3.0 + WORRIED_WELL_ED_MIN, 0.0)]
