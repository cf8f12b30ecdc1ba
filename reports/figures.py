"""The report's figures, drawn with matplotlib's object API on the Agg canvas (no pyplot state).

Each function returns a ``Figure`` value (PNG bytes + title + caption) or None when the run has
nothing to show for it (no decontamination in a scenario without contaminated casualties).
Times are on the scenario clock, T+hh:mm; every axis says its unit.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Circle, Polygon
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .facts import BedLoad, StateCounts, UnitUse
from .journeys import Journeys
from .model import Figure
from .rundata import RunData
from .vocabulary import BED_LABELS, TRIAGE_CATEGORIES, TRIAGE_LABELS, UNIT_LABELS

DPI = 150
"""Resolution of every figure (dots per inch): sharp in print, small enough to embed."""

STATE_GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("exposed, not yet ill", ("asymptomatic",), "#d9d9d9"),
    ("ill on scene", ("symptomatic_on_scene",), "#f4a259"),
    ("waiting for responders", ("awaiting_extraction", "awaiting_decon", "awaiting_transport"), "#e15759"),
    ("in decontamination", ("in_decon",), "#b07aa1"),
    ("making own way to hospital", ("self_evacuating",), "#edc948"),
    ("in an ambulance", ("in_transport",), "#76b7b2"),
    ("in an emergency department", ("in_ed",), "#4e79a7"),
    ("admitted (ward, ICU, burn)", ("admitted_ward", "admitted_icu", "admitted_burn"), "#1f3a5f"),
    ("discharged", ("discharged",), "#9cbf8f"),
    ("dead", ("dead",), "#222222"),
)
"""How casualty states are grouped and coloured in the state figure."""

TRIAGE_COLOURS: dict[str, str] = {"immediate": "#d62728", "delayed": "#e6b800", "minor": "#2ca02c",
                                  "expectant": "#444444", "": "#9e9e9e"}
"""START colour codes."""


def clock_formatter(value: float, _position: int = 0) -> str:
    """Axis label for a scenario time in minutes: ``T+01:30``."""
    sign = "-" if value < 0 else "+"
    minutes = int(round(abs(value)))
    return f"T{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def new_figure(width_in: float, height_in: float, layout: str | None = "constrained") -> MplFigure:
    """A matplotlib figure on its own Agg canvas (no pyplot state)."""
    figure = MplFigure(figsize=(width_in, height_in), dpi=DPI, layout=layout)
    FigureCanvasAgg(figure)
    return figure


def finish_figure(figure: MplFigure, key: str, title: str, caption: str) -> Figure:
    """The figure rendered to PNG, with its title and caption."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": "cbrnsim reports"})
    width, height = figure.canvas.get_width_height()
    return Figure(key=key, title=title, caption=caption, png=buffer.getvalue(), width_px=width, height_px=height)


def time_axis(ax: Axes, end_min: float, compact: bool = False) -> None:
    """Scenario-time x axis from STARTEX to the end of the run; ``compact``: few ticks, labelled in hours."""
    ax.set_xlim(0, max(end_min, 1.0))
    step = _tick_step_min(end_min, 3 if compact else 9)
    ax.set_xticks(np.arange(0, end_min + 1e-9, step))
    ax.xaxis.set_major_formatter(FuncFormatter(hours_formatter if compact else clock_formatter))
    ax.grid(True, color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)


def hours_formatter(value: float, _position: int = 0) -> str:
    """Compact axis label for a scenario time in minutes: ``+2h``, ``+1.5h``."""
    return f"+{value / 60:g}h" if value else "0"


def _tick_step_min(end_min: float, most: int) -> float:
    for step in (15, 30, 60, 120, 240, 360, 720, 1440, 2880):
        if end_min / step <= most:
            return step
    return 1440 * math.ceil(end_min / 1440 / most)


def _step_extend(t_min: np.ndarray, values: np.ndarray, end_min: float) -> tuple[np.ndarray, np.ndarray]:
    """A step series extended to the end of the run, for ``drawstyle='steps-post'``."""
    if t_min.size == 0:
        return np.array([0.0, end_min]), np.array([0.0, 0.0])
    return np.append(t_min, max(end_min, float(t_min[-1]))), np.append(values, values[-1])


# ------------------------------------------------------------------------- the figures
def casualties_by_state(counts: StateCounts, end_min: float) -> Figure | None:
    """Stacked counts of casualties by (grouped) state over time."""
    if counts.t_min.size == 0:
        return None
    figure = new_figure(7.6, 3.9)
    ax = figure.add_subplot()
    t = np.append(counts.t_min, max(end_min, float(counts.t_min[-1])))
    stacks, labels, colours = [], [], []
    for label, states, colour in STATE_GROUPS:
        total = sum((counts.counts[s] for s in states if s in counts.counts), np.zeros(counts.t_min.size))
        if np.any(total):
            stacks.append(np.append(total, total[-1]))
            labels.append(label)
            colours.append(colour)
    ax.stackplot(t, *stacks, labels=labels, colors=colours, step="post", linewidth=0)
    time_axis(ax, end_min)
    ax.set_ylabel("casualties (persons)")
    ax.legend(loc="upper left", fontsize=7, frameon=True, ncols=2)
    return finish_figure(figure, "casualties-by-state", "Casualties by state over time",
                   "Every exposed person with symptoms is in exactly one state at each time; the stack height "
                   "is the number of casualties so far. Worried well are not included.")


def hospital_load(loads: list[BedLoad], names: dict[str, str], end_min: float) -> Figure | None:
    """Occupancy against capacity, one panel per hospital and bed type."""
    # A bed type that never moved anywhere tells the reader nothing; leave its column out.
    moving = {load.bed_type for load in loads if load.changed}
    loads = [load for load in loads if load.bed_type in moving]
    if not loads:
        return None
    hospitals = list(dict.fromkeys(load.hospital for load in loads))
    bed_types = list(dict.fromkeys(load.bed_type for load in loads))
    # Fixed margins instead of constrained layout: with a grid of small panels the layout solver
    # took over half of the report's generation time.
    figure = new_figure(7.8, 1.5 * len(hospitals) + 0.7, layout=None)
    figure.subplots_adjust(left=0.1, right=0.98, top=1 - 0.35 / (1.5 * len(hospitals) + 0.7),
                           bottom=0.45 / (1.5 * len(hospitals) + 0.7), wspace=0.35, hspace=0.3)
    axes = figure.subplots(len(hospitals), len(bed_types), squeeze=False, sharex=True)
    by_key = {(load.hospital, load.bed_type): load for load in loads}
    for row, hospital in enumerate(hospitals):
        for col, bed_type in enumerate(bed_types):
            ax = axes[row][col]
            load = by_key.get((hospital, bed_type))
            if load is None:
                ax.set_axis_off()
                continue
            t, occupied = _step_extend(load.t_min, load.occupied, end_min)
            _, capacity = _step_extend(load.t_min, load.capacity, end_min)
            over = occupied > capacity
            ax.fill_between(t, capacity, occupied, where=over, step="post", color="#e15759", alpha=0.35, linewidth=0)
            ax.plot(t, occupied, drawstyle="steps-post", color="#1f3a5f", linewidth=1.2)
            ax.plot(t, capacity, drawstyle="steps-post", color="#7a1f1f", linewidth=0.9, linestyle="--")
            time_axis(ax, end_min, compact=True)
            ax.set_ylim(0, max(float(occupied.max()), float(capacity.max()), 1.0) * 1.12)
            ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
            ax.tick_params(labelsize=6)
            if row == 0:
                ax.set_title(BED_LABELS.get(bed_type, bed_type), fontsize=8)
            if col == 0:
                ax.set_ylabel(names.get(hospital, hospital)[:22], fontsize=7)
    return finish_figure(figure, "hospital-load", "Hospital occupancy against capacity",
                   "Solid line: occupied (patients already in at STARTEX plus incident patients; for the ED also "
                   "those waiting for a space). Dashed line: capacity, including surge spaces and losses. "
                   "Red: demand above capacity.")


def unit_utilisation(uses: list[UnitUse], end_min: float) -> Figure | None:
    """Busy units per kind against the fleet size."""
    shown = [use for use in uses if use.fleet > 0 and use.t_min.size > 0]
    if not shown:
        return None
    figure = new_figure(7.6, 3.4)
    ax = figure.add_subplot()
    colours = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2"]
    for use, colour in zip(shown, colours):
        t, busy = _step_extend(use.t_min, use.busy, end_min)
        ax.plot(t, 100.0 * busy / use.fleet, drawstyle="steps-post", color=colour, linewidth=1.3,
                label=f"{UNIT_LABELS.get(use.kind, use.kind)} (fleet {use.fleet})")
    time_axis(ax, end_min)
    ax.set_ylim(0, 105)
    ax.set_ylabel("units busy (% of fleet)")
    ax.legend(loc="upper right", fontsize=7)
    return finish_figure(figure, "unit-utilisation", "Responder unit utilisation",
                   "Share of each unit kind that is committed (dispatched, on scene, transporting or handing "
                   "over). The fleet includes mutual-aid units that arrived during the run; 100 % means nobody "
                   "was left to send.")


def decon_queue(counts: StateCounts, opens_min: list[float], end_min: float) -> Figure | None:
    """People waiting for and in decontamination over time, with the times lines opened."""
    waiting, inside = counts.counts.get("awaiting_decon"), counts.counts.get("in_decon")
    if waiting is None and inside is None:
        return None
    figure = new_figure(7.6, 3.0)
    ax = figure.add_subplot()
    for values, label, colour in ((waiting, "waiting for decontamination", "#e15759"),
                                  (inside, "in decontamination", "#b07aa1")):
        if values is not None:
            t, v = _step_extend(counts.t_min, values, end_min)
            ax.plot(t, v, drawstyle="steps-post", color=colour, linewidth=1.3, label=label)
    for index, opened in enumerate(sorted(opens_min)):
        ax.axvline(opened, color="#59a14f", linewidth=0.8, linestyle=":",
                   label="a decontamination line opens" if index == 0 else None)
    time_axis(ax, end_min)
    ax.set_ylabel("persons")
    ax.legend(loc="upper right", fontsize=7)
    return finish_figure(figure, "decon-queue", "Decontamination queue",
                   "Casualties waiting for and passing through field decontamination; dotted lines mark when "
                   "a line (field or hospital) started working.")


def time_to_treatment(journeys: Journeys) -> Figure | None:
    """Distribution of minutes from symptom onset to hospital arrival, by triage category."""
    delay = journeys.hospital_arrival_min - journeys.onset_min
    data, labels, colours = [], [], []
    for category in TRIAGE_CATEGORIES:
        values = delay[journeys.of_triage(category) & np.isfinite(delay)]
        if values.size:
            data.append(values)
            labels.append(f"{TRIAGE_LABELS[category]}\nn = {values.size}")
            colours.append(TRIAGE_COLOURS[category])
    if not data:
        return None
    figure = new_figure(7.6, 3.3)
    ax = figure.add_subplot()
    parts = ax.boxplot(data, orientation="horizontal", patch_artist=True, widths=0.55, showfliers=True,
                       flierprops={"markersize": 2, "alpha": 0.4})
    for patch, colour in zip(parts["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.55)
    ax.set_yticks(range(1, len(labels) + 1), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("minutes from symptom onset to arrival at a hospital")
    ax.grid(True, axis="x", color="#e5e5e5", linewidth=0.6)
    return finish_figure(figure, "time-to-treatment", "Time to hospital by triage category",
                   "Boxes: middle half of the casualties of each category, line at the median; whiskers 1.5 "
                   "interquartile ranges; dots beyond. Only casualties who reached a hospital are counted.")


def map_extent(run: RunData, margin: float = 0.12) -> tuple[float, float, float, float]:
    """(x_min, x_max, y_min, y_max) in metres: everything drawn on the map plus a margin, inside the
    scenario's bounds, so that a small incident in a large map area is not lost in a corner."""
    scenario = run.scenario
    points = [p for zone in scenario.population for p in zone.points()]
    points += [p for release in scenario.releases for p in release.points()]
    points += [h.location for h in scenario.hospitals] + [s.location for s in scenario.responders.stations]
    bounds = scenario.geography.bounds
    xs, ys = [p.x_m for p in points], [p.y_m for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1000.0)
    pad = margin * span
    return (max(bounds.x_min_m, min(xs) - pad), min(bounds.x_max_m, max(xs) + pad),
            max(bounds.y_min_m, min(ys) - pad), min(bounds.y_max_m, max(ys) + pad))


@dataclass(frozen=True)
class AffectedPlace:
    """Casualties who were exposed in one place (a population zone, or inside a release's enclosure)."""

    place: str
    """Zone or release id."""
    x_m: float
    """Where to mark it: east (m)."""
    y_m: float
    """North (m)."""
    casualties: int
    """Casualties exposed there."""
    deaths: int
    """Of whom died."""


def footprint_map(run: RunData, places: list[AffectedPlace], hospital_peaks: dict[str, str]) -> Figure:
    """The map: population zones, releases, casualties per place of exposure, hospitals and stations."""
    scenario = run.scenario
    x_min, x_max, y_min, y_max = map_extent(run)
    width_m, height_m = x_max - x_min, y_max - y_min
    figure = new_figure(7.6, max(3.5, min(7.6 * height_m / width_m, 8.5)))
    ax = figure.add_subplot()
    for zone in scenario.population:
        patch = (Polygon([(p.x_m, p.y_m) for p in zone.polygon], closed=True) if zone.polygon is not None
                 else Circle((zone.centre.x_m, zone.centre.y_m), zone.radius_m))  # type: ignore[union-attr]
        patch.set(facecolor="#cfd8e3", edgecolor="#8799ad", alpha=0.45, linewidth=0.6)
        ax.add_patch(patch)
    largest = max((p.casualties for p in places), default=1)
    style = {"color": "#e15759", "alpha": 0.35, "edgecolors": "#7a1f1f", "linewidths": 0.8}
    if places:
        ax.scatter([], [], s=60, label="casualties exposed here (area ∝ number)", **style)
    for place in places:
        ax.scatter([place.x_m], [place.y_m], s=60 + 900 * place.casualties / largest, zorder=4, **style)
        ax.annotate(f"{place.casualties} casualties\n{place.deaths} died", (place.x_m, place.y_m), xytext=(0, -14),
                    textcoords="offset points", ha="center", va="top", fontsize=6, color="#7a1f1f", zorder=8)
    for index, release in enumerate(scenario.releases):
        points = release.points()
        xs, ys = [p.x_m for p in points], [p.y_m for p in points]
        ax.plot(xs, ys, color="#7a1f1f", linewidth=1.8, label="release" if index == 0 else None)
        ax.scatter(xs[-1:], ys[-1:], marker="X", s=40, color="#7a1f1f", zorder=5)
    for index, station in enumerate(scenario.responders.stations):
        ax.scatter([station.location.x_m], [station.location.y_m], marker="^", s=28, color="#f28e2b",
                   edgecolors="#333333", linewidths=0.4, zorder=6, label="responder station" if index == 0 else None)
    for index, hospital in enumerate(scenario.hospitals):
        ax.scatter([hospital.location.x_m], [hospital.location.y_m], marker="P", s=90, color="#1f77b4",
                   edgecolors="white", linewidths=0.8, zorder=7, label="hospital" if index == 0 else None)
        label = hospital.name if hospital.id not in hospital_peaks else f"{hospital.name}\n{hospital_peaks[hospital.id]}"
        ax.annotate(label, (hospital.location.x_m, hospital.location.y_m), xytext=(6, 4), textcoords="offset points",
                    fontsize=6.5, color="#1f3a5f")
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_aspect("equal")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:g}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:g}"))
    ax.set_xlabel("km east of the map origin")
    ax.set_ylabel("km north")
    ax.legend(loc="best", fontsize=6.5, framealpha=0.85)
    return finish_figure(figure, "footprint-map", "Where people were affected",
                   "Population zones (shaded), the release tracks, the casualties of the run by place of exposure "
                   "(people inside a metro car or other enclosure are marked on their release), responder "
                   "stations and receiving hospitals with their peak ED load against STARTEX spaces.")
