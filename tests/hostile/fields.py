"""Every field of every data file, generated from the models, so a new field is covered.

`sample(model)` is a document with every field filled (valid values where a pattern or a range
demands one); `string_leaves(doc)` lists every place a string can go, map keys included. The
corpus plants hostile text at each of them in turn.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

from pydantic import BaseModel

# Fields whose pattern a generic text would not match: a valid value of each.
_PATTERNED = {"id": "demo", "campaign": "demo", "born": "1980-05", "time": "17:30", "pinyin": "Zhang San"}


def _value(annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], name)
    if origin in (typing.Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        return _value(real[0], name)
    if origin is typing.Literal:
        return args[0]
    if origin in (tuple, list):
        return [_value(args[0], name)]
    if origin is dict:
        return FreeKeys({"示例类别": _value(args[1], name)})
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample(annotation)
    if annotation is bool:
        return False
    if annotation is int:
        return {"year": 2027, "working_days": 5}.get(name, 1)
    if annotation is dt.date:
        return dt.date(2027, 3, 1)
    return _PATTERNED.get(name, f"示例{name}")


class FreeKeys(dict):  # type: ignore[type-arg]
    """A map whose keys are data (a reserved-seat category), not field names."""


def plain(doc: Any) -> Any:
    """`doc` with FreeKeys turned into dicts, for yaml.safe_dump."""
    if isinstance(doc, dict):
        return {k: plain(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [plain(v) for v in doc]
    return doc


def sample(model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        out[name] = _value(field.annotation, name)
    if "end" in out and "working_days" in out:  # one of the two only (a rule, not the model)
        del out["working_days"]
    return out


Path = tuple[str | int, ...]


def string_leaves(doc: Any, path: Path = ()) -> list[tuple[Path, bool]]:
    """(path, is a map key) of every string in `doc`."""
    found: list[tuple[Path, bool]] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if isinstance(doc, FreeKeys):
                found.append(((*path, key), True))
            found.extend(string_leaves(value, (*path, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found.extend(string_leaves(value, (*path, i)))
    elif isinstance(doc, str):
        found.append((path, False))
    return found


def replaced(doc: Any, path: Path, text: str, *, key: bool = False) -> Any:
    """A deep copy of `doc` with the string (or map key) at `path` replaced by `text`."""
    if not path:
        return text
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        out = type(doc)()
        for k, v in doc.items():
            if k == head and key and not rest:
                out[text] = v
            elif k == head:
                out[k] = replaced(v, rest, text, key=key)
            else:
                out[k] = v
        return out
    return [replaced(v, rest, text, key=key) if i == head else v for i, v in enumerate(doc)]
