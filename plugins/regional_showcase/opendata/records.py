"""Model objects to JSON values and back, field by field, from the dataclasses' own types.

Nothing here names a field of the model: a field added to a dataclass in data/model.py is
exported, typed in the published schema (json_schema.py) and read back without a change here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from markupsafe import Markup

# A model field declared with `field(..., metadata={PUBLISHED: False})` stays out of the open
# data: build-time notes such as editors' hints are not facts about the regions.
PUBLISHED = "published"


def published_fields(cls_or_object: Any) -> list[dataclasses.Field]:
    """The fields of a model dataclass (or object) that the open data carries."""
    return [f for f in dataclasses.fields(cls_or_object) if f.metadata.get(PUBLISHED, True)]


@cache
def field_types(cls: type) -> dict[str, Any]:
    """Published field name -> resolved type of a model dataclass, in declaration order."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in published_fields(cls)}


def optional_inner(hint: Any) -> Any | None:
    """`X | None` -> X; anything else -> None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(members) == 1 and len(typing.get_args(hint)) == 2:
            return members[0]
    return None


def to_record(value: Any) -> Any:
    """A model object as JSON values: dataclasses as objects, tuples as arrays, Markup as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_record(getattr(value, f.name)) for f in published_fields(value)}
    if isinstance(value, tuple | list):
        return [to_record(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_record(item) for key, item in value.items()}
    if isinstance(value, Markup):
        return str(value)
    return value


def from_record(hint: Any, value: Any) -> Any:
    """The inverse of to_record, guided by the type the model declares for the value."""
    if value is None:
        return None
    inner = optional_inner(hint)
    if inner is not None:
        return from_record(inner, value)
    if dataclasses.is_dataclass(hint):
        types_ = field_types(hint)
        return hint(
            **{name: from_record(types_[name], value[name]) for name in types_ if name in value}
        )
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_record(args[0], item) for item in value)
        return tuple(from_record(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is dict:
        return {key: from_record(args[1], item) for key, item in value.items()}
    if hint is Markup:
        return Markup(value)
    return value
