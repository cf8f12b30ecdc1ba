"""Points of dispensing and reception centres in the running model (cbrnsim.engine.countermeasures)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from cbrnsim.engine.countermeasures import SCREENED_CONTAMINATED_SHARE
from cbrnsim.engine.model import Model
from cbrnsim.engine.recorder import MemoryRecorder
from cbrnsim.scenario import AgentIdentified
from cbrnsim.scenario.countermeasures import Countermeasures, ReceptionCentre

from care_support import fake, tiny_scenario


@dataclass(frozen=True)
class Attendee:
    """A screening spec that says whether the person is contaminated."""

    id: int
    x_m: float
    y_m: float
    depart_min: float
    contaminated: bool
    kind: str = "screening"


def centre_model(attendees, *, showers_per_h: float = 30.0):
    centre = ReceptionCentre(id="crc", name="CRC", location={"x_m": 1000.0, "y_m": 0.0}, open_after_min=60.0,
                             people_per_h=60.0, decon_showers_per_h=showers_per_h, source="test")
    scenario = tiny_scenario().model_copy(update={"countermeasures": Countermeasures(reception_centres=(centre,))})
    recorder = MemoryRecorder()
    model = Model(scenario, 1, recorder, exposure_factory=fake((), attendees))
    return model, recorder


def test_reception_centre_opens_after_identification_and_showers_the_contaminated():
    # Three people arrive at T+1 (1 km at exactly 1 min/km); the agent is identified at T+10, so
    # the centre opens at T+70 (open_after_min 60, like a POD). Screening 1 min each (60/h), the
    # two contaminated then shower 2 min each (30/h).
    attendees = [Attendee(i, 0.0, 0.0, 0.0, contaminated=i != 2) for i in (1, 2, 3)]
    model, recorder = centre_model(attendees)
    model.run_until(10)
    model.apply_effect(AgentIdentified(agent="sarin"), label="id")
    model.run_until(69.9)
    centre = model.countermeasures.centres[0]
    assert centre.screened == 0 and centre.waiting_outside == 3
    model.run_until(200)
    assert recorder.timeline("crc") == [(70.0, "reception_centre_open")]
    assert (centre.screened, centre.showered, centre.waiting_outside) == (3, 2, 0)
    assert centre.showers.granted_total == 2
    assert model.outcome()["reception_centres"]["crc"]["opened_min"] == 70.0


def test_without_identification_the_centre_never_opens():
    model, _ = centre_model([Attendee(1, 0.0, 0.0, 0.0, contaminated=True)])
    model.run_until(600)
    assert model.countermeasures.centres[0].screened == 0
    assert model.outcome()["reception_centres"]["crc"]["waiting_outside"] == 1


def test_contaminated_without_showers_are_counted_apart():
    model, _ = centre_model([Attendee(1, 0.0, 0.0, 0.0, contaminated=True)], showers_per_h=0.0)
    model.apply_effect(AgentIdentified(agent="sarin"), label="id")
    model.run_until(200)
    summary = model.outcome()["reception_centres"]["crc"]
    assert (summary["screened"], summary["showered"], summary["contaminated_no_showers"]) == (1, 0, 1)


def test_goiania_share_when_the_spec_does_not_say():
    # IAEA, The Radiological Accident in Goiânia (1988): 249 of 112,800 screened were contaminated
    # (0.22 %). Specs without a flag are drawn per person with that share.
    @dataclass(frozen=True)
    class Unflagged:
        id: int

    model, _ = centre_model([])
    drawn = sum(model.countermeasures.is_contaminated(Unflagged(i)) for i in range(20_000))
    assert SCREENED_CONTAMINATED_SHARE == pytest.approx(0.0022, abs=1e-4)
    assert 20 <= drawn <= 70  # 44 expected; Poisson 99.9 % range


def test_pod_throughput_counts_only_hours_with_people_to_serve():
    # A POD for the tiny scenario's population at 100 people/h finishes after population/100 h;
    # the metric stays at 100/h however long the run continues afterwards.
    from cbrnsim.engine.countermeasures import PodModel
    from cbrnsim.scenario.countermeasures import PointOfDispensing
    spec = PointOfDispensing(id="pod", name="POD", location={"x_m": 0.0, "y_m": 0.0}, people_per_h=100.0,
                             source="test")
    pod = PodModel(spec, population=250)
    pod.opened_min = 60.0
    assert pod.busy_min(60.0 + 90.0) == 90.0
    assert pod.busy_min(60.0 + 1000.0) == 150.0  # 250 people at 100/h: 2.5 h of work
    scenario = tiny_scenario().model_copy(update={"countermeasures": Countermeasures(points_of_dispensing=(
        PointOfDispensing(id="pod", name="POD", location={"x_m": 0.0, "y_m": 0.0}, people_per_h=100.0,
                          open_after_min=0.0, source="test"),))})
    model = Model(scenario, 1, MemoryRecorder(), exposure_factory=fake())
    model.countermeasures.pods[0].population = 250
    model.countermeasures.open(model.countermeasures.pods[0])
    model.run_until(2000)
    assert model.metric("pod_throughput_per_h") == pytest.approx(100.0)
