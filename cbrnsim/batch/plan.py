"""The arms of a study: ``--vary PATH=V1,V2,...`` over numeric scenario fields, checked before anything runs.

A path names a field as it is written in the scenario file, with list items picked in brackets
by id, by index or all at once::

    responders.stations[amb-centraal].ambulance.count=6,9,12      absolute values
    hospitals[*].capacity.icu_beds=+0%,+20%,+50%                   relative: percent of each item's value
    hospitals[kuh].surge.extra_icu_beds=+0,+4,+8                    relative: added to the value
    behaviour.self_evacuation_share=x0.5,x1,x1.5                    relative: multiplied

A value with a leading ``+`` or ``-`` is a change of the scenario's value (``+20%``, ``-5``);
``x`` (or ``*``) multiplies; a bare number replaces. A negative absolute value is written in
parentheses, ``(-4200)``. A whole-number field changed by a percentage or a factor is rounded to
the nearest whole number (halves away from zero). With ``[*]``, items that do not have the field
(a station without an ambulance pool) are left alone.

Several ``--vary`` options give every combination (full factorial), in the order written. Every
arm's scenario is re-validated by the scenario model and the loader's cross-reference checks,
and the injects file is checked against it, before the first replication starts: a bad path or
value is one line naming the ``--vary`` option and why.

The seeds of the replications: :mod:`cbrnsim.batch.seeds`.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from ..scenario import Inject, Scenario, check_scenario
from ..yamlio import format_path

PathPart = str | int
"""A step into the scenario's data: a field name or a list index."""

ValueKind = Literal["set", "add", "percent", "factor"]
"""How a swept value acts on the scenario's value."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SEGMENT = re.compile(r"^(?P<name>[^\[\]]+)(?P<selectors>(\[[^\[\]]*\])*)$")
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_VALUE_FORMS: tuple[tuple[ValueKind, re.Pattern[str]], ...] = (
    ("percent", re.compile(rf"^(?P<number>[+-]{_NUMBER})%$")),
    ("add", re.compile(rf"^(?P<number>[+-]{_NUMBER})$")),
    ("factor", re.compile(rf"^[x*×](?P<number>{_NUMBER})$")),
    ("set", re.compile(rf"^\((?P<number>-?{_NUMBER})\)$")),
    ("set", re.compile(rf"^(?P<number>{_NUMBER})$")),
)


class PlanError(ValueError):
    """A study that cannot run as asked; ``lines`` holds one problem each."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(dict.fromkeys(lines))
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True, slots=True)
class SweepValue:
    """One value of a ``--vary`` option, e.g. ``+20%``."""

    text: str
    """As written."""
    kind: ValueKind
    """Replace, add, percent change or factor."""
    number: float
    """The number in it (20 for ``+20%``, 1.5 for ``x1.5``)."""

    def applied_to(self, current: int | float | None, whole: bool) -> int | float:
        """The new field value; ``whole`` fields get whole numbers from relative changes."""
        if self.kind == "set":
            return int(self.number) if float(self.number).is_integer() and whole else self.number
        if current is None:
            raise ValueError("the field has no value in this scenario to change; give an absolute value")
        changed = {"add": current + self.number, "percent": current * (1.0 + self.number / 100.0),
                   "factor": current * self.number}[self.kind]
        return _round_half_away(changed) if whole else float(changed)


@dataclass(frozen=True, slots=True)
class Sweep:
    """One ``--vary PATH=V1,V2,...`` option."""

    path: str
    """The field path as written."""
    values: tuple[SweepValue, ...]
    """The values, in order."""

    @property
    def text(self) -> str:
        """The option as written."""
        return f"{self.path}={','.join(v.text for v in self.values)}"


@dataclass(frozen=True, slots=True)
class Assignment:
    """A concrete change of an arm: this field of the scenario's data gets this value."""

    path: tuple[PathPart, ...]
    """Where, with list items as indexes: ``('hospitals', 0, 'capacity', 'icu_beds')``."""
    value: int | float
    """The new value."""


@dataclass(frozen=True, slots=True)
class Arm:
    """One combination of swept values: a scenario variant run for every replication."""

    index: int
    """Position in the study (0-based)."""
    settings: tuple[tuple[str, SweepValue], ...]
    """(field path as written, value) per ``--vary`` option; empty for the single arm of a plain study."""
    assignments: tuple[Assignment, ...]
    """The concrete field changes that make this arm's scenario."""

    @property
    def label(self) -> str:
        """``path=value; path=value``, or ``baseline`` without a sweep."""
        return "; ".join(f"{path}={value.text}" for path, value in self.settings) or "baseline"

    @property
    def short_label(self) -> str:
        """The values only, ``9`` or ``9, +20%`` (the paths are the same in every arm), or ``baseline``."""
        return ", ".join(value.text for _, value in self.settings) or "baseline"


def parse_sweep(text: str) -> Sweep:
    """``PATH=V1,V2,...`` → Sweep (PlanError naming the option and why)."""
    path, sep, values_text = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise PlanError([f"--vary {text}: write PATH=V1,V2,... (e.g. responders.stations[amb-1].ambulance.count=6,9,12)"])
    _split_path(path, text)
    parts = [part.strip() for part in values_text.split(",")]
    if not any(parts):
        raise PlanError([f"--vary {text}: no values after '='"])
    values = tuple(_parse_value(part, text) for part in parts)
    repeated = [v.text for i, v in enumerate(values) if v in values[:i]]
    if repeated:
        raise PlanError([f"--vary {text}: value {repeated[0]} is given twice"])
    return Sweep(path, values)


def build_arms(scenario: Scenario, sweep_texts: Sequence[str], injects: Sequence[Inject] = ()) -> tuple[Arm, ...]:
    """Every arm of the study, each scenario validated; PlanError with every problem otherwise."""
    sweeps = [parse_sweep(text) for text in sweep_texts]
    _check_distinct(sweeps)
    data = scenario.model_dump(mode="json", by_alias=True)
    targets = [_resolve(sweep, data) for sweep in sweeps]
    _check_no_overlap(sweeps, targets)
    problems: list[str] = []
    arms: list[Arm] = []
    for index, combination in enumerate(itertools.product(*(sweep.values for sweep in sweeps))):
        settings = tuple((sweep.path, value) for sweep, value in zip(sweeps, combination))
        try:
            assignments = tuple(_assign(sweep, value, target) for sweep, value, found in
                                zip(sweeps, combination, targets) for target in found)
        except PlanError as error:
            problems += error.lines
            continue
        arm = Arm(index, settings, assignments)
        problems += _arm_problems(scenario, arm, injects)
        arms.append(arm)
    if problems:
        raise PlanError(problems)
    return tuple(arms)


def arm_scenario(base: Scenario, arm: Arm) -> Scenario:
    """The base scenario with the arm's assignments, validated (ValidationError if it does not)."""
    if not arm.assignments:
        return base
    data = base.model_dump(mode="json", by_alias=True)
    for assignment in arm.assignments:
        _set(data, assignment.path, assignment.value)
    variant = Scenario.model_validate(data)
    return variant.with_source(variant.canonical_json(), base.source_path)


# --- parsing -------------------------------------------------------------------------------
def _parse_value(text: str, option: str) -> SweepValue:
    for kind, pattern in _VALUE_FORMS:
        match = pattern.match(text)
        if match:
            number = float(match.group("number"))
            if not math.isfinite(number):
                break
            return SweepValue(text, kind, number)
    raise PlanError([f"--vary {option}: {text!r} is not a value; write a number (10), a change "
                     f"(+5, -20%, +20%), a factor (x1.5) or a negative number in parentheses ((-4200))"])


def _split_path(path: str, option: str) -> list[tuple[str, list[str]]]:
    """``a.b[x][2].c`` → [('a', []), ('b', ['x', '2']), ('c', [])]; dots inside brackets are kept."""
    segments: list[str] = []
    depth, current = 0, ""
    for char in path:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "." and depth == 0:
            segments.append(current)
            current = ""
        else:
            current += char
    segments.append(current)
    parsed: list[tuple[str, list[str]]] = []
    for segment in segments:
        match = _SEGMENT.match(segment.strip())
        if match is None or not _NAME.match(match.group("name")) or depth != 0:
            raise PlanError([f"--vary {option}: {segment!r} in {path!r} is not a field name; a path is "
                             f"names joined by '.', with [id], [index] or [*] after a list"])
        selectors = re.findall(r"\[([^\[\]]*)\]", match.group("selectors"))
        if any(not s.strip() for s in selectors):
            raise PlanError([f"--vary {option}: empty [] in {path!r}; write [id], [index] or [*]"])
        parsed.append((match.group("name"), [s.strip() for s in selectors]))
    return parsed


# --- resolving a path against the scenario's data -------------------------------------------
@dataclass(frozen=True, slots=True)
class _Step:
    """Where a path has got to: the data path, the same path as a reader writes it, the value there."""

    path: tuple[PathPart, ...]
    shown: str
    value: Any
    wildcard: bool


@dataclass(frozen=True, slots=True)
class _Target:
    path: tuple[PathPart, ...]
    shown: str
    current: Any


def _resolve(sweep: Sweep, data: dict[str, Any]) -> list[_Target]:
    """Every field the path names (PlanError if it names none, or leads somewhere that is not a number)."""
    option = sweep.text
    steps = [_Step((), "", data, False)]
    for name, selectors in _split_path(sweep.path, option):
        steps = [found for step in steps for found in _field(step, name, option)]
        for selector in selectors:
            steps = [found for step in steps for found in _select(step, selector, option)]
    targets: list[_Target] = []
    for step in steps:
        if step.value is None and step.wildcard and not all(v.kind == "set" for v in sweep.values):
            continue  # an item of [*] that leaves this optional number unset has nothing to change
        if isinstance(step.value, bool) or not (step.value is None or isinstance(step.value, (int, float))):
            raise PlanError([f"--vary {option}: {step.shown} is {_kind_of(step.value)}, not a number"])
        targets.append(_Target(step.path, step.shown, step.value))
    if not targets:
        raise PlanError([f"--vary {option}: {sweep.path} matches no field of this scenario"])
    return targets


def _field(step: _Step, name: str, option: str) -> list[_Step]:
    if step.value is None and step.wildcard:
        return []  # an item of [*] without this part (a station with no ambulance pool)
    if isinstance(step.value, list):
        raise PlanError([f"--vary {option}: {step.shown} is a list; pick items with [id], [index] or [*]"])
    if not isinstance(step.value, dict):
        raise PlanError([f"--vary {option}: {step.shown} is {_kind_of(step.value)} and has no field {name!r}"])
    if name not in step.value:
        known = ", ".join(sorted(step.value)) or "none"
        raise PlanError([f"--vary {option}: no field {name!r} in {step.shown or 'the scenario'} (fields: {known})"])
    shown = f"{step.shown}.{name}" if step.shown else name
    return [_Step((*step.path, name), shown, step.value[name], step.wildcard)]


def _select(step: _Step, selector: str, option: str) -> list[_Step]:
    items = step.value
    if items is None and step.wildcard:
        return []
    if not isinstance(items, list):
        raise PlanError([f"--vary {option}: {step.shown} is {_kind_of(items)}, not a list; [{selector}] needs a list"])
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]

    def child(index: int, wildcard: bool) -> _Step:
        label = ids[index] if isinstance(ids[index], str) else index
        return _Step((*step.path, index), f"{step.shown}[{label}]", items[index], wildcard)

    if selector == "*":
        return [child(index, True) for index in range(len(items))]
    if re.fullmatch(r"-?\d+", selector):
        index = int(selector)
        if not 0 <= index < len(items):
            raise PlanError([f"--vary {option}: {step.shown} has {len(items)} item(s); index {index} is out of "
                             f"range (0..{len(items) - 1})"])
        return [child(index, step.wildcard)]
    if selector not in ids:
        known = ", ".join(i for i in ids if isinstance(i, str)) or "none (use an index)"
        raise PlanError([f"--vary {option}: no item with id {selector!r} in {step.shown} (ids: {known})"])
    return [child(ids.index(selector), step.wildcard)]


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text ({value!r})"
    if value is None:
        return "not set in this scenario"
    return type(value).__name__


# --- building and checking arms -------------------------------------------------------------
def _check_distinct(sweeps: Sequence[Sweep]) -> None:
    paths = [sweep.path for sweep in sweeps]
    repeated = [path for i, path in enumerate(paths) if path in paths[:i]]
    if repeated:
        raise PlanError([f"--vary {repeated[0]}: the same path is varied twice; give all its values in one option"])


def _check_no_overlap(sweeps: Sequence[Sweep], targets: Sequence[list[_Target]]) -> None:
    owner: dict[tuple[PathPart, ...], str] = {}
    for sweep, found in zip(sweeps, targets):
        for target in found:
            if target.path in owner:
                raise PlanError([f"--vary {sweep.text}: {target.shown} is also changed by "
                                 f"--vary {owner[target.path]}; vary each field in one option only"])
            owner[target.path] = sweep.text


def _assign(sweep: Sweep, value: SweepValue, target: _Target) -> Assignment:
    whole = isinstance(target.current, int)
    try:
        return Assignment(target.path, value.applied_to(target.current, whole))
    except ValueError as error:
        raise PlanError([f"--vary {sweep.path}={value.text}: {target.shown}: {error}"]) from None


def _arm_problems(base: Scenario, arm: Arm, injects: Sequence[Inject]) -> list[str]:
    try:
        scenario = arm_scenario(base, arm)
    except ValidationError as error:
        data = base.model_dump(mode="json", by_alias=True)
        return [f"--vary {arm.label}: {_shown(data, tuple(issue['loc']))}: {issue['msg']}"
                for issue in error.errors(include_url=False)[:3]]
    problems = [f"--vary {arm.label}: {line}" for line in check_scenario(scenario)]
    if injects:
        from ..exercise.injects import cross_reference_findings

        problems += [f"--vary {arm.label}: injects file{format_path(path) and ' ' + format_path(path)}: {message}"
                     for path, message in cross_reference_findings(scenario, injects)]
    return problems


def _shown(data: Any, path: tuple[PathPart, ...]) -> str:
    """A data path as a reader writes it: list items by id where they have one."""
    parts: list[PathPart] = []
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            item = data[part]
            item_id = item.get("id") if isinstance(item, dict) else None
            parts.append(item_id if isinstance(item_id, str) else part)
            data = item
            continue
        parts.append(part)
        data = data.get(part) if isinstance(data, dict) else None
    text = ""
    for original, part in zip(path, parts):
        text += f"[{part}]" if isinstance(original, int) else ("." if text else "") + str(part)
    return text


def _set(data: Any, path: tuple[PathPart, ...], value: int | float) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _round_half_away(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))

