"""The files the web editor is about to write, read by the rules in place of the disk's.

Before the editor saves, the rules of `make check` run on the project as it would be after
the save (staff/entry_check.py). Nothing is written for that: the few files the save would
write (or delete) are held here, and the readers of the rules ask here first (read_text, the
folder listings, whether a picture exists). Held per thread and request (a ContextVar): the
preview's build, running at the same time in another thread, still reads the disk. Outside
`pending()` every function here is the plain file system call.
"""

from __future__ import annotations

import errno
import hashlib
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


# The questions asked of the files inside a recording() block, each with its answer:
# check_cache.py keeps a rule's result with them (as fact()s) and hands it out again only
# while every question still gets the same answer (a picture a post names, added or removed).
_ASKED: ContextVar[list[list] | None] = ContextVar("unsaved_asked", default=None)


@contextmanager
def recording() -> Iterator[list[list]]:
    """Within this block every question asked here is noted: [question, path, count, answer];
    fact(answer) is what is kept and compared (made by the caller, for the questions it keeps)."""
    asked: list[list] = []
    token = _ASKED.set(asked)
    try:
        yield asked
    finally:
        _ASKED.reset(token)


def fact(value: object) -> object:
    """An answer as it is noted and compared: bytes as their SHA-256, listings as strings;
    None for a file that is not there."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, list):
        return [str(path) for path in value]
    return value


def answer(question: str, path: Path, count: int = 0) -> object:
    """What the files (with the save) answer now to a noted question, as a fact()."""
    token = _ASKED.set(None)
    try:
        if question == "is_file":
            return is_file(path)
        if question == "files":
            return fact(files_under(path))
        try:
            if question == "read":
                return fact(read_bytes(path))
            if question == "head":
                return fact(head(path, count))
            if question == "size":
                return size(path)
        except OSError:
            return None
        raise ValueError(f"unknown question {question!r}")
    finally:
        _ASKED.reset(token)


def note(question: str, path: Path, count: int, value: object) -> None:
    """Note one answer inside a recording() block (text_files.py, for a read it kept)."""
    asked = _ASKED.get()
    if asked is not None:
        asked.append([question, str(path), count, value])


def _key(path: Path) -> Path:
    # abspath, not resolve(): the rules build their paths from the settings' folders as they
    # are, and a symbolic link must not make the same file two keys.
    return Path(os.path.abspath(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes as they would be after the save."""
    try:
        data = _read_bytes(path)
    except OSError:
        note("read", path, 0, None)
        raise
    note("read", path, 0, data)
    return data


def _read_bytes(path: Path) -> bytes:
    held = _PENDING.get()
    if held and _key(path) in held:
        data = held[_key(path)]
        if data is None:
            raise FileNotFoundError(path)
        return data
    return path.read_bytes()


def is_file(path: Path) -> bool:
    held = _PENDING.get()
    found = held[_key(path)] is not None if held and _key(path) in held else path.is_file()
    note("is_file", path, 0, found)
    return found


def head(path: Path, count: int) -> bytes:
    """The first `count` bytes of the file as they would be after the save."""
    held = _PENDING.get()
    try:
        if held and _key(path) in held:
            data = _read_bytes(path)[:count]
        else:
            with path.open("rb") as file:
                data = file.read(count)
    except OSError:
        note("head", path, count, None)
        raise
    note("head", path, count, data)
    return data


def size(path: Path) -> int:
    held = _PENDING.get()
    try:
        found = len(_read_bytes(path)) if held and _key(path) in held else path.stat().st_size
    except OSError:
        note("size", path, 0, None)
        raise
    note("size", path, 0, found)
    return found


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder`, at any depth, sorted (rglob and is_file, with the save).

    Within a listing_once() block each folder is walked once (the input check lists content/
    in five rules)."""
    scope = _LISTED.get()
    # Only under the overlay the block began with (the editor's check sets its own).
    listed = scope[1] if scope is not None and scope[0] is _PENDING.get() else None
    key = str(folder)
    if listed is not None and key in listed:
        found = list(listed[key])
    else:
        found = with_pending_paths(_walk(folder), folder)
        if listed is not None:
            listed[key] = tuple(found)
    note("files", folder, 0, found)
    return found


# Folder listings kept within a listing_once() block: the overlay it began with, and
# folder -> files.
_LISTED: ContextVar[tuple[Mapping, dict[str, tuple[Path, ...]]] | None] = ContextVar(
    "unsaved_listed", default=None
)


@contextmanager
def listing_once() -> Iterator[None]:
    """Within this block files_under walks each folder once; nested blocks share the outer
    one. For a run that writes nothing below the folders it lists (the input check)."""
    if _LISTED.get() is not None:
        yield
        return
    token = _LISTED.set((_PENDING.get(), {}))
    used: dict[tuple[str, ...], tuple[Path, ...]] = {}
    sorted_token = _SORTED_USED.set(used)
    try:
        yield
    finally:
        _SORTED_USED.reset(sorted_token)
        _LISTED.reset(token)
        # The next block finds the listings of this one (of the last block to end, when
        # threads check at once: then one of them sorts again, nothing worse).
        _SORTED.clear()
        _SORTED.update(used)
        _MADE.clear()


def entries(folder: Path) -> list[Path]:
    """The files and folders directly in `folder`, sorted (iterdir, with the save)."""
    return sorted(_with_pending(set(folder.iterdir()), folder, nested=False))


def _walk(folder: Path) -> list[str]:
    """What `[p for p in folder.rglob("*") if p.is_file()]` finds, as os.scandir's paths:
    every entry at any depth, folders entered unless they are symbolic links (a missing
    folder, or one that may not be read, holds nothing), files as is_file says (a link to a
    file counts). Without pathlib's Path and stat call for every entry: 1,000 posts took
    25 ms a listing that way."""
    if not folder.is_dir():
        return []
    found: list[str] = []
    folders = [os.fspath(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif _is_file(entry):
                found.append(entry.path)
    return found


def _is_file(entry: os.DirEntry) -> bool:
    # As Path.is_file: a missing target (a broken link) is no file, other errors are raised.
    try:
        return entry.is_file()
    except OSError as error:
        if error.errno in _IGNORED_ERRNOS:
            return False
        raise


_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def with_pending_paths(
    found: Iterable[str], folder: Path, skip: Callable[[Path], bool] | None = None
) -> list[Path]:
    """with_pending for the paths of a walk given as strings (os.scandir's), in the same
    order: without the editor's files they are sorted before a Path is made of any (their
    parts below `folder` are their names between the slashes)."""
    if not _PENDING.get():
        used = _SORTED_USED.get()
        if used is None:
            return [Path(path) for path in sorted(found, key=_parts_order)]
        # Kept by the walk's paths themselves (the answer depends on nothing else): a
        # process that checks again made the same 3,000 Path objects in each check.
        key = tuple(found)
        held = _SORTED.get(key)
        if held is None:
            # A listing with one file more or less (a new or deleted post): the other
            # files' Path objects of the last block, by their string (the same path).
            made = _made_paths()
            held = tuple(made.get(path) or Path(path) for path in sorted(key, key=_parts_order))
        used[key] = held
        return list(held)
    return with_pending([Path(path) for path in found], folder, skip)


# The sorted Path lists of the last listing_once() block by the walk's paths, and those of
# the block under way (with_pending_paths): what a process that checks again keeps.
_SORTED: dict[tuple[str, ...], tuple[Path, ...]] = {}
_SORTED_USED: ContextVar[dict[tuple[str, ...], tuple[Path, ...]] | None] = ContextVar(
    "unsaved_sorted", default=None
)


def _made_paths() -> dict[str, Path]:
    """The Path objects of the last listing_once() block's listings by their string, made
    at the block's first listing that changed (none in most checks)."""
    if not _MADE:
        _MADE.append({str(path): path for paths in _SORTED.values() for path in paths})
    return _MADE[0]


# _made_paths' answer for the listings in _SORTED (emptied when they change).
_MADE: list[dict[str, Path]] = []


def _parts_order(path: str) -> str:
    """A key that sorts paths part by part (as `path.split(os.sep)` would): the separator
    made the least character, which no name holds; a string, compared in C (sorting 3,000
    lists of parts took 5 ms of a check after a new post)."""
    return path.replace(os.sep, "\0")


def file_name(path: Path) -> str:
    """path.name, from the path's string (kept in the Path): the rules ask the name and the
    suffix of each of the 1,000 files of a listing several times a check, and pathlib works
    them out of the parts anew each time (6,000 times, a quarter of a warm check)."""
    name = str(path).rpartition(os.sep)[2]
    return "" if name == "." else name  # Path("."), the one path whose string is no name


def file_suffix(path: Path) -> str:
    """path.suffix, as pathlib makes it of the name: from the last dot on, unless the name
    starts or ends there."""
    name = str(path).rpartition(os.sep)[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def with_pending(
    found: Iterable[Path], folder: Path, skip: Callable[[Path], bool] | None = None
) -> list[Path]:
    """The files a walk of `folder` found, as they would be after the save, sorted: the files
    it deletes left out, the new ones below `folder` added unless `skip(relative path)`."""
    # By the parts, as Path sorts on POSIX, without Path's slower comparison.
    return sorted(_with_pending(set(found), folder, nested=True, skip=skip), key=_parts)


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


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
