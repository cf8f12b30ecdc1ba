"""``python -m tui [SCENARIO] [--seed N] [--resume RUN.db] [--runs-dir DIR] [--web [--port P]]``.

The same as ``cbrnsim tui``; textual-serve runs this for each browser tab of ``--web``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .command import tui_command


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the console."""
    parser = argparse.ArgumentParser(prog="python -m tui", description="cbrnsim controller console")
    parser.add_argument("scenario", nargs="?", type=Path, help="scenario file (default: the bundled one)")
    parser.add_argument("--seed", type=int, default=0, help="exercise seed (default 0)")
    parser.add_argument("--resume", type=Path, help="run store to resume after a crash or a quit")
    parser.add_argument("--runs-dir", type=Path, help="where new run stores go (default ./runs)")
    parser.add_argument("--web", action="store_true", help="serve in a browser on 127.0.0.1")
    parser.add_argument("--port", type=int, help="port for --web (default 8000)")
    args = parser.parse_args(argv)
    return tui_command(args.scenario, args.seed, args.resume, args.runs_dir, args.web, args.port)


if __name__ == "__main__":
    sys.exit(main())
