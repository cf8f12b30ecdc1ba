"""Population zones."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import PopulationZone

ZONE = {"id": "z", "name": "Zone", "centre": {"x_m": 0, "y_m": 0}, "radius_m": 1000, "count": 3142,
        "indoor_fraction": 0.9}


def test_density() -> None:
    assert PopulationZone.model_validate(ZONE).density_per_km2() == pytest.approx(1000.1, rel=1e-3)


@pytest.mark.parametrize("change", [{"count": -1}, {"indoor_fraction": 1.2}, {"kind": "suburb"},
                                    {"radius_m": None}, {"count_night": -3}])
def test_invalid_zones(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PopulationZone.model_validate({**ZONE, **change})


def test_polygon_zone_and_day_night_counts() -> None:
    zone = PopulationZone.model_validate({
        "id": "p", "name": "P", "count": 10, "count_day": 40, "count_night": 5, "indoor_fraction": 0.5,
        "polygon": [{"x_m": 0, "y_m": 0}, {"x_m": 1000, "y_m": 0}, {"x_m": 0, "y_m": 1000}]})
    assert zone.area_m2() == 500_000 and zone.count_day == 40
