"""``cbrnsim batch SCENARIO -n N [--seed S] [--workers K] [--scheduler tcp://HOST:PORT]
[--vary PATH=V1,V2,...]... [--injects FILE.yaml] [--until MIN] [--out DIR]``, as a function.

The typer command in ``cbrnsim/cli.py`` only parses arguments and calls :func:`batch_command`.
Everything is checked — scenario, injects, every arm of the sweep, the output folder, the
cluster — before the first replication starts; a problem is printed as one line each on stderr
and the exit status is 1, never a traceback.

Exit status: 0 every replication finished; 1 bad input or the batch could not start; 2 the
batch finished but some replications failed (listed in failures.csv); 130 stopped by Ctrl-C
(what finished is kept; the same command resumes).
"""
from __future__ import annotations

import hashlib
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..exercise.headless import CommandError, parse_until
from ..exercise.injects import InjectError, load_injects_file
from ..exercise.paths import RUNS_FOLDER, scenario_stem, utc_stamp
from ..scenario import Inject, Scenario, ScenarioError, load_scenario
from .plan import Arm, PlanError, build_arms
from .progress import ProgressBar
from .replication import ReplicationJob, ReplicationResult, StudySpec
from .results import STUDY_FORMAT, StudyDirError, StudyFolder
from .runner import RunnerError, RunOutcome, StopFlag, default_workers, run_jobs
from .seeds import SEED_RULE, replication_seeds
from .table import format_table, headline_kpis

FigureRenderer = Callable[[Path], Sequence[Path]]
"""Draws the study's figures into ``DIR/figures`` (given by the CLI from the reports package)."""

EXIT_OK, EXIT_BAD_INPUT, EXIT_FAILURES, EXIT_INTERRUPTED = 0, 1, 2, 130
"""Exit statuses (see the module docstring)."""


@dataclass(frozen=True)
class _Study:
    scenario: Scenario
    injects: tuple[Inject, ...]
    arms: tuple[Arm, ...]
    spec: StudySpec
    until_min: float


def batch_command(scenario: str | os.PathLike[str], replications: int, *, seed: int = 0, workers: int | None = None,
                  scheduler: str | None = None, vary: Sequence[str] = (), injects: str | os.PathLike[str] | None = None,
                  out: str | os.PathLike[str] | None = None, until: str | None = None,
                  render_figures: FigureRenderer | None = None, stdout: TextIO | None = None,
                  stderr: TextIO | None = None, stop: StopFlag | None = None) -> int:
    """Run a batch study; print progress on stderr and the summary table on stdout; return the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        _check_counts(replications, seed, workers, scheduler)
        study = _plan(Path(scenario), vary, injects, until)
        folder_path = Path(out) if out is not None else _default_out(study.scenario)
        folder = StudyFolder(folder_path, _study_record(study, Path(scenario), injects, seed, replications,
                                                        vary, workers, scheduler), study.arms)
    except CommandError as error:
        return _fail(stderr, error.lines)
    except StudyDirError as error:
        return _fail(stderr, [str(error)])
    seeds = replication_seeds(seed, replications)
    done = folder.done
    jobs = [ReplicationJob(arm.index, i, seeds[i]) for i in range(replications) for arm in study.arms
            if (arm.index, i) not in done]
    total = replications * len(study.arms)
    already = total - len(jobs)
    where = f"Dask cluster at {scheduler}" if scheduler else f"{workers or default_workers()} local worker process(es)"
    print(f"{study.scenario.metadata.handling_marking} · exercise grade, not for operational hazard prediction",
          file=stderr)
    print(f"batch: {replications} replication(s) × {len(study.arms)} arm(s) = {total} runs on {where}; "
          f"output {folder.folder}" + (f"; resuming, {already} already done" if already else ""), file=stderr)
    bar = ProgressBar(total, stderr, already_done=already)

    def on_result(result: ReplicationResult) -> None:
        extra = folder.add(result)
        if extra:
            bar.message(f"note: replication {result.replication} has KPI(s) the first run did not have, "
                        f"not recorded: {', '.join(extra)}")
        if not result.ok:
            arm = study.arms[result.arm]
            bar.message(f"replication {result.replication} of arm '{arm.label}' (seed {result.seed}) failed "
                        f"on {result.worker}: {result.error}")
        bar.advance(result.ok)

    def on_stopping(running: int) -> None:
        bar.message(f"stopping: waiting for {running} running replication(s) to finish "
                    f"(Ctrl-C again to abandon them)")

    try:
        outcome = run_jobs(study.spec, jobs, on_result, workers=workers, scheduler=scheduler, stop=stop,
                           on_stopping=on_stopping) if jobs else RunOutcome(0, 0, False, 0.0)
    except RunnerError as error:
        bar.close()
        folder.finish({"status": "not started", "error": str(error)})
        return _fail(stderr, [str(error)])
    bar.close()
    return _report(folder, study, outcome, total, render_figures, stdout, stderr)


# --------------------------------------------------------------------- before anything runs
def _check_counts(replications: int, seed: int, workers: int | None, scheduler: str | None) -> None:
    problems = []
    if replications < 1:
        problems.append(f"-n: the number of replications must be 1 or more, got {replications}")
    if seed < 0:
        problems.append(f"--seed: must be a non-negative integer, got {seed}")
    if workers is not None and workers < 1:
        problems.append(f"--workers: must be 1 or more, got {workers}")
    if workers is not None and scheduler:
        problems.append("--workers counts local processes; with --scheduler the cluster's workers run the "
                        "replications (size them with 'dask worker --nworkers K --nthreads 1')")
    if scheduler is not None and "://" not in scheduler:
        problems.append(f"--scheduler: give the address as tcp://HOST:PORT, got {scheduler!r}")
    if problems:
        raise CommandError(problems)


def _plan(scenario_path: Path, vary: Sequence[str], injects_path: str | os.PathLike[str] | None,
          until: str | None) -> _Study:
    until_min = parse_until(until)
    try:
        scenario = load_scenario(scenario_path)
        injects = tuple(load_injects_file(injects_path, scenario)) if injects_path is not None else ()
        arms = build_arms(scenario, vary, injects)
    except ScenarioError as error:
        raise CommandError([str(issue) for issue in error.issues]) from None
    except InjectError as error:
        raise CommandError(error.issues) from None
    except PlanError as error:
        raise CommandError(error.lines) from None
    spec = StudySpec(scenario.source_text, scenario.source_path or str(scenario_path), arms, injects, until_min)
    return _Study(scenario, injects, arms, spec, scenario.end_min if until_min is None else until_min)


def _default_out(scenario: Scenario) -> Path:
    return RUNS_FOLDER / f"{scenario_stem(scenario)}-batch-{utc_stamp()}"


def _study_record(study: _Study, scenario_path: Path, injects_path: str | os.PathLike[str] | None, seed: int,
                  replications: int, vary: Sequence[str], workers: int | None, scheduler: str | None) -> dict[str, Any]:
    """study.json at the start (status 'running')."""
    return {
        "format": STUDY_FORMAT, "format_version": 1, "digest": study.spec.digest,
        "scenario": str(scenario_path), "title": study.scenario.metadata.title,
        "handling_marking": study.scenario.metadata.handling_marking,
        "scenario_sha256": hashlib.sha256(study.scenario.source_text.encode("utf-8")).hexdigest(),
        "base_seed": seed, "replications": replications, "seed_rule": SEED_RULE, "until_min": study.until_min,
        "injects_file": None if injects_path is None else str(injects_path), "injects": len(study.injects),
        "sweeps": list(vary),
        "arms": [{"index": arm.index, "label": arm.label, "short_label": arm.short_label,
                  "settings": [{"path": path, "value": value.text, "kind": value.kind, "number": value.number}
                               for path, value in arm.settings]} for arm in study.arms],
        "headline_kpis": headline_kpis(study.scenario),
        "runner": {"kind": "dask", "scheduler": scheduler} if scheduler else
                  {"kind": "local", "workers": workers or default_workers()},
        "cbrnsim_version": __version__, "python": platform.python_version(),
        "started_utc": _now(), "status": "running",
    }


# --------------------------------------------------------------------- after the runs
def _report(folder: StudyFolder, study: _Study, outcome: RunOutcome, total: int,
            render_figures: FigureRenderer | None, stdout: TextIO, stderr: TextIO) -> int:
    finished = len(folder.rows)
    status = "interrupted" if outcome.interrupted else ("complete" if finished == total else "complete with failures")
    summary, differences = folder.finish({"status": status, "finished_utc": _now(), "replications_finished": finished,
                                          "replications_failed_this_run": outcome.failed,
                                          "wall_time_s": round(outcome.wall_time_s, 3)})
    headline = [kpi for kpi in folder.study["headline_kpis"] if kpi in set(folder.kpi_names())]
    if summary and finished:
        print(format_table(summary, differences, headline), file=stdout)
    figures: Sequence[Path] = ()
    if render_figures is not None and finished:
        try:
            figures = render_figures(folder.folder)
        except Exception as error:  # the figures are a view; the results are already safe on disk
            print(f"warning: figures not drawn: {type(error).__name__}: {error}", file=stderr)
    files = ["study.json", "replications.csv", "summary.csv"]
    files += ["differences.csv"] if differences else []
    files += ["failures.csv"] if (folder.folder / "failures.csv").exists() else []
    print(f"{finished} of {total} runs finished in {outcome.wall_time_s:.1f} s; written to {folder.folder}: "
          f"{', '.join(files)}" + (f", figures/ ({len(figures)} PNG)" if figures else ""), file=stderr)
    if outcome.interrupted:
        print(f"interrupted: the {finished} finished runs are kept; run the same command again to resume",
              file=stderr)
        return EXIT_INTERRUPTED
    if finished < total:
        print(f"{total - finished} run(s) failed: see {folder.folder / 'failures.csv'}", file=stderr)
        return EXIT_FAILURES
    print(f"report: cbrnsim report {folder.folder}", file=stderr)
    return EXIT_OK


def _fail(stderr: TextIO, lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=stderr)
    return EXIT_BAD_INPUT


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
