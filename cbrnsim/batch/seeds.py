"""The seed of each replication: common random numbers across arms.

Replication ``i`` of every arm runs with the same seed (common random numbers, Law 2015, §11.2):
``seed_i`` is the first 64-bit word of ``numpy.random.SeedSequence(base_seed, spawn_key=(i,))``
— the i-th child that ``SeedSequence(base_seed).spawn`` gives — shifted right by one bit so it
fits SQLite's signed integer. It depends on ``(base_seed, i)`` only, so a study extended from
100 to 200 replications keeps its first 100 seeds, and ``cbrnsim run --seed seed_i`` reproduces
replication ``i`` of the unchanged scenario.
"""
from __future__ import annotations

import numpy as np

SEED_RULE = ("seed_i = first 64-bit word of numpy.random.SeedSequence(base_seed, spawn_key=(i,)).generate_state(1, "
             "uint64), shifted right by 1 bit; the same seed for replication i in every arm")
"""The rule, as recorded in study.json."""


def replication_seeds(base_seed: int, count: int, start: int = 0) -> list[int]:
    """The seeds of replications ``start`` .. ``start + count - 1`` (see the module docstring)."""
    if isinstance(base_seed, bool) or base_seed < 0:
        raise ValueError(f"the base seed must be a non-negative integer, got {base_seed!r}")
    return [int(np.random.SeedSequence(base_seed, spawn_key=(i,)).generate_state(1, np.uint64)[0]) >> 1
            for i in range(start, start + count)]
