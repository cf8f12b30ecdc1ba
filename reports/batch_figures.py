"""Figures of a batch study: for each headline KPI, its distribution per arm, the mean against the
swept value, and the paired difference from the first arm — matplotlib's object API on Agg.

Reading them: boxes span the 25th–75th percentiles with whiskers at the 5th and 95th (the spread
a planner should expect from one incident to the next); the black diamond and bar are the mean
and its 95 % confidence interval (how well the replications pin the mean down). The paired
difference uses common random numbers: replication i of every arm ran on the same seed.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from cbrnsim.batch.stats import Summary, paired_difference, summarise
from cbrnsim.scenario import METRICS

from .figures import finish_figure, new_figure
from .model import Figure

ARM_COLOURS: tuple[str, ...] = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
                                "#ff9da7", "#9c755f", "#bab0ac")
"""Arm colours (Tableau 10), repeated when a study has more arms."""

COUNT_LABELS: dict[str, str] = {
    "exposed": "People exposed (any effect)", "deaths": "Deaths", "deaths_prehospital": "Deaths before hospital",
    "hospital_arrivals": "Casualties arriving at hospital", "admissions": "Hospital admissions",
    "icu_admissions": "ICU admissions", "worried_well": "Worried well at hospitals",
    "antidote_given": "Casualties given antidote", "events": "Model events",
}
"""Plain-language names of the summary's counts."""


@dataclass(frozen=True)
class ArmInfo:
    """An arm as the report sees it (from study.json)."""

    index: int
    """Arm index."""
    label: str
    """``path=value; ...``."""
    short_label: str
    """The values only."""
    numbers: tuple[float, ...]
    """The swept numbers, one per ``--vary`` option."""
    kinds: tuple[str, ...]
    """How each value acts: set, add, percent, factor."""


def kpi_label(kpi: str) -> tuple[str, str]:
    """(readable name, unit) of a KPI column."""
    if kpi in COUNT_LABELS:
        return COUNT_LABELS[kpi], "people" if kpi != "events" else "events"
    if kpi.startswith("casualties."):
        return f"Casualties triaged {kpi.split('.', 1)[1]}", "people"
    if kpi.startswith("kpis."):
        name = kpi.removeprefix("kpis.")
        metric = re.sub(r"_within_[0-9.]+_min$", "_within_min", name)
        unit = METRICS[metric].unit if metric in METRICS else ""
        return name.replace("_", " ").capitalize(), unit
    if kpi.startswith("key_times."):
        return kpi.removeprefix("key_times.").removesuffix("_min").replace("_", " ").capitalize() + " (time)", "min"
    if kpi.startswith("hospitals."):
        parts = kpi.split(".")
        unit = "beds" if "peak_occupancy" in parts else "people"
        return f"{parts[1]}: {' '.join(parts[2:]).replace('_', ' ')}", unit
    return kpi, ""


def axis_label(kpi: str) -> str:
    """``Deaths (people)``."""
    name, unit = kpi_label(kpi)
    return f"{name} ({unit})" if unit else name


def sweep_axis_label(path: str, kind: str) -> str:
    """The x-axis label of a swept value."""
    suffix = {"set": "", "add": " (change)", "percent": " (change, %)", "factor": " (factor)"}.get(kind, "")
    return _wrap(path, 48) + suffix


def kpi_figure(key: str, kpi: str, arms: Sequence[ArmInfo], values: Mapping[int, Mapping[int, float | None]],
               sweep_paths: Sequence[str]) -> Figure | None:
    """One KPI: distributions per arm, mean vs the swept value, paired difference (None without data).

    ``values``: arm index → replication → value.
    """
    present = {arm.index: np.array([v for v in values.get(arm.index, {}).values() if v is not None], dtype=float)
               for arm in arms}
    if not any(array.size for array in present.values()):
        return None
    name, _ = kpi_label(kpi)
    if len(arms) == 1:
        figure = new_figure(6.4, 3.6)
        _histogram(figure.add_subplot(1, 1, 1), kpi, present[arms[0].index])
        figure.suptitle(name, fontsize=11, fontweight="bold")
        caption = (f"{name} over {present[arms[0].index].size} replications: histogram, mean (solid) with its "
                   f"95 % confidence interval (band) and the 5th and 95th percentiles (dashed).")
        return finish_figure(figure, key, name, caption)
    figure = new_figure(11.0, 3.9)
    left, middle, right = figure.subplots(1, 3, gridspec_kw={"width_ratios": (1.15, 1.0, 1.0)})
    _distributions(left, kpi, arms, present, sweep_paths)
    _against_sweep(middle, kpi, arms, present, sweep_paths)
    _differences(right, kpi, arms, values)
    figure.suptitle(name, fontsize=11, fontweight="bold")
    caption = (f"{name}. Left: distribution over replications per arm (box 25th–75th percentile, whiskers 5th–95th, "
               f"dots the replications, diamond and bar the mean and its 95 % confidence interval). Middle: mean "
               f"with 95 % confidence interval against the swept value, band 5th–95th percentile. Right: paired "
               f"difference from the first arm ({arms[0].short_label}) with its 95 % confidence interval; an "
               f"interval that does not cross zero is a difference the replications resolve.")
    return finish_figure(figure, key, name, caption)


def _histogram(ax: Axes, kpi: str, data: np.ndarray) -> None:
    s = summarise(data.tolist())
    bins = min(30, max(5, int(math.sqrt(data.size)) * 2))
    ax.hist(data, bins=bins, color=ARM_COLOURS[0], alpha=0.75, edgecolor="white")
    if not math.isnan(s.ci_low):
        ax.axvspan(s.ci_low, s.ci_high, color="#222222", alpha=0.15, label="95 % CI of the mean")
    ax.axvline(s.mean, color="#222222", linewidth=1.6, label=f"mean {s.mean:,.3g}")
    for value in (s.p5, s.p95):
        ax.axvline(value, color="#555555", linestyle="--", linewidth=1.0)
    ax.set_xlabel(axis_label(kpi))
    ax.set_ylabel("replications")
    ax.legend(fontsize=8, frameon=False)


def _distributions(ax: Axes, kpi: str, arms: Sequence[ArmInfo], present: Mapping[int, np.ndarray],
                   sweep_paths: Sequence[str]) -> None:
    positions = np.arange(len(arms))
    data = [present[arm.index] if present[arm.index].size else np.array([np.nan]) for arm in arms]
    boxes = ax.boxplot(data, positions=positions, whis=(5, 95), widths=0.55, showfliers=False, patch_artist=True,
                       medianprops={"color": "#222222"})
    jitter = np.random.default_rng(0)  # fixed: the same study always draws the same picture
    for position, arm, box in zip(positions, arms, boxes["boxes"]):
        colour = ARM_COLOURS[arm.index % len(ARM_COLOURS)]
        box.set_facecolor(colour)
        box.set_alpha(0.35)
        points = present[arm.index]
        ax.scatter(position + jitter.uniform(-0.18, 0.18, points.size), points, s=5, color=colour, alpha=0.45,
                   linewidths=0)
        s = summarise(points.tolist())
        if s.n:
            ax.errorbar(position, s.mean, yerr=_yerr(s), fmt="D", color="#222222", markersize=4, capsize=4)
    ax.set_xticks(positions, [arm.short_label for arm in arms])
    ax.set_xlabel(_wrap(" × ".join(sweep_paths), 48) if sweep_paths else "arm", fontsize=8)
    ax.set_ylabel(axis_label(kpi))
    ax.set_title("distribution per arm", fontsize=9)


def _against_sweep(ax: Axes, kpi: str, arms: Sequence[ArmInfo], present: Mapping[int, np.ndarray],
                   sweep_paths: Sequence[str]) -> None:
    groups: dict[tuple[float, ...], list[ArmInfo]] = {}
    for arm in arms:  # one line per combination of the other swept values
        groups.setdefault(arm.numbers[1:], []).append(arm)
    for number, (rest, members) in enumerate(groups.items()):
        members = sorted(members, key=lambda a: a.numbers[0])
        stats = [summarise(present[a.index].tolist()) for a in members]
        x = np.array([a.numbers[0] for a in members])
        mean = np.array([s.mean for s in stats])
        colour = ARM_COLOURS[number % len(ARM_COLOURS)] if len(groups) > 1 else "#1f3a5f"
        label = ", ".join(f"{v:g}" for v in rest) if rest else None
        ax.fill_between(x, [s.p5 for s in stats], [s.p95 for s in stats], color=colour, alpha=0.12, linewidth=0)
        ax.errorbar(x, mean, yerr=np.array([_yerr(s)[:, 0] for s in stats]).T, fmt="o-", color=colour,
                    capsize=4, markersize=4, label=label)
    ax.set_xlabel(sweep_axis_label(sweep_paths[0], arms[0].kinds[0]) if sweep_paths else "arm", fontsize=8)
    ax.set_ylabel(axis_label(kpi))
    ax.set_title("mean (95 % CI) against the swept value", fontsize=9)
    if len(groups) > 1:
        ax.legend(title=_wrap(" × ".join(sweep_paths[1:]), 30), fontsize=7, title_fontsize=7, frameon=False)


def _differences(ax: Axes, kpi: str, arms: Sequence[ArmInfo], values: Mapping[int, Mapping[int, float | None]]) -> None:
    reference = values.get(arms[0].index, {})
    others = list(arms[1:])
    stats = [paired_difference(dict(reference), dict(values.get(arm.index, {}))) for arm in others]
    positions = np.arange(len(others))
    for position, arm, s in zip(positions, others, stats):
        if s.n:
            ax.errorbar(s.mean, position, xerr=_yerr(s), fmt="o", color=ARM_COLOURS[arm.index % len(ARM_COLOURS)],
                        capsize=4, markersize=5)
        if s.n > 1 and s.std == 0.0:
            ax.annotate(f"same in all {s.n} pairs", (s.mean, position), xytext=(0, 9), textcoords="offset points",
                        ha="center", fontsize=7, color="#555555")
    ax.axvline(0.0, color="#888888", linewidth=1.0)
    ax.set_yticks(positions, [f"{arm.short_label} − {arms[0].short_label}" for arm in others])
    ax.set_ylim(len(others) - 0.5, -0.5)  # first comparison on top, with room around the points
    unit = kpi_label(kpi)[1]
    ax.set_xlabel("difference (percentage points)" if unit == "%" else f"difference ({unit or 'value'})", fontsize=8)
    ax.set_title("paired difference from the first arm (95 % CI)", fontsize=9)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)


def _yerr(s: Summary) -> np.ndarray:
    if math.isnan(s.ci_low):
        return np.array([[0.0], [0.0]])
    return np.array([[s.mean - s.ci_low], [s.ci_high - s.mean]])


def _wrap(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    pieces = re.split(r"(?<=\.)", text)
    lines, current = [], ""
    for piece in pieces:
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
    lines.append(current)
    return "\n".join(lines)
