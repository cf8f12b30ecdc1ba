"""The headless core must never import the UI or plotting libraries (DESIGN.md dependency rule)."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_imports_no_ui_plotting_or_front_end() -> None:
    # A fresh interpreter: imports made by other tests in this process must not hide a leak.
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import cbrnsim
        for mod in pkgutil.walk_packages(cbrnsim.__path__, "cbrnsim."):
            if mod.name == "cbrnsim.cli" or mod.name.startswith("cbrnsim._data"):
                continue
            importlib.import_module(mod.name)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "matplotlib", "tui", "reports"})
        print(",".join(leaked))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_cli_help_does_not_import_front_ends() -> None:
    # `cbrnsim --help` must stay fast: front ends load only when their command runs.
    code = (
        "import sys\nfrom cbrnsim import cli\n"
        "try:\n    cli.app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('LEAKED:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] in {'textual','matplotlib','tui','reports'})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "LEAKED:"
