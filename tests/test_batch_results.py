"""The study folder: incremental replications.csv, resume after a torn line, failures, summaries."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cbrnsim.batch.plan import Arm, SweepValue
from cbrnsim.batch.replication import ReplicationResult
from cbrnsim.batch.results import STUDY_FORMAT, StudyDirError, StudyFolder, read_replications

PATH = "responders.stations[s1].ambulance.count"
ARMS = (Arm(0, ((PATH, SweepValue("6", "set", 6.0)),), ()), Arm(1, ((PATH, SweepValue("+50%", "percent", 50.0)),), ()))


def _study(digest: str = "abc", seed: int = 1) -> dict:
    return {"format": STUDY_FORMAT, "digest": digest, "base_seed": seed, "scenario": "s.yaml", "arms": []}


def _ok(arm: int, replication: int, deaths: float, wait: float | None = 1.5) -> ReplicationResult:
    return ReplicationResult(arm, replication, 1000 + replication, {"deaths": deaths, "kpis.wait_min": wait},
                             0.25, "host:1")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_rows_are_on_disk_as_soon_as_they_arrive(tmp_path: Path) -> None:
    folder = StudyFolder(tmp_path / "s", _study(), ARMS)
    folder.add(_ok(0, 0, 3.0))
    folder.add(_ok(1, 0, 2.0, wait=None))
    rows = _rows(tmp_path / "s" / "replications.csv")  # before finish(): already readable
    assert [r["arm_label"] for r in rows] == [f"{PATH}=6", f"{PATH}=+50%"]
    assert rows[1][PATH] == "+50%" and rows[1]["seed"] == "1000" and rows[1]["kpis.wait_min"] == ""
    assert json.loads((tmp_path / "s" / "study.json").read_text())["digest"] == "abc"


def test_finish_writes_summary_differences_and_the_final_study(tmp_path: Path) -> None:
    folder = StudyFolder(tmp_path / "s", _study(), ARMS)
    for i, deaths in enumerate([3.0, 5.0, 4.0]):
        folder.add(_ok(0, i, deaths))
        folder.add(_ok(1, i, deaths - 1.0))
    summary, differences = folder.finish({"status": "complete"})
    assert [(arm.index, kpi) for arm, kpi, _ in summary] == [(0, "deaths"), (0, "kpis.wait_min"),
                                                              (1, "deaths"), (1, "kpis.wait_min")]
    assert summary[0][2].mean == 4.0
    assert differences[0][2].mean == -1.0 and differences[0][2].std == 0.0
    rows = _rows(tmp_path / "s" / "summary.csv")
    assert rows[0]["kpi"] == "deaths" and float(rows[0]["mean"]) == 4.0 and rows[0]["n"] == "3"
    assert float(rows[0]["ci95_low"]) < 4.0 < float(rows[0]["ci95_high"])
    assert _rows(tmp_path / "s" / "differences.csv")[0]["mean"] == "-1"
    assert json.loads((tmp_path / "s" / "study.json").read_text())["status"] == "complete"


def test_a_failure_goes_to_failures_csv_with_its_seed(tmp_path: Path) -> None:
    folder = StudyFolder(tmp_path / "s", _study(), ARMS)
    folder.add(ReplicationResult(1, 7, 4242, {}, 0.1, "host:2", "ValueError: boom"))
    folder.finish({})
    (row,) = _rows(tmp_path / "s" / "failures.csv")
    assert (row["arm"], row["replication"], row["seed"], row["error"]) == ("1", "7", "4242", "ValueError: boom")
    assert folder.rows == []


def test_resume_skips_done_replications_and_drops_a_torn_line(tmp_path: Path) -> None:
    first = StudyFolder(tmp_path / "s", _study(), ARMS)
    first.add(_ok(0, 0, 3.0))
    first.add(_ok(1, 0, 2.0))
    csv_path = tmp_path / "s" / "replications.csv"
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("0,x,6,1,10")  # a row cut short by a crash
    resumed = StudyFolder(tmp_path / "s", _study(), ARMS)
    assert resumed.done == {(0, 0), (1, 0)}
    resumed.add(_ok(0, 1, 9.0))
    header, rows = read_replications(csv_path, [PATH])
    assert [(r.arm, r.replication) for r in rows] == [(0, 0), (1, 0), (0, 1)]
    assert header == resumed.header and rows[2].kpis["deaths"] == 9.0 and rows[0].wall_time_s == 0.25


def test_another_study_or_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    StudyFolder(tmp_path / "s", _study(), ARMS)
    with pytest.raises(StudyDirError, match="holds another study"):
        StudyFolder(tmp_path / "s", _study(digest="other"), ARMS)
    with pytest.raises(StudyDirError, match="holds another study"):
        StudyFolder(tmp_path / "s", _study(seed=2), ARMS)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(StudyDirError, match="is not empty"):
        StudyFolder(tmp_path / "busy", _study(), ARMS)
    (tmp_path / "file").write_text("")
    with pytest.raises(StudyDirError, match="not a folder"):
        StudyFolder(tmp_path / "file", _study(), ARMS)


def test_a_kpi_the_first_run_did_not_have_is_reported(tmp_path: Path) -> None:
    folder = StudyFolder(tmp_path / "s", _study(), ARMS)
    folder.add(_ok(0, 0, 3.0))
    extra = ReplicationResult(0, 1, 5, {"deaths": 1.0, "kpis.wait_min": 2.0, "kpis.new": 1.0}, 0.1, "h:1")
    assert folder.add(extra) == ["kpis.new"]
