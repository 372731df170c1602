"""What YAML silently reads differently from what a German editor meant.

- a tab used for indenting (YAML allows only spaces),
- a list item indented one step too far, which YAML glues onto the item before it,
- `no`/`ja`-like words that become true or false, times such as `10:30` that become the
  sexagesimal number 630, and `1.250` (German thousands dot) that becomes 1.25.

Each is found on the parsed nodes, which still know the text as written and its line.
"""

from __future__ import annotations

import re

import yaml

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
