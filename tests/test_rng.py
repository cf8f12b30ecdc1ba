"""Per-entity streams: a draw depends on (seed, kind, key) only."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbrnsim.rng import Streams


def first_draws(streams: Streams, kind: str, key: int | str, n: int = 5) -> list[float]:
    return streams.get(kind, key).random(n).tolist()


def test_same_seed_kind_key_reproduces_the_stream() -> None:
    assert first_draws(Streams(7), "casualty", 1234) == first_draws(Streams(7), "casualty", 1234)


def test_creation_order_does_not_matter() -> None:
    forward = Streams(7)
    a = first_draws(forward, "casualty", 1)
    b = first_draws(forward, "hospital", "H2")
    backward = Streams(7)
    # Other streams created first, and more of them, must not shift the draws.
    for unit in range(50):
        backward.get("unit", f"AMB-{unit:02d}").random(3)
    b2 = first_draws(backward, "hospital", "H2")
    a2 = first_draws(backward, "casualty", 1)
    assert (a, b) == (a2, b2)


def test_distinct_keys_kinds_and_seeds_give_distinct_streams() -> None:
    streams = Streams(7)
    draws = {
        "casualty 1": first_draws(streams, "casualty", 1),
        "casualty 2": first_draws(streams, "casualty", 2),
        "casualty '1'": first_draws(streams, "casualty", "1"),
        "unit 1": first_draws(streams, "unit", 1),
        "seed 8": first_draws(Streams(8), "casualty", 1),
    }
    assert len({tuple(values) for values in draws.values()}) == len(draws)


def test_cached_generator_continues_while_fresh_restarts() -> None:
    streams = Streams(3)
    first = streams.get("casualty", 9).random()
    second = streams.get("casualty", 9).random()
    assert first != second
    assert streams.fresh("casualty", 9).random() == first
    assert len(streams) == 1


def test_tuple_keys_are_supported_and_distinct_from_their_parts() -> None:
    streams = Streams(3)
    pair = first_draws(streams, "route", ("H1", 4))
    assert pair == first_draws(Streams(3), "route", ("H1", 4))
    assert pair != first_draws(streams, "route", "H1")


@pytest.mark.parametrize("bad_seed", [-1, 1.5, "7", True])
def test_bad_seed_is_rejected(bad_seed: object) -> None:
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        Streams(bad_seed)  # type: ignore[arg-type]


def test_bad_key_type_is_rejected() -> None:
    with pytest.raises(TypeError, match="stream key parts must be int or str"):
        Streams(1).get("casualty", 1.5)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(keys=st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), min_size=1, max_size=50))
def test_uniform_per_key_value_does_not_depend_on_the_batch(keys: list[int]) -> None:
    streams = Streams(11)
    batch = streams.uniform_per_key("casualty", keys, draw="onset")
    alone = np.array([streams.uniform_per_key("casualty", [key], draw="onset")[0] for key in keys])
    reversed_batch = streams.uniform_per_key("casualty", keys[::-1], draw="onset")[::-1]
    assert np.array_equal(batch, alone)
    assert np.array_equal(batch, reversed_batch)
    assert np.all((batch >= 0.0) & (batch < 1.0))


def test_uniform_per_key_draw_names_and_seeds_are_independent() -> None:
    keys = np.arange(200_000)
    onset = Streams(11).uniform_per_key("casualty", keys, draw="onset")
    triage = Streams(11).uniform_per_key("casualty", keys, draw="triage")
    other_seed = Streams(12).uniform_per_key("casualty", keys, draw="onset")
    # Independent U(0,1) samples of this size: |r| < 0.01 with overwhelming probability.
    assert abs(np.corrcoef(onset, triage)[0, 1]) < 0.01
    assert abs(np.corrcoef(onset, other_seed)[0, 1]) < 0.01
    assert abs(np.corrcoef(onset[:-1], onset[1:])[0, 1]) < 0.01


def test_uniform_per_key_is_uniform() -> None:
    u = Streams(5).uniform_per_key("casualty", np.arange(400_000), draw="u")
    counts, _ = np.histogram(u, bins=20, range=(0.0, 1.0))
    expected = u.size / 20
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    # chi-square with 19 degrees of freedom: the 0.999 quantile is 43.8.
    assert chi2 < 43.8
    assert abs(u.mean() - 0.5) < 0.002


def test_string_keys_work_in_the_vectorised_draws() -> None:
    streams = Streams(5)
    values = streams.uniform_per_key("hospital", ["H1", "H2", "H3"], draw="delay")
    assert values.tolist() == streams.uniform_per_key("hospital", ["H3", "H2", "H1"], draw="delay")[::-1].tolist()
    assert len(set(values.tolist())) == 3
    assert streams.uniform_per_key("hospital", [], draw="delay").shape == (0,)


def test_normal_per_key_has_unit_moments() -> None:
    z = Streams(5).normal_per_key("casualty", np.arange(400_000), draw="severity")
    assert np.all(np.isfinite(z))
    assert abs(z.mean()) < 0.01
    assert abs(z.std() - 1.0) < 0.01
