"""The exercise engine: SimPy processes and resources for casualties, responders and hospitals.

Building blocks that live here:

- ``cbrnsim.engine.queueing`` — ``FastPriorityResource``, a SimPy-compatible priority resource
  that stays fast with thousands waiting, supports capacity changes at run time (surge beds,
  closures), cancellation of waiting requests, and time-weighted utilisation.

Random draws come from ``cbrnsim.rng.Streams`` (one stream per entity) and every state change
is recorded in a ``cbrnsim.runstore.RunStore``; see "The central principle" in DESIGN.md.
"""
from __future__ import annotations
