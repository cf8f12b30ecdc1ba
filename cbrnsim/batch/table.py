"""The study's printed table: per headline KPI and arm, the mean with its 95 % confidence interval,
the 5th–95th percentiles, and (with several arms) the paired difference from the first arm."""
from __future__ import annotations

import math
from collections.abc import Sequence

from ..exercise.summary import kpi_name
from ..scenario import Scenario
from .plan import Arm
from .stats import Summary

HEADLINE_COUNTS: tuple[str, ...] = (
    "deaths", "deaths_prehospital", "hospital_arrivals", "admissions", "icu_admissions", "worried_well",
)
"""Outcome counts printed for every study (all KPIs are in summary.csv)."""


def headline_kpis(scenario: Scenario) -> list[str]:
    """The counts above, then the KPI of each of the scenario's objectives, without repeats."""
    objective_kpis = (kpi_name(o.metric, o.within_min) for o in scenario.objectives)
    # An objective on a count (deaths) is the count's own column; kpi_values drops its kpis. twin.
    names = [*HEADLINE_COUNTS, *(name if name in HEADLINE_COUNTS else f"kpis.{name}" for name in objective_kpis)]
    return list(dict.fromkeys(names))


def number(value: float) -> str:
    """A statistic for reading: three significant figures or so, thousands separated, '–' for none."""
    if value is None or math.isnan(value):
        return "–"
    magnitude = abs(value)
    if magnitude >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def interval(low: float, high: float) -> str:
    """``[low, high]``, or '–' when undefined (fewer than two replications)."""
    if math.isnan(low) or math.isnan(high):
        return "–"
    return f"[{number(low)}, {number(high)}]"


def format_table(summary: Sequence[tuple[Arm, str, Summary]], differences: Sequence[tuple[Arm, str, Summary]],
                 kpis: Sequence[str]) -> str:
    """The table as text, one block per KPI in ``kpis`` (those missing from the summary are skipped)."""
    stats = {(arm.index, kpi): s for arm, kpi, s in summary}
    deltas = {(arm.index, kpi): s for arm, kpi, s in differences}
    arms = list(dict.fromkeys(arm for arm, _, _ in summary))
    if not arms:
        return "no replications finished"
    arm_width = max(8, *(len(arm.short_label) for arm in arms)) + 2
    title = arms[0].short_label if len(arms) > 1 else ""
    headers = ["", "mean", "95 % CI", "5th–95th pct", "n"] + ([f"Δ vs first arm {title} (paired 95 % CI)"]
                                                                  if title else [])
    lines = [f"{headers[0]:<{arm_width}}{headers[1]:>10}  {headers[2]:<22}{headers[3]:<18}{headers[4]:>5}"
             + (f"  {headers[5]}" if title else "")]
    for kpi in kpis:
        if not any((arm.index, kpi) in stats for arm in arms):
            continue
        lines.append(kpi.removeprefix("kpis."))
        for arm in arms:
            s = stats[(arm.index, kpi)]
            spread = "–" if s.n == 0 else f"{number(s.p5)} – {number(s.p95)}"
            row = f"  {arm.short_label:<{arm_width - 2}}{number(s.mean):>10}  {interval(s.ci_low, s.ci_high):<22}" \
                  f"{spread:<18}{s.n:>5}"
            delta = deltas.get((arm.index, kpi))
            if delta is not None and delta.n:
                row += f"  {_signed(delta.mean)} {interval(delta.ci_low, delta.ci_high)}"
            lines.append(row)
    return "\n".join(lines)


def _signed(value: float) -> str:
    text = number(value)
    return text if text.startswith("-") or text == "–" else f"+{text}"
