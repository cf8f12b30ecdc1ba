"""``cbrnsim report RUN.db [RUN2.db ...] [--out DIR] [--format html,pdf,md] [--force]``, as a function.

The typer command in ``cbrnsim/cli.py`` only parses arguments and calls ``report_command``;
everything else happens here. A bad run store, an unknown format or an existing report prints
one line on stderr and returns 1 — never a traceback.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import ReportError, build_report
from .study import is_study_dir, render_study


def parse_formats(text: str) -> list[str]:
    """'html,pdf' → ['html', 'pdf'] (spaces ignored)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def report_command(runs: Sequence[str | Path], out: str | Path | None = None, formats: str = "html,pdf,md",
                   force: bool = False, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Write the report and print where it went; returns the process exit code (0 or 1).

    A single batch-study folder (``cbrnsim batch --out DIR``) gets the study report instead of
    an after-action report.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    study = len(runs) == 1 and is_study_dir(runs[0])
    try:
        if study:
            result = render_study(runs[0], out, parse_formats(formats), force)
        else:
            result = build_report(list(runs), out, formats=parse_formats(formats), force=force)
    except ReportError as error:
        print(f"error: {error}", file=stderr)
        return 1
    for fmt, path in result.files.items():
        print(f"{fmt:>4}  {path}", file=stdout)
    if result.figures:
        print(f"      {len(result.figures)} figures in {result.out_dir / 'figures'}", file=stdout)
    what = "study report" if study else "after-action report"
    print(f"{what} written in {result.seconds:.1f} s", file=stdout)
    return 0
