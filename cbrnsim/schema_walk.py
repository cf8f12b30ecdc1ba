"""Find the pydantic model class that describes a given place in a document."""
from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel


def _candidates(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _candidates(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_candidates(arg))
        return out
    return [annotation]


def _pick_model(annotation: Any, value: Any) -> type[BaseModel] | None:
    models = [c for c in _candidates(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
    if not models:
        return None
    if len(models) == 1 or not isinstance(value, dict):
        return models[0]
    # Discriminated unions: choose the member whose literal tag matches the value.
    for model in models:
        for name, field in model.model_fields.items():
            args = typing.get_args(field.annotation)
            if typing.get_origin(field.annotation) is typing.Literal and value.get(name) in args:
                return model
    return models[0]


def _element_annotation(annotation: Any) -> Any:
    for cand in _candidates(annotation):
        origin = typing.get_origin(cand)
        if origin in (list, tuple, set, frozenset):
            return typing.get_args(cand)[0]
        if origin is dict:
            return typing.get_args(cand)[1]
    return annotation


def model_at(root: type[BaseModel], data: Any, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class for the mapping found at `path` in `data`, if it can be told."""
    model: type[BaseModel] | None = root
    annotation: Any = root
    node = data
    for part in path:
        if isinstance(part, int) or (model is None):
            annotation = _element_annotation(annotation)
            node = node[part] if isinstance(node, (list, dict)) and _has(node, part) else None
            model = _pick_model(annotation, node)
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        node = node.get(part) if isinstance(node, dict) else None
        model = _pick_model(annotation, node)
        if model is None:
            inner = _element_annotation(annotation)
            if inner is not annotation:
                model = None
    return model


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, list):
        return isinstance(part, int) and 0 <= part < len(node)
    return part in node
