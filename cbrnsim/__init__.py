"""cbrnsim — a CBRN incident-response tabletop-exercise simulator.

Exercise grade: the models are simplified, sourced and tested, but they are not for
operational hazard prediction.
"""
from __future__ import annotations

__version__ = "0.1.0"
