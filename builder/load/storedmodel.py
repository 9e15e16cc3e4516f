"""How a model read back from the disk store is validated: every type and constraint checked,
in Rust, without running again the normalisers its values already went through.

A parsed file's model goes into the store as pydantic's JSON of the validated model
(builder.load.parsecache), so its text fields are already stripped and its names and dates
of birth already normalised. Validating that JSON with the model's own validator called those
Python normalisers once per field of every candidate (and with them the length checks that
follow a Python validator, which pydantic then also runs in Python): at 200,000 candidates ≈ a
quarter of reading the lists back, in a correction that changed none of them.

The validator here is the model's own core schema with each normaliser taken out, which is
exact because each is idempotent (f(f(x)) == f(x), tests/test_parse_cache.py holds them to it),
and with each length or pattern check that followed one moved into the string's own schema,
where pydantic-core checks it in Rust. Every other validator stays as it is. The store's rule
is unchanged: what is read is checked field by field (types, lengths, patterns, literals, no
unknown field) and builds only the model's own classes; anything else is a miss.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import SchemaValidator

from builder.model import contract
from builder.text import normalise

M = TypeVar("M", bound=BaseModel)

IDEMPOTENT: frozenset[Callable[[str], str]] = frozenset({contract.strip, normalise.name, normalise.born})
"""The normalisers of the models' text fields: a value they return comes back unchanged."""

_PATTERNS: dict[Callable[[str], str], str] = {contract.born_pattern: contract.BORN.pattern}
"""A Python check of a normalised text, and the pattern that says the same."""

_LENGTHS = {"min_length_validator": "min_length", "max_length_validator": "max_length"}
"""pydantic's own length checks, which it runs in Python after a Python validator."""


@functools.cache
def stored_validator(model: type[M]) -> SchemaValidator:
    """The validator of `model`'s JSON as the store keeps it (see the module's docstring)."""
    schema = _without_normalisers(model.__pydantic_core_schema__)
    # pydantic-core builds a model's schema from the model's own validator, when the class has
    # a complete one, instead of from the schema it is given: here the schema is the point.
    # That choice is made while the validator is built, so the classes say "incomplete" for
    # that moment only.
    classes = [c for c in _models(schema) if c.__dict__.get("__pydantic_complete__")]
    try:
        for c in classes:
            c.__pydantic_complete__ = False
        return SchemaValidator(schema, schema.get("config"))
    finally:
        for c in classes:
            c.__pydantic_complete__ = True


def _models(schema: Any) -> set[type[BaseModel]]:
    """Every model class `schema` builds."""
    found: set[type[BaseModel]] = set()
    if isinstance(schema, dict):
        if schema.get("type") == "model":
            found.add(schema["cls"])
        for value in schema.values():
            found |= _models(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _models(value)
    return found


def _without_normalisers(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_without_normalisers(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _without_normalisers(v) for k, v in schema.items()}
    if out.get("type") != "function-after" or out["function"].get("type") != "no-info":
        return out
    inner, check = out["schema"], out["function"]["function"]
    if check in IDEMPOTENT:
        return inner
    if inner.get("type") != "str":
        return out
    if check in _PATTERNS:
        return {**inner, "pattern": _PATTERNS[check]}
    length = _LENGTHS.get(getattr(getattr(check, "func", None), "__name__", ""))
    if length is not None and set(check.keywords) == {length} and not check.args:
        return {**inner, length: check.keywords[length]}
    return out
