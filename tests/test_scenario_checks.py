"""Cross-reference checks on scenarios built in Python (the engine's and the TUI's path)."""
from __future__ import annotations

from pathlib import Path

from cbrnsim.agentlib import default_library
from cbrnsim.scenario import MessageInject, UnitsArriveInject, check_scenario, load_scenario

MINIMAL = Path(__file__).parent / "data" / "good" / "minimal.yaml"


def test_valid_scenario_has_no_findings() -> None:
    assert check_scenario(load_scenario(MINIMAL), default_library()) == []


def test_findings_for_a_modified_scenario() -> None:
    scenario = load_scenario(MINIMAL)
    changed = scenario.model_copy(update={"msel": scenario.msel + (
        UnitsArriveInject(number=1, time_min=300, station="s7", kind="ambulance", count=2),
        MessageInject(time_min=5),
    )})
    assert check_scenario(changed) == [
        "msel[1].number: duplicate MSEL number 1 (also msel[0])",
        "msel[2]: an MSEL inject needs its event number (number: 1, 2, ...)",
        "msel[1].station: no station with id 's7' (known: s1)",
        "msel[1].time_min: inject time T+05:00 is after the end of the exercise (T+04:00, metadata.duration_min 240)",
    ]


def test_release_amount_must_match_the_agent_class() -> None:
    scenario = load_scenario(MINIMAL)
    release = scenario.releases[0].model_copy(update={"agent": "cs-137"})
    changed = scenario.model_copy(update={"releases": (release,)})
    assert check_scenario(changed) == [
        "releases[0].agent: a release of radiological agent 'cs-137' needs activity_bq",
        "releases[0].quantity_kg: quantity_kg does not apply to radiological agent 'cs-137' (give activity_bq)",
    ]


def test_known_agents_of_every_class() -> None:
    library = default_library()
    for agent_id in ("sarin", "chlorine", "cs-137", "anthrax", "plague", "ind"):
        assert agent_id in library
