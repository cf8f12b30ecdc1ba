"""After-action reports (HSEEP AAR/IP) from cbrnsim run stores: HTML, PDF and Markdown.

    from reports import build_report
    result = build_report(["runs/ex1.db"], "aar/ex1")            # aar.html, aar.pdf, aar.md, figures/
    result = build_report(["runs/ex1.db", "runs/ex1-branch.db"], "aar/what-if", formats=("html",))

The report is built once as data (``reports.model``) from the run store — scenario, seed,
journal, events, series, summary — and rendered three ways. The core ``cbrnsim`` never imports
this package. See docs/after-action-report.md.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .rundata import ReportError

__all__ = ["ReportError", "ReportResult", "build_report", "default_out_dir"]


@dataclass(frozen=True)
class ReportResult:
    """What ``build_report`` wrote."""

    out_dir: Path
    """The output folder (absolute)."""
    files: dict[str, Path]
    """Report file per format: 'html' → aar.html, 'pdf' → aar.pdf, 'md' → aar.md."""
    figures: tuple[Path, ...]
    """Figure PNGs written for the Markdown report."""
    runs: tuple[Path, ...]
    """The run stores reported on (the first is the reference)."""
    seconds: float
    """Wall-clock time it took (s)."""


def default_out_dir(run_path: str | Path) -> Path:
    """Where a report goes when no folder is given: ``<run stem>-aar`` next to the run store."""
    path = Path(run_path)
    return path.with_name(f"{path.stem}-aar")


def build_report(run_paths: Sequence[str | Path], out_dir: str | Path | None = None,
                 formats: Sequence[str] = ("html", "pdf", "md"), force: bool = False) -> ReportResult:
    """Write the after-action report of ``run_paths[0]`` (compared with the other runs, if any).

    Raises ReportError (one line) for a bad run store, an unknown format, or an existing report
    without ``force``. Nothing is written outside ``out_dir``.
    """
    from .build import build
    from .html import render_html
    from .markdown import render_markdown
    from .output import FIGURE_DIR, FILE_NAMES, check_formats, figure_key, prepare_out_dir, write_inside
    from .pdf import render_pdf
    from .rundata import load_run

    start = time.perf_counter()
    if not run_paths:
        raise ReportError("no run store given")
    wanted = check_formats(list(formats))
    folder = Path(out_dir) if out_dir is not None else default_out_dir(run_paths[0])
    prepare_out_dir(folder, wanted, force)  # refuse early, before the work
    report = build([load_run(path) for path in run_paths])
    folder = prepare_out_dir(folder, wanted, force)
    renderers = {"html": lambda: render_html(report).encode("utf-8"), "pdf": lambda: render_pdf(report),
                 "md": lambda: render_markdown(report).encode("utf-8")}
    files = {fmt: write_inside(folder, FILE_NAMES[fmt], renderers[fmt]()) for fmt in wanted}
    figures: tuple[Path, ...] = ()
    if "md" in wanted:
        figures = tuple(write_inside(folder, f"{FIGURE_DIR}/{figure_key(f.key)}.png", f.png) for f in report.figures)
    return ReportResult(out_dir=folder, files=files, figures=figures, runs=tuple(Path(p) for p in run_paths),
                        seconds=time.perf_counter() - start)
