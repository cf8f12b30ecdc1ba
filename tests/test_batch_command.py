"""`cbrnsim batch` as a function: a small study end to end, errors before anything runs, Ctrl-C and resume."""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cbrnsim.batch.runner as runner
from cbrnsim.batch.command import batch_command
from cbrnsim.batch.replication import ReplicationJob, ReplicationResult, StudySpec, run_replication
from cbrnsim.data import default_scenario

SWEEP = "responders.stations[amb-centraal].ambulance.count=3,12"


def _run(tmp_path: Path, *args, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("out", tmp_path / "study")
    options.setdefault("until", "15")
    code = batch_command(default_scenario(), *args, stdout=out, stderr=err, **options)
    return code, out.getvalue(), err.getvalue()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_small_sweep_end_to_end(tmp_path: Path) -> None:
    drawn: list[Path] = []
    code, out, err = _run(tmp_path, 3, seed=4, workers=2, vary=[SWEEP],
                          render_figures=lambda folder: drawn.append(folder) or [folder / "figures" / "x.png"])
    assert code == 0, err
    folder = tmp_path / "study"
    rows = _csv(folder / "replications.csv")
    assert sorted((r["arm"], r["replication"]) for r in rows) == [(a, i) for a in "01" for i in "012"]
    by_replication = {}
    for row in rows:
        by_replication.setdefault(row["replication"], set()).add(row["seed"])
    assert all(len(seeds) == 1 for seeds in by_replication.values())  # common random numbers
    summary = _csv(folder / "summary.csv")
    assert {r["kpi"] for r in summary} >= {"deaths", "hospital_arrivals", "exposed"}
    assert (folder / "differences.csv").exists() and not (folder / "failures.csv").exists()
    study = json.loads((folder / "study.json").read_text())
    assert study["status"] == "complete" and study["replications_finished"] == 6 and len(study["arms"]) == 2
    assert drawn == [folder]
    assert out.splitlines()[0].lstrip().startswith("mean") and "\ndeaths\n" in out
    assert "EXERCISE" in err and "6 of 6 runs finished" in err and "cbrnsim report" in err


@pytest.mark.parametrize(("options", "message"), [
    ({"vary": ["responders.stations[amb-central].ambulance.count=3"]}, "no item with id 'amb-central'"),
    ({"vary": ["responders.stations[amb-centraal].ambulance.count=(-3)"]}, "greater than or equal to 0"),
    ({"workers": 0}, "--workers: must be 1 or more"),
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "with --scheduler the cluster's workers"),
    ({"scheduler": "127.0.0.1:8786"}, "tcp://HOST:PORT"),
    ({"seed": -1}, "--seed: must be a non-negative integer"),
    ({"until": "soon"}, "--until"),
    ({"injects": "/nonexistent/injects.yaml"}, "injects.yaml"),
])
def test_bad_input_is_refused_before_anything_runs(tmp_path: Path, options: dict, message: str) -> None:
    code, out, err = _run(tmp_path, 2, **options)
    assert code == 1 and message in err and out == "" and "Traceback" not in err
    assert not (tmp_path / "study").exists()


def test_zero_replications_and_a_bad_scenario_are_refused(tmp_path: Path) -> None:
    assert _run(tmp_path, 0)[0] == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n")
    err = io.StringIO()
    assert batch_command(bad, 2, out=tmp_path / "o", stderr=err, stdout=io.StringIO()) == 1
    assert "bad.yaml:" in err.getvalue()


def test_rerunning_a_finished_study_runs_nothing_and_a_bigger_n_extends_it(tmp_path: Path) -> None:
    assert _run(tmp_path, 2, workers=1)[0] == 0
    first = _csv(tmp_path / "study" / "replications.csv")
    code, _, err = _run(tmp_path, 2, workers=1)
    assert code == 0 and "resuming, 2 already done" in err
    code, _, err = _run(tmp_path, 3, workers=1)
    rows = _csv(tmp_path / "study" / "replications.csv")
    assert code == 0 and len(rows) == 3 and rows[:2] == first


def test_another_study_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    assert _run(tmp_path, 1, workers=1)[0] == 0
    code, _, err = _run(tmp_path, 1, workers=1, seed=9)
    assert code == 1 and "holds another study" in err


def _fails_replication_one(spec: StudySpec, job: ReplicationJob) -> ReplicationResult:
    if job.replication == 1:
        return ReplicationResult(job.arm, job.replication, job.seed, {}, 0.0, "test", "RuntimeError: injected")
    return run_replication(spec, job)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the replacement reaches workers by fork")
def test_a_failed_replication_is_reported_with_its_seed_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(runner, "run_replication", _fails_replication_one)
    code, out, err = _run(tmp_path, 3, workers=1, vary=[SWEEP])
    assert code == 2
    assert "replication 1 of arm 'responders.stations[amb-centraal].ambulance.count=3' (seed " in err
    assert "RuntimeError: injected" in err and "failures.csv" in err
    assert len(_csv(tmp_path / "study" / "replications.csv")) == 4
    assert len(_csv(tmp_path / "study" / "failures.csv")) == 2
    assert json.loads((tmp_path / "study" / "study.json").read_text())["status"] == "complete with failures"


BATCH_SCRIPT = """
import sys
from cbrnsim.batch import batch_command
sys.exit(batch_command(sys.argv[1], int(sys.argv[2]), seed=3, workers=1, vary=[sys.argv[3]], out=sys.argv[4],
                       until="60"))
"""


def test_ctrl_c_stops_cleanly_keeps_a_valid_partial_csv_and_the_same_command_resumes(tmp_path: Path) -> None:
    out = tmp_path / "study"
    command = [sys.executable, "-c", BATCH_SCRIPT, str(default_scenario()), "10", SWEEP, str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    csv_path = out / "replications.csv"
    deadline = time.monotonic() + 120
    while not (csv_path.exists() and csv_path.read_text().count("\n") >= 3):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no replication finished in time"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "stopping: waiting for" in err and "interrupted" in err and "Traceback" not in err
    rows = _csv(csv_path)
    assert 2 <= len(rows) < 20
    assert all(r["deaths"] != "" and int(r["seed"]) > 0 for r in rows)
    assert json.loads((out / "study.json").read_text())["status"] == "interrupted"
    assert (out / "summary.csv").exists()
    done = len(rows)
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming, {done} already done" in resumed.stderr
    final = _csv(csv_path)
    assert len(final) == 20 and len({(r["arm"], r["replication"]) for r in final}) == 20


def test_a_local_batch_never_imports_dask_or_plotting(tmp_path: Path) -> None:
    code = (
        "import io, sys\n"
        "from cbrnsim.batch import batch_command\n"
        f"rc = batch_command({str(default_scenario())!r}, 1, workers=1, until='5', out={str(tmp_path / 's')!r},\n"
        "                   stdout=io.StringIO(), stderr=io.StringIO())\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed', 'matplotlib', 'reports'})\n"
        "print(rc, ','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0"], result.stdout + result.stderr
