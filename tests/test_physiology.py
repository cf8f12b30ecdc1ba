"""Reference breathing rates against ICRP Publication 66, Table 6 (repeated in ICRP 89)."""
from __future__ import annotations

import pytest

from cbrnsim.hazard.physiology import (
    DEFAULT_ACTIVITY,
    REFERENCE_RATES,
    breathing_rate_m3_h,
    breathing_rate_m3_min,
    reference_rate,
)

# ICRP Publication 66 (1994), Table 6, reference adult ventilation rates, m³/h.
ICRP66_TABLE6_M3_H = {
    ("resting", "male"): 0.45, ("sitting", "male"): 0.54, ("light", "male"): 1.5, ("heavy", "male"): 3.0,
    ("resting", "female"): 0.32, ("sitting", "female"): 0.39, ("light", "female"): 1.25, ("heavy", "female"): 2.7,
}


@pytest.mark.parametrize(("activity", "sex"), sorted(ICRP66_TABLE6_M3_H))
def test_rates_match_icrp66_table6(activity: str, sex: str) -> None:
    assert breathing_rate_m3_h(activity, sex) == ICRP66_TABLE6_M3_H[(activity, sex)]  # type: ignore[arg-type]
    assert breathing_rate_m3_min(activity, sex) == pytest.approx(ICRP66_TABLE6_M3_H[(activity, sex)] / 60)  # type: ignore[arg-type]


def test_default_is_light_exercise_adult_male() -> None:
    # ICRP 89 adult male light exercise 1.5 m³/h = 0.025 m³/min.
    assert DEFAULT_ACTIVITY == "light"
    assert breathing_rate_m3_min() == pytest.approx(0.025)


def test_sleep_is_an_alias_of_resting() -> None:
    assert breathing_rate_m3_min("sleep") == breathing_rate_m3_min("resting")


def test_rates_rise_with_activity_and_every_rate_is_sourced() -> None:
    for sex in ("male", "female"):
        rates = [breathing_rate_m3_h(a, sex) for a in ("resting", "sitting", "light", "heavy")]  # type: ignore[arg-type]
        assert rates == sorted(rates)
    assert all("ICRP Publication 66" in r.source and "Table 6" in r.source for r in REFERENCE_RATES)


def test_unknown_activity_names_the_known_levels() -> None:
    with pytest.raises(ValueError, match="light"):
        reference_rate("jogging")  # type: ignore[arg-type]
