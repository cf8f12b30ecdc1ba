"""cbrnsim — a CBRN incident-response tabletop-exercise simulator.

Exercise grade: the models are simplified, sourced and tested, but they are not for
operational hazard prediction.
"""
from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Lazy: `from cbrnsim import Exercise` without importing the engine for `cbrnsim validate`.
    if name == "Exercise":
        from .exercise import Exercise
        return Exercise
    raise AttributeError(f"module 'cbrnsim' has no attribute {name!r}")
