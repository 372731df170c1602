"""Located problems in user input, collected so that one run reports all of them.

Staff read these messages, so they are German. The phrases that recur in many messages
(a suggestion, a list of allowed values, a field's name as staff type it) live here only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

# How much a problem weighs. An error stops `showcase check` and every build, and the web
# editor does not save; a warning (a date years ahead, a long title) is printed after the
# errors, asks for confirmation in the editor and stops nothing: it may be meant.
ERROR = "Fehler"
WARNING = "Warnung"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, with everything an editor needs to fix it."""

    file: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = f"{WARNING}: {self.message}" if self.is_warning else self.message
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"

    @property
    def is_warning(self) -> bool:
        """True for a warning: shown and confirmed, never a reason to stop."""
        return self.severity == WARNING


def warning(file: str, line: int, field: str, message: str) -> Problem:
    """A Problem that asks for confirmation instead of stopping the check."""
    return Problem(file, line, field, message, WARNING)


class ValidationFailed(Exception):
    """Raised with every problem found, so that the build stops before writing."""

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[Problem] = ()):
        self.problems = sorted(problems)
        # Found in the same run; `showcase check` prints them after the errors.
        self.warnings = sorted(warnings)
        count = len(self.problems)
        noun = "Problem" if count == 1 else "Probleme"
        lines = [f"{count} {noun} gefunden:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def warnings_text(warnings: list[Problem]) -> str:
    """The warnings as `showcase check` and the build print them, after any errors."""
    count = len(warnings)
    noun = "Warnung" if count == 1 else "Warnungen"
    lines = [f"{count} {noun} (bitte prüfen; sie halten nichts auf):"]
    return "\n".join(lines + [f"  {w}" for w in warnings])


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
