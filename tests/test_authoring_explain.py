"""`cbrnsim validate --explain`: description, accepted values and an example under each error."""
from __future__ import annotations

from pathlib import Path

from cbrnsim.authoring.explain import explain_issue, parse_field_path
from cbrnsim.scenario import validate_file

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _explained(name: str) -> list[str]:
    issues = validate_file(BAD / name)
    assert issues
    return explain_issue(issues[0])


def test_a_typo_explains_the_field_it_suggests() -> None:
    lines = _explained("unknown_key.yaml")
    assert lines[0].strip().startswith("stability: Pasquill–Gifford stability class")
    assert "one of A, B, C, D, E, F" in lines[1]
    assert lines[2].strip().startswith("example: stability: ") and "(scenarios/" in lines[2]


def test_bounds_come_from_the_schema() -> None:
    lines = _explained("negative_count.yaml")
    assert "a whole number ≥ 0" in lines[1]


def test_inject_fields_are_explained_for_their_type() -> None:
    lines = _explained("dangling_hospital.yaml")
    assert lines[0].strip().startswith("hospital: Id of the hospital concerned")
    assert "example: hospital: " in lines[2]
    assert "each type's fields" in _explained("unknown_inject_type.yaml")[1]


def test_no_field_no_explanation() -> None:
    assert all(explain_issue(i) == [] for i in validate_file(BAD / "empty.yaml"))


def test_field_paths_parse() -> None:
    assert parse_field_path("msel[3].release.location.x_m") == ("msel", 3, "release", "location", "x_m")
