"""The authoring docs: every worked example in docs/scenario-format.md validates and runs, one per class."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cbrnsim.agentlib import default_library
from cbrnsim.authoring.msel_rows import read_effect
from cbrnsim.exercise import Exercise
from cbrnsim.scenario import load_scenario_text

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = [block for block in re.findall(r"```yaml\n(.*?)```", (DOCS / "scenario-format.md").read_text(encoding="utf-8"), re.S)
            if block.startswith("schema_version")]


def test_there_is_a_worked_example_for_every_threat_class() -> None:
    library = default_library()
    classes = {library.get(load_scenario_text(b).releases[0].agent).category for b in EXAMPLES}
    assert classes == {"chemical", "biological", "radiological", "nuclear"}


@pytest.mark.parametrize("index", range(1, 5))
def test_worked_example_runs(tmp_path: Path, index: int) -> None:
    scenario = load_scenario_text(EXAMPLES[index], f"example-{index}.yaml")
    with Exercise(scenario, 1, out=tmp_path / "run.db") as exercise:
        exercise.advance_to(60)
        assert exercise.summary()["exposed"] > 0


def test_model_effect_examples_of_the_walkthrough_read() -> None:
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    cells = re.findall(r"^\| `[a-z_]+` \| `([^`]+)` \|$", text, re.M)
    assert len(cells) == 4
    assert all(read_effect(cell) for cell in cells)
