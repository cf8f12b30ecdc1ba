"""The `cbrnsim` command line: one entry point, front ends loaded only when asked for.

Every command reports bad input as located one-line errors on stderr and exits with status 1;
a traceback is a bug.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="cbrnsim",
    help="CBRN incident-response tabletop-exercise simulator (exercise grade; "
    "not for operational hazard prediction).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cbrnsim {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """CBRN incident-response tabletop-exercise simulator."""


def _fail(lines: list[str] | str) -> typer.Exit:
    for line in [lines] if isinstance(lines, str) else lines:
        typer.echo(line, err=True)
    return typer.Exit(code=1)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files to check.", show_default=False)],
) -> None:
    """Check scenario files; print every error as FILE:LINE:COL: field: message."""
    from .scenario import validate_file

    problems = 0
    for path in files:
        issues = validate_file(path)
        for issue in issues:
            typer.echo(str(issue), err=True)
        problems += len(issues)
        if not issues:
            typer.echo(f"{path}: ok")
    if problems:
        typer.echo(f"{problems} error(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(code=1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from .scenario import scenario_json_schema

    typer.echo(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def agents(
    agent_id: Annotated[Optional[str], typer.Argument(help="Show one agent with every parameter and source.")] = None,
) -> None:
    """The agent library: a table, or one agent's parameters with their sources."""
    from .agentlib import LibraryError, default_library
    from .agentlib.describe import agent_table, describe_agent

    try:
        library = default_library()
    except LibraryError as exc:
        raise _fail([str(i) for i in exc.issues]) from None
    if agent_id is None:
        typer.echo(agent_table(library))
        return
    if agent_id not in library:
        raise _fail(f"unknown agent '{agent_id}'; known: {', '.join(library.ids())}")
    typer.echo(describe_agent(library.get(agent_id)))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
