"""Plain command functions behind `cbrnsim new`, `cbrnsim msel export|import` and `validate --explain`.

Each returns the exit status (0 success, 1 bad input) and prints errors as one line each on
stderr, never a traceback; the typer wrappers in cbrnsim/cli.py only pass arguments through.
"""
from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..agentlib import LibraryError, default_library
from ..yamlio import YamlIssue
from .answers import AnswersError, Asker, read_answers_file
from .explain import explain_issue
from .msel_io import MselIoError, export_msel, import_msel
from .new import NewError, build_text, check_text, template_text, write_scenario

__all__ = ["explain_issue", "msel_export_command", "msel_import_command", "new_command", "typer_asker"]


def _errors(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def typer_asker() -> Asker:
    """Questions asked with ``typer.prompt``; a choice is asked again until it is one of the offered."""
    import typer

    def ask(question: str, default: Any, choices: list[str] | None) -> str:
        shown = f"{question} ({', '.join(choices)})" if choices else question
        while True:
            answer = str(typer.prompt(shown, default=default)).strip()
            if not choices or answer in choices:
                return answer
            typer.echo(f"'{answer}' is not one of: {', '.join(choices)}")
    return ask


def new_command(path: Path, *, template: str | None = None, answers_file: Path | None = None,
                flags: Mapping[str, Any] | None = None, force: bool = False, ask: Asker | None = None,
                today: dt.date | None = None) -> int:
    """`cbrnsim new`: write a scenario that validates and runs as written.

    Answers come from `answers_file`, then `flags` (which win), then `ask` for what is still
    missing (defaults when `ask` is None). With `template`, a bundled scenario is copied instead
    and no answers are taken.
    """
    today = today or dt.date.today()
    given = {k: v for k, v in (flags or {}).items() if v is not None}
    try:
        library = default_library()
        if template is not None:
            if given or answers_file is not None:
                raise NewError([f"--from copies the bundled scenario '{template}' as it is; "
                                f"drop --answers and the answer flags ({', '.join(sorted(given)) or 'none'})"])
            text = template_text(template, today)
        else:
            from_file = read_answers_file(answers_file) if answers_file is not None else {}
            _, text = build_text({**from_file, **given}, library, today, ask)
        check_text(text, path, library)
        write_scenario(path, text, force)
    except (NewError, AnswersError) as exc:
        return _errors(exc.lines)
    except LibraryError as exc:
        return _errors([str(i) for i in exc.issues])
    print(f"{path}: written. Next: fill in the values marked '# REPLACE:', then "
          f"`cbrnsim validate {path}`, `cbrnsim hazard {path}`, `cbrnsim run {path}`.")
    return 0


def msel_export_command(scenario: Path, out: Path) -> int:
    """`cbrnsim msel export SCENARIO --out MSEL.csv|.xlsx`."""
    try:
        count = export_msel(scenario, out)
    except MselIoError as exc:
        return _errors(exc.lines)
    print(f"{out}: {count} inject(s) exported from {scenario}")
    return 0


def msel_import_command(scenario: Path, sheet: Path) -> int:
    """`cbrnsim msel import SCENARIO MSEL.csv|.xlsx`: the scenario is changed only if every row is valid."""
    try:
        result = import_msel(scenario, sheet)
    except MselIoError as exc:
        _errors(exc.lines)
        print(f"{scenario}: not changed ({len(exc.lines)} error(s))", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    state = "updated" if result.changed else "already up to date"
    print(f"{scenario}: {state}; MSEL has {result.injects} inject(s)")
    return 0


def explained(issue: YamlIssue) -> list[str]:
    """The issue's line followed by its explanation, for `cbrnsim validate --explain`."""
    return [str(issue)] + explain_issue(issue)
