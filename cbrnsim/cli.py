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
    explain: Annotated[bool, typer.Option("--explain", help="Under each error: the field's meaning, what it accepts, an example.")] = False,
) -> None:
    """Check scenario files; print every error as FILE:LINE:COL: field: message."""
    from .scenario import validate_file

    problems = 0
    for path in files:
        issues = validate_file(path)
        for issue in issues:
            typer.echo(str(issue), err=True)
            if explain:
                from .authoring.command import explain_issue

                for line in explain_issue(issue):
                    typer.echo(line, err=True)
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


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario file to run.", show_default=False)],
    seed: Annotated[int, typer.Option(help="Exercise seed (non-negative integer).")] = 0,
    until: Annotated[Optional[str], typer.Option(help="Stop at this time: minutes or T+hh:mm "
                                                      "[default: the scenario's duration].")] = None,
    injects: Annotated[Optional[Path], typer.Option(help="YAML list of extra injects, applied at their times.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Run store to write [default: runs/<scenario>-<seed>-<UTC>.db].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of the summary table.")] = False,
) -> None:
    """Run a scenario headless (MSEL delivered on time) into a run store; print its summary."""
    from .exercise.headless import CommandError, run_headless
    from .exercise.summary import format_summary

    try:
        outcome = run_headless(scenario, seed=seed, until=until, injects_path=injects, out=out)
    except CommandError as exc:
        raise _fail(exc.lines) from None
    if as_json:
        typer.echo(json.dumps(outcome.summary, ensure_ascii=False))
    else:
        typer.echo(format_summary(outcome.summary, outcome.wall_time_s, outcome.marking))


@app.command()
def replay(
    run_db: Annotated[Path, typer.Argument(help="Run store to re-simulate.", show_default=False)],
    until: Annotated[Optional[str], typer.Option(help="Replay to this time: minutes or T+hh:mm "
                                                      "[default: as far as the original ran].")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Run store to write [default: <RUN>-replay-<UTC>.db].")] = None,
) -> None:
    """Re-simulate a run from its scenario, seed and journal; check the result is identical."""
    from .exercise.headless import CommandError, replay_checked, replay_report

    try:
        result = replay_checked(run_db, until=until, out=out)
    except CommandError as exc:
        raise _fail(exc.lines) from None
    lines, failed = replay_report(result)
    if failed:
        raise _fail(lines)
    typer.echo("\n".join(lines))


@app.command()
def hazard(
    scenario: Annotated[Path, typer.Argument(help="Scenario file.", show_default=False)],
    at: Annotated[Optional[float], typer.Option("--at", help="Scenario minute whose weather to use (default: each release's start).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of the text table.")] = False,
    png: Annotated[Optional[Path], typer.Option("--png", help="Write the footprint map as a PNG.")] = None,
    geojson: Annotated[Optional[Path], typer.Option("--geojson", help="Write tier polygons and points as GeoJSON (WGS84 if the scenario has an origin).")] = None,
) -> None:
    """Threat zones of each release: AEGL / dose / blast / infection distances, footprint PNG and GeoJSON."""
    from .threatzones.command import hazard_command

    renderer = None
    if png is not None:
        from reports.footprint import render_footprint  # the plotting front end, only for a picture

        renderer = render_footprint
    code = hazard_command(scenario, at, as_json, png, geojson, render_png=renderer)
    if code:
        raise typer.Exit(code=code)


@app.command()
def report(
    runs: Annotated[list[Path], typer.Argument(help="Run stores; the first is reported on, the others are compared with it.",
                                               show_default=False, metavar="RUN.db...")],
    out: Annotated[Optional[Path], typer.Option(help="Folder to write into [default: <run>-aar next to the first run store].")] = None,
    format: Annotated[str, typer.Option("--format", help="Formats to write, comma-separated: html, pdf, md.")] = "html,pdf,md",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing report.")] = False,
) -> None:
    """After-action report / improvement plan (HSEEP AAR/IP) of a run: HTML, PDF and Markdown."""
    from reports.command import report_command  # the report front end, loaded only for this command

    code = report_command(runs, out, format, force)
    if code:
        raise typer.Exit(code=code)


@app.command()
def tui(
    scenario: Annotated[Optional[Path], typer.Argument(help="Scenario file (default: the bundled scenario).", show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Exercise seed.")] = 0,
    resume: Annotated[Optional[Path], typer.Option("--resume", help="Run store to resume after a crash or a quit.")] = None,
    runs_dir: Annotated[Optional[Path], typer.Option("--runs-dir", help="Where new run stores go (default ./runs).")] = None,
    web: Annotated[bool, typer.Option("--web", help="Serve the console in a browser on 127.0.0.1.")] = False,
    port: Annotated[Optional[int], typer.Option("--port", help="Port for --web (default 8000).")] = None,
) -> None:
    """The controller console: run the clock, deliver the MSEL, inject, record decisions, review."""
    from tui.command import tui_command  # the Textual front end, loaded only for this command

    code = tui_command(scenario, seed, resume, runs_dir, web, port)
    if code:
        raise typer.Exit(code=code)


@app.command()
def batch(
    scenario: Annotated[Path, typer.Argument(help="Scenario file to study.", show_default=False)],
    replications: Annotated[int, typer.Option("-n", "--replications", help="Replications per arm.", show_default=False)],
    seed: Annotated[int, typer.Option(help="Base seed; replication i runs on the same seed in every arm.")] = 0,
    workers: Annotated[Optional[int], typer.Option(help="Local worker processes [default: the CPUs].")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Run on the Dask cluster at tcp://HOST:PORT instead of local processes.")] = None,
    vary: Annotated[Optional[list[str]], typer.Option("--vary", help="PATH=V1,V2,...: sweep a numeric scenario field (repeat for every combination), e.g. 'hospitals[*].capacity.icu_beds=+0%,+20%'.")] = None,
    injects: Annotated[Optional[Path], typer.Option(help="YAML list of extra injects, in every run.")] = None,
    until: Annotated[Optional[str], typer.Option(help="End every run at this time: minutes or T+hh:mm [default: the scenario's duration].")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Study folder [default: runs/<scenario>-batch-<UTC>]; an unfinished study there is resumed.")] = None,
) -> None:
    """Replications and what-if sweeps (local processes, or a Dask cluster): means with 95 % confidence intervals."""
    from .batch.command import batch_command
    from reports.study import write_study_figures  # the plotting front end draws the figures

    code = batch_command(scenario, replications, seed=seed, workers=workers, scheduler=scheduler, vary=vary or [],
                         injects=injects, until=until, out=out, render_figures=write_study_figures)
    if code:
        raise typer.Exit(code=code)


@app.command()
def new(
    file: Annotated[Path, typer.Argument(help="Scenario file to create (.yaml).", show_default=False)],
    template: Annotated[Optional[str], typer.Option("--from", help="Start from a bundled scenario, by name (e.g. metro-sarin).")] = None,
    answers: Annotated[Optional[Path], typer.Option("--answers", help="YAML file of answers: threat, agent, place, start, tz, hospitals, stations.")] = None,
    threat: Annotated[Optional[str], typer.Option(help="chemical, biological, radiological or nuclear.")] = None,
    agent: Annotated[Optional[str], typer.Option(help="Agent id of that class (see `cbrnsim agents`).")] = None,
    place: Annotated[Optional[str], typer.Option(help="Name of the place, shown on maps and in the report.")] = None,
    start: Annotated[Optional[str], typer.Option(help="Local date-time of STARTEX, e.g. 2026-05-12T09:00.")] = None,
    tz: Annotated[Optional[str], typer.Option(help="IANA time zone, e.g. Europe/Berlin.")] = None,
    hospitals: Annotated[Optional[int], typer.Option(help="Number of receiving hospitals (1-12).")] = None,
    stations: Annotated[Optional[int], typer.Option(help="Number of responder stations (1-12).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Start a scenario: a few questions, then a valid, commented file to fill in."""
    from .authoring.command import new_command, typer_asker

    flags = {"threat": threat, "agent": agent, "place": place, "start": start, "tz": tz,
             "hospitals": hospitals, "stations": stations}
    # Questions only at a terminal and when neither a template nor an answers file decides.
    ask = typer_asker() if template is None and answers is None and sys.stdin.isatty() else None
    code = new_command(file, template=template, answers_file=answers, flags=flags, force=force, ask=ask)
    if code:
        raise typer.Exit(code=code)


msel_app = typer.Typer(help="Move the MSEL through a spreadsheet (CSV or Excel) and back.", no_args_is_help=True)
app.add_typer(msel_app, name="msel")


@msel_app.command("export")
def msel_export(
    scenario: Annotated[Path, typer.Argument(help="Scenario file.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Spreadsheet to write: MSEL.csv or MSEL.xlsx.", show_default=False)],
) -> None:
    """Write the MSEL as a spreadsheet with the HSEEP columns and a Model Effect column."""
    from .authoring.command import msel_export_command

    code = msel_export_command(scenario, out)
    if code:
        raise typer.Exit(code=code)


@msel_app.command("import")
def msel_import(
    scenario: Annotated[Path, typer.Argument(help="Scenario file to update.", show_default=False)],
    sheet: Annotated[Path, typer.Argument(help="Edited MSEL.csv or MSEL.xlsx.", show_default=False)],
) -> None:
    """Replace the scenario's MSEL by the spreadsheet's rows; nothing changes if any row has an error."""
    from .authoring.command import msel_import_command

    code = msel_import_command(scenario, sheet)
    if code:
        raise typer.Exit(code=code)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
