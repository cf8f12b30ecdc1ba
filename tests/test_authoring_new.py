"""`cbrnsim new`: non-interactive (flags, answers file), interactive (scripted answers), --from, --force."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cbrnsim.authoring.command import new_command
from cbrnsim.authoring.skeleton import REPLACE_MARK
from cbrnsim.exercise import Exercise
from cbrnsim.scenario import load_scenario, validate_file

TODAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize("threat,agent", [("chemical", "sarin"), ("chemical", "chlorine"), ("biological", "anthrax"),
                                          ("radiological", "cs-137"), ("nuclear", "ind")])
def test_flags_give_a_scenario_that_validates_and_runs(tmp_path: Path, threat: str, agent: str) -> None:
    path = tmp_path / f"{agent}.yaml"
    flags = {"threat": threat, "agent": agent, "place": "Northport (fictional)", "start": "2026-05-12T09:00",
             "tz": "Europe/Oslo", "hospitals": 3, "stations": 2}
    assert new_command(path, flags=flags, today=TODAY) == 0
    assert validate_file(path) == []
    scenario = load_scenario(path)
    assert scenario.metadata.time_zone == "Europe/Oslo" and len(scenario.hospitals) == 3
    assert len(scenario.responders.stations) == 2 and scenario.releases[0].agent == agent
    with Exercise(scenario, 1, out=tmp_path / "run.db") as exercise:
        exercise.advance_to(60)
        assert exercise.now_min == 60


def test_answers_file_gives_a_scenario_that_validates_and_runs(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("threat: biological\nagent: plague\nplace: 'Aldern (fictional)'\n"
                       "start: 2026-09-01T06:30\ntz: America/Chicago\nhospitals: 1\nstations: 1\n", encoding="utf-8")
    path = tmp_path / "plague.yaml"
    assert new_command(path, answers_file=answers, today=TODAY) == 0
    scenario = load_scenario(path)
    assert scenario.geography.area_name == "Aldern (fictional)"
    assert scenario.metadata.start == dt.datetime(2026, 9, 1, 6, 30)
    with Exercise(scenario, 2, out=tmp_path / "run.db") as exercise:
        exercise.advance_to(60)


def test_flags_override_the_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("threat: chemical\nagent: chlorine\nhospitals: 2\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    assert new_command(path, answers_file=answers, flags={"hospitals": 4}, today=TODAY) == 0
    assert len(load_scenario(path).hospitals) == 4


def test_every_placeholder_is_marked_and_every_number_otherwise_sourced(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    assert new_command(path, flags={"threat": "chemical", "agent": "vx"}, today=TODAY) == 0
    text = path.read_text(encoding="utf-8")
    assert text.count(REPLACE_MARK) >= 20
    assert "NFPA 1710 (2020) §4.1.2.1" in text and "Kelen et al. 2009" in text


def test_questions_are_asked_for_what_is_missing(tmp_path: Path) -> None:
    replies = {"Threat type": "nuclear", "Agent": "ind", "Place": "Westhaven", "Start": "2026-07-01T12:00",
               "IANA": "UTC", "Number of receiving": "2", "Number of responder": "1"}
    asked: list[tuple[str, list[str] | None]] = []

    def ask(question: str, default: object, choices: list[str] | None) -> str:
        asked.append((question, choices))
        return next(v for k, v in replies.items() if question.startswith(k))

    path = tmp_path / "ind.yaml"
    assert new_command(path, flags={"place": "Westhaven"}, ask=ask, today=TODAY) == 0
    assert len(asked) == 6  # the place was given
    assert asked[1][1] == ["ind"]  # agents offered are those of the chosen class
    assert load_scenario(path).releases[0].yield_kt == 10


def test_agent_of_another_class_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    assert new_command(path, flags={"threat": "biological", "agent": "sarin"}, today=TODAY) == 1
    assert "'sarin' is a chemical agent, not biological" in capsys.readouterr().err
    assert not path.exists()


def test_bad_answers_file_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("threat: chemical\nhospitls: 2\ntz: Mars/Olympus\n", encoding="utf-8")
    assert new_command(tmp_path / "s.yaml", answers_file=answers, today=TODAY) == 1
    err = capsys.readouterr().err
    assert f"{answers}:2:1: hospitls: unknown answer" in err


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("mine", encoding="utf-8")
    assert new_command(path, today=TODAY) == 1
    assert "already exists" in capsys.readouterr().err and path.read_text(encoding="utf-8") == "mine"
    assert new_command(path, force=True, today=TODAY) == 0
    assert validate_file(path) == []


def test_from_copies_a_bundled_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "copy.yaml"
    assert new_command(path, template="chlorine-rail", today=TODAY) == 0
    original = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "chlorine-rail.yaml")
    assert load_scenario(path).content_hash() == original.content_hash()
    assert path.read_text(encoding="utf-8").startswith("# Started from the bundled scenario 'chlorine-rail'")
    assert new_command(tmp_path / "x.yaml", template="no-such", today=TODAY) == 1
    assert "metro-sarin" in capsys.readouterr().err


def test_from_takes_no_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_command(tmp_path / "x.yaml", template="metro-sarin", flags={"hospitals": 2}, today=TODAY) == 1
    assert "--from copies" in capsys.readouterr().err


def test_file_name_must_be_yaml(tmp_path: Path) -> None:
    assert new_command(tmp_path / "s.txt", today=TODAY) == 1
