"""Hospitals: capacity, baseline occupancy, surge plan, stock."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import BED_TYPES, BedCounts, Hospital

HOSPITAL = {"id": "h", "name": "H", "location": {"x_m": 0, "y_m": 0},
            "capacity": {"ed_spaces": 20, "ward_beds": 200, "icu_beds": 10, "ventilators": 12},
            "baseline_occupied": {"ed_spaces": 10, "ward_beds": 180, "icu_beds": 8, "ventilators": 6},
            "stock": {"atropine_1mg": 100}}


def test_free_beds_and_occupancy() -> None:
    hospital = Hospital.model_validate(HOSPITAL)
    assert hospital.free_at_start() == BedCounts(ed_spaces=10, ward_beds=20, icu_beds=2, ventilators=6)
    assert hospital.occupancy_fraction("ward_beds") == 0.9
    assert hospital.occupancy_fraction("burn_beds") == 0.0
    assert hospital.status == "open" and hospital.surge.ward_discharge_fraction == 0.0


@pytest.mark.parametrize("change", [
    {"capacity": {"icu_beds": -1}}, {"stock": {"atropine_1mg": -5}}, {"trauma_level": 5},
    {"surge": {"ward_discharge_fraction": 2}}, {"status": "shut"}, {"capacity": {"icu": 3}},
])
def test_invalid_hospitals(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Hospital.model_validate({**HOSPITAL, **change})


def test_bed_types() -> None:
    assert BED_TYPES == tuple(BedCounts.model_fields)
