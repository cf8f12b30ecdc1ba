"""docs/scenario-format.md documents every field: its generated part is the models' reference."""
from __future__ import annotations

import re
from pathlib import Path

from cbrnsim.scenario import METRICS, load_scenario_text
from cbrnsim.scenario.reference import (
    BEGIN, END, documented_models, generated_part, inject_members, render_reference, splice,
)

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"


def test_guide_reference_is_up_to_date() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert generated_part(text) == render_reference(), (
        "docs/scenario-format.md is stale: run `python -m cbrnsim.scenario.reference docs/scenario-format.md`")


def test_every_field_of_every_model_is_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for model in documented_models():
        for name, field in model.model_fields.items():
            assert f"| `{field.alias or name}` |" in text, f"{model.__name__}.{name} missing from the guide"


def test_every_metric_is_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in METRICS:
        assert f"| `{name}` |" in text


def test_the_guide_example_is_a_valid_scenario() -> None:
    example = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)[0]
    assert load_scenario_text(example, "guide-example.yaml").metadata.title == "Minimal exercise"


def test_splice_replaces_only_the_generated_part() -> None:
    doc = f"intro\n{BEGIN}\nSTALE-TEXT\n{END}\noutro\n"
    new = splice(doc)
    assert new.startswith("intro\n") and new.endswith("outro\n")
    assert "STALE-TEXT" not in new and generated_part(new) == render_reference()


def test_every_field_has_a_description_and_numbers_name_their_unit() -> None:
    for model in documented_models() + inject_members():
        for name, field in model.model_fields.items():
            description = field.description or ""
            assert description, f"{model.__name__}.{name} has no description"
            annotation = str(field.annotation)
            if "float" in annotation or "int" in annotation:
                assert re.search(r"\([^)]+\)", description), f"{model.__name__}.{name}: say the unit in (...)"
