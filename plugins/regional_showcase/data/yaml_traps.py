"""What YAML silently reads differently from what a German editor meant.

- a tab used for indenting (YAML allows only spaces),
- a list item indented one step too far, which YAML glues onto the item before it,
- `no`/`ja`-like words that become true or false, times such as `10:30` that become the
  sexagesimal number 630, and `1.250` (German thousands dot) that becomes 1.25,
- an anchor (`&name`) or alias (`*name`): `&Co` vanishes from a title, and a few lines of
  aliases to aliases (a "billion laughs") stand for billions of values,
- a key written twice, of which YAML silently keeps the last,
- an escape in double quotes (`"\\u2028"`, `"\\x85"`, `"\\e"`) that makes a character the file
  itself may not hold (characters.py).

Each is found on the parsed nodes, which still know the text as written and its line.
"""

from __future__ import annotations

import re

import yaml

from .characters import character_name, first_refused
from .problems import Problem

# YAML 1.1 words PyYAML turns into booleans; `true`/`false` are meant as such.
_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$")
_GERMAN_DECIMAL = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_STR_TAG = "tag:yaml.org,2002:str"


def tab_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Lines indented with a tab; YAML refuses them with a hard-to-read error."""
    problems = []
    for number, line in enumerate(text.splitlines(), first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    "Tabulatorzeichen am Zeilenanfang: YAML rückt nur mit Leerzeichen ein "
                    "(ersetzen Sie den Tabulator durch Leerzeichen, so weit eingerückt wie "
                    "die Zeilen darüber)",
                )
            )
    return problems


def merged_item(node: yaml.ScalarNode, lines: list[str], first_line: int) -> tuple[int, str] | None:
    """A plain value spanning lines whose later line starts with '- ': an over-indented item.

    Returns the (file) line and text of the swallowed item, or None.
    """
    if node.style or node.start_mark.line == node.end_mark.line:
        return None
    for index in range(node.start_mark.line + 1, node.end_mark.line + 1):
        if index < len(lines) and lines[index].lstrip().startswith("- "):
            return index + first_line, lines[index].strip()
    return None


def changed_scalar(node: yaml.ScalarNode, value: object) -> str | None:
    """Why YAML read a plain value as something other than the text written, or None."""
    if node.style or node.tag == _STR_TAG:
        return None
    raw = node.value
    if isinstance(value, bool) and raw.lower() in _BOOL_WORDS:
        word = "true" if value else "false"
        return (
            f"'{raw}' liest YAML als Wahrheitswert {word}, nicht als Text "
            f'(setzen Sie es in Anführungszeichen: "{raw}")'
        )
    if isinstance(value, int | float) and not isinstance(value, bool) and ":" in raw:
        return (
            f"'{raw}' liest YAML als Zahl {value} (im 60er-System), nicht als Uhrzeit "
            f'(setzen Sie sie in Anführungszeichen: "{raw}")'
        )
    return None


def thousands_as_decimal(raw: str, value: object) -> str | None:
    """'1.250' read as 1.25: the message showing the whole number meant, or None."""
    if not isinstance(value, float) or not _THOUSANDS.match(raw):
        return None
    return (
        f"'{raw}' liest YAML als {value:g}, der Punkt ist dort ein Dezimalpunkt "
        f"(schreiben Sie {raw.replace('.', '')}, ohne Tausenderpunkt)"
    )


def number_spelling_hint(value: object) -> str:
    """For a number written the German way as text ('1.250.000', '2,6'): how to write it."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if _THOUSANDS.match(text):
        return f" (schreiben Sie {text.replace('.', '')}, ohne Tausenderpunkte)"
    if _GERMAN_DECIMAL.match(text):
        return f" (schreiben Sie {text.replace('.', '').replace(',', '.')}, mit Punkt statt Komma)"
    return ""


# YAML types the safe loader makes but nothing here reads: a rule walking the data by its
# keys and positions met a Python set or tuple and stopped with a traceback. Refused on the
# node, before the value is made: (what it makes, how to write it instead).
_FOREIGN_TYPES = {
    "tag:yaml.org,2002:set": (
        "einer Menge",
        " und schreiben Sie die Einträge als Liste ('- Eintrag')",
    ),
    "tag:yaml.org,2002:omap": (
        "einer Liste von Paaren",
        " und schreiben Sie 'Name: Wert' ohne '- ' davor",
    ),
    "tag:yaml.org,2002:pairs": (
        "einer Liste von Paaren",
        " und schreiben Sie 'Name: Wert' ohne '- ' davor",
    ),
    "tag:yaml.org,2002:binary": ("Binärdaten", " und schreiben Sie den Text selbst"),
}


def foreign_type(node: yaml.Node) -> str | None:
    """Why a node's explicit tag (`!!set`, `!!omap`, `!!pairs`, `!!binary`) is refused, or
    None for the kinds of value the site reads."""
    found = _FOREIGN_TYPES.get(node.tag)
    if found is None:
        return None
    what, fix = found
    name = node.tag.rsplit(":", 1)[1]
    return (
        f"'!!{name}' macht den Wert zu {what}, die die Website nicht lesen kann (erwartet werden "
        f"Text, Zahlen, Daten, Listen und Zuordnungen): lassen Sie '!!{name}' weg{fix}"
    )


def duplicate_key_message(first_line: int) -> str:
    """A key given a second time: both lines are named, neither value is kept silently."""
    return (
        f"doppelter Schlüssel (zuerst angegeben in Zeile {first_line}; entfernen Sie einen "
        "der beiden)"
    )


def anchor_problems(
    root: yaml.Node, lines: list[str], shown: str, first_line: int
) -> list[Problem]:
    """Anchors (`&name`), and so every alias (`*name`), refused wherever staff write YAML.

    Nobody needs them in a post header or in regions.yaml, and each alias stands for the
    whole anchored value: nine lines of aliases to aliases stand for a billion values, which
    every rule walking the data (and the JSON Schema validation) would visit one by one.
    They are found on the composed nodes before anything walks or constructs the data:
    libyaml gives an alias the anchored node itself, so each node is visited once here. An
    anchor's node starts at its '&' (after a tag such as '!!str'); a node met a second time
    whose anchor was not seen there is reported where it is used.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    anchored: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, root.start_mark.line)]
    while stack:
        node, used_at = stack.pop()
        if id(node) in seen:
            if id(node) not in anchored:
                anchored.add(id(node))
                problems.append(Problem(shown, used_at + first_line, "", _ALIAS))
            continue
        seen.add(id(node))
        name = _anchor_name(node, lines)
        if name:
            anchored.add(id(node))
            problems.append(
                Problem(
                    shown,
                    node.start_mark.line + first_line,
                    "",
                    f"'&{name}' ist ein YAML-Anker und fehlt im gelesenen Wert: {_NO_ANCHORS}",
                )
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, key.start_mark.line))
                stack.append((key, key.start_mark.line))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node.start_mark.line) for item in reversed(node.value))
    return problems


_NO_ANCHORS = (
    "Anker ('&…') und Verweise darauf ('*…') sind hier nicht erlaubt (schreiben Sie jeden "
    "Wert aus; gehört das Zeichen zum Text, setzen Sie den Wert in Anführungszeichen)"
)
_ALIAS = f"ein Verweis ('*…') auf einen anderen Wert: {_NO_ANCHORS}"
_TAG_THEN_ANCHOR = re.compile(r"^(?:![^\s]*\s+)?&([^\s,\[\]{}]+)")


def _anchor_name(node: yaml.Node, lines: list[str]) -> str | None:
    mark = node.start_mark
    if mark.line >= len(lines):
        return None
    match = _TAG_THEN_ANCHOR.match(lines[mark.line][mark.column :])
    return match[1] if match else None


def escaped_character(node: yaml.ScalarNode) -> str | None:
    """Why a double-quoted value's escape gives a character no page or feed can carry, or None.

    The file's text passed characters.py; YAML makes the character only while parsing."""
    character = first_refused(node.value) if node.style == '"' else None
    if character is None:
        return None
    return (
        f"eine Escape-Folge mit '\\' in doppelten Anführungszeichen ergibt das Zeichen "
        f"{character_name(character)}: Webseiten und Feeds können es nicht enthalten "
        "(entfernen Sie die Folge aus dem Wert)"
    )
