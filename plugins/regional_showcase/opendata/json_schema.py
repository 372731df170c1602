"""The JSON Schema of regions.json, derived from the model's types and the data schema.

The model's dataclasses give the structure (every field, always present, null where empty);
data/schema.py, the one definition of valid data, gives what each field means and allows:
descriptions, enums, patterns, ranges. A field the model adds appears here by itself.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from markupsafe import Markup

from .records import field_types, optional_inner

_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}
# A scalar of the data schema fits a model field of this Python type.
_FITS = {"string": (str,), "integer": (int,), "number": (float, int), "boolean": (bool,)}


class SchemaBuilder:
    """Collects one `$defs` entry per model class while it walks the types."""

    def __init__(self, extras: dict[type, dict[str, dict[str, Any]]] | None = None):
        # Properties the export adds to a class's records, e.g. a region's page URL.
        self.extras = extras or {}
        self.defs: dict[str, Any] = {}

    def for_type(self, hint: Any, source: dict[str, Any] | None = None) -> dict[str, Any]:
        """The schema of values of type `hint`; `source` is the data schema's node for it."""
        source = source or {}
        inner = optional_inner(hint)
        if inner is not None:
            either = self.for_type(inner, source)
            lifted = {"description": either.pop("description")} if "description" in either else {}
            return {**lifted, "anyOf": [either, {"type": "null"}]}
        if dataclasses.is_dataclass(hint):
            return self._for_class(hint, source)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _described(
                {"type": "array", "items": self.for_type(args[0], source.get("items"))}, source
            )
        if origin is tuple:
            return {
                "type": "array",
                "prefixItems": [self.for_type(arg) for arg in args],
                "items": False,
                "minItems": len(args),
            }
        if origin is dict:
            if source.get("type") == "object":
                return _public(source)
            return {"type": "object", "additionalProperties": self.for_type(args[1])}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if hint is Markup:
            text = source.get("description", "Text")
            return {
                "type": "string",
                "contentMediaType": "text/html",
                "description": f"{text}, rendered as HTML",
            }
        if hint in _JSON_TYPES:
            if "enum" in source or hint in _FITS.get(source.get("type", ""), ()):
                return _public(source)
            return {"type": _JSON_TYPES[hint]}
        return {"description": f"any JSON value ({hint})"}

    def _for_class(self, cls: type, source: dict[str, Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class that contains itself ends here
            given = source.get("properties", {})
            properties = {
                field: self.for_type(hint, given.get(field) or given.get(_yaml_name(field)))
                for field, hint in field_types(cls).items()
            }
            properties.update(self.extras.get(cls, {}))
            description = source.get("description") or (cls.__doc__ or name).strip()
            self.defs[name] = {
                "type": "object",
                "description": description,
                "properties": properties,
                "required": list(properties),
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def _yaml_name(field: str) -> str:
    """The model keeps rendered Markdown as `<name>_html`; the data file calls it `<name>`."""
    return field.removesuffix("_html")


def _public(node: dict[str, Any]) -> dict[str, Any]:
    """A data-schema node without the loader's own annotations (x-kind)."""
    if isinstance(node, dict):
        return {k: _public(v) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_public(v) for v in node]
    return node


def _described(schema: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    if "description" in source:
        schema["description"] = source["description"]
    return schema


def field_names(schema: dict[str, Any]) -> list[str]:
    """'(root).version', 'Region.slug', ...: every property the published schema declares."""
    names = {f"(root).{name}" for name in schema["properties"]}
    for cls, definition in schema["$defs"].items():
        names |= {f"{cls}.{name}" for name in definition.get("properties", {})}
    return sorted(names)
