"""Headings in a text start at `##` and skip no level.

The title is the page's only `<h1>`; screen reader users jump through a page by its
headings, and a text starting with `####` or jumping from `##` to `####` leaves holes in
that outline. Read from the Markdown source (`#` lines, underlined headings, `<h1>`…`<h6>`)
with code blanked, so that each heading has its line at once.
"""

from __future__ import annotations

import re

from .internal_links import masked
from .problems import Problem

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:[-*+>]|\d+[.)]|#|\||$)")


def headings(text: str) -> list[tuple[int, int, str]]:
    """(line, level, heading text) of every heading, in order; line 1 is the text's first."""
    source = masked(text)
    lines = source.split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        atx = _ATX.match(line)
        if atx:
            found.append((number, len(atx.group(1)), (atx.group(2) or "").strip()))
            continue
        setext = _SETEXT.match(line)
        previous = lines[number - 2] if number > 1 else ""
        if setext and previous.strip() and not _NOT_PARAGRAPH.match(previous):
            level = 1 if setext.group(1).startswith("=") else 2
            found.append((number - 1, level, previous.strip()))
    for match in _HTML.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        found.append((line, int(match.group(1)), re.sub(r"<[^>]+>", "", match.group(2)).strip()))
    return sorted(found)


def heading_problems(text: str, shown: str, first_line: int, field: str) -> list[Problem]:
    """A heading above `##`, or one level deeper than the heading before it allows."""
    problems = []
    previous = 1  # the title
    for line, level, words in headings(text):
        allowed = previous + 1
        if level == 1:
            problems.append(
                Problem(
                    shown,
                    first_line + line - 1,
                    field,
                    f"die Überschrift '# {words}' wäre eine zweite Hauptüberschrift: die "
                    f"Hauptüberschrift ist der Titel; schreiben Sie '## {words}'",
                )
            )
            previous = 2
            continue
        if level > allowed:
            before = "dem Titel" if previous == 1 else f"'{'#' * previous}'"
            problems.append(
                Problem(
                    shown,
                    first_line + line - 1,
                    field,
                    f"die Überschrift '{'#' * level} {words}' überspringt eine Ebene (nach "
                    f"{before} folgt '{'#' * allowed}'): schreiben Sie "
                    f"'{'#' * allowed} {words}'",
                )
            )
            previous = allowed
            continue
        previous = level
    return problems
