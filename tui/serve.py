"""``--web``: the same console in a browser, served by textual-serve on this machine only.

textual-serve starts the console command once per browser tab. The run store is created first,
so every tab (and a reload) resumes the same run instead of starting a new one; one controller
at a time should drive it, the others watch (say so in the room).
"""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

WEB_HOST = "127.0.0.1"
"""Only this machine: a controller team shares one laptop's screen or a projector, no network."""


def console_command(run_store: Path) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join([sys.executable, "-m", "tui", "--resume", str(run_store.resolve())])


def serve(run_store: Path, port: int) -> None:
    """Serve the console of ``run_store`` on http://127.0.0.1:PORT until Ctrl+C."""
    from textual_serve.server import Server

    server = Server(console_command(run_store), host=WEB_HOST, port=port, title="cbrnsim controller console")
    server.serve()
