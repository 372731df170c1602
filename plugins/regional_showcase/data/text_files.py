"""Reading the files staff write: UTF-8 required, a byte order mark ignored, text in NFC.

Windows editors still save as Windows-1252 at times, and some add a byte order mark (BOM).
Python would raise a UnicodeDecodeError that names no file; here it becomes a message with
the file, the line of the first wrong byte and how to save the file as UTF-8. Characters no
page or feed can carry are refused here too (characters.py), so no rule and no part of the
build ever sees them.
"""

from __future__ import annotations

from pathlib import Path

from . import unsaved
from .characters import character_problems, normalized, reference_problems
from .problems import Problem

SAVE_AS_UTF8 = (
    "speichern Sie die Datei als UTF-8: in VS Code unten rechts auf die Codierung klicken → "
    "„Mit Codierung speichern“ → „UTF-8“; im Windows-Editor „Speichern unter“ → "
    "Codierung „UTF-8“"
)


class UnusableText(Exception):
    """A file whose text the site cannot use, with every problem to report."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
        self.problem = problems[0]


class NotUTF8(UnusableText):
    """A file that is not UTF-8."""

    def __init__(self, problem: Problem):
        super().__init__([problem])


class ForbiddenCharacters(UnusableText):
    """A file holding characters no page or feed can carry (one problem per line)."""


def read_text(path: Path, shown: str) -> str:
    """The file's text in NFC; a BOM at the start is dropped. Raises NotUTF8 for any other
    encoding, ForbiddenCharacters for characters no page or feed can carry."""
    text = _decode(unsaved.read_bytes(path), shown)
    problems = character_problems(text, shown) + reference_problems(text, shown)
    if problems:
        raise ForbiddenCharacters(problems)
    return normalized(text)


def _decode(data: bytes, shown: str) -> str:
    try:
        # utf-8-sig drops a leading BOM, which would otherwise glue itself to the first field.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        guess = ""
        try:
            character = bytes([byte]).decode("cp1252")
            guess = f" ('{character}' in Windows-1252)"
        except UnicodeDecodeError:
            pass
        raise NotUTF8(
            Problem(
                shown,
                line,
                "",
                f"die Datei ist nicht als UTF-8 gespeichert: Byte 0x{byte:02X}{guess} "
                f"ist kein gültiges UTF-8 ({SAVE_AS_UTF8})",
            )
        ) from None
