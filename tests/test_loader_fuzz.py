"""Property-based fuzzing: no input makes the loader raise anything but ScenarioError.

Random YAML text, random YAML documents, and mutations (structural and textual) of every
bundled scenario. (Loading a bundled scenario takes about 0.1 s, nearly all of it PyYAML's pure-
Python composer, which we keep because its errors and limits are the same on every install; so
the example counts are modest.) A bug of ours inside the loader would surface as an 'internal error' issue
(the loader's last line of defence), so that is checked for too.
"""
from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbrnsim.data import scenarios_dir
from cbrnsim.scenario import Scenario, ScenarioError, load_scenario_text
from cbrnsim.yamlio import load_file

BUNDLED = sorted(scenarios_dir().glob("*.yaml"))
BUNDLED_TEXT = {p.name: p.read_text(encoding="utf-8") for p in BUNDLED}
BUNDLED_DATA = {p.name: load_file(p).data for p in BUNDLED}
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_never_crashes(text: str) -> None:
    try:
        result = load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.issues, "a ScenarioError must carry at least one issue"
        for issue in exc.issues:
            line = str(issue)
            assert "\n" not in line
            assert "internal error" not in line, line
        return
    assert isinstance(result, Scenario)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["T+01:30", "T+99:99", "sarin", "D", "G", "kuh", "2026-03-10T07:45:00", "-1", "1e400"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=5)),
    max_leaves=30,
)


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _load_never_crashes(text)


@FUZZ
@given(documents)
def test_random_documents(document: Any) -> None:
    _load_never_crashes(yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(st.dictionaries(st.sampled_from(["schema_version", "metadata", "geography", "weather", "releases",
                                        "population", "responders", "hospitals", "msel", "objectives",
                                        "behaviour"]), documents, max_size=11))
def test_random_sections(sections: dict[str, Any]) -> None:
    _load_never_crashes(yaml.safe_dump({"schema_version": 1, **sections}, allow_unicode=True))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, prefix + (index,))
    return out


def _mutate(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    data = copy.deepcopy(data)
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif how == "add_key" and isinstance(parent[last], dict):
        parent[last]["unexpected_key"] = value
    else:
        parent[last] = value
    return data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BUNDLED_DATA)), st.data())
def test_mutated_bundled_scenarios(name: str, data: st.DataObject) -> None:
    original = BUNDLED_DATA[name]
    path = data.draw(st.sampled_from(_paths(original)))
    how = data.draw(st.sampled_from(["replace", "delete", "duplicate", "add_key"]))
    value = data.draw(documents)
    mutated = _mutate(original, path, how, value)
    _load_never_crashes(yaml.safe_dump(mutated, allow_unicode=True))


@FUZZ
@given(st.sampled_from(sorted(BUNDLED_TEXT)), st.data())
def test_text_edits_of_bundled_scenarios(name: str, data: st.DataObject) -> None:
    text = BUNDLED_TEXT[name]
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    cut = data.draw(st.integers(min_value=0, max_value=200))
    insert = data.draw(st.text(alphabet=st.sampled_from(list(" :-[]{}\n\t'\"&*!|>#,0123456789abcT+")), max_size=20))
    _load_never_crashes(text[:at] + insert + text[at + cut:])


def test_special_floats_in_every_numeric_place_are_errors_not_crashes() -> None:
    for name, original in BUNDLED_DATA.items():
        numeric = [p for p in _paths(original) if p and isinstance(_get(original, p), (int, float))
                   and not isinstance(_get(original, p), bool)]
        step = max(1, len(numeric) // 12)  # a spread of places: weather, releases, stations, hospitals, ...
        for path in numeric[::step]:
            for bad in (math.nan, math.inf, -1e308):
                _load_never_crashes(yaml.safe_dump(_mutate(original, path, "replace", bad)))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def test_fuzz_inputs_include_every_bundled_scenario() -> None:
    assert {"metro-sarin.yaml"} <= set(BUNDLED_TEXT)
    for path in BUNDLED:
        assert isinstance(load_scenario_text(Path(path).read_text(encoding="utf-8"), path.name), Scenario)
