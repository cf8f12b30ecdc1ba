"""`cbrnsim report` as a function: exit codes, one-line errors, nothing written outside --out, --force."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from reports import ReportError, build_report, default_out_dir
from reports.command import report_command
from reports.output import write_inside
from test_report_golden import make_golden_run


def run_command(*args, **kwargs) -> tuple[int, str, str]:  # noqa: ANN002, ANN003
    out, err = io.StringIO(), io.StringIO()
    code = report_command(*args, stdout=out, stderr=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_writes_three_formats_into_out_and_nowhere_else(tmp_path: Path) -> None:
    run = make_golden_run(tmp_path / "golden.db")
    before = files_under(tmp_path)
    code, out, err = run_command([run], tmp_path / "aar")
    assert (code, err) == (0, "")
    # SQLite's own -wal/-shm files next to the run store come from opening it (WAL mode), not from the report.
    written = {p for p in files_under(tmp_path) - before if not p.name.startswith("golden.db-")}
    assert all(p.is_relative_to(tmp_path / "aar") for p in written)
    names = {p.relative_to(tmp_path / "aar").as_posix() for p in written}
    assert {"aar.html", "aar.pdf", "aar.md"} <= names and len(names) == 3 + 7
    assert "aar.html" in out


def test_existing_report_is_not_overwritten_without_force(tmp_path: Path) -> None:
    run = make_golden_run(tmp_path / "golden.db")
    assert run_command([run], tmp_path / "aar", formats="html")[0] == 0
    (tmp_path / "aar" / "aar.html").write_text("kept")
    code, _, err = run_command([run], tmp_path / "aar", formats="html")
    assert code == 1 and "already exists; use --force" in err and err.count("\n") == 1
    assert (tmp_path / "aar" / "aar.html").read_text() == "kept"
    assert run_command([run], tmp_path / "aar", formats="html", force=True)[0] == 0
    assert (tmp_path / "aar" / "aar.html").read_text() != "kept"


def test_force_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    run = make_golden_run(tmp_path / "golden.db")
    outside = tmp_path / "outside.txt"
    outside.write_text("untouched")
    (tmp_path / "aar").mkdir()
    os.symlink(outside, tmp_path / "aar" / "aar.html")
    assert run_command([run], tmp_path / "aar", formats="html", force=True)[0] == 0
    assert outside.read_text() == "untouched"
    assert not (tmp_path / "aar" / "aar.html").is_symlink()


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_bad_run_store_is_one_line_exit_1(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    code, out, err = run_command([bad], tmp_path / "aar")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "aar" / "aar.html").exists()


def test_missing_run_store_and_unknown_format(tmp_path: Path) -> None:
    code, _, err = run_command([tmp_path / "nope.db"], tmp_path / "aar")
    assert code == 1 and "nope.db" in err
    run = make_golden_run(tmp_path / "golden.db")
    code, _, err = run_command([run], tmp_path / "aar", formats="html,docx")
    assert code == 1 and "unknown report format 'docx'" in err


def test_default_out_dir_is_next_to_the_run(tmp_path: Path) -> None:
    run = make_golden_run(tmp_path / "ex1.db")
    result = build_report([run], formats=("md",))
    assert result.out_dir == default_out_dir(run).resolve() == (tmp_path / "ex1-aar").resolve()


def test_write_inside_refuses_to_leave_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="outside the output folder"):
        write_inside(tmp_path, "../escape.txt", b"x")
    assert not (tmp_path.parent / "escape.txt").exists()
