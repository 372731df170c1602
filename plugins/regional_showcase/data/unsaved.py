"""The files the web editor is about to write, read by the rules in place of the disk's.

Before the editor saves, the rules of `make check` run on the project as it would be after
the save (staff/entry_check.py). Nothing is written for that: the few files the save would
write (or delete) are held here, and the readers of the rules ask here first (read_text, the
folder listings, whether a picture exists). Held per thread and request (a ContextVar): the
preview's build, running at the same time in another thread, still reads the disk. Outside
`pending()` every function here is the plain file system call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType

# Absolute path -> the bytes the save would write, or None for a file it would delete.
_PENDING: ContextVar[Mapping[Path, bytes | None]] = ContextVar(
    "unsaved", default=MappingProxyType({})
)


@contextmanager
def pending(files: Mapping[Path, bytes | None]) -> Iterator[None]:
    """Within this block the rules see `files` (absolute paths) as if they were written."""
    token = _PENDING.set({_key(path): data for path, data in files.items()})
    try:
        yield
    finally:
        _PENDING.reset(token)


def overlay() -> Mapping[Path, bytes | None]:
    """The files held now: one object for the whole of a pending() block (text_files.py
    keeps what it read under it, and only under it)."""
    return _PENDING.get()


def _key(path: Path) -> Path:
    # abspath, not resolve(): the rules build their paths from the settings' folders as they
    # are, and a symbolic link must not make the same file two keys.
    return Path(os.path.abspath(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes as they would be after the save."""
    held = _PENDING.get()
    if held and _key(path) in held:
        data = held[_key(path)]
        if data is None:
            raise FileNotFoundError(path)
        return data
    return path.read_bytes()


def is_file(path: Path) -> bool:
    held = _PENDING.get()
    if held and _key(path) in held:
        return held[_key(path)] is not None
    return path.is_file()


def head(path: Path, count: int) -> bytes:
    """The first `count` bytes of the file as they would be after the save."""
    held = _PENDING.get()
    if held and _key(path) in held:
        return read_bytes(path)[:count]
    with path.open("rb") as file:
        return file.read(count)


def size(path: Path) -> int:
    held = _PENDING.get()
    if held and _key(path) in held:
        return len(read_bytes(path))
    return path.stat().st_size


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder`, at any depth, sorted (rglob and is_file, with the save)."""
    return with_pending((path for path in folder.rglob("*") if path.is_file()), folder)


def entries(folder: Path) -> list[Path]:
    """The files and folders directly in `folder`, sorted (iterdir, with the save)."""
    return sorted(_with_pending(set(folder.iterdir()), folder, nested=False))


def with_pending(
    found: Iterable[Path], folder: Path, skip: Callable[[Path], bool] | None = None
) -> list[Path]:
    """The files a walk of `folder` found, as they would be after the save, sorted: the files
    it deletes left out, the new ones below `folder` added unless `skip(relative path)`."""
    return sorted(_with_pending(set(found), folder, nested=True, skip=skip))


def _with_pending(
    found: set[Path],
    folder: Path,
    *,
    nested: bool,
    skip: Callable[[Path], bool] | None = None,
) -> set[Path]:
    held = _PENDING.get()
    if not held:
        return found
    base = _key(folder)
    for key, data in held.items():
        inside = key.is_relative_to(base) if nested else key.parent == base
        if not inside or key == base or (skip and data is not None and skip(key.relative_to(base))):
            continue
        # The listing's own spelling of the path, so that it compares with the disk's.
        path = folder / key.relative_to(base)
        if data is None:
            found.discard(path)
        else:
            found.add(path)
    return found
