"""The scenario loader: bundled scenarios load; every bad file gives exactly the located error expected.

Each file in tests/data/bad/ breaks one thing in tests/data/good/minimal.yaml (or is hostile
input). The table pins the reported line, column and field path, so a regression in where an
error points is caught as surely as a missing error.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cbrnsim.data import scenarios_dir
from cbrnsim.scenario import (
    Scenario, ScenarioError, check_scenario, load_scenario, load_scenario_text, validate_file,
)

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"

# file -> list of (line, column, field path, a fragment of the message), in report order
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "unknown_key": [(16, 5, "weather[0].stabilty", "unknown field 'stabilty'; did you mean 'stability'?")],
    "wrong_type": [(34, 26, "responders.stations[0].ambulance.count", "expected a whole number, got 'four'")],
    "negative_count": [(27, 12, "population[0].count", "must be ≥ 0, got -5")],
    "duplicate_id": [(41, 9, "hospitals[1].id", "duplicate hospital id 'h1' (also hospitals[0])")],
    "duplicate_yaml_key": [(10, 3, "metadata.title", "duplicate key (first given on line 6)")],
    "unknown_agent": [(19, 12, "releases[0].agent", "unknown agent 'sarine'; did you mean 'sarin'?")],
    "dangling_hospital": [(52, 15, "msel[0].hospital", "no hospital with id 'h2' (known: h1)")],
    "dangling_zone": [(59, 17, "msel[1].zones[1]", "no population zone with id 'z9' (known: z1)")],
    "dangling_station": [(58, 14, "msel[1].station", "no station with id 's9' (known: s1)")],
    "inject_after_end": [(50, 15, "msel[0].time_min", "inject time T+05:00 is after the end of the exercise (T+04:00")],
    "outside_bounds": [(38, 15, "hospitals[0].location", "hospital at (9000, 0) m is outside the map bounds")],
    "occupancy_over_capacity": [(40, 66, "hospitals[0].baseline_occupied.icu_beds",
                                 "baseline occupancy 12 exceeds capacity 10")],
    "syntax_error": [(12, 13, "", "YAML syntax: expected ',' or '}', but got ':'")],
    "empty": [(1, 1, "", "empty file")],
    "list_root": [(1, 1, "", "the top level is a list")],
    "binary": [(2, 1, "", "binary file (contains NUL bytes)")],
    "not_utf8": [(4, 14, "", "not UTF-8 text: byte 0xe9")],
    "alias_bomb": [(2, 32, "f[3][3][8][8][8][8]", "document expands to more than 500000 values (alias bomb?)")],
    "deeply_nested": [(3, 75, "metadata" + "[0]" * 64, "nested deeper than 64 levels")],
    "missing_schema_version": [(1, 1, "schema_version", "required field is missing; begin the file with 'schema_version: 1'")],
    "wrong_schema_version": [(4, 17, "schema_version", "unsupported scenario format version 2")],
    "bad_time_zone": [(8, 14, "metadata.time_zone", "unknown time zone 'CET+1'")],
    "bad_stability": [(16, 16, "weather[0].stability", "'G' is not allowed; expected 'A', 'B', 'C', 'D', 'E' or 'F'")],
    "unknown_inject_type": [(51, 11, "msel[0].type", "unknown type 'hospital_closed'; did you mean 'hospital_status'?")],
    "bad_time_format": [(50, 15, "msel[0].time_min", "'10:30' is not a time")],
    "missing_required": [(36, 5, "hospitals[0].capacity", "required field is missing")],
    "thresholds_order": [(47, 17, "objectives[0].thresholds", "is better when lower, so write target ≤ some_challenges")],
    "amount_mismatch": [(19, 12, "releases[0].agent", "a release of chemical agent 'sarin' needs quantity_kg"),
                        (21, 18, "releases[0].activity_bq", "activity_bq does not apply to chemical agent 'sarin'")],
    "merge_key": [(31, 7, "responders.stations[0]", "YAML merge keys (<<) are not supported")],
    "spill_of_gas": [(23, 12, "releases[0].spill", "'chlorine' has no volatility at 20 °C in the agent library")],
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_exact_location(name: str) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    got = [(i.location.line, i.location.column, i.field_path, i.message) for i in err.value.issues]
    want = EXPECTED[name]
    assert len(got) == len(want), got
    for (line, col, field, message), (w_line, w_col, w_field, fragment) in zip(got, want):
        assert (line, col, field) == (w_line, w_col, w_field), got
        assert fragment in message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_lines_are_one_line_and_name_the_file(name: str) -> None:
    path = BAD / f"{name}.yaml"
    for issue in validate_file(path):
        text = str(issue)
        assert "\n" not in text
        assert text.startswith(f"{path}:{issue.location.line}:{issue.location.column}: ")
        assert "Traceback" not in text and "internal error" not in text


def test_minimal_scenario_loads() -> None:
    scenario = load_scenario(DATA / "good" / "minimal.yaml")
    assert isinstance(scenario, Scenario)
    assert scenario.hospital("h1").capacity.icu_beds == 10
    assert scenario.msel[0].time_min == 10.0


@pytest.mark.parametrize("path", sorted(scenarios_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_validate(path: Path) -> None:
    assert validate_file(path) == []
    scenario = load_scenario(path)
    assert check_scenario(scenario) == []
    assert scenario.source_text == path.read_text(encoding="utf-8")
    assert scenario.source_path == str(path)


def test_all_errors_of_a_file_come_at_once(tmp_path: Path) -> None:
    text = (DATA / "good" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("stability: D", "stability: Z").replace("hospital: h1", "hospital: h7")
    text = text.replace("count: 1000", "count: -1")
    path = tmp_path / "several.yaml"
    path.write_text(text, encoding="utf-8")
    fields = [i.field_path for i in validate_file(path)]
    assert fields == ["weather[0].stability", "population[0].count", "msel[0].hospital"]


def test_one_broken_entry_does_not_make_its_references_dangle(tmp_path: Path) -> None:
    text = (DATA / "good" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "broken-hospital.yaml"
    path.write_text(text.replace("ward_beds: 200,", "ward_beds: lots,"), encoding="utf-8")
    assert [i.field_path for i in validate_file(path)] == ["hospitals[0].capacity.ward_beds"]


def test_a_directory_is_reported_not_raised(tmp_path: Path) -> None:
    issues = validate_file(tmp_path)
    assert [i.message for i in issues] == ["is a directory, not a file"]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    assert [i.message for i in validate_file(tmp_path / "nope.yaml")] == ["no such file"]


def test_load_from_text_names_the_given_file() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario_text("schema_version: 1\n", file="typed-in.yaml")
    assert all(str(i).startswith("typed-in.yaml:") for i in err.value.issues)


def test_a_string_schema_version_is_not_version_one(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text((DATA / "good" / "minimal.yaml").read_text().replace("schema_version: 1", 'schema_version: "1"'))
    assert [i.field_path for i in validate_file(path)] == ["schema_version"]


def test_units_of_an_unknown_kind_are_reported(tmp_path: Path) -> None:
    text = (DATA / "good" / "minimal.yaml").read_text(encoding="utf-8") + (
        "  - number: 2\n    time_min: 20\n    type: units_arrive\n    station: s1\n    kind: decon\n    count: 1\n")
    path = tmp_path / "kind.yaml"
    path.write_text(text, encoding="utf-8")
    issues = validate_file(path)
    assert [i.field_path for i in issues] == ["msel[1].kind"]
    assert "no station has a 'decon' pool" in issues[0].message
