"""Reading the files staff write: UTF-8 required, a byte order mark ignored, text in NFC.

Windows editors still save as Windows-1252 at times, and some add a byte order mark (BOM).
Python would raise a UnicodeDecodeError that names no file; here it becomes a message with
the file, the line of the first wrong byte and how to save the file as UTF-8. Characters no
page or feed can carry are refused here too (characters.py), so no rule and no part of the
build ever sees them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
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


@dataclass
class _ReadOnce:
    """The files one check has read: absolute path -> (bytes, usable text or None)."""

    # The web editor's unsaved files the reads went through (unsaved.py): a read under
    # another overlay must not take what was read under this one.
    overlay: object
    files: dict[str, tuple[bytes, str | None]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # absolute path -> SHA-256


# Per thread and request, like unsaved.py: the preview's build and the editor's check run
# at the same time in different threads.
_ONCE: ContextVar[_ReadOnce | None] = ContextVar("read_once", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within this block each file is read, decoded and checked once; every further
    read_text of it is handed the same text (the input check reads a post in five rules),
    and each folder is listed once (unsaved.listing_once).

    A file whose text is unusable is read again each time: its problems name the file as
    each caller shows it, and such files are rare. Nested blocks share the outer one."""
    if _ONCE.get() is not None:
        yield
        return
    token = _ONCE.set(_ReadOnce(unsaved.overlay()))
    try:
        with unsaved.listing_once():
            yield
    finally:
        _ONCE.reset(token)


def _scope() -> _ReadOnce | None:
    scope = _ONCE.get()
    return scope if scope is not None and scope.overlay is unsaved.overlay() else None


def _bytes(path: Path) -> tuple[_ReadOnce | None, str, bytes]:
    scope = _scope()
    if scope is None:
        return None, "", unsaved.read_bytes(path)
    key = os.path.abspath(path)
    held = scope.files.get(key)
    if held is None:
        held = (unsaved.read_bytes(path), None)
        scope.files[key] = held
    else:
        unsaved.note("read", path, 0, held[0])  # as if read now (check_cache.py)
    return scope, key, held[0]


def file_bytes(path: Path) -> bytes:
    """The file's bytes as read_text reads them (once per reading_once block)."""
    return _bytes(path)[2]


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes as read_text reads them (with the unsaved overlay),
    computed once per reading_once block."""
    scope, key, data = _bytes(path)
    if scope is None:
        return hashlib.sha256(data).hexdigest()
    digest = scope.digests.get(key)
    if digest is None:
        digest = scope.digests[key] = hashlib.sha256(data).hexdigest()
    return digest


def read_text(path: Path, shown: str) -> str:
    """The file's text in NFC; a BOM at the start is dropped. Raises NotUTF8 for any other
    encoding, ForbiddenCharacters for characters no page or feed can carry."""
    scope, key, data = _bytes(path)
    if scope is not None:
        text = scope.files[key][1]
        if text is not None:
            return text
    text = _decode(data, shown)
    problems = character_problems(text, shown) + reference_problems(text, shown)
    if problems:
        raise ForbiddenCharacters(problems)
    text = normalized(text)
    if scope is not None:
        scope.files[key] = (data, text)
    return text


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
