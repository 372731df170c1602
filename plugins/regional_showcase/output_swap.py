"""Putting a finished site in place of the old one: all or nothing.

`scripts/publish` builds into a fresh sibling of the output folder (`output.new-<pid>`) and
calls `replace_folder` only when the site is complete. On Linux the two folders trade places
in one `renameat2(RENAME_EXCHANGE)`, so `output/` is at every moment either the old complete
site or the new one. Elsewhere (or on a file system without it) the old folder is renamed away
and the new one in, with SIGINT/SIGTERM/SIGHUP held back in between; only a power cut or
SIGKILL at that instant leaves no `output/` (the old site then waits in `output.old-<pid>`).
A lock on the parent folder keeps two publishes from swapping at the same time.

    python -m regional_showcase.output_swap <new folder> <output folder>
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def folder_lock(folder: Path):
    """An exclusive lock on a folder (flock on the folder itself: no lock file to clean up)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextmanager
def signals_held():
    """SIGINT, SIGTERM and SIGHUP wait until the block is done (then they act as usual)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def exchange(first: Path, second: Path) -> bool:
    """Trade the two paths in one atomic step; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # not on this file system
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def leftovers(target: Path) -> list[Path]:
    """`<target>.new-<pid>` and `.old-<pid>` siblings of publishes that no longer run."""
    pattern = re.compile(re.escape(target.name) + r"\.(?:new|old)-(\d+)")
    found = []
    for sibling in target.parent.iterdir():
        match = pattern.fullmatch(sibling.name)
        if match and sibling.is_dir() and not _running(int(match.group(1))):
            found.append(sibling)
    return sorted(found)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def replace_folder(new: Path, target: Path) -> None:
    """Put the complete folder new at target; remove what was there and old leftovers."""
    with folder_lock(target.parent):
        with signals_held():
            if target.exists() and exchange(new, target):
                old = new  # holds the previous site now
            else:
                old = target.with_name(f"{target.name}.old-{os.getpid()}")
                if target.exists():
                    os.rename(target, old)
                os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
        for leftover in leftovers(target):
            shutil.rmtree(leftover, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("Aufruf: python -m regional_showcase.output_swap <neu> <Ausgabe>", file=sys.stderr)
        return 2
    replace_folder(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
