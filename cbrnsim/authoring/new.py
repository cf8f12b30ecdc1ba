"""`cbrnsim new [--from TEMPLATE] FILE.yaml`: start a scenario file that validates and runs as written.

Without ``--from``, a few answers (threat, agent, place, start, time zone, hospitals, stations)
give a commented skeleton (see :mod:`cbrnsim.authoring.skeleton`). With ``--from NAME``, a
bundled scenario (by file stem, e.g. ``metro-sarin``) is copied with a note of its origin. An
existing file is never overwritten unless asked (``--force``).
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..agentlib import AgentLibrary
from ..data import scenarios_dir
from ..scenario import ScenarioError, load_scenario_text
from .answers import Answers, AnswersError, Asker, resolve_answers
from .skeleton import scenario_text


class NewError(Exception):
    """`cbrnsim new` cannot go on; ``lines`` say why, one line each."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def bundled_templates() -> list[str]:
    """Stems of the bundled scenarios, usable with ``--from``."""
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def template_text(name: str, today: dt.date) -> str:
    """A bundled scenario's text with a first comment line saying where it came from."""
    stem = name.removesuffix(".yaml")
    if stem not in bundled_templates():
        raise NewError([f"--from: no bundled scenario '{name}'; choose one of: {', '.join(bundled_templates())}"])
    text = (scenarios_dir() / f"{stem}.yaml").read_text(encoding="utf-8")
    return f"# Started from the bundled scenario '{stem}' with `cbrnsim new` on {today.isoformat()}.\n" + text


def build_text(given: Mapping[str, Any], library: AgentLibrary, today: dt.date,
               ask: Asker | None = None) -> tuple[Answers, str]:
    """The answers (asked for or defaulted where missing) and the scenario text they give."""
    try:
        answers = resolve_answers(given, library, today, ask)
    except AnswersError as exc:
        raise NewError(exc.lines) from None
    return answers, scenario_text(answers, library, today)


def check_text(text: str, path: Path, library: AgentLibrary) -> None:
    """Refuse to write a scenario that does not validate (a bug of ours, said as such)."""
    try:
        load_scenario_text(text, str(path), library)
    except ScenarioError as exc:
        raise NewError(["internal error: the new scenario does not validate; please report it:"]
                       + [str(i) for i in exc.issues]) from None


def write_scenario(path: Path, text: str, force: bool) -> None:
    """Write the file (atomically); an existing file only with `force`."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise NewError([f"{path}: a scenario file name ends in .yaml"])
    if path.is_dir():
        raise NewError([f"{path}: is a directory"])
    if path.exists() and not force:
        raise NewError([f"{path}: already exists; choose another name or add --force to overwrite it"])
    temporary = path.with_name(f".{path.name}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise NewError([f"{path}: cannot write: {exc.strerror or exc}"]) from None
