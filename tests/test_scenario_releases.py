"""Releases: geometry, amounts, scheduling of secondary releases."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario import Release, ReleaseSpec, scheduled_release

POINT = {"id": "r1", "agent": "sarin", "location": {"x_m": 0, "y_m": 0}, "quantity_kg": 1}


def test_point_release_defaults() -> None:
    release = Release.model_validate(POINT)
    assert release.start_min == 0 and release.is_instantaneous and release.airborne_fraction == 1.0
    assert release.points() == (release.location,)
    assert release.amount_fields() == {"quantity_kg": 1.0}


def test_moving_release_uses_its_path() -> None:
    release = Release.model_validate({"id": "train", "agent": "sarin", "geometry": "moving", "quantity_kg": 0.6,
                                      "path": [{"x_m": 0, "y_m": 0}, {"x_m": 0, "y_m": 1000}],
                                      "duration_min": 9, "start_min": "T+00:04"})
    assert release.start_min == 4 and len(release.points()) == 2 and not release.is_instantaneous


@pytest.mark.parametrize("change", [
    {"location": None},
    {"path": [{"x_m": 0, "y_m": 0}, {"x_m": 1, "y_m": 1}]},
    {"geometry": "line"},
    {"yield_kt": 10},
    {"airborne_fraction": 1.5},
    {"quantity_kg": 0},
    {"duration_min": -1},
    {"id": "has space"},
])
def test_invalid_releases(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Release.model_validate({**POINT, **change})


def test_nuclear_needs_yield_and_burst() -> None:
    device = Release.model_validate({"id": "ind", "agent": "ind", "location": {"x_m": 0, "y_m": 0},
                                     "yield_kt": 10, "burst": "surface"})
    assert device.amount_fields() == {"yield_kt": 10.0}


def test_enclosure_is_validated() -> None:
    with pytest.raises(ValidationError):
        Release.model_validate({**POINT, "enclosure": {"volume_m3": 0, "air_changes_per_h": 10, "occupants": 100}})


def test_scheduled_release_keeps_everything_but_the_start() -> None:
    spec = ReleaseSpec.model_validate(POINT)
    scheduled = scheduled_release(spec, 75.0)
    assert isinstance(scheduled, Release) and scheduled.start_min == 75.0
    assert scheduled.model_dump(exclude={"start_min"}) == spec.model_dump()
