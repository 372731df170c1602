"""Putting files of the last complete output into the fresh build folder by hard links (else
copies), from a process of its own: a `mkdir` and a link per file, some 2,000 system calls for
1,000 post pages (0.15-0.3 s of the build's process on this disk), go on beside the build's
own work. build_record.py (post pages, listings, feeds) and search_record.py (the search
index's bundles) queue their files here and wait for them (`wait`; `finish` also ends the
process) before anything reads the folder.

A file is linked by its name some time after the build found it unchanged: should another
build put a new output in place meanwhile, the name holds that build's file. So each file
placed is compared with what was found (its size and modification time, which a link and a
copy keep), and the build stops if they differ (OutputReplaced): a wrong page is worse than a
failed build.

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
# followed by NUL. A pair with an empty source is a command: an empty target ends the run, "s"
# asks for one byte on stdout once every pair before it is placed. Exits 1 at the first file
# that can be neither linked nor copied; at the end of its input without the end (the build
# stopped), at once.
LINK_FILES = """
import os, shutil, sys
made, fields, rest, read, out = set(), [], b"", sys.stdin.buffer.raw.read, sys.stdout.buffer
while True:
    chunk = read(1 << 16)
    if not chunk:
        sys.exit(2)
    *names, rest = (rest + chunk).split(b"\\0")
    fields += names
    done = len(fields) - len(fields) % 2
    for source, target in zip(fields[0:done:2], fields[1:done:2]):
        if not source:
            if not target:
                sys.exit(0)
            out.write(b".")
            out.flush()
            continue
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
    del fields[:done]
"""


class OutputReplaced(OSError):
    """A file taken over is not the one the build found unchanged."""

    def __init__(self, target: str) -> None:
        super().__init__(
            f"{target}: die übernommene Datei hat sich geändert, während dieser Build sie "
            "übernahm; ein anderer Build hat wohl gleichzeitig seine Ausgabe an ihren Platz "
            "gestellt. Nichts wurde ersetzt: bitte den Build wiederholen, wenn der andere "
            "fertig ist."
        )


class Linker:
    """Links files (`link`) from a process of its own; `wait` returns once those sent so far
    are placed, `finish` ends the process. What that process could not place is placed
    here, else the error is raised."""

    BATCH = 64

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []  # sent since the last wait
        self.found: list[tuple[str, tuple[int, int]]] = []  # placed since the last check
        self.unsent: list[bytes] = []
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LINK_FILES],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        except OSError:
            self.process = None
        else:
            # A pipe of 1 MiB (Linux) holds some 9,000 names: the build never waits to send.
            with contextlib.suppress(AttributeError, OSError):
                fcntl.fcntl(self.process.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)

    def link(self, source: str, target: str, found: tuple[int, int]) -> None:
        """Put `source` at `target`; `found`: its (size, mtime_ns) when it was found unchanged."""
        self.found.append((target, found))
        if self.process is None:
            _place(source, target)
            return
        self.pairs.append((source, target))
        self.unsent.append(os.fsencode(source) + b"\0" + os.fsencode(target) + b"\0")
        if len(self.unsent) >= self.BATCH:
            self._send()

    def _send(self, command: bytes | None = None) -> bool:
        """Send the names gathered (and a command); False when the process is gone."""
        if command is not None:
            self.unsent.append(b"\0" + command + b"\0")
        data, self.unsent = b"".join(self.unsent), []
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            return False
        return True

    def wait(self) -> None:
        """Return once every file sent so far is in place (placed here, if need be)."""
        if self.process is not None:
            if not (self._send(b"s") and self.process.stdout.read(1) == b"."):
                self._give_up()
            self.pairs.clear()
        self._check()

    def finish(self) -> None:
        """Wait for the last files, end the process."""
        if self.process is None:
            self._check()
            return
        sent = self._send(b"")
        with contextlib.suppress(OSError):  # it ended early
            self.process.stdin.close()
        if self.process.wait() != 0 or not sent:
            self._give_up()
        else:
            self.process.stdout.close()
            self.process = None
            self.pairs.clear()
        self._check()

    def _check(self) -> None:
        """Raise OutputReplaced unless every file placed is the one found."""
        found, self.found = self.found, []
        for target, (size, mtime) in found:
            stat = os.stat(target)
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                raise OutputReplaced(target)

    def _give_up(self) -> None:
        """The process failed: place what it may not have placed here, and the rest too."""
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        self.process = None
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
