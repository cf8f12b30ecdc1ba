"""Find the pydantic model class that describes a given place in a document.

Used to suggest field names for unknown keys: to say "did you mean 'stability'?" we must know
which model the mapping at ``weather[0]`` is validated against, including which member of a
discriminated union (an inject's ``type``) applies.
"""
from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel

Path = tuple[str | int, ...]


def _candidates(annotation: Any) -> list[Any]:
    """The alternatives of an annotation: union members, with Annotated and Optional unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _candidates(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_candidates(arg))
        return out
    return [annotation]


def _models(annotation: Any) -> list[type[BaseModel]]:
    return [c for c in _candidates(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]


def _tag_matches(model: type[BaseModel], value: dict[str, Any]) -> int:
    """How many single-value Literal fields (union tags) of the model the mapping matches."""
    hits = 0
    for name, field in model.model_fields.items():
        args = typing.get_args(field.annotation)
        if typing.get_origin(field.annotation) is typing.Literal and len(args) == 1:
            key = field.alias or name
            if key in value and value[key] == args[0]:
                hits += 1
    return hits


def _known_keys(model: type[BaseModel], value: dict[str, Any]) -> int:
    names = {f.alias or n for n, f in model.model_fields.items()}
    return sum(1 for key in value if key in names)


def _pick_model(annotation: Any, value: Any) -> type[BaseModel] | None:
    models = _models(annotation)
    if not models:
        return None
    if len(models) == 1 or not isinstance(value, dict):
        return models[0]
    # A discriminated union: the member whose tag matches; then the one that knows most keys.
    return max(models, key=lambda m: (_tag_matches(m, value), _known_keys(m, value)))


def _element_annotation(annotation: Any) -> Any:
    """The item annotation of a list, tuple or dict annotation (or the annotation itself)."""
    for cand in _candidates(annotation):
        origin = typing.get_origin(cand)
        if origin in (list, tuple, set, frozenset):
            return typing.get_args(cand)[0]
        if origin is dict:
            return typing.get_args(cand)[1]
    return annotation


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def model_at(root: type[BaseModel], data: Any, path: Path) -> type[BaseModel] | None:
    """The model class for the mapping found at `path` in `data`, if it can be told."""
    model: type[BaseModel] | None = root
    annotation: Any = root
    node = data
    for part in path:
        if isinstance(part, int) or model is None:
            annotation = _element_annotation(annotation)
            node = _child(node, part)
            model = _pick_model(annotation, node)
            continue
        field = _field_by_key(model, part)
        if field is None:
            return None
        annotation = field.annotation
        node = _child(node, part)
        model = _pick_model(annotation, node)
    return model


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    if isinstance(node, dict) and part in node:
        return node[part]
    return None
