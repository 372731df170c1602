"""YAML parsing that remembers where every value stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .dates import date_problem
from .problems import Problem
from .yaml_traps import (
    anchor_problems,
    changed_scalar,
    duplicate_key_message,
    escaped_character,
    foreign_type,
    merged_item,
    tab_problems,
)

Path_ = tuple[str | int, ...]

# PyYAML explains in English; staff read German. Matched on the start of its wording (the C and
# the Python parser word some problems differently); anything else is passed on as it is.
_YAML_REASONS = (
    (
        "mapping values are not allowed",
        "ein ': ' (Doppelpunkt mit Leerzeichen) ist hier nicht erlaubt",
    ),
    ("could not find expected ':'", "nach dem Feldnamen fehlt ein ':'"),
    ("did not find expected key", "hier wird ein neues Feld erwartet"),
    ("expected <block end>", "hier wird ein neues Feld erwartet"),
    ("did not find expected '-' indicator", "hier wird ein Listeneintrag ('- …') erwartet"),
    ("found character '\\t'", "ein Tabulatorzeichen ist in YAML nicht erlaubt"),
    ("found a tab character", "ein Tabulatorzeichen ist in YAML nicht erlaubt"),
    ("found unexpected end of stream", "die Datei endet mitten in einem Wert"),
    (
        "found undefined alias",
        "ein Wert beginnt mit '*': YAML liest das als Verweis auf einen Anker, den es nicht gibt",
    ),
    ("found duplicate anchor", "derselbe Anker (&Name) steht zweimal"),
    ("second occurrence", "derselbe Anker (&Name) steht zweimal"),
    ("did not find expected ',' or ']'", "eine Liste in [ ] wird nicht mit ']' geschlossen"),
    ("did not find expected ',' or '}'", "eine Zuordnung in { } wird nicht mit '}' geschlossen"),
    (
        "found character that cannot start any token",
        "ein Wert beginnt mit einem Zeichen, das YAML sich vorbehält (z. B. @, ` oder %)",
    ),
    (
        "found unknown escape character",
        "ein '\\' in doppelten Anführungszeichen leitet ein unbekanntes Sonderzeichen ein: "
        "verwenden Sie einfache Anführungszeichen",
    ),
    (
        "but found another document",
        "eine zweite Zeile '---' beginnt ein zweites Dokument; die Datei enthält nur eines",
    ),
    (
        "could not determine a constructor",
        "ein Kennzeichen mit '!' ist hier nicht erlaubt: schreiben Sie den Wert ohne es",
    ),
)


@dataclass
class LocatedYAML:
    """Parsed data plus the line of every mapping key and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Plain values YAML read as something other than text, as written (e.g. '1.250').
    raw: dict[Path_, str] = field(default_factory=dict)
    # Values a YAML trap already explained; other rules need not repeat it.
    trap_paths: set[Path_] = field(default_factory=set)

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


def yaml_reason(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's reason for a syntax error, in German where the wording is known."""
    reason = error.problem or str(error)
    for english, german in _YAML_REASONS:
        if reason.startswith(english):
            return german
    return f"YAML meldet: {reason}"


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where PyYAML was built with it; an impossible date stays text.

    YAML reads `2024-02-30` as a date before any rule of ours sees it, and PyYAML raises a
    bare ValueError for it. Kept as the text written, it reaches the project's date rule
    (dates.py), which explains it in German with the line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_SafeLoader.add_constructor(_TIMESTAMP_TAG, _timestamp)


def safe_loader(text: str) -> yaml.SafeLoader:
    """A safe YAML loader over `text`: libyaml's where PyYAML was built with it.

    It gives the same nodes and marks ten times faster than the pure-Python parser; that
    matters for a portal with hundreds of regions and for every post header. Call
    anchor_problems on the node before constructing or walking it."""
    return _SafeLoader(text)


def load_without_anchors(text: str, filename: str) -> tuple[Any, list[Problem]]:
    """yaml.safe_load with anchors and aliases refused (an alias bomb fails fast), for files
    a command writes, which need none of parse_located's explanations. Syntax errors raise
    yaml.YAMLError as safe_load's do."""
    loader = safe_loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problems = anchor_problems(node, text.splitlines(), filename, 1)
        return (None, problems) if problems else (loader.construct_document(node), [])
    finally:
        loader.dispose()


def parse_located(text: str, filename: str, first_line: int = 1) -> LocatedYAML:
    """Parse YAML text; syntax errors, duplicate keys and YAML traps become problems.

    `first_line` is the file line of the text's first line (2 for a post's front matter).
    """
    tabs = tab_problems(text, filename, first_line)
    if tabs:
        return LocatedYAML(data=None, problems=tabs)
    loader = safe_loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYAML(data=None)
        lines = text.splitlines()
        anchors = anchor_problems(node, lines, filename, first_line)
        if anchors:
            return LocatedYAML(data=None, problems=anchors)
        result = LocatedYAML(data=None)
        scalars: list[tuple[Path_, yaml.ScalarNode]] = []
        walk = _Walk(lines, first_line, scalars)
        _index(node, (), result, filename, walk)
        if walk.foreign:
            return LocatedYAML(data=None, problems=result.problems)
        result.data = loader.construct_document(node)
        _find_changed_values(result, scalars, filename)
        return result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 1
        hint = (
            " (prüfen Sie die Einrückung, und setzen Sie Werte mit ': ' oder '#' "
            "in Anführungszeichen)"
        )
        message = f"YAML-Syntaxfehler in Spalte {column}: {yaml_reason(error)}{hint}"
        return LocatedYAML(data=None, problems=[Problem(filename, line, "", message)])
    finally:
        loader.dispose()


@dataclass
class _Walk:
    lines: list[str]
    first_line: int
    scalars: list[tuple[Path_, yaml.ScalarNode]]
    foreign: bool = False  # a value of a type nothing reads (foreign_type): none is made


def _find_changed_values(
    result: LocatedYAML, scalars: list[tuple[Path_, yaml.ScalarNode]], filename: str
) -> None:
    for path, node in scalars:
        value = _value_at(result.data, path)
        result.raw[path] = node.value
        reason = changed_scalar(node, value)
        if node.tag == _TIMESTAMP_TAG and isinstance(value, str):
            reason = date_problem(value)
        if reason:
            result.trap_paths.add(path)
            result.problems.append(Problem(filename, result.lines[path], dotted(path), reason))


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _index(node: yaml.Node, path: Path_, result: LocatedYAML, filename: str, walk: _Walk) -> None:
    result.lines.setdefault(path, node.start_mark.line + walk.first_line)
    foreign = foreign_type(node)
    if foreign:
        walk.foreign = True
        line = node.start_mark.line + walk.first_line
        result.problems.append(Problem(filename, line, dotted(path), foreign))
        return
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag != "tag:yaml.org,2002:str":
            walk.scalars.append((path, node))
        escaped = escaped_character(node)
        if escaped:
            line = node.start_mark.line + walk.first_line
            result.problems.append(Problem(filename, line, dotted(path), escaped))
        merged = merged_item(node, walk.lines, walk.first_line)
        if merged:
            line, item = merged
            result.trap_paths.add(path)
            result.problems.append(
                Problem(
                    filename,
                    line,
                    dotted(path),
                    f"'{item}' ist weiter eingerückt als der Eintrag davor und wurde mit ihm "
                    f"zu einem Wert verbunden: '{node.value}' (rücken Sie '{item}' genau so "
                    f"weit ein wie Zeile {node.start_mark.line + walk.first_line})",
                )
            )
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + walk.first_line
            if key in seen:
                result.problems.append(
                    Problem(
                        filename,
                        line,
                        dotted((*path, key)),
                        duplicate_key_message(seen[key]),
                    )
                )
                continue
            seen[key] = line
            result.lines[(*path, key)] = line
            _index(value_node, (*path, key), result, filename, walk)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            result.lines[(*path, position)] = item.start_mark.line + walk.first_line
            _index(item, (*path, position), result, filename, walk)
