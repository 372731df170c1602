"""An argument parser that answers German staff in German.

argparse writes its usage line, its section titles and its errors in English. Staff who
mistype a command get the same German voice as from `showcase check`: the usage line, the
mistake, and for a mistyped command the closest one (the phrase from data/problems.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from ..data.problems import suggestion


class _GermanFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix="Aufruf: " if prefix is None else prefix)


def _invalid_choice(match: re.Match) -> str:
    value = match["value"]
    choices = re.findall(r"'([^']*)'", match["choices"])
    return f"'{value}' ist nicht erlaubt{suggestion(value, choices)}"


# argparse's own wording (Python 3.11 to 3.13), first match wins.
_MESSAGES: tuple[tuple[re.Pattern, object], ...] = (
    (re.compile(r"^argument (?P<name>[^:]+): (?P<rest>.*)$", re.S), None),  # see german()
    (
        re.compile(r"^invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)$"),
        _invalid_choice,
    ),
    (re.compile(r"^the following arguments are required: (.*)$"), r"es fehlt: \1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"unbekannte Angaben: \1"),
    (re.compile(r"^expected one argument$"), "hier fehlt ein Wert"),
    (re.compile(r"^invalid int value: '(.*)'$"), r"'\1' ist keine ganze Zahl"),
)


def german(message: str) -> str:
    """argparse's English error message in German (unknown wording is passed on as it is)."""
    argument = _MESSAGES[0][0].match(message)
    if argument:
        return f"{argument['name']}: {german(argument['rest'])}"
    for pattern, replacement in _MESSAGES[1:]:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse.ArgumentParser with German usage, help titles and errors."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _GermanFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {german(message)}\n")
