"""Inject forms described from the scenario's own pydantic models, so every inject type has one.

Nothing here knows about a particular inject: the fields, their labels, kinds, choices and
help text are read from the models of ``cbrnsim.scenario.injects`` (and their nested models),
and validation is the models' own. A new inject type in the scenario format gets a form without
a change here.

A form is a list of :class:`FieldSpec` (one per input) and is turned back into plain data with
:func:`form_data`; pydantic's errors come back per input with :func:`errors_by_field`.
"""
from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from cbrnsim.scenario import EFFECT_TYPES, INJECT_TYPES, Inject, InjectFields, Scenario
from cbrnsim.yamlio import format_path

FieldKind = Literal["text", "int", "float", "time", "choice", "multi", "bool", "yaml"]
"""How a field is entered: free text, a number, a scenario time, one or several of a list, a
switch, or a small YAML value (a list of points, a name -> number mapping)."""

Path = tuple[str, ...]
"""A field's place in the inject's data, e.g. ``("release", "location", "x_m")``."""

HSEEP_DETAIL_FIELDS: tuple[str, ...] = ("core_capabilities", "controller", "evaluator_notes")
"""HSEEP fields that are rarely typed live; the form folds them away."""

_SKIPPED = frozenset({"type", "number"})
"""Never asked: the type is chosen before the form opens; unscripted injects have no MSEL number."""

_FIRST_HSEEP = ("title", "content", "from", "to", "method", "expected_action", "objectives")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input of an inject form."""

    path: Path
    """Where the value goes in the inject's data (aliases, as in the scenario file)."""
    label: str
    """What the input is called on screen."""
    help: str
    """The model's description of the field (shown under the input)."""
    kind: FieldKind
    """How it is entered."""
    required: bool
    """True when the model has no default."""
    choices: tuple[str, ...] = ()
    """Allowed values, for 'choice' and 'multi'."""
    default: str = ""
    """The model's default as text ('' when there is none)."""
    optional_group: Path | None = None
    """For fields of an optional nested model: the model's path (all blank -> the model is omitted)."""
    detail: bool = False
    """True for HSEEP fields folded away by default."""

    @property
    def key(self) -> str:
        """A stable id for the input widget (letters, digits, '-' and '_' only)."""
        return "f-" + "--".join(self.path).replace("_", "-")

    @property
    def dotted(self) -> str:
        """``release.location.x_m``: the path as error messages print it."""
        return format_path(self.path)


ChoiceProvider = Callable[[str], tuple[str, ...] | None]
"""Given a field name ('hospital', 'zones', 'agent'…), the scenario's ids for it, or None."""


def scenario_choices(scenario: Scenario, agent_ids: Iterable[str] = ()) -> ChoiceProvider:
    """Ids a field may refer to, taken from the scenario (and the agent library for agents)."""
    table: dict[str, tuple[str, ...]] = {
        "hospital": tuple(h.id for h in scenario.hospitals),
        "station": tuple(s.id for s in scenario.responders.stations),
        "zones": tuple(z.id for z in scenario.population),
        "objective": tuple(o.id for o in scenario.objectives),
        "objectives": tuple(o.id for o in scenario.objectives),
    }
    agents = tuple(agent_ids) or tuple(scenario.agent_ids())
    table["agent"] = agents
    return lambda name: table.get(name) or None


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _optional_inner(annotation: Any) -> tuple[Any, bool]:
    """(the type without None, whether None was allowed)."""
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) < len(get_args(annotation)):
            inner = members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007
            return _strip_annotated(inner), True
    return annotation, False


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _label(name: str) -> str:
    text = name.rstrip("_").replace("_", " ")
    for unit, shown in ((" m s", " (m/s)"), (" deg", " (°)"), (" min", " (min)"), (" kg", " (kg)"),
                        (" km h", " (km/h)"), (" m", " (m)"), (" c", " (°C)"), (" bq", " (Bq)"),
                        (" kt", " (kt)"), (" m3", " (m³)"), (" per h", " (per h)"), (" pct", " (%)")):
        if text.endswith(unit):
            text = text[: -len(unit)] + shown
            break
    words = [_ACRONYMS.get(word, word) for word in text.split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_ACRONYMS = {"ed": "ED", "icu": "ICU", "id": "ID", "tnt": "TNT"}


def _default_text(info: FieldInfo) -> str:
    if info.is_required() or info.default is None:
        return ""
    default = info.default
    if isinstance(default, (tuple, list, dict)) and not default:
        return ""
    if isinstance(default, BaseModel):
        return ""
    return str(default)


def _leaf_kind(annotation: Any, choices: tuple[str, ...] | None) -> tuple[FieldKind, tuple[str, ...]]:
    origin = get_origin(annotation)
    if origin is Literal:
        return "choice", tuple(str(a) for a in get_args(annotation))
    if origin is tuple:
        item = _strip_annotated(get_args(annotation)[0])
        if get_origin(item) is Literal:
            return "multi", tuple(str(a) for a in get_args(item))
        if choices is not None and item is str:
            return "multi", choices
        return "yaml", ()
    if origin is dict or origin is list:
        return "yaml", ()
    if choices is not None and annotation is str:
        return "choice", choices
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "float", ()
    return "text", ()


def model_field_specs(model: type[BaseModel], provider: ChoiceProvider, prefix: Path = (),
                      optional_group: Path | None = None) -> list[FieldSpec]:
    """One spec per input for ``model`` (nested models flattened, unions of models left out)."""
    specs: list[FieldSpec] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if not prefix and key in _SKIPPED:
            continue
        if prefix and key == "type":
            continue
        inner, optional = _optional_inner(info.annotation)
        path = (*prefix, key)
        if _is_model(inner):
            group = path if optional else optional_group
            specs.extend(model_field_specs(inner, provider, path, group))
            continue
        if get_origin(inner) in (Union, types.UnionType):
            continue  # a union of effect models: the decision form offers it as a chooser
        if name == "time_min" and not prefix:
            kind: FieldKind = "time"
            choices: tuple[str, ...] = ()
        else:
            kind, choices = _leaf_kind(inner, provider(key))
        label = "Effective at" if kind == "time" else _label(key)
        if prefix:
            label = " · ".join([*(_label(p) for p in prefix), label])
        specs.append(FieldSpec(
            path=path, label=label,
            help=info.description or "", kind=kind,
            required=info.is_required() and optional_group is None and kind != "time",
            choices=choices, default=_default_text(info), optional_group=optional_group,
            detail=not prefix and key in HSEEP_DETAIL_FIELDS))
    return specs


def inject_model(inject_type: str) -> type[InjectFields]:
    """The pydantic class of an inject type tag ('wind_change' -> WindChangeInject)."""
    for member in get_args(get_args(Inject)[0]):
        if member.model_fields["type"].default == inject_type:
            return member  # type: ignore[no-any-return]
    raise KeyError(f"unknown inject type {inject_type!r}; known: {', '.join(INJECT_TYPES)}")


def effect_model(effect_type: str) -> type[BaseModel]:
    """The pydantic class of a model-effect type tag (for a decision's effect)."""
    from cbrnsim.scenario import effects

    for member in get_args(get_args(effects.Effect)[0]):
        if member.model_fields["type"].default == effect_type:
            return member  # type: ignore[no-any-return]
    raise KeyError(f"unknown effect type {effect_type!r}; known: {', '.join(EFFECT_TYPES)}")


def inject_form(inject_type: str, provider: ChoiceProvider) -> list[FieldSpec]:
    """The inputs of the form for one inject type: its own fields first, then time, then HSEEP."""
    specs = model_field_specs(inject_model(inject_type), provider)
    hseep = set(InjectFields.model_fields) | {"from"}
    own = [s for s in specs if s.path[0] not in hseep]
    time = [s for s in specs if s.kind == "time"]
    rest = [s for s in specs if s.path[0] in hseep and s.kind != "time"]
    rest.sort(key=lambda s: (s.detail, _FIRST_HSEEP.index(s.path[0]) if s.path[0] in _FIRST_HSEEP else 99))
    return own + time + rest


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _yaml_value(text: str) -> Any:
    """A small YAML value such as ``[{x_m: 0, y_m: 0}, {x_m: 10, y_m: 5}]`` or ``atropine_1mg: 100``."""
    return yaml.safe_load(text)


class FormInputError(ValueError):
    """An input that cannot even be read (bad YAML); ``field`` is its dotted path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def form_data(specs: Sequence[FieldSpec], values: Mapping[Path, Any], *, inject_type: str,
              now_min: float) -> dict[str, Any]:
    """The inject as plain data from the inputs' values; blank inputs are left to their defaults.

    A blank "Effective at" means now. Raises FormInputError for YAML that does not parse.
    """
    data: dict[str, Any] = {"type": inject_type}
    groups_with_values = {s.optional_group for s in specs
                          if s.optional_group is not None and not _blank(values.get(s.path))}
    for spec in specs:
        raw = values.get(spec.path)
        if spec.kind == "time" and _blank(raw):
            _put(data, spec.path, now_min)
            continue
        if _blank(raw):
            continue
        if spec.optional_group is not None and spec.optional_group not in groups_with_values:
            continue
        _put(data, spec.path, _converted(spec, raw))
    return data


def _converted(spec: FieldSpec, raw: Any) -> Any:
    if spec.kind == "yaml":
        try:
            return _yaml_value(str(raw))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem", None) or "not valid YAML"
            raise FormInputError(spec.dotted, f"{mark}; write e.g. [{{x_m: 0, y_m: 0}}, {{x_m: 100, y_m: 50}}] "
                                              f"or name: number") from None
    if spec.kind == "multi":
        return list(raw)
    if isinstance(raw, str):
        return raw.strip()
    return raw


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, tuple)) and not value)


def errors_by_field(error: ValidationError, specs: Sequence[FieldSpec], prefix: Path = ()) -> dict[str, str]:
    """pydantic's messages keyed by the dotted path of the input they belong to ('' = the whole form).

    An error deep inside a YAML input (``release.path[1].x_m``) goes to that input; an error
    about a nested model as a whole (``release: a point release needs location``) goes to the
    form, prefixed with the model's path.
    """
    out: dict[str, list[str]] = {}
    for item in error.errors(include_url=False):
        loc = tuple(str(part) for part in item["loc"])[len(prefix):]
        target = _owner(loc, specs)
        message = item["msg"].removeprefix("Value error, ")
        rest = loc[len(target.path):] if target is not None else loc
        if rest:
            message = f"{format_path(tuple(int(p) if p.isdigit() else p for p in rest))}: {message}"
        out.setdefault(target.dotted if target is not None else "", []).append(message)
    return {key: "; ".join(messages) for key, messages in out.items()}


def _owner(loc: Path, specs: Sequence[FieldSpec]) -> FieldSpec | None:
    best: FieldSpec | None = None
    for spec in specs:
        if loc[: len(spec.path)] == spec.path and (best is None or len(spec.path) > len(best.path)):
            best = spec
    return best


def issues_by_field(issues: Iterable[str], specs: Sequence[FieldSpec]) -> dict[str, str]:
    """Cross-reference problems (``"hospital: no hospital 'x'"``) keyed like errors_by_field."""
    known = {spec.dotted for spec in specs}
    out: dict[str, str] = {}
    for issue in issues:
        field, _, message = issue.partition(": ")
        key = field if field in known else next((k for k in known if field.startswith(k)), "")
        out[key] = "; ".join(filter(None, (out.get(key, ""), message if key else issue)))
    return out
