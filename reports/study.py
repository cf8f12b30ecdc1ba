"""The report of a batch study (``cbrnsim batch``'s folder): HTML, Markdown and PDF, from the study's
files — ``study.json``, ``replications.csv`` (and ``failures.csv`` if any).

    from reports.study import is_study_dir, render_study
    if is_study_dir("studies/amb"):
        render_study("studies/amb", None, ("html", "md"), force=False)   # study.html, study.md, figures/

The statistics are recomputed from replications.csv with ``cbrnsim.batch.stats`` (the same code
that wrote summary.csv), so the report always matches the rows it shows. Built as
``reports.model.Report`` and rendered by the after-action report's renderers.
"""
from __future__ import annotations

import csv
import json
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cbrnsim.batch.results import FAILURES_FILE, REPLICATIONS_FILE, STUDY_FILE, STUDY_FORMAT, read_replications
from cbrnsim.batch.stats import Summary, paired_difference, summarise
from cbrnsim.batch.table import interval, number

from . import ReportResult
from .appendices import EXERCISE_GRADE
from .batch_figures import ArmInfo, kpi_figure, kpi_label
from .model import Block, Bullets, Cover, Figure, FigureRef, KeyValues, Paragraph, Report, Section, Table
from .output import FIGURE_DIR, figure_key, write_inside
from .rundata import ReportError
from .sections import generated_at

DOCUMENT = "Planning Study — Monte Carlo replications"
"""The document name on the cover."""

STUDY_FILE_NAMES: dict[str, str] = {"html": "study.html", "pdf": "study.pdf", "md": "study.md"}
"""The report file of each format, inside the output folder."""


@dataclass(frozen=True)
class StudyData:
    """A batch study read back from its folder."""

    folder: Path
    """The study folder."""
    study: dict[str, Any]
    """study.json."""
    arms: tuple[ArmInfo, ...]
    """The arms, in order."""
    sweep_paths: tuple[str, ...]
    """The swept field paths."""
    values: dict[str, dict[int, dict[int, float | None]]]
    """KPI → arm → replication → value."""
    kpis: tuple[str, ...]
    """Every KPI column, in file order."""
    failures: tuple[dict[str, str], ...]
    """Rows of failures.csv (the latest invocation's failed replications)."""


def is_study_dir(path: str | Path) -> bool:
    """True for a folder written by ``cbrnsim batch`` (it holds study.json and replications.csv)."""
    folder = Path(path)
    return folder.is_dir() and (folder / STUDY_FILE).is_file() and (folder / REPLICATIONS_FILE).is_file()


def load_study(folder: str | Path) -> StudyData:
    """Read a study folder (ReportError, one line, if it is not a readable study)."""
    folder = Path(folder)
    if not is_study_dir(folder):
        raise ReportError(f"{folder}: not a batch study folder (needs {STUDY_FILE} and {REPLICATIONS_FILE})")
    try:
        study = json.loads((folder / STUDY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReportError(f"{folder / STUDY_FILE}: cannot be read: {error}") from None
    if not isinstance(study, dict) or study.get("format") != STUDY_FORMAT or not study.get("arms"):
        raise ReportError(f"{folder / STUDY_FILE}: not a cbrnsim batch study description")
    try:
        arms = tuple(ArmInfo(int(a["index"]), str(a["label"]), str(a["short_label"]),
                             tuple(float(s["number"]) for s in a["settings"]),
                             tuple(str(s["kind"]) for s in a["settings"])) for a in study["arms"])
        paths = tuple(str(s["path"]) for s in study["arms"][0]["settings"])
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(f"{folder / STUDY_FILE}: arms are malformed ({error})") from None
    header, rows = read_replications(folder / REPLICATIONS_FILE, paths)
    skip = {"arm", "arm_label", "replication", "seed", "wall_time_s", *paths}
    kpis = tuple(name for name in header if name not in skip)
    values: dict[str, dict[int, dict[int, float | None]]] = {k: {a.index: {} for a in arms} for k in kpis}
    for row in rows:
        for kpi in kpis:
            values[kpi].setdefault(row.arm, {})[row.replication] = row.kpis.get(kpi)
    return StudyData(folder, study, arms, paths, values, kpis, _failures(folder / FAILURES_FILE))


def _failures(path: Path) -> tuple[dict[str, str], ...]:
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def headline(data: StudyData) -> list[str]:
    """The KPIs the study headlines (study.json), those present in the rows."""
    return [kpi for kpi in data.study.get("headline_kpis", []) if kpi in data.values]


def study_figures(data: StudyData) -> list[Figure]:
    """One figure per headline KPI."""
    figures = []
    for number_, kpi in enumerate(headline(data), start=1):
        key = figure_key(f"{number_:02d}-" + re.sub(r"[^a-z0-9]+", "-", kpi.lower()).strip("-")[:56])
        figure = kpi_figure(key, kpi, data.arms, data.values[kpi], data.sweep_paths)
        if figure is not None:
            figures.append(figure)
    return figures


def write_study_figures(folder: str | Path) -> list[Path]:
    """Draw the figures into ``folder/figures`` (what ``cbrnsim batch`` calls when it ends)."""
    data = load_study(folder)
    figures = study_figures(data)
    _figure_folder(Path(folder))
    return [write_inside(Path(folder), f"{FIGURE_DIR}/{f.filename}", f.png) for f in figures]


def _figure_folder(folder: Path) -> None:
    figures = folder / FIGURE_DIR
    if figures.is_symlink():
        raise ReportError(f"{figures}: is a symbolic link; refusing to write figures through it")
    try:
        figures.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"{figures}: cannot create: {error.strerror or error}") from None


def render_study(folder: str | Path, out: str | Path | None = None, formats: Sequence[str] = ("html", "pdf", "md"),
                 force: bool = False) -> ReportResult:
    """Write the study report (study.html / .pdf / .md, figures/ for Markdown) into ``out`` (default: the study folder)."""
    from .html import render_html
    from .markdown import render_markdown
    from .output import check_formats
    from .pdf import render_pdf

    start = time.perf_counter()
    wanted = check_formats(list(formats))
    target = Path(out) if out is not None else Path(folder)
    existing = [target / STUDY_FILE_NAMES[f] for f in wanted if (target / STUDY_FILE_NAMES[f]).exists()]
    if existing and not force:
        raise ReportError(f"{existing[0]}: a study report already exists; use --force to overwrite it")
    data = load_study(folder)
    report = build_study_report(data)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"{target}: cannot create the output folder: {error.strerror or error}") from None
    renderers = {"html": lambda: render_html(report).encode("utf-8"), "pdf": lambda: render_pdf(report),
                 "md": lambda: render_markdown(report).encode("utf-8")}
    files = {fmt: write_inside(target, STUDY_FILE_NAMES[fmt], renderers[fmt]()) for fmt in wanted}
    figures: tuple[Path, ...] = ()
    if "md" in wanted:
        _figure_folder(target)
        figures = tuple(write_inside(target, f"{FIGURE_DIR}/{f.filename}", f.png) for f in report.figures)
    return ReportResult(out_dir=target.resolve(), files=files, figures=figures, runs=(Path(folder),),
                        seconds=time.perf_counter() - start)


# --------------------------------------------------------------------- the report
def build_study_report(data: StudyData) -> Report:
    """The whole study report as data."""
    figures = study_figures(data)
    sections = [handling_section(data), design_section(data), results_section(data),
                Section("figures", "Figures", tuple(FigureRef(f.key) for f in figures)
                        or (Paragraph("No replication finished: nothing to plot."),)),
                all_kpis_section(data), method_section(data)]
    if data.failures:
        sections.insert(4, failures_section(data))
    return Report(cover=study_cover(data), sections=tuple(sections), figures=tuple(figures))


def study_cover(data: StudyData) -> Cover:
    """The cover page."""
    s = data.study
    finished = sum(1 for arm in data.arms for _ in _arm_rows(data, arm.index))
    lines = (("Handling", str(s.get("handling_marking", ""))), ("Scenario", str(s.get("scenario", ""))),
             ("Design", f"{len(data.arms)} arm(s) × {s.get('replications')} replication(s), base seed "
                        f"{s.get('base_seed')}"),
             ("Runs finished", f"{finished} of {len(data.arms) * int(s.get('replications', 0))} ({s.get('status')})"),
             ("Report generated", generated_at()))
    return Cover(title=str(s.get("title", "")), document=DOCUMENT, marking=str(s.get("handling_marking", "")),
                 dates=str(s.get("started_utc", "")), sponsor="(planning study)", lines=lines, notice=EXERCISE_GRADE)


def _arm_rows(data: StudyData, arm: int) -> list[int]:
    first = next(iter(data.values.values()), {})
    return sorted(first.get(arm, {}))


def handling_section(data: StudyData) -> Section:
    """Marking and the exercise-grade warning."""
    marking = data.study.get("handling_marking", "")
    return Section("handling", "Handling instructions", (
        Paragraph(f"This document is marked \u201c{marking}\u201d and is to be handled accordingly."),
        Paragraph(EXERCISE_GRADE, "warning"),
        Paragraph("A planning study compares scenario variants over many simulated incidents. Its numbers show how "
                  "the model responds to a change, with the model's own uncertainty; they are not forecasts."),
    ), page_break_before=False)


def design_section(data: StudyData) -> Section:
    """What was run."""
    s = data.study
    runner = s.get("runner", {})
    where = f"Dask cluster at {runner.get('scheduler')}" if runner.get("kind") == "dask" else \
        f"{runner.get('workers')} local worker process(es)"
    pairs = (("Scenario file", str(s.get("scenario"))), ("Scenario SHA-256", str(s.get("scenario_sha256", ""))[:16] + "…"),
             ("Replications per arm", str(s.get("replications"))), ("Base seed", str(s.get("base_seed"))),
             ("Seeds", str(s.get("seed_rule"))),
             ("Each run", f"to T+{_clock(float(s.get('until_min', 0)))} with the MSEL delivered on time"
                          + (f", plus {s.get('injects')} inject(s) from {s.get('injects_file')}"
                             if s.get("injects_file") else "")),
             ("Swept", "; ".join(s.get("sweeps", [])) or "nothing (one arm: replications only)"),
             ("Ran on", where), ("cbrnsim", str(s.get("cbrnsim_version"))),
             ("Started / finished (UTC)", f"{s.get('started_utc')} / {s.get('finished_utc', '–')}"),
             ("Wall time", f"{s.get('wall_time_s', '–')} s"), ("Status", str(s.get("status"))))
    arms = Table(("Arm", "Settings", "Replications finished"),
                 tuple((str(a.index), a.label, str(len(_arm_rows(data, a.index)))) for a in data.arms),
                 caption="Arms of the study", widths=(1, 7, 2))
    return Section("design", "Study design", (KeyValues(pairs), arms))


def _clock(minutes: float) -> str:
    return f"{int(minutes // 60):02d}:{int(round(minutes % 60)):02d}"


def results_section(data: StudyData) -> Section:
    """The headline KPIs: table and findings."""
    kpis = headline(data)
    rows: list[tuple[str, ...]] = []
    for kpi in kpis:
        reference = data.values[kpi].get(data.arms[0].index, {})
        for arm in data.arms:
            s = summarise(data.values[kpi].get(arm.index, {}).values())
            delta = "" if arm is data.arms[0] else _delta_text(paired_difference(reference, data.values[kpi][arm.index]))
            rows.append((kpi_label(kpi)[0], arm.short_label, number(s.mean), interval(s.ci_low, s.ci_high),
                         _spread(s), str(s.n), delta))
    headers = ("KPI", "Arm", "Mean", "95 % CI", "5th–95th pct", "n")
    headers += (f"Δ vs {data.arms[0].short_label} (paired 95 % CI)",) if len(data.arms) > 1 else ()
    table = Table(headers, tuple(r[: len(headers)] for r in rows), caption="Headline KPIs per arm",
                  widths=(3, 1.4, 1.2, 2, 2, 0.8, 2.6)[: len(headers)])
    blocks: list[Block] = [Paragraph("Mean over the replications with its 95 % confidence interval (Student t), the "
                                     "5th–95th percentile range of single runs, and — with several arms — the paired "
                                     "difference from the first arm (common random numbers)."), table]
    findings = findings_text(data)
    if findings:
        blocks += [Paragraph("What the replications resolve:"), Bullets(tuple(findings))]
    return Section("results", "Results", tuple(blocks))


def findings_text(data: StudyData) -> list[str]:
    """One sentence per headline KPI and arm after the first: resolved difference, or not."""
    if len(data.arms) < 2:
        return []
    first = data.arms[0]
    lines = []
    for kpi in headline(data):
        name, unit = kpi_label(kpi)
        reference = data.values[kpi].get(first.index, {})
        for arm in data.arms[1:]:
            d = paired_difference(reference, data.values[kpi].get(arm.index, {}))
            if d.n == 0:
                continue
            if d.n >= 2 and d.std == 0.0:
                change = "the same" if d.mean == 0 else f"{_signed(d.mean)} {unit}".strip()
                lines.append(f"{name}: {arm.short_label} vs {first.short_label} — {change} in every one of {d.n} "
                             f"paired replications.")
            elif not math.isnan(d.ci_low) and (d.ci_low > 0 or d.ci_high < 0):
                lines.append(f"{name}: {arm.short_label} vs {first.short_label} — {_signed(d.mean)} {unit} on "
                             f"average (95 % CI {number(d.ci_low)} to {number(d.ci_high)}, {d.n} pairs).")
            else:
                lines.append(f"{name}: {arm.short_label} vs {first.short_label} — no difference resolved by {d.n} "
                             f"pairs (95 % CI {number(d.ci_low)} to {number(d.ci_high)} {unit}).")
    return lines


def all_kpis_section(data: StudyData) -> Section:
    """Every KPI column, every arm."""
    rows = []
    for kpi in data.kpis:
        for arm in data.arms:
            s = summarise(data.values[kpi].get(arm.index, {}).values())
            rows.append((kpi, arm.short_label, number(s.mean), interval(s.ci_low, s.ci_high), _spread(s),
                         str(s.n), str(s.missing)))
    table = Table(("KPI column", "Arm", "Mean", "95 % CI", "5th–95th pct", "n", "missing"), tuple(rows),
                  caption="Every KPI of replications.csv (missing: not measurable in that run)",
                  widths=(4.5, 1.4, 1.2, 2, 2, 0.7, 0.9))
    return Section("all-kpis", "Appendix A: every KPI", (table,), landscape=True)


def failures_section(data: StudyData) -> Section:
    """Replications that failed, with their seeds."""
    rows = tuple((f.get("arm_label", ""), f.get("replication", ""), f.get("seed", ""), f.get("error", ""))
                 for f in data.failures)
    return Section("failures", "Failed replications", (
        Paragraph(f"{len(rows)} replication(s) failed in the latest invocation and are left out of every statistic. "
                  "Rerun one with `cbrnsim run SCENARIO --seed SEED` (with the arm's change) to investigate.",
                  "warning"),
        Table(("Arm", "Replication", "Seed", "Error"), rows, widths=(3, 1, 2, 6))))


def method_section(data: StudyData) -> Section:
    """How the numbers are computed and what they do not say."""
    return Section("method", "Appendix B: method and limits", (Bullets((
        "Each replication is one headless run of the scenario (MSEL delivered on time) with its own seed; "
        "replication i uses the same seed in every arm (common random numbers), so arms differ by the change, "
        "not by luck.",
        "95 % confidence interval of a mean: mean ± t(0.975, n−1)·s/√n (Law, Simulation Modeling and Analysis, "
        "5th ed., 2015, §9.4.1), t quantiles by Hill (1970), CACM Algorithm 396. It says how well n replications "
        "pin the model's mean down, not how far a real incident may fall from it; for counts near zero it can "
        "reach below zero.",
        "Paired difference: the same interval on the per-replication differences from the first arm (Law 2015, "
        "§10.2.1). With common random numbers it is usually much narrower than the arms' own intervals.",
        "5th–95th percentiles (numpy 'linear', Hyndman & Fan 1996 definition 7): the spread of single runs — "
        "what one incident could look like.",
        "More replications narrow the intervals roughly as 1/√n; they do not fix model error. " + EXERCISE_GRADE,
    )),))


def _spread(s: Summary) -> str:
    return "–" if s.n == 0 else f"{number(s.p5)} – {number(s.p95)}"


def _signed(value: float) -> str:
    text = number(value)
    return text if text.startswith("-") else f"+{text}"


def _delta_text(d: Summary) -> str:
    if d.n == 0:
        return "–"
    return f"{_signed(d.mean)} {interval(d.ci_low, d.ci_high)}"
