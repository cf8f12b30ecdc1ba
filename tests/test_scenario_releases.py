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


SPILL = {"pool_area_m2": 0.9, "purity": 0.3, "air_speed_m_s": 0.2, "liquid_temperature_c": 18}
BOX = {"volume_m3": 120, "air_changes_per_h": 12, "occupants": 150}


def test_spill_in_an_enclosure_with_its_defaults() -> None:
    release = Release.model_validate({**POINT, "enclosure": BOX, "spill": SPILL})
    assert release.spill is not None and release.spill.near_field_share == 0.0
    assert release.spill.diluent_molecular_weight_g_mol is None
    assert release.enclosure is not None and release.enclosure.exit_shares == (0.6, 0.25, 0.15)
    assert release.enclosure.door_exchange_fraction == 0.0 and release.enclosure.stop_interval_min == 2.0
    # A secondary release of the same spill can be scheduled later.
    assert scheduled_release(ReleaseSpec.model_validate({**POINT, "enclosure": BOX, "spill": SPILL}), 30).spill


@pytest.mark.parametrize("change", [
    {"enclosure": None},                                   # pools are modelled inside enclosures only
    {"airborne_fraction": 0.1},                            # the pool sets its own rate
    {"quantity_kg": None},                                 # the agent in the liquid is needed
    {"spill": {**SPILL, "purity": 1.2}},
    {"spill": {**SPILL, "pool_area_m2": 0}},
    {"spill": {**SPILL, "near_field_share": -0.1}},
    {"enclosure": {**BOX, "exit_shares": [0.5, 0.2]}},     # must add up to 1
    {"enclosure": {**BOX, "door_exchange_fraction": 2}},
])
def test_invalid_spills(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Release.model_validate({**POINT, "enclosure": BOX, "spill": SPILL, **change})
