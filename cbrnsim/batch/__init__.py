"""Planning studies: Monte Carlo replications and what-if sweeps of a scenario.

    from cbrnsim.batch import batch_command
    batch_command("scenarios/metro-sarin.yaml", 200, seed=1,
                  vary=["responders.stations[amb-centraal].ambulance.count=6,9,12"], out="studies/amb")

Replications run on local worker processes, or on a Dask distributed cluster given its
scheduler address; replication i of every arm uses the same seed (common random numbers). The
results are ``DIR/replications.csv``, ``summary.csv`` (mean, 95 % confidence interval, 5th–95th
percentiles per arm and KPI), ``differences.csv`` (paired differences from the first arm) and
``study.json``; ``cbrnsim report DIR`` renders the study report. See docs/batch-studies.md.

Modules: ``plan`` (arms from ``--vary``), ``seeds``, ``replication`` (the pure per-run function),
``runner`` (local pool / Dask), ``stats``, ``results`` (the folder), ``table``, ``progress``,
``command``. This package imports neither matplotlib nor Dask (Dask only when a scheduler is given).
"""
from __future__ import annotations

from .command import batch_command
from .plan import Arm, PlanError, build_arms
from .replication import ReplicationJob, ReplicationResult, StudySpec, kpi_values, run_replication
from .runner import RunnerError, RunOutcome, StopFlag, run_jobs
from .seeds import replication_seeds
from .stats import Summary, summarise, t_quantile

__all__ = [
    "Arm", "PlanError", "ReplicationJob", "ReplicationResult", "RunOutcome", "RunnerError", "StopFlag", "StudySpec",
    "Summary", "batch_command", "build_arms", "kpi_values", "replication_seeds", "run_jobs", "run_replication",
    "summarise", "t_quantile",
]
