"""Files written whole or not at all: a temporary name in the same folder, then `os.replace`.

An interrupted build or two builds at once never leave a half-written file (a 0-byte
`index.html.br`) under the real name: the rename within one folder is atomic. The temporary
name carries the process and thread, so two writers of the same file never share one.
Nothing is synced to disk: the guard is against interruption, not against power loss, and
an fsync per file would double the time of a publish build with thousands of files.

In `make serve`'s builds (`same_bytes_left`), a file that holds the bytes already is left in
place and only its modification time set, as a write would set it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Open `same_bytes_left` blocks: while one is, files with the same bytes are left.
_leaving = 0


def temporary_sibling(target: Path) -> Path:
    """A name next to target that no other process or thread writing target uses."""
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")


@contextmanager
def same_bytes_left() -> Iterator[None]:
    """Within (a `make serve` build, which writes into the folder it served): write_bytes
    leaves a file that holds these bytes already and sets its modification time instead, as
    a write would (the preview deletes a page older than its build as stale). The preview
    wrote about 50 such files per save, each a new file and a rename over the old one: 0.05
    to 0.1 s of a rebuild on a busy disk. Not in a build into a fresh folder: a file there
    may be a hard link into the last complete output, whose time is part of its identity
    (build_record.py)."""
    global _leaving
    _leaving += 1
    try:
        yield
    finally:
        _leaving -= 1


def _holds(target: Path, data: bytes) -> bool:
    try:
        with open(target, "rb") as file:
            return file.read(len(data) + 1) == data
    except OSError:
        return False


def write_bytes(target: Path, data: bytes) -> None:
    if _leaving and _holds(target, data):
        os.utime(target)
        return
    temporary = temporary_sibling(target)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
