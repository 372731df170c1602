"""YAML parsing that remembers where every value stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Path_ = tuple[str | int, ...]


@dataclass
class LocatedYAML:
    """Parsed data plus the line of every mapping key and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def dotted(path: Path_) -> str:
    """('regions', 2, 'website') -> 'regions[2].website'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_located(text: str, filename: str) -> LocatedYAML:
    """Parse YAML text; syntax errors and duplicate keys become problems, not exceptions."""
    # libyaml's parser, where PyYAML was built with it, gives the same nodes and marks
    # ten times faster; that matters for a portal with hundreds of regions.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYAML(data=None)
        result = LocatedYAML(data=None)
        _index(node, (), result, filename)
        result.data = loader.construct_document(node)
        return result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or str(error)
        hint = " (check the indentation, and put values that contain ': ' or '#' in quotes)"
        return LocatedYAML(
            data=None,
            problems=[
                Problem(filename, line, "", f"YAML syntax error at column {column}: {reason}{hint}")
            ],
        )
    finally:
        loader.dispose()


def _index(node: yaml.Node, path: Path_, result: LocatedYAML, filename: str) -> None:
    result.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                result.problems.append(
                    Problem(
                        filename,
                        line,
                        dotted((*path, key)),
                        f"duplicate key (first given on line {seen[key]}; remove one of them)",
                    )
                )
                continue
            seen[key] = line
            result.lines[(*path, key)] = line
            _index(value_node, (*path, key), result, filename)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            result.lines[(*path, position)] = item.start_mark.line + 1
            _index(item, (*path, position), result, filename)
