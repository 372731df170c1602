"""`make serve`: each file's SHA-256 kept by its identity, so that a rebuild reads again only
the files changed since the last one.

A save changes one file, yet the memo's keys (memo.py `file_key`), the kept objects
(kept_content.py) and the web editor's list of taken addresses (cms/config.py) each read
every post: about 3,000 reads a rebuild at 500 posts. Here a file's digest is kept with its
identity: device, inode, size, modification and change time in ns. Any write, by the editor
or another tool, sets the change time, which no tool can set back (`touch` and `cp -p` set the
modification time only); a file replaced by a rename has another inode. So a file with the
kept identity holds the bytes the digest was computed from, unless it was written again
within the same clock tick as before the digest was computed: a file changed less than
RACY_NS before it was read is not kept and is read again next time (known_files.py's
margin, as git does with "racily clean" files). It is two seconds: some file systems keep
the times in whole seconds (ext3, HFS+) or two (FAT), and a file the editor saved is read
again for two seconds at no cost worth naming.

Kept in memory for one process only; only the preview uses it (the memo and the kept
objects are the preview's): a build in a fresh process reads every file once anyway.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..known_files import RACY_NS


class FileDigests:
    """SHA-256 (hex) of files by path, each kept with the identity it was read at."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[tuple, str]] = {}
        self.reads = 0  # files read (not kept): for tests and the bench

    def state(self, path: str | Path) -> tuple[os.stat_result, str] | None:
        """The file's stat and the SHA-256 of its bytes; None when it cannot be read. Within
        a one_pass() block, the first answer for the path (see there)."""
        name = os.fspath(path)
        seen = _ONE_PASS.get()
        if seen is None:
            return self._state(name)
        found = seen.get(name, _UNSEEN)
        if found is _UNSEEN:
            found = seen[name] = self._state(name)
        return found

    def _state(self, name: str) -> tuple[os.stat_result, str] | None:
        # Before the stat: a write between the stat and the read sets a change time after it.
        started = time.time_ns()
        try:
            stat = os.stat(name)
        except OSError:
            self.known.pop(name, None)
            return None
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        held = self.known.get(name)
        if held is not None and held[0] == identity:
            return stat, held[1]
        try:
            with open(name, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
        except OSError:
            self.known.pop(name, None)
            return None
        self.reads += 1
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < started - RACY_NS:
            self.known[name] = (identity, digest)
        else:
            self.known.pop(name, None)
        return stat, digest

    def digest(self, path: str | Path) -> str | None:
        """The SHA-256 of the file's bytes, None when it cannot be read."""
        found = self.state(path)
        return None if found is None else found[1]


def walk_sorted(top: str) -> list[str]:
    """The paths under `top` as pathlib's rglob("*") finds them (folders too, linked folders
    not entered, nothing in or of __pycache__), in the order of sorted() over Path objects:
    part by part."""
    found: list[tuple[list[str], str]] = []
    for directory, folders, files in os.walk(top):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in folders + [name for name in files if name != "__pycache__"]:
            path = os.path.join(directory, name)
            found.append((path.split(os.sep), path))
    found.sort(key=lambda item: item[0])
    return [path for _parts, path in found]


_UNSEEN = object()
# Within one_pass(): path -> the answer of its first state() in this thread's block.
_ONE_PASS: ContextVar[dict[str, object] | None] = ContextVar("digests_one_pass", default=None)


@contextmanager
def one_pass() -> Iterator[None]:
    """Within this block (this thread's; nested blocks share the outer one) each file is
    stat'ed, and hashed when changed, once: the input check asks for the state of each post
    five times (the memo's keys of its rules, the linked-file rule, the web editor's facts),
    about 5,000 stats a build at 1,000 posts, and an edited post (changed less than RACY_NS
    ago, so never kept) was read and hashed each time. The answers are those of one moment,
    as a check in a fresh process reads each file once (text_files.reading_once); a file
    written meanwhile is seen by the next block."""
    if _ONE_PASS.get() is not None:
        yield
        return
    token = _ONE_PASS.set({})
    try:
        yield
    finally:
        _ONE_PASS.reset(token)


def in_one_pass() -> bool:
    """Whether a one_pass() block of this thread is open."""
    return _ONE_PASS.get() is not None


def digest_now(path: str | Path) -> str | None:
    """The SHA-256 of the file's bytes now, also within a one_pass() block (whose answer is
    the block's first): whether a file read after that first look still holds those bytes."""
    found = DIGESTS._state(os.fspath(path))
    return None if found is None else found[1]


def read_as(path: str | Path, digest: str) -> None:
    """Within a one_pass() block: the file was read with bytes of this digest (the reader's
    conversion of a post), the block's answer for it from now on. Its pages' keys then hold
    the bytes they were made from, also when the file was saved after the block's first
    look (and later undone to the bytes of that look)."""
    seen = _ONE_PASS.get()
    if seen is None:
        return
    name = os.fspath(path)
    found = seen.get(name)
    if found is not None and found[1] == digest:
        return
    try:
        stat = found[0] if found is not None else os.stat(name)
    except OSError:
        return
    seen[name] = (stat, digest)


def once_per_pass(key: tuple, compute: Callable[[], object]) -> object:
    """compute(), within a one_pass() block its first answer for `key` (a tree's digest:
    which files a folder holds is of that moment too)."""
    seen = _ONE_PASS.get()
    if seen is None:
        return compute()
    found = seen.get(key, _UNSEEN)
    if found is _UNSEEN:
        found = seen[key] = compute()
    return found


# One per process: `make serve`'s builds share it (a file outside the project is kept too,
# by the same rule).
DIGESTS = FileDigests()
