"""The answers `cbrnsim new` needs: threat, agent, place, start, time zone, how many hospitals and stations.

They come from an answers file (``--answers FILE.yaml``), from flags, or from questions asked
with ``typer.prompt``; flags override the file, and questions are asked only for what is still
missing. An answers file uses the flag names::

    threat: biological
    agent: anthrax
    place: "Northport (fictional)"
    start: "2026-05-12T09:00"
    tz: "Europe/Oslo"
    hospitals: 3
    stations: 2
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..agentlib import AgentLibrary
from ..located import issues_from_validation_error
from ..scenario.common import check_time_zone
from ..yamlio import YamlError, YamlIssue, load_file

Threat = Literal["chemical", "biological", "radiological", "nuclear"]
"""The four threat classes; each is a category of the agent library."""

THREATS: tuple[Threat, ...] = ("chemical", "biological", "radiological", "nuclear")
"""Every threat class, in the order the question lists them."""

DEFAULT_AGENT: dict[str, str] = {
    "chemical": "sarin", "biological": "anthrax", "radiological": "cs-137", "nuclear": "ind",
}
"""The agent offered first for each class (the best-documented one of the bundled library)."""

MAX_SITES = 12
"""Most hospitals or stations the skeleton lays out; add more by copying an entry."""

ANSWER_KEYS: tuple[str, ...] = ("threat", "agent", "place", "start", "tz", "hospitals", "stations")
"""The keys of an answers file, equal to the flag names, in the order questions are asked."""


class Answers(BaseModel):
    """Everything the scenario skeleton is built from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threat: Threat = Field(description="Threat class: chemical, biological, radiological or nuclear.")
    agent: str = Field(min_length=1, description="Agent id from the agent library, of that class (text).")
    place: str = Field(min_length=1, max_length=120, description="Name of the (fictional) place (text).")
    start: dt.datetime = Field(description="Local date-time of STARTEX, e.g. 2026-05-12T09:00, no offset.")
    tz: str = Field(description="IANA time zone of the place, e.g. 'Europe/Oslo' (text).")
    hospitals: int = Field(ge=1, le=MAX_SITES, description="Number of receiving hospitals (count).")
    stations: int = Field(ge=1, le=MAX_SITES, description="Number of responder stations (count).")

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_time_zone(value)

    @field_validator("start")
    @classmethod
    def _naive(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is not None:
            raise ValueError("write the local time without an offset; the time zone goes in tz")
        return value.replace(second=0, microsecond=0)


class AnswersError(Exception):
    """Answers that cannot be used; ``lines`` are one-line messages (located for a file)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


Asker = Callable[[str, Any, list[str] | None], str]
"""``ask(question, default, choices)`` -> the typed answer (typer.prompt in the CLI)."""


def default_answers(today: dt.date) -> dict[str, Any]:
    """What an unanswered question defaults to: a sarin exercise four weeks from `today` at 08:00."""
    start = dt.datetime.combine(today + dt.timedelta(days=28), dt.time(8, 0))
    return {"threat": "chemical", "agent": DEFAULT_AGENT["chemical"], "place": "Exampleton (fictional)",
            "start": start.isoformat(timespec="minutes"), "tz": "UTC", "hospitals": 3, "stations": 2}


def read_answers_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The answers written in a YAML file; located errors for anything but known keys."""
    try:
        doc = load_file(path)
    except YamlError as exc:
        raise AnswersError([str(i) for i in exc.issues]) from None
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise AnswersError([f"{path}:1:1: an answers file is a mapping of {', '.join(ANSWER_KEYS)}"])
    unknown = [k for k in doc.data if k not in ANSWER_KEYS]
    if unknown:
        raise AnswersError([str(YamlIssue(doc.locate((k,), prefer_key=True), k,
                                          f"unknown answer; the keys are {', '.join(ANSWER_KEYS)}")) for k in unknown])
    try:
        Answers.model_validate({**_placeholder_complete(), **doc.data})
    except ValidationError as exc:
        raise AnswersError([str(i) for i in issues_from_validation_error(exc, doc, Answers)]) from None
    return dict(doc.data)


def _placeholder_complete() -> dict[str, Any]:
    """Valid values for every key, so a partial file is checked only on what it gives."""
    return default_answers(dt.date(2026, 1, 1))


def agent_choices(library: AgentLibrary, threat: str) -> list[str]:
    """Agent ids of one class, the default first, then alphabetical."""
    ids = sorted(a.id for a in library if a.category == threat)
    first = DEFAULT_AGENT.get(threat)
    return ([first] if first in ids else []) + [i for i in ids if i != first]


def resolve_answers(given: Mapping[str, Any], library: AgentLibrary, today: dt.date,
                    ask: Asker | None = None) -> Answers:
    """Merge given answers with questions (when `ask` is set) or defaults, and check them.

    `given` holds the answers from a file and from flags (flags already override the file).
    The agent default follows the threat class; an agent of another class is an error.
    """
    values = {k: v for k, v in given.items() if v is not None}
    defaults = default_answers(today)
    for key in ANSWER_KEYS:
        if key in values:
            continue
        default, choices = defaults[key], None
        if key == "threat":
            choices = list(THREATS)
        if key == "agent":
            threat = str(values.get("threat", defaults["threat"]))
            choices = agent_choices(library, threat) or None
            default = choices[0] if choices else default
        values[key] = ask(_QUESTIONS[key], default, choices) if ask is not None else default
    try:
        answers = Answers.model_validate(values)
    except ValidationError as exc:
        raise AnswersError([f"{'.'.join(str(p) for p in e['loc']) or 'answers'}: {_message(e)}"
                            for e in exc.errors(include_url=False)]) from None
    _check_agent(answers, library)
    return answers


def _message(err: Any) -> str:
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _check_agent(answers: Answers, library: AgentLibrary) -> None:
    if answers.agent not in library:
        known = ", ".join(agent_choices(library, answers.threat))
        raise AnswersError([f"agent: unknown agent '{answers.agent}'; {answers.threat} agents: {known}"])
    category = library.get(answers.agent).category
    if category != answers.threat:
        known = ", ".join(agent_choices(library, answers.threat))
        raise AnswersError([f"agent: '{answers.agent}' is a {category} agent, not {answers.threat}; "
                            f"{answers.threat} agents: {known}"])


_QUESTIONS: dict[str, str] = {
    "threat": "Threat type",
    "agent": "Agent (`cbrnsim agents ID` shows its data)",
    "place": "Place name (shown on maps and in the report)",
    "start": "Start date and local time of STARTEX (YYYY-MM-DDTHH:MM)",
    "tz": "IANA time zone of the place (e.g. Europe/Berlin, America/Chicago, UTC)",
    "hospitals": "Number of receiving hospitals",
    "stations": "Number of responder stations",
}
"""The question asked for each missing answer."""

