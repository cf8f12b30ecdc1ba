"""``cbrnsim tui``: open the controller console on a scenario, or resume a run after a crash."""
from __future__ import annotations

import sys
from pathlib import Path

from cbrnsim.exercise import Exercise, JournalError, ReplayError
from cbrnsim.runstore import RunStoreError
from cbrnsim.scenario import ScenarioError, load_scenario

from .runs import display_path, new_run_path

DEFAULT_PORT = 8000
"""Port of ``--web`` unless ``--port`` says otherwise."""


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def open_exercise(scenario: Path | None, seed: int, resume: Path | None, runs_dir: Path | None) -> Exercise:
    """A new exercise on ``scenario`` (the bundled default if None), or the resumed run."""
    if resume is not None:
        return Exercise.resume(resume)
    if scenario is None:
        from cbrnsim.data import default_scenario
        scenario = default_scenario()
    loaded = load_scenario(scenario)
    return Exercise(loaded, seed, out=new_run_path(loaded, seed, runs_dir))


def tui_command(scenario: Path | None, seed: int, resume: Path | None, runs_dir: Path | None,
                web: bool, port: int | None) -> int:
    """Run the console; returns the exit status (errors are one line on stderr, never a traceback)."""
    if scenario is not None and resume is not None:
        return _fail("give a SCENARIO or --resume RUN.db, not both")
    if port is not None and not web:
        return _fail("--port only goes with --web")
    try:
        exercise = open_exercise(scenario, seed, resume, runs_dir)
    except ScenarioError as error:
        return _fail("\n".join(str(issue) for issue in error.issues) if getattr(error, "issues", None) else str(error))
    except (RunStoreError, ReplayError, JournalError, FileNotFoundError, OSError) as error:
        return _fail(str(error))
    if web:
        from .serve import serve
        run_store = Path(exercise.store.path)
        exercise.store.close()
        print(f"Serving the console of {display_path(run_store)} on http://127.0.0.1:{port or DEFAULT_PORT} "
              "(Ctrl+C stops)", file=sys.stderr)
        serve(run_store, port or DEFAULT_PORT)
        return 0
    from .app import ControllerApp

    parent = exercise.store.meta().get("parent_run")
    app = ControllerApp(exercise, parent_run=parent)
    app.run()
    run_store = display_path(exercise.store.path)
    exercise.store.close()
    print(f"Run store: {run_store}  (carry on: cbrnsim tui --resume {run_store})", file=sys.stderr)
    return 0
