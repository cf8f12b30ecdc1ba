"""The printed table and the headline KPIs."""
from __future__ import annotations

from cbrnsim.batch.plan import Arm, SweepValue
from cbrnsim.batch.stats import paired_difference, summarise
from cbrnsim.batch.table import HEADLINE_COUNTS, format_table, headline_kpis, interval, number
from cbrnsim.data import default_scenario
from cbrnsim.exercise.summary import kpi_name
from cbrnsim.scenario import load_scenario


def test_headline_is_the_counts_then_each_objectives_kpi() -> None:
    scenario = load_scenario(default_scenario())
    names = headline_kpis(scenario)
    assert names[: len(HEADLINE_COUNTS)] == list(HEADLINE_COUNTS)
    for objective in scenario.objectives:
        kpi = kpi_name(objective.metric, objective.within_min)
        assert kpi in names or f"kpis.{kpi}" in names
    assert len(names) == len(set(names))


def test_numbers_read_well() -> None:
    assert number(12345.6) == "12,346"
    assert number(12.0) == "12"
    assert number(12.34) == "12.3"
    assert number(0.1234) == "0.12"
    assert number(float("nan")) == "–"
    assert interval(1.0, 2.5) == "[1, 2.50]"
    assert interval(float("nan"), 1.0) == "–"


def test_table_has_a_block_per_kpi_and_paired_differences() -> None:
    arms = [Arm(0, (("a.b", SweepValue("6", "set", 6.0)),), ()), Arm(1, (("a.b", SweepValue("12", "set", 12.0)),), ())]
    first = {i: float(v) for i, v in enumerate([10, 12, 14, 11])}
    second = {i: v - 2.0 for i, v in first.items()}
    summary = [(arms[0], "deaths", summarise(first.values())), (arms[1], "deaths", summarise(second.values()))]
    differences = [(arms[1], "deaths", paired_difference(first, second))]
    text = format_table(summary, differences, ["deaths", "not-there"])
    lines = text.splitlines()
    assert "Δ vs first arm 6" in lines[0] and lines[1] == "deaths" and "not-there" not in text
    assert lines[2].split()[:2] == ["6", "11.8"] and lines[3].split()[:2] == ["12", "9.75"]
    assert "-2 [-2, -2]" in lines[3]
