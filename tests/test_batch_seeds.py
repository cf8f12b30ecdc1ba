"""Replication seeds: SeedSequence children, the same in every arm and stable as a study grows."""
from __future__ import annotations

import numpy as np
import pytest

from cbrnsim.batch.seeds import replication_seeds


def test_seed_i_is_the_ith_spawned_child_of_the_base_seed() -> None:
    children = np.random.SeedSequence(42).spawn(5)
    expected = [int(child.generate_state(1, np.uint64)[0]) >> 1 for child in children]
    assert replication_seeds(42, 5) == expected


def test_seeds_do_not_depend_on_how_many_replications_are_asked_for() -> None:
    assert replication_seeds(7, 200)[:50] == replication_seeds(7, 50)
    assert replication_seeds(7, 3, start=10) == replication_seeds(7, 13)[10:]


def test_seeds_are_distinct_and_fit_a_signed_64_bit_integer() -> None:
    seeds = replication_seeds(0, 1000)
    assert len(set(seeds)) == 1000
    assert all(0 <= seed < 2 ** 63 for seed in seeds)
    assert replication_seeds(1, 10) != replication_seeds(2, 10)


def test_a_negative_base_seed_is_refused() -> None:
    with pytest.raises(ValueError):
        replication_seeds(-1, 3)
