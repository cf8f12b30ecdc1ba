"""The agent library as a whole: every required agent is there, loads, and sources every number."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cbrnsim import yamlio
from cbrnsim.agentlib import AgentLibrary, LibraryError, default_library
from cbrnsim.agentlib.describe import agent_table, describe_agent, sourced_leaves
from cbrnsim.data import agents_dir

REQUIRED = {
    "chemical": {"sarin", "vx", "sulfur-mustard", "chlorine", "ammonia", "hydrogen-cyanide", "phosgene"},
    "biological": {"anthrax", "plague", "smallpox"},
    "radiological": {"cs-137", "co-60", "ir-192", "am-241", "sr-90"},
    "nuclear": {"ind"},
}


def test_every_required_agent_is_in_the_library_with_its_class() -> None:
    library = default_library()
    for category, ids in REQUIRED.items():
        for agent_id in ids:
            assert agent_id in library, agent_id
            assert library.get(agent_id).category == category


def _unsourced_numbers(node: Any, path: str, sourced: bool) -> list[str]:
    if isinstance(node, dict):
        here = sourced or "source" in node
        out: list[str] = []
        for key, value in node.items():
            out += _unsourced_numbers(value, f"{path}.{key}" if path else key, here)
        return out
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _unsourced_numbers(v, f"{path}[{i}]", sourced)]
    if isinstance(node, (int, float)) and not isinstance(node, bool) and not sourced:
        return [path]
    return []


@pytest.mark.parametrize("path", sorted(agents_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_number_in_an_agent_file_has_a_source(path: Path) -> None:
    data = yamlio.load_file(path).data
    assert _unsourced_numbers(data, "", False) == []


@pytest.mark.parametrize("path", sorted(agents_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_agent_cites_references_and_has_sourced_parameters(path: Path) -> None:
    agent = default_library().get(path.stem)
    assert agent.references, "full citations belong in `references`"
    leaves = list(sourced_leaves(agent))
    assert len(leaves) >= 5
    assert all(len(item.source) >= 8 for _, item in leaves)


def test_describe_shows_every_sourced_parameter() -> None:
    agent = default_library().get("chlorine")
    text = describe_agent(agent)
    for path, item in sourced_leaves(agent):
        assert f"{path} = {item.value}" in text
        assert item.source in text
    assert "Exercise grade" in text


def test_table_lists_all_agents() -> None:
    text = agent_table(default_library())
    assert all(f"\n{agent_id} " in "\n" + text for agent_id in default_library().ids())


def test_a_broken_agent_file_gives_located_errors(tmp_path: Path) -> None:
    (tmp_path / "bogus.yaml").write_text("id: bogus\nname: X\nsummary: s\ncategory: chemical\ncolour: red\n")
    with pytest.raises(LibraryError) as err:
        AgentLibrary.load(tmp_path)
    lines = str(err.value).splitlines()
    assert any(line.startswith(f"{tmp_path / 'bogus.yaml'}:5:1: colour: unknown field") for line in lines)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    source = (agents_dir() / "sarin.yaml").read_text()
    (tmp_path / "gb.yaml").write_text(source)
    with pytest.raises(LibraryError, match=r"gb.yaml:\d+:\d+: id: id 'sarin' must equal the file name 'gb'"):
        AgentLibrary.load(tmp_path)
