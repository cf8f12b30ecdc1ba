"""The countermeasures scenario model: PODs and reception centres."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from cbrnsim.scenario.countermeasures import Countermeasures, PointOfDispensing, ReceptionCentre

POD = {"id": "pod1", "name": "North High School", "location": {"x_m": 0, "y_m": 0}, "people_per_h": 150,
       "source": "Giovachino et al. 2005, J Public Health Manag Pract 11:282 (2.5 persons/min)"}
CRC = {"id": "crc1", "name": "Stadium", "location": {"x_m": 10, "y_m": 0}, "people_per_h": 300,
       "decon_showers_per_h": 60, "source": "planning assumption"}


def test_defaults_and_units():
    pod = PointOfDispensing.model_validate(POD)
    assert pod.open_after_min == 720.0 and pod.drug == "doxycycline_100mg"
    crc = ReceptionCentre.model_validate(CRC)
    assert crc.open_after_min == 240.0 and crc.decon_showers_per_h == 60
    assert Countermeasures() == Countermeasures(points_of_dispensing=(), reception_centres=())


def test_ids_must_be_unique_and_unknown_keys_rejected():
    with pytest.raises(ValidationError, match="unique"):
        Countermeasures.model_validate({"points_of_dispensing": [POD], "reception_centres": [dict(CRC, id="pod1")]})
    with pytest.raises(ValidationError):
        PointOfDispensing.model_validate(dict(POD, throughput=3))
    with pytest.raises(ValidationError):
        PointOfDispensing.model_validate(dict(POD, people_per_h=0))
