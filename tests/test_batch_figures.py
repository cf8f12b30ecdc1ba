"""Batch figures: one PNG per KPI with distributions, the swept-value curve and paired differences."""
from __future__ import annotations

import struct

import numpy as np

from reports.batch_figures import ArmInfo, axis_label, kpi_figure, kpi_label, sweep_axis_label

ARMS = (ArmInfo(0, "a.count=6", "6", (6.0,), ("set",)), ArmInfo(1, "a.count=9", "9", (9.0,), ("set",)),
        ArmInfo(2, "a.count=12", "12", (12.0,), ("set",)))


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def _values(arms: tuple[ArmInfo, ...], shift: float) -> dict[int, dict[int, float | None]]:
    rng = np.random.default_rng(1)
    base = rng.normal(50.0, 5.0, size=40)
    return {arm.index: {i: float(v - shift * k) for i, v in enumerate(base)} for k, arm in enumerate(arms)}


def test_a_sweep_figure_has_three_panels_and_a_caption() -> None:
    figure = kpi_figure("01-deaths", "deaths", ARMS, _values(ARMS, 2.0), ["a.count"])
    assert figure is not None and figure.key == "01-deaths" and figure.title == "Deaths"
    assert (figure.width_px, figure.height_px) == _png_size(figure.png)
    assert figure.width_px > 2 * figure.height_px  # three panels side by side
    assert "paired difference from the first arm (6)" in figure.caption


def test_a_single_arm_is_a_histogram() -> None:
    figure = kpi_figure("01-deaths", "deaths", ARMS[:1], _values(ARMS[:1], 0.0), [])
    assert figure is not None and "histogram" in figure.caption
    assert figure.width_px < 2 * figure.height_px


def test_no_values_no_figure() -> None:
    empty = {arm.index: {0: None, 1: None} for arm in ARMS}
    assert kpi_figure("01-x", "kpis.pod_throughput_per_h", ARMS, empty, ["a.count"]) is None


def test_two_sweeps_draw_one_line_per_other_value() -> None:
    arms = tuple(ArmInfo(i, f"a={a}; b={b}", f"{a}, {b}", (float(a), float(b)), ("set", "percent"))
                 for i, (a, b) in enumerate([(6, 0), (6, 20), (12, 0), (12, 20)]))
    assert kpi_figure("02-x", "hospital_arrivals", arms, _values(arms, 1.0), ["a", "b"]) is not None


def test_labels_and_units() -> None:
    assert kpi_label("deaths") == ("Deaths", "people")
    assert kpi_label("kpis.antidote_within_60_min") == ("Antidote within 60 min", "%")
    assert kpi_label("key_times.first_call_min")[1] == "min"
    assert kpi_label("hospitals.kuh.peak_occupancy.icu_beds") == ("kuh: peak occupancy icu beds", "beds")
    assert axis_label("icu_admissions") == "ICU admissions (people)"
    assert sweep_axis_label("hospitals[*].capacity.icu_beds", "percent").endswith("(change, %)")
