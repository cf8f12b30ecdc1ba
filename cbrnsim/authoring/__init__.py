"""Scenario authoring: start a scenario (`cbrnsim new`), move its MSEL through a spreadsheet
(`cbrnsim msel export|import`), and explain validation errors (`cbrnsim validate --explain`).

The command functions live in :mod:`cbrnsim.authoring.command`; they return exit codes and
print located one-line errors, so the CLI stays a thin typer wrapper.
"""
from __future__ import annotations
