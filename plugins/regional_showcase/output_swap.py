"""Putting a finished site in place of the old one: all or nothing.

`scripts/publish` builds into a fresh sibling of the output folder (`output.new-<pid>`) and
calls `replace_folder` only when the site is complete. On Linux the two folders trade places
in one `renameat2(RENAME_EXCHANGE)`, so `output/` is at every moment either the old complete
site or the new one. Elsewhere (or on a file system without it) the old folder is renamed away
and the new one in, with SIGINT/SIGTERM/SIGHUP held back in between; only a power cut or
SIGKILL at that instant leaves no `output/` (the old site then waits in `output.old-<pid>`).
A lock on the parent folder keeps two publishes from swapping at the same time.

    python -m regional_showcase.output_swap [--remove-later] <new folder> <output folder>

With `--remove-later` (scripts/html, scripts/publish) the old site and the leftovers are
removed by an `rm -rf` of their own that the build does not wait for: at 1,000 posts removing
some 4,000 files and folders takes 0.1–0.3 s on a quiet machine and 2 s and more on a busy
disk. Each is first renamed to `<output>.old-<pid>-<n>`, the pid being that of its remover:
while that runs, the next build leaves the folder to it (it used to take it for a leftover
and remove it again in its foreground, racing the first removal); should the removal not
finish, the next swap removes the folder (its process is gone).

An output folder that is a symbolic link is refused (LinkedOutput), before the build: the
swap would put the new folder in place of the link, and the link's target (which a web
server may serve) would keep the old site.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class LinkedOutput(OSError):
    """The output folder is a symbolic link (see the module's text)."""

    def __init__(self, target: Path) -> None:
        www = os.path.realpath(target)
        super().__init__(
            f"{target}: ist eine symbolische Verknüpfung auf {www}. Ein Build stellt seinen "
            "fertigen Ordner als Ganzes an diese Stelle: die Verknüpfung wäre ersetzt und "
            f"{www} behielte die alte Website. Bitte den Ordner selbst angeben (make html "
            f"OUTPUTDIR={www}, ebenso make publish) oder die Verknüpfung entfernen."
        )


def refuse_linked(target: Path) -> None:
    """Raise LinkedOutput when `target` is a symbolic link."""
    if target.is_symlink():
        raise LinkedOutput(target)


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


# Folders of this module's names: `<output>.new-<pid>`, `<output>.old-<pid>-<n>`, and the
# copies for the search index, `<output>.new-<pid>-<n>` (staff/build.py).
SIBLING = re.compile(r"(?P<output>.+)\.(?:new|old)-(?P<pid>\d+)(?:-\d+)?")


def leftovers(target: Path) -> list[Path]:
    """`<target>.new-<pid>` and `.old-<pid>` siblings of publishes that no longer run."""
    found = []
    for sibling in target.parent.iterdir():
        match = SIBLING.fullmatch(sibling.name)
        if (
            match
            and match.group("output") == target.name
            and sibling.is_dir()
            and not _running(int(match.group("pid")))
        ):
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


def replace_folder(new: Path, target: Path, remove_later: bool = False) -> None:
    """Put the complete folder new at target; remove what was there (by a process of its
    own with `remove_later`) and old leftovers; raises LinkedOutput for a link."""
    refuse_linked(target)
    with folder_lock(target.parent):
        with signals_held():
            if target.exists() and exchange(new, target):
                old = new  # holds the previous site now
            else:
                old = target.with_name(f"{target.name}.old-{os.getpid()}")
                if target.exists():
                    os.rename(target, old)
                os.rename(new, target)
        # (A dead build's fresh folder is the old site after the exchange: once is enough.)
        stale = list(dict.fromkeys([*leftovers(target), *([old] if old.is_dir() else [])]))
        if remove_later:
            remove_in_background(*stale)
        else:
            for folder in stale:
                shutil.rmtree(folder, ignore_errors=True)


def remove_in_background(*folders: Path) -> None:
    """Remove the folders by an `rm -rf` in a session of its own, not waited for (else now).

    Each is renamed to `<output>.old-<pid>-<n>` first, `pid` being the remover's (`xargs`,
    which waits for its `rm`; both at the lowest CPU priority): `leftovers` skips it while
    the removal runs, and a script's `rm -rf "$NEW"-*` (scripts/html) no longer names the
    search index's copies."""
    if not folders:
        return
    try:
        # At the lowest priority: the next build may already run beside it (nice execs
        # xargs: the same pid).
        remover = subprocess.Popen(
            ["nice", "-n", "19", "xargs", "-0", "-r", "rm", "-rf", "--"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    parked: list[Path] = []
    try:
        for number, folder in enumerate(folders):
            match = SIBLING.fullmatch(folder.name)
            output = folder.name if match is None else match.group("output")
            name = f"{output}.old-{remover.pid}-{time.time_ns() + number}"
            try:
                os.rename(folder, folder.with_name(name))
            except FileNotFoundError:
                continue
            parked.append(folder.with_name(name))
    finally:
        with remover.stdin:
            remover.stdin.write(b"".join(os.fsencode(path) + b"\0" for path in parked))


def main(argv: list[str]) -> int:
    later = argv[:1] == ["--remove-later"]
    paths = argv[1:] if later else argv
    if len(paths) != 2:
        print(
            "Aufruf: python -m regional_showcase.output_swap [--remove-later] <neu> <Ausgabe>",
            file=sys.stderr,
        )
        return 2
    replace_folder(Path(paths[0]), Path(paths[1]), remove_later=later)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
