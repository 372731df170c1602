"""Putting files of the last complete output into the fresh build folder by hard links (else
copies), from a process of its own: a `mkdir` and a link per file, some 2,000 system calls for
1,000 post pages (0.15-0.3 s of the build's process on this disk), go on beside the build's
own work. build_record.py (post pages, listings, feeds) and search_record.py (the search
index's bundles) queue their files here and wait for them (`finish`) before anything reads
the folder.

A thread would not do: after each of its calls it waits for the interpreter's lock while the
build computes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys

# Links the last build's files into the fresh folder: pairs of paths on stdin, each path
# followed by NUL, an empty path for the end. Exits 1 at the first that can be neither linked
# nor copied; at the end of its input without the end mark (the build stopped), at once.
LINK_FILES = """
import os, shutil, sys
made, rest, read = set(), b"", sys.stdin.buffer.raw.read
while True:
    chunk = read(1 << 16)
    if not chunk:
        sys.exit(2)
    *names, rest = (rest + chunk).split(b"\\0")
    for source, target in zip(names[::2], names[1::2]):
        folder = os.path.dirname(target)
        try:
            if folder not in made:
                try:
                    os.mkdir(folder)
                except FileExistsError:
                    pass
                except FileNotFoundError:
                    os.makedirs(folder, exist_ok=True)
                made.add(folder)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        except OSError:
            sys.exit(1)
    if len(names) % 2:
        if names[-1] == b"":
            sys.exit(0)
        rest = names[-1] + b"\\0" + rest
"""


class Linker:
    """Links files (`link`) from a process of its own; `finish` waits for it. What that
    process could not place is placed here, else the error is raised."""

    BATCH = 64

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []
        self.unsent: list[bytes] = []
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LINK_FILES], stdin=subprocess.PIPE
            )
        except OSError:
            self.process = None
        else:
            # A pipe of 1 MiB (Linux) holds some 9,000 names: the build never waits to send.
            with contextlib.suppress(AttributeError, OSError):
                fcntl.fcntl(self.process.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)

    def link(self, source: str, target: str) -> None:
        self.pairs.append((source, target))
        self.unsent.append(os.fsencode(source) + b"\0" + os.fsencode(target) + b"\0")
        if len(self.unsent) >= self.BATCH:
            self._send()

    def _send(self, end: bool = False) -> None:
        data, self.unsent = b"".join(self.unsent) + (b"\0" if end else b""), []
        if self.process is None:
            return
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:  # it ended early: finish places everything
            self.process.kill()

    def finish(self) -> None:
        self._send(end=True)
        status = 1
        if self.process is not None:
            with contextlib.suppress(OSError):  # it ended early
                self.process.stdin.close()
            status = self.process.wait()
        if status != 0:
            for source, target in self.pairs:
                _place(source, target)


def _place(source: str, target: str) -> None:
    """Link (else copy) a file unless the target already is that file."""
    try:
        if os.path.samefile(source, target):
            return
    except OSError:
        pass
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
