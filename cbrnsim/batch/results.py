"""A study's folder: ``study.json``, ``replications.csv`` (written as results arrive), ``failures.csv``,
``summary.csv``.

``replications.csv`` has one row per finished replication and arm: ``arm``, ``arm_label``, one
column per swept path (the value as written), ``replication``, ``seed``, ``wall_time_s``, then
every KPI (:func:`cbrnsim.batch.replication.kpi_values`); an empty cell is a KPI that could not
be measured in that run. Each row is flushed as soon as its replication finishes, so after a
Ctrl-C or a crash the file holds every finished replication, and running the same study into the
same folder again skips them (a torn last line is dropped). Rows are in completion order; sort
by ``arm`` and ``replication`` to compare arms pair by pair.

``study.json`` says what the study is (scenario, seed rule, arms, end time, injects, versions)
and how it went (status, counts, wall time); its ``digest`` decides whether a folder may be
resumed. ``failures.csv`` lists the replications of the latest invocation that failed, with
their seed and error. ``summary.csv`` is written at the end: one row per arm and KPI; ``differences.csv`` (when there are
several arms) has the same columns for the paired difference of each arm from the first.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .plan import Arm
from .replication import ReplicationResult
from .stats import Summary, paired_difference, summarise

STUDY_FILE = "study.json"
"""What the study is and how it went."""
REPLICATIONS_FILE = "replications.csv"
"""One row per finished replication and arm."""
FAILURES_FILE = "failures.csv"
"""Replications that failed, with seed and error."""
SUMMARY_FILE = "summary.csv"
"""Mean, confidence interval and percentiles per arm and KPI."""
DIFFERENCES_FILE = "differences.csv"
"""Paired differences of every arm from the first arm, per KPI."""
STUDY_FORMAT = "cbrnsim-batch-study"
"""The ``format`` field of study.json."""

ID_COLUMNS: tuple[str, ...] = ("arm", "arm_label")
"""First columns of replications.csv, before the swept paths."""
RUN_COLUMNS: tuple[str, ...] = ("replication", "seed", "wall_time_s")
"""Columns after the swept paths, before the KPIs."""
SUMMARY_COLUMNS: tuple[str, ...] = ("kpi", "n", "missing", "mean", "std", "ci95_low", "ci95_high",
                                    "p5", "median", "p95", "min", "max")
"""Columns of summary.csv after the arm and swept-path columns."""
FAILURE_COLUMNS: tuple[str, ...] = ("arm", "arm_label", "replication", "seed", "worker", "error")
"""Columns of failures.csv."""


SummaryRows = list[tuple[Arm, str, Summary]]
"""(arm, KPI, statistics) rows, arms in order."""


class StudyDirError(Exception):
    """The output folder cannot take this study (another study is there, or it cannot be written)."""


@dataclass(frozen=True, slots=True)
class ReplicationRow:
    """A row of replications.csv, read back."""

    arm: int
    """Arm index."""
    replication: int
    """Replication number."""
    seed: int
    """Exercise seed."""
    kpis: dict[str, float | None]
    """KPI values (None: not measured)."""
    wall_time_s: float | None = None
    """Wall-clock time of the replication (s), when recorded."""


def sweep_paths(arms: Sequence[Arm]) -> tuple[str, ...]:
    """The swept paths, in option order (the same for every arm)."""
    return tuple(path for path, _ in arms[0].settings) if arms else ()


class StudyFolder:
    """The output folder of one study, new or resumed."""

    def __init__(self, folder: Path, study: dict[str, Any], arms: Sequence[Arm]) -> None:
        """Open ``folder`` for ``study`` (a study.json object with a ``digest``); StudyDirError if it holds another."""
        self.folder = folder
        """The folder."""
        self.arms = tuple(arms)
        """The study's arms."""
        self.study = dict(study)
        """study.json's content."""
        self._paths = sweep_paths(arms)
        self.header: list[str] | None = None
        """replications.csv's columns, known from the first result (or the resumed file)."""
        self.rows: list[ReplicationRow] = []
        """Every finished replication, resumed ones first."""
        self._csv: TextIO | None = None
        self._failures: TextIO | None = None
        self._prepare()

    # ----------------------------------------------------------------- opening
    def _prepare(self) -> None:
        study_path = self.folder / STUDY_FILE
        if self.folder.exists() and not self.folder.is_dir():
            raise StudyDirError(f"{self.folder}: exists and is not a folder")
        if study_path.exists():
            previous = _read_json(study_path)
            if previous.get("digest") != self.study["digest"] or previous.get("base_seed") != self.study["base_seed"]:
                raise StudyDirError(f"{self.folder}: holds another study ({previous.get('scenario', '?')}, "
                                    f"seed {previous.get('base_seed', '?')}, arms "
                                    f"{[a.get('label') for a in previous.get('arms', [])]}); choose another --out")
            self._resume()
        elif self.folder.exists() and any(self.folder.iterdir()):
            raise StudyDirError(f"{self.folder}: is not empty and holds no {STUDY_FILE}; choose another --out")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_json(study_path, self.study)
        except OSError as error:
            raise StudyDirError(f"{self.folder}: cannot write: {error.strerror or error}") from None

    def _resume(self) -> None:
        path = self.folder / REPLICATIONS_FILE
        if not path.exists():
            return
        header, rows = read_replications(path, self._paths)
        self.header = header or None
        self.rows = [row for row in rows if 0 <= row.arm < len(self.arms)]
        # Rewrite without a torn last line, so appending continues a valid file.
        if header:
            self._rewrite(path, header, rows)

    def _rewrite(self, path: Path, header: list[str], rows: Sequence[ReplicationRow]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(self._cells(header, row.arm, row.replication, row.seed, row.wall_time_s, row.kpis))
        _replace(path, buffer.getvalue())

    @property
    def done(self) -> set[tuple[int, int]]:
        """(arm, replication) pairs already finished."""
        return {(row.arm, row.replication) for row in self.rows}

    # ----------------------------------------------------------------- appending
    def add(self, result: ReplicationResult) -> list[str]:
        """Record a finished replication (flushed at once); returns KPI names the header does not have."""
        if not result.ok:
            self._add_failure(result)
            return []
        if self.header is None:
            self.header = [*ID_COLUMNS, *self._paths, *RUN_COLUMNS, *result.kpis]
        if self._csv is None:
            path = self.folder / REPLICATIONS_FILE
            new = not path.exists() or path.stat().st_size == 0
            self._csv = path.open("a", encoding="utf-8", newline="")
            if new:
                csv.writer(self._csv, lineterminator="\n").writerow(self.header)
        cells = self._cells(self.header, result.arm, result.replication, result.seed, result.wall_time_s,
                            result.kpis)
        csv.writer(self._csv, lineterminator="\n").writerow(cells)
        self._csv.flush()
        self.rows.append(ReplicationRow(result.arm, result.replication, result.seed, dict(result.kpis),
                                        result.wall_time_s))
        known = set(self.header)
        return [name for name in result.kpis if name not in known]

    def _cells(self, header: Sequence[str], arm: int, replication: int, seed: int, wall_time_s: float | None,
               kpis: Mapping[str, float | None]) -> list[str]:
        settings = {path: value.text for path, value in self.arms[arm].settings}
        fixed: dict[str, str] = {"arm": str(arm), "arm_label": self.arms[arm].label, "replication": str(replication),
                                 "seed": str(seed), "wall_time_s": "" if wall_time_s is None else f"{wall_time_s:.4f}",
                                 **settings}
        return [fixed[name] if name in fixed else _number_text(kpis.get(name)) for name in header]

    def _add_failure(self, result: ReplicationResult) -> None:
        if self._failures is None:
            self._failures = (self.folder / FAILURES_FILE).open("w", encoding="utf-8", newline="")
            csv.writer(self._failures, lineterminator="\n").writerow(FAILURE_COLUMNS)
        csv.writer(self._failures, lineterminator="\n").writerow(
            [result.arm, self.arms[result.arm].label, result.replication, result.seed, result.worker, result.error])
        self._failures.flush()

    # ----------------------------------------------------------------- finishing
    def finish(self, updates: Mapping[str, Any], kpi_order: Sequence[str] = ()) -> tuple[SummaryRows, SummaryRows]:
        """Close the CSVs, write summary.csv, differences.csv and the final study.json.

        Returns the summary rows and the paired differences from the first arm (``kpi_order``:
        the KPIs and their order; default: every KPI column).
        """
        for handle in (self._csv, self._failures):
            if handle is not None:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
        self._csv = self._failures = None
        self.study.update(updates)
        kpis = list(kpi_order) or self.kpi_names()
        summary = summarise_rows(self.rows, self.arms, kpis)
        differences = paired_differences(self.rows, self.arms, kpis)
        _replace(self.folder / SUMMARY_FILE, summary_csv_text(summary, self._paths))
        if differences:
            _replace(self.folder / DIFFERENCES_FILE, summary_csv_text(differences, self._paths))
        write_json(self.folder / STUDY_FILE, self.study)
        return summary, differences

    def kpi_names(self) -> list[str]:
        """The KPI columns of replications.csv."""
        if self.header is None:
            return []
        skip = {*ID_COLUMNS, *self._paths, *RUN_COLUMNS}
        return [name for name in self.header if name not in skip]


# --------------------------------------------------------------------- reading and summarising
def read_replications(path: Path, paths: Sequence[str] = ()) -> tuple[list[str], list[ReplicationRow]]:
    """Header and rows of a replications.csv (``paths``: its swept-path columns); rows with the wrong
    number of cells (a torn line) are dropped."""
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    if not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]  # the last line was being written: drop it
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    rows: list[ReplicationRow] = []
    skip = {*ID_COLUMNS, *RUN_COLUMNS, *paths}
    for cells in reader:
        if len(cells) != len(header):
            continue
        record = dict(zip(header, cells))
        try:
            arm, replication, seed = int(record["arm"]), int(record["replication"]), int(record["seed"])
        except (KeyError, ValueError):
            continue
        try:
            kpis = {name: _number(value) for name, value in record.items() if name not in skip}
        except ValueError:
            continue
        rows.append(ReplicationRow(arm, replication, seed, kpis, _number(record.get("wall_time_s", ""))))
    return header, rows


def summarise_rows(rows: Iterable[ReplicationRow], arms: Sequence[Arm],
                   kpi_order: Sequence[str]) -> list[tuple[Arm, str, Summary]]:
    """Statistics per arm and KPI, arms in order, KPIs in ``kpi_order``."""
    by_arm: dict[int, list[ReplicationRow]] = {arm.index: [] for arm in arms}
    for row in rows:
        by_arm.setdefault(row.arm, []).append(row)
    return [(arm, kpi, summarise(row.kpis.get(kpi) for row in by_arm[arm.index]))
            for arm in arms for kpi in kpi_order]


def paired_differences(rows: Iterable[ReplicationRow], arms: Sequence[Arm],
                       kpi_order: Sequence[str]) -> list[tuple[Arm, str, Summary]]:
    """Per arm after the first, per KPI: the paired difference from the first arm (same replications)."""
    by_arm: dict[int, dict[int, ReplicationRow]] = {arm.index: {} for arm in arms}
    for row in rows:
        by_arm.setdefault(row.arm, {})[row.replication] = row
    if len(arms) < 2:
        return []
    reference = by_arm[arms[0].index]
    return [(arm, kpi, paired_difference({i: r.kpis.get(kpi) for i, r in reference.items()},
                                         {i: r.kpis.get(kpi) for i, r in by_arm[arm.index].items()}))
            for arm in arms[1:] for kpi in kpi_order]


def summary_csv_text(summary: Sequence[tuple[Arm, str, Summary]], paths: Sequence[str]) -> str:
    """summary.csv's text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*ID_COLUMNS, *paths, *SUMMARY_COLUMNS])
    for arm, kpi, s in summary:
        values = {path: value.text for path, value in arm.settings}
        writer.writerow([arm.index, arm.label, *(values[p] for p in paths), kpi, s.n, s.missing,
                         *(_number_text(v) for v in (s.mean, s.std, s.ci_low, s.ci_high, s.p5, s.median, s.p95,
                                                     s.minimum, s.maximum))])
    return buffer.getvalue()


# --------------------------------------------------------------------- small file helpers
def write_json(path: Path, content: Mapping[str, Any]) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    _replace(path, json.dumps(content, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StudyDirError(f"{path}: cannot be read as a study description: {error}") from None
    if not isinstance(content, dict) or content.get("format") != STUDY_FORMAT:
        raise StudyDirError(f"{path}: is not a cbrnsim batch study description")
    return content


def _replace(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _number_text(value: float | None) -> str:
    if value is None or value != value:  # None or NaN: an empty cell
        return ""
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None
