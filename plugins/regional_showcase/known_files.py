"""What a build knows of a file by its identity, so that it reads only new or rewritten files.

`make html` and `make publish` take unchanged files over from the last complete output as
hard links: the same inode with the same size and modification time. A value computed from a
file's bytes (its SHA-256, say) is kept with that identity (device, inode, size, time in ns)
and reused for a file that has it, instead of reading the file again: the precompressed
siblings (precompress.py), the search index's pages and bundles (search_record.py) and the
completeness stamp of `make publish` (completeness_stamp.py) use it.

Every write sets the modification time, so a file with the kept identity holds the bytes the
value was computed from — unless it was written again within the same clock tick as before
the value was computed. A file changed less than RACY_NS before it was read is therefore not
kept: it is read again next time (as git does with "racily clean" files).

Files of the last output that a build takes over by their kept value (the precompressed
siblings) are known with `changes=True`: only a regular file, and by its change time too
(`cp -p` or `touch -r` over it writes other bytes and sets the old mtime again, not the
ctime; a link would be taken into the new output as a link). Removing the output before the
last one, which shares their inodes, changes their ctime: they are read again by the next
build. The search bundles, whose files every warm build links anew (which sets their ctime),
are checked by the process that links them instead (search_record.py, link_process.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from stat import S_ISREG
from typing import Any

from .atomic_write import write_text

# 2 s: some file systems keep times in whole seconds (ext3, HFS+) or two (FAT); a file
# written just before costs one more read. preview/file_digests.py uses it too.
RACY_NS = 2_000_000_000
# Identities hold only on the machine, and since the start, that saw them: a cache/ restored
# on a CI runner (or after a restart) starts anew, as restored files keep their times but
# not their inodes, and another file may now have an inode, size and time seen before.
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
MACHINE = "_machine"


def machine() -> str:
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return f"{os.uname().nodename}:{os.getpid()}"  # elsewhere: nothing is reused


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> str | None:
    """A file's SHA-256, read now (None: it cannot be read)."""
    try:
        with open(path, "rb") as file:
            return sha256_hex(file.read())
    except OSError:
        return None


class KnownFiles:
    """Values of files by identity: `saved` from the last run, `now` what this run saw
    (to be saved, so the record holds only files that still exist)."""

    def __init__(self, saved: dict[str, list] | None = None, changes: bool = False):
        here = machine()
        self.changes = changes  # a regular file only, known by its ctime too (see above)
        valid = isinstance(saved, dict) and saved.get(MACHINE) == here
        self.saved = saved if valid else {}
        self.now: dict = {MACHINE: here}

    def value(
        self,
        path: Path | str,
        compute: Callable[[bytes], Any] = sha256_hex,
        stat: os.stat_result | None = None,
    ) -> Any:
        """compute(bytes of path), or the kept value for a file of the same identity; None
        for a file that cannot be read (with `changes`, for anything but a regular file).
        `stat`: the file's (its lstat with `changes`), when the caller took it."""
        if stat is None:
            try:
                stat = os.lstat(path) if self.changes else os.stat(path)
            except OSError:
                return None
        if self.changes and not S_ISREG(stat.st_mode):
            return None
        key = f"{stat.st_dev}:{stat.st_ino}"
        held = self.now.get(key) or self.saved.get(key)
        identity = [stat.st_size, stat.st_mtime_ns]
        if self.changes:
            identity.append(stat.st_ctime_ns)
        if isinstance(held, list) and len(held) == len(identity) + 1 and held[:-1] == identity:
            self.now[key] = held
            return held[-1]
        started = time.time_ns()
        try:
            with open(path, "rb") as file:
                result = compute(file.read())
        except OSError:
            return None
        if max(identity[1:]) < started - RACY_NS:
            self.now[key] = [*identity, result]
        return result


@contextmanager
def known_digests(record: Path | None) -> Iterator[Callable[[Path], bytes]]:
    """A SHA-256 digest function for files that keeps what it read in `record` (a JSON file;
    None: nothing kept, every file read)."""
    saved = None
    if record is not None:
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
    known = KnownFiles(saved)

    def digest(path: Path) -> bytes:
        value = known.value(path)
        if value is None:
            raise FileNotFoundError(path)
        return bytes.fromhex(value)

    yield digest
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        write_text(record, json.dumps(known.now, sort_keys=True))
