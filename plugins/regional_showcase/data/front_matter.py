"""Splitting a post into its header fields (with line numbers) and its Markdown body.

Two header styles are accepted, because editors and web-based CMS tools write YAML:
Pelican's own `Key: value` lines, and a YAML block between `---` lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import yaml

from .problems import Problem, field_label
from .yaml_source import safe_loader, yaml_reason
from .yaml_traps import (
    anchor_problems,
    changed_scalar,
    escaped_character,
    foreign_type,
    merged_item,
    tab_problems,
    thousands_as_decimal,
)


@dataclass
class Header:
    """Header fields keyed by lower-case name, each with its value (as text) and line."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the first body line
    style: str = "pelican"
    problems: list[Problem] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)  # lower-case name -> as written

    def label(self, name: str) -> str:
        """The field's name for a message: as the editor wrote it, or as this style spells it."""
        return self.typed.get(name) or field_label(name, self.style)


def _as_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, dt.datetime):
        # An offset (web editors write 2026-11-30T06:36:00.000+01:00) must survive: dropping
        # it would move the post by an hour for anyone outside Europe/Berlin's offset.
        return value.isoformat() if value.tzinfo else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


# Headers parsed within a parsing_once() block: (text, shown) -> Header.
_PARSED: ContextVar[dict[tuple[str, str], Header] | None] = ContextVar(
    "front_matter_parsed", default=None
)


@contextmanager
def parsing_once() -> Iterator[None]:
    """Within this block each text's header is parsed once, and every split_header of the
    same text (and name) is handed the same Header: the input check parses a post's header
    in five rules. Nobody changes a Header it was handed. Nested blocks share the outer one."""
    if _PARSED.get() is not None:
        yield
        return
    token = _PARSED.set({})
    try:
        yield
    finally:
        _PARSED.reset(token)


def split_header(text: str, shown: str) -> Header:
    """Parse the header of a post without rendering its Markdown (cheap enough for 1,000s)."""
    parsed = _PARSED.get()
    if parsed is None:
        return _split_header(text, shown)
    header = parsed.get((text, shown))
    if header is None:
        header = parsed[(text, shown)] = _split_header(text, shown)
    return header


def _split_header(text: str, shown: str) -> Header:
    lines = text.splitlines()
    header = _yaml_header(lines, shown) if lines and lines[0].strip() == "---" else None
    header = header or _pelican_header(lines, shown)
    for name in PLAIN_FIELDS:
        if name in header.fields:
            value, line = header.fields[name]
            header.fields[name] = (plain_title(value), line)
    return header


# Fields that become a page's <title>, a feed entry's title or an address: text pasted from
# Word brings soft hyphens (invisible, but they break search and split words in feeds) and
# non-breaking spaces. Both are allowed characters (data/characters.py); here they go.
PLAIN_FIELDS = ("title", "slug")
_SOFT_HYPHEN = "\u00ad"
_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def plain_title(value: str) -> str:
    """'Fach\u00adkräfte\u00a0tag' -> 'Fachkräfte tag'."""
    return value.replace(_SOFT_HYPHEN, "").translate(_NO_BREAK_SPACES)


def _pelican_header(lines: list[str], shown: str) -> Header:
    header = Header(style="pelican")
    last = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if line.startswith(("    ", "\t")) and last:
            value, at = header.fields[last]
            header.fields[last] = (f"{value} {line.strip()}", at)
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            break
        last = key.strip().lower()
        if last in header.fields:
            header.problems.append(_twice(shown, key.strip(), header.fields[last][1], index + 1))
        header.fields[last] = (value.strip(), index + 1)
        header.typed[last] = key.strip()
    else:
        index = len(lines)
    header.body = "\n".join(lines[index:])
    header.body_line = index + 1
    return header


def _yaml_header(lines: list[str], shown: str) -> Header:
    header = Header(style="yaml")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        header.problems.append(
            Problem(
                shown,
                1,
                "",
                "der YAML-Kopf, der mit '---' beginnt, wird nicht geschlossen: "
                "fügen Sie nach dem letzten Feld eine Zeile '---' ein",
            )
        )
        return header
    block = "\n".join(lines[1:end])
    header.problems += tab_problems(block, shown, first_line=2)
    if header.problems:
        return header
    # One parse, with libyaml: the pure-Python parser, run twice here, took a third of
    # `showcase check` on the shipped posts.
    loader = safe_loader(block)
    try:
        node = loader.get_single_node()
        header.problems += _refused_nodes(node, lines[1:end], shown)
        if header.problems:
            return header
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        header.problems.append(
            Problem(
                shown,
                line,
                "",
                f"YAML-Syntaxfehler im Kopf: {yaml_reason(error)} "
                "(setzen Sie Werte mit ': ' in Anführungszeichen)",
            )
        )
        return header
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        header.problems.append(
            Problem(shown, 2, "", "der YAML-Kopf muss aus Zeilen 'Feld: Wert' bestehen")
        )
        return header
    key_lines = {k.value: k.start_mark.line + 2 for k, _ in node.value} if node else {}
    header.problems += _traps(node, data, lines[1:end], shown)
    for key, value in data.items():
        header.fields[str(key).lower()] = (_as_text(value), key_lines.get(key, 2))
        header.typed[str(key).lower()] = str(key)
    header.body = "\n".join(lines[end + 1 :])
    header.body_line = end + 2
    return header


def _refused_nodes(node: yaml.Node | None, lines: list[str], shown: str) -> list[Problem]:
    """Anchors and aliases (yaml_traps.py), and a field given twice, before any of it is read."""
    if node is None:
        return []
    problems = anchor_problems(node, lines, shown, 2)
    if problems or not isinstance(node, yaml.MappingNode):
        return problems
    # Fields are case-insensitive (header.fields is keyed lower-case): 'Status' and 'status'
    # are one field given twice.
    first: dict[str, int] = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value), key_node.start_mark.line + 2
        if name.lower() in first:
            problems.append(_twice(shown, name, first[name.lower()], line))
        else:
            first[name.lower()] = line
        problems += _foreign_types(value_node, name, shown)
    return problems


def _foreign_types(node: yaml.Node, name: str, shown: str) -> list[Problem]:
    """A set, pairs or binary data anywhere in a field's value (foreign_type): made into a
    Python set or bytes, it would be read as its repr. No aliases are left here."""
    problems, stack = [], [node]
    while stack:
        node = stack.pop()
        reason = foreign_type(node)
        if reason:
            problems.append(Problem(shown, node.start_mark.line + 2, name, reason))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for pair in reversed(node.value) for value in pair)
    return problems


def _twice(shown: str, name: str, first: int, second: int) -> Problem:
    return Problem(
        shown,
        second,
        name,
        f"das Feld steht zweimal im Kopf, in Zeile {first} und in Zeile {second}: löschen Sie "
        "eine der beiden Zeilen (sonst ist unklar, welcher Wert gilt)",
    )


def _traps(
    node: yaml.MappingNode | None, data: dict, lines: list[str], shown: str
) -> list[Problem]:
    """Values YAML read as something else than the text written ('no', '10:30', '1.250')."""
    problems = []
    for key_node, value_node in node.value if node else ():
        value = data.get(key_node.value)
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            if not isinstance(item, yaml.ScalarNode):
                continue
            line = item.start_mark.line + 2
            escaped = escaped_character(item)
            if escaped:
                problems.append(Problem(shown, line, key_node.value, escaped))
            merged = merged_item(item, lines, 2)
            if merged:
                problems.append(
                    Problem(
                        shown,
                        merged[0],
                        key_node.value,
                        f"'{merged[1]}' ist weiter eingerückt als der Eintrag davor und wurde "
                        f"mit ihm zu einem Wert verbunden (rücken Sie es genau so weit ein wie "
                        f"Zeile {line})",
                    )
                )
            if item is not value_node or item.style:
                continue
            reason = changed_scalar(item, value) or thousands_as_decimal(item.value, value)
            if reason:
                problems.append(Problem(shown, line, key_node.value, reason))
    return problems
