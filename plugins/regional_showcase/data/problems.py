"""Located problems in user input, collected so that one run reports all of them.

Staff read these messages, so they are German. The phrases that recur in many messages
(a suggestion, a list of allowed values, a field's name as staff type it) live here only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, with everything an editor needs to fix it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ValidationFailed(Exception):
    """Raised with every problem found, so that the build stops before writing."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "Problem" if count == 1 else "Probleme"
        lines = [f"{count} {noun} gefunden:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return " (meinten Sie 'x'?)" for the closest choice, or ''."""
    choices = list(choices)
    folded = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(str(value).casefold(), folded, n=1, cutoff=0.6)
    return f" (meinten Sie '{folded[match[0]]}'?)" if match else ""


def one_of(choices: Iterable[str]) -> str:
    """Format a list of allowed values for a message: 'a', 'b', 'c'."""
    return ", ".join(f"'{c}'" for c in choices)


def suggestion(value: str, choices: Iterable[str], label: str = "erlaubt") -> str:
    """The closest choice, or else the whole list: " (meinten Sie 'x'?)" / " (erlaubt: 'a', 'b')"."""
    choices = list(choices)
    return did_you_mean(value, choices) or f" ({label}: {one_of(choices)})"


def field_label(name: str, style: str = "pelican") -> str:
    """A post header field as staff write it in that header style.

    Pelican's `Key: value` header capitalises ('image_alt' -> 'Image_Alt'); YAML front matter,
    as the web editor writes it, keeps the lower-case key ('image_alt').
    """
    if style == "yaml":
        return name
    return "_".join(part.capitalize() for part in name.split("_"))


class BuildStopped(SystemExit):
    """Exit status 1 for Pelican's handler, still carrying the problems for `make serve`.

    The preview shows them in the browser; a plain SystemExit would leave only the text.
    """

    def __init__(self, problems: Iterable[Problem]):
        super().__init__(1)
        self.problems = sorted(problems)
