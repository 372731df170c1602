"""Pictures drawn at build time: preview cards, region illustrations, the map, charts, image variants."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

from ..atomic_write import temporary_sibling
from ..known_files import RACY_NS

# The last bytes of a whole file of each kind kept in cache/ (JPEG's end of image, PNG's IEND
# chunk); a WebP file states its length in its RIFF header.
ENDINGS = {".jpg": b"\xff\xd9", ".jpeg": b"\xff\xd9", ".png": b"IEND\xaeB`\x82"}


def intact(cached: Path) -> bool:
    """Whether a picture kept in cache/ is there and whole. The cache writes each file by
    renaming a finished one, but a cache/ restored by CI, copied or damaged on disk may hold
    a cut-off file, which would go into every build's output unnoticed: such a file is drawn
    again. So is anything but a regular file: a symbolic link there would publish whatever
    it points to (cache/ is as untrusted as content/: it may come from a CI cache). Reads
    the first and last few bytes only."""
    try:
        # O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK: a FIFO does not hang.
        handle = os.open(cached, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return False
            head = file.read(12)
            size = file.seek(0, os.SEEK_END)
            file.seek(max(size - 8, 0))
            tail = file.read()
    except OSError:
        return False
    suffix = cached.suffix.lower()
    if suffix == ".webp":
        return head[8:12] == b"WEBP" and int.from_bytes(head[4:8], "little") + 8 == size
    ending = ENDINGS.get(suffix)
    return size > 0 and (ending is None or tail.endswith(ending))


def intact_known(cached: Path, keep: bool) -> bool:
    """intact(cached); with `keep` (a process that builds again: the build server, make
    serve) a file found intact is not opened again while it keeps its device, inode, size,
    modification time and type (one lstat): every warm build asked for each of 213 cards
    twice (drawing ahead, placing), 12 ms a pass at 1,000 posts. What intact reads is in
    that identity: a cut-off file has another size, a rewrite another modification time, a
    file renamed over it another inode, a link another type. Not the change time: each build
    links the cards into its output, and the old output's removal unlinks them, both of
    which set it. A file written less than RACY_NS before it was checked is checked again
    next time (known_files.py)."""
    if not keep:
        return intact(cached)
    name = os.fspath(cached)
    identity = _identity(name)
    if identity is None:
        _INTACT.pop(name, None)
        return False
    if _INTACT.get(name) == identity:
        return True
    started = time.time_ns()
    if not intact(cached):
        _INTACT.pop(name, None)
        return False
    # Checked between two looks at the same identity: the bytes read were this file's.
    if _identity(name) == identity and identity[3] < started - RACY_NS:
        _INTACT[name] = identity
    return True


def _identity(name: str) -> tuple | None:
    try:
        found = os.lstat(name)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_mode


# intact_known's verdicts: the identity of each file found intact (values only).
_INTACT: dict[str, tuple] = {}


def place_cached(cached: Path, target: Path) -> None:
    """Put a picture kept in cache/ into the output: a hard link (a fresh build folder takes
    hundreds of cards and variants this way, without copying them), else a copy. The cache
    replaces a file only by renaming a new one over it, so the output's link keeps its bytes.
    The link or copy is made under a temporary name and renamed over the target (a build in
    place, make serve, writes over the last one): two builds placing the same picture into one
    folder at once each rename their own (removing the target, then linking, let the other
    build's link come in between: the copy that followed failed with SameFileError).
    A target that is a link to the cached file already (the last build in place linked it)
    holds its very bytes and is left: make serve placed all 213 cards at 500 posts again
    after every save. A symbolic link or a copy is not the same file (lstat), it is replaced.
    Where there is no target yet (a build into a fresh folder: every card and variant), the
    link is made at the target's name at once: it appears whole or not at all, and another
    build's link there first leaves it to the steps below (3 system calls less a picture)."""
    try:
        kept = os.lstat(cached)
    except OSError:
        kept = None  # no cached file: as before (the copy below says why)
    if kept is not None and not stat.S_ISREG(kept.st_mode):
        # os.link and shutil.copyfile would follow a symbolic link: never into the output.
        raise OSError(f"{cached} ist keine gewöhnliche Datei und kommt nicht in die Ausgabe")
    try:
        if kept is not None and os.path.samestat(kept, os.lstat(target)):
            return
    except FileNotFoundError:
        try:
            os.link(cached, target)
            return
        except OSError:
            pass  # another build's link came first, or another file system: as before
    except OSError:
        pass
    temporary = temporary_sibling(target)
    try:
        try:
            os.link(cached, temporary)
        except OSError:
            shutil.copyfile(cached, temporary)
        # When the target is already a link to the same file, rename leaves both names.
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
