"""Branch: a new run identical to its parent up to the branch time, different only after a new inject."""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.exercise import Exercise
from cbrnsim.runstore import Event, RunStore
from cbrnsim.scenario import HospitalStatusInject
from test_exercise import SCENARIO, TinyModel, beds_inject


def rows(store: RunStore, before_min: float | None = None) -> list[tuple[float, str, str | None, str | None]]:
    store.flush()
    return [(e.t_min, e.kind, e.entity, e.payload_json) for e in store.events()
            if before_min is None or e.t_min < before_min]


def first_difference(a: list, b: list) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def test_branch_reproduces_the_parent_at_t_then_diverges_after_the_new_inject(tmp_path: Path) -> None:
    parent = Exercise(SCENARIO, 5, out=tmp_path / "parent.db", model_factory=TinyModel)
    parent.apply(beds_inject(10, -1))
    parent.apply(beds_inject(45, +3))          # entered before the branch time, effective after it
    parent.advance_to(30)
    state_at_30, events_at_30 = parent.model.state(), rows(parent.store)
    parent.advance_to(90)

    branch = parent.branch(30, out=tmp_path / "branch.db")
    assert branch.now_min == 30.0 and branch.model.state() == state_at_30
    assert rows(branch.store) == events_at_30
    assert branch.pending_entries() == ()      # the T+45 decision is open again in the branch
    meta = branch.store.meta()
    assert meta["parent_run"] == str(tmp_path / "parent.db") and float(meta["branch_at_min"]) == 30.0
    assert meta["seed"] == "5" and meta["scenario_sha256"] == parent.store.meta()["scenario_sha256"]

    branch.apply(beds_inject(60, -2))
    branch.advance_to(90)
    parent_rows, branch_rows = rows(parent.store), rows(branch.store)
    split = first_difference(parent_rows, branch_rows)
    assert parent_rows[split][0] == 45.0        # the first difference is the parent's T+45 inject
    assert branch_rows[:split] == parent_rows[:split]


def test_cannot_branch_in_the_future(tmp_path: Path) -> None:
    parent = Exercise(SCENARIO, 5, out=tmp_path / "parent.db", model_factory=TinyModel)
    parent.advance_to(10)
    with pytest.raises(ValueError, match="only at 10 min"):
        parent.branch(20)


def test_common_random_numbers_an_inject_on_one_hospital_leaves_every_onset_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("cbrnsim.engine.model")
    parent = Exercise(SCENARIO, 21, out=tmp_path / "parent.db", auto_deliver_msel=True)
    parent.advance_to(20)
    branch = parent.branch(20, out=tmp_path / "branch.db")
    branch.apply(HospitalStatusInject(time_min=20, hospital="harbour", status="closed", title="Harbour closed"))
    parent.advance_to(240)
    branch.advance_to(240)
    onset_parent = {i: c.spec.onset_min for i, c in parent.model.casualties.items()}
    onset_branch = {i: c.spec.onset_min for i, c in branch.model.casualties.items()}
    assert len(onset_parent) > 100
    assert onset_branch == onset_parent
    # ...while the hospital side did change: nobody reaches the closed hospital after T+20.
    late_arrivals = [e for e in branch.store.events() if e.t_min > 20 and e.entity == "harbour"
                     and e.kind.endswith("arrival")]
    assert late_arrivals == []
    assert branch.store.content_digest() != parent.store.content_digest()
