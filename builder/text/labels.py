"""Plain-Chinese names of keys, read from the models' field titles: `gender（性别）`."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model class inside `X | None`, `tuple[X, ...]`, `Annotated[...]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
    return None


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model that owns the last key of `loc`, walking from `root`."""
    model = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            break
        inner = _unwrap(field.annotation)
        if inner is None:
            break
        model = inner
    return model


def label(model: type[BaseModel], key: str) -> str:
    field = model.model_fields.get(key)
    title = field.title if field is not None else None
    return f"{key}（{title}）" if title else key


def label_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    keys = [p for p in loc if isinstance(p, str)]
    if not keys:
        return "此项"
    return label(model_at(root, tuple(p for p in loc)), keys[-1])


def context_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """Plain words for the parent of `loc`: `deadlines（截止时间）第1项`, or "" at the top."""
    out = ""
    for i, part in enumerate(loc[:-1]):
        if isinstance(part, int):
            out += f"第{part + 1}项"
        else:
            out += ("的 " if out else "") + label(model_at(root, loc[: i + 1]), part)
    return out
