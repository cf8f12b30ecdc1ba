"""One replication as a pure function: (study, arm, seed) → KPIs. The same function runs in a local
worker process and on a Dask worker, so the same seeds give the same results wherever they run.

The study travels as a :class:`StudySpec` — the scenario's text, the arms' field changes, the
injects and the end time — and each worker process builds the arms' scenarios from it once
(:func:`prepared`, a per-process memo keyed by the spec's digest), not once per replication.

A replication's run store is SQLite's in-memory database (``out=":memory:"``): the batch keeps
the summary of each run, not its event log, so nothing is written to disk and no fsync is paid.
To look at one replication in detail, rerun it with ``cbrnsim run SCENARIO --seed SEED``.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import socket
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..exercise.summary import kpi_name
from ..scenario import Inject, Scenario, load_scenario_text
from .plan import Arm, arm_scenario

IN_MEMORY_STORE = ":memory:"
"""The run-store path of a replication: SQLite's in-memory database."""

SKIPPED_SUMMARY_KEYS: frozenset[str] = frozenset({
    "scenario", "title", "seed", "until_min", "objectives", "msel", "journal_entries", "run_store", "by_state",
})
"""Summary keys that are not outcomes of a replication (identity, bookkeeping, end-state counts)."""


@dataclass(frozen=True, eq=False)
class StudySpec:
    """Everything a worker needs to run any replication of a study (picklable, sent once per worker)."""

    scenario_text: str
    """The scenario file's text (YAML), re-validated by each worker."""
    scenario_file: str
    """The file it came from (for messages and the summary's ``scenario`` key)."""
    arms: tuple[Arm, ...]
    """The study's arms."""
    injects: tuple[Inject, ...] = ()
    """Extra injects journaled at the start of every replication, applied at their times."""
    until_min: float | None = None
    """End of every replication (min); None: the scenario's duration."""
    cbrnsim_version: str = __version__
    """The version that planned the study; a worker with another version refuses to run it."""
    digest: str = field(default="", init=False)
    """SHA-256 of the content above: equal digests mean the same study."""

    def __post_init__(self) -> None:
        content = json.dumps({
            "scenario": self.scenario_text, "file": self.scenario_file,
            "arms": [[list(a.path) + [a.value] for a in arm.assignments] for arm in self.arms],
            "injects": [inject.model_dump(mode="json") for inject in self.injects],
            "until_min": self.until_min, "version": self.cbrnsim_version,
        }, sort_keys=True)
        object.__setattr__(self, "digest", hashlib.sha256(content.encode("utf-8")).hexdigest())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StudySpec) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)


@dataclass(frozen=True, slots=True)
class ReplicationJob:
    """Which replication to run."""

    arm: int
    """Arm index."""
    replication: int
    """Replication number i (0-based); the same i has the same seed in every arm."""
    seed: int
    """The exercise seed of replication i."""


@dataclass(frozen=True, slots=True)
class ReplicationResult:
    """What one replication produced: its KPIs, or the error that stopped it."""

    arm: int
    """Arm index."""
    replication: int
    """Replication number."""
    seed: int
    """Exercise seed."""
    kpis: Mapping[str, float | None]
    """KPI name → value (None where not measurable); empty when the replication failed."""
    wall_time_s: float
    """Wall-clock time of the replication in its worker (s)."""
    worker: str
    """host:pid of the worker process that ran it."""
    error: str | None = None
    """``ExceptionType: message`` and the last frames, when the replication failed."""

    @property
    def ok(self) -> bool:
        """True when the replication ran to its end."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class PreparedStudy:
    """A study's scenarios, built once per worker process."""

    arm_scenarios: tuple[Scenario, ...]
    """The scenario of each arm, validated."""
    until_min: float
    """Where every replication stops (min)."""


@functools.lru_cache(maxsize=4)
def prepared(spec: StudySpec) -> PreparedStudy:
    """The arms' scenarios of a study; memoised per process so a worker loads the scenario once."""
    if spec.cbrnsim_version != __version__:
        raise RuntimeError(f"this worker runs cbrnsim {__version__}, the study was planned with "
                           f"{spec.cbrnsim_version}; install the same version on every worker")
    base = load_scenario_text(spec.scenario_text, spec.scenario_file)
    scenarios = tuple(arm_scenario(base, arm) for arm in spec.arms)
    return PreparedStudy(scenarios, base.end_min if spec.until_min is None else spec.until_min)


def run_replication(spec: StudySpec, job: ReplicationJob) -> ReplicationResult:
    """Run one replication; any exception becomes a failed result, never an exception."""
    start = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        study = prepared(spec)
        summary = simulate(study.arm_scenarios[job.arm], job.seed, spec.injects, study.until_min)
    except Exception as error:  # a failed replication is reported with its seed; the batch goes on
        return ReplicationResult(job.arm, job.replication, job.seed, {}, time.perf_counter() - start, worker,
                                 _describe(error))
    return ReplicationResult(job.arm, job.replication, job.seed, kpi_values(summary),
                             time.perf_counter() - start, worker)


def simulate(scenario: Scenario, seed: int, injects: tuple[Inject, ...], until_min: float) -> dict[str, Any]:
    """One headless run, as ``cbrnsim run`` does it (MSEL on time, injects journaled first): its summary."""
    from ..exercise import Exercise

    exercise = Exercise(scenario, seed, out=IN_MEMORY_STORE, auto_deliver_msel=True)
    try:
        for inject in injects:
            exercise.apply(inject, author="injects file")
        exercise.advance_to(until_min)
        return exercise.summary()
    finally:
        exercise.store.close()


def kpi_values(summary: Mapping[str, Any]) -> dict[str, float | None]:
    """The numeric outcomes of a run summary as flat columns.

    ``deaths``, ``casualties.immediate``, ``hospitals.kuh.peak_occupancy.icu_beds``,
    ``kpis.antidote_within_60_min``, ``key_times.agent_identified_min`` ..., in the summary's
    order. Left out: a ``kpis`` entry that repeats a top-level count (``kpis.deaths``) or is the
    model's internal ``metric@window`` name of a windowed KPI, and the hospitals' bed counts
    (capacity, an input).
    """
    columns: dict[str, float | None] = {}
    for key, value in summary.items():
        if key not in SKIPPED_SUMMARY_KEYS:
            _flatten(key, value, columns)
    for key in [k for k in columns if k.startswith("kpis.") and _repeats(k.removeprefix("kpis."), columns)]:
        del columns[key]
    return columns


def _repeats(kpi: str, columns: Mapping[str, Any]) -> bool:
    """A KPI that is a top-level count, or the model's ``metric@window`` name of a windowed KPI."""
    if kpi in columns:
        return True
    metric, at, window = kpi.partition("@")
    return bool(at) and f"kpis.{kpi_name(metric, float(window))}" in columns


def _flatten(prefix: str, value: Any, into: dict[str, float | None]) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            if key != "beds":
                _flatten(f"{prefix}.{key}", child, into)
    elif value is None:
        into[prefix] = None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        into[prefix] = float(value)


def _describe(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " < ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__name__}: {error}" + (f" (at {where})" if where else "")
