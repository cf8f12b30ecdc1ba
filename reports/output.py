"""Writing the report files: only inside the output folder, under fixed names, never silently over
an existing report.

File names are this package's constants (``aar.html``, ``aar.pdf``, ``aar.md``,
``figures/<figure key>.png`` with keys chosen here) — nothing from a scenario or a controller
becomes part of a path. Each file is written to a temporary file in the same folder and renamed
into place, so a reader never sees half a report, and an existing symbolic link is replaced
rather than followed.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .rundata import ReportError

FORMATS: tuple[str, ...] = ("html", "pdf", "md")
"""Output formats, in the order they are written."""

FILE_NAMES: dict[str, str] = {"html": "aar.html", "pdf": "aar.pdf", "md": "aar.md"}
"""The report file of each format, inside the output folder."""

FIGURE_DIR = "figures"
"""Folder of the Markdown report's figures, inside the output folder."""

_SAFE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def check_formats(formats: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The requested formats, checked, without repeats, in FORMATS order (ReportError otherwise)."""
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ReportError(f"unknown report format {unknown[0]!r}; use {', '.join(FORMATS)}")
    if not wanted:
        raise ReportError(f"no report format given; use one or more of {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted)


def planned_paths(out_dir: Path, formats: tuple[str, ...], figure_keys: list[str]) -> list[Path]:
    """Every file the report will write."""
    paths = [out_dir / FILE_NAMES[f] for f in formats]
    if "md" in formats:
        paths += [out_dir / FIGURE_DIR / f"{figure_key(key)}.png" for key in figure_keys]
    return paths


def figure_key(key: str) -> str:
    """A figure key checked to be a safe file stem (ReportError otherwise)."""
    if not _SAFE_KEY.match(key):
        raise ReportError(f"internal error: figure key {key!r} is not a safe file name")
    return key


def prepare_out_dir(out_dir: Path, formats: tuple[str, ...], force: bool) -> Path:
    """Create the output folder and refuse if a report is already there (unless ``force``)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"{out_dir}: exists and is not a folder")
    existing = [out_dir / FILE_NAMES[f] for f in formats if (out_dir / FILE_NAMES[f]).exists()
                or (out_dir / FILE_NAMES[f]).is_symlink()]
    if existing and not force:
        raise ReportError(f"{existing[0]}: a report already exists; use --force to overwrite it")
    figures = out_dir / FIGURE_DIR
    if "md" in formats and figures.is_symlink():
        raise ReportError(f"{figures}: is a symbolic link; refusing to write figures through it")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if "md" in formats:
            figures.mkdir(exist_ok=True)
    except OSError as error:
        raise ReportError(f"{out_dir}: cannot create the output folder: {error.strerror or error}") from None
    return out_dir.resolve()


def write_inside(out_dir: Path, relative: str, data: bytes) -> Path:
    """Write ``data`` to ``out_dir/relative`` atomically; refuses any path that leaves ``out_dir``."""
    root = out_dir.resolve()
    target = (root / relative)
    if not target.parent.resolve().is_relative_to(root) or target.parent.is_symlink():
        raise ReportError(f"{target}: outside the output folder; refusing to write it")
    descriptor, temporary = tempfile.mkstemp(prefix=".aar-", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ReportError(f"{target}: cannot write: {error.strerror or error}") from None
    return target
