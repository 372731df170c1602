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

A post page may be sent with the hash of the bytes the last build wrote (`digest`): then the
process itself checks the file it placed, and a file without those bytes (a page edited by
hand, a partly written one, a link, another build's page) is removed again and reported by
`wait`, for the build to render that page. The build's own process then neither hashes the
last output's post pages (25 MB at 1,000 posts: a hard link's change time is always recent,
so its recorded identity never holds) nor checks their identity after linking: the other
core does, while the build computes the next pages' keys. What is checked is the file in
the fresh folder itself, after it was placed: what it holds then is what the build keeps.
On a busy machine the process gets less of a core: when the build waits for it longer than
`Linker.HURRY`, it leaves the checks of the files it has not come to yet to the build
(hashing them there costs less than waiting), and only links them.

A thread would not do: after each of its calls it waits for the interpreter's lock while the
build computes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import select
import shutil
import subprocess
import sys
import weakref
from stat import S_ISREG

# Links the last build's files into the fresh folder: triples of source, target and the hash of
# the bytes the target must hold (empty: not checked) on stdin, each followed by NUL. A triple
# with an empty source is a command: an empty target ends the run, "s" asks for the targets
# since the last "s" that were removed again (checked: not the bytes expected), each as "-"
# and the target, and those left to the build to check ("?"), each followed by NUL, then one
# more NUL once every triple before it is handled. A byte on the pipe whose descriptor is its
# argument (the build waits for it: `hurry`) leaves the checks of the files after to the build. Exits 1 at the first file that can
# be neither linked nor copied; at the end of its input without the end (the build stopped),
# at once.
LINK_FILES = """
import hashlib, os, shutil, stat, sys
made, fields, rest, read, out, removed = set(), [], b"", sys.stdin.buffer.raw.read, sys.stdout.buffer, []
hurry, hurried, unchecked = int(sys.argv[1]) if len(sys.argv) > 1 else -1, False, []
flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
def holds(target, digest):
    try:
        fd = os.open(target, flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        hashed = hashlib.sha256()
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            hashed.update(chunk)
        return hashed.hexdigest().encode() == digest
    except OSError:
        return False
    finally:
        os.close(fd)
while True:
    chunk = read(1 << 16)
    if not chunk:
        sys.exit(2)
    *names, rest = (rest + chunk).split(b"\\0")
    fields += names
    done = len(fields) - len(fields) % 3
    for source, target, digest in zip(fields[0:done:3], fields[1:done:3], fields[2:done:3]):
        if not source:
            if not target:
                sys.exit(0)
            answer = [b"-" + name + b"\\0" for name in removed]
            answer += [b"?" + name + b"\\0" for name in unchecked]
            out.write(b"".join(answer) + b"\\0")
            out.flush()
            removed.clear()
            unchecked.clear()
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
                os.link(source, target, follow_symlinks=False)  # a link stays one: removed
            except OSError:
                if digest and not os.path.lexists(source):
                    removed.append(target)  # gone: the build renders it
                    continue
                shutil.copy2(source, target)
            if digest and not hurried and hurry >= 0:
                try:
                    hurried = bool(os.read(hurry, 1))
                except BlockingIOError:
                    pass
            if digest and hurried:
                unchecked.append(target)  # the build checks it itself
            elif digest and not holds(target, digest):
                os.unlink(target)
                removed.append(target)
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
    are placed, `finish` ends the process; both answer the targets of those sent with a
    digest that were removed again (not the bytes expected). What that process could not
    place is placed here, else the error is raised."""

    BATCH = 64
    HURRY = 0.01  # seconds `_answer` waits before it checks the files left here

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str, str | None]] = []  # sent since the last wait
        self.found: list[tuple[str, tuple[int, int]]] = []  # placed since the last check
        self.unsent: list[bytes] = []
        self.removed: list[str] = []  # not yet answered by wait
        # An answer asked for (`ask`) and not yet read, and the files sent after the ask.
        self.asked = False
        self.since_ask = 0
        # The pipe that hurries the process (`_answer`), closed with this object at the latest.
        hurry, self.hurry = os.pipe()
        self.close_hurry = weakref.finalize(self, os.close, self.hurry)
        os.set_blocking(hurry, False)
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LINK_FILES, str(hurry)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                pass_fds=(hurry,),
            )
        except OSError:
            self.process = None
        else:
            # A pipe of 1 MiB (Linux) holds some 6,000 files: the build never waits to send.
            with contextlib.suppress(AttributeError, OSError):
                fcntl.fcntl(self.process.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
        finally:
            os.close(hurry)  # the process's end of it

    def link(
        self, source: str, target: str, found: tuple[int, int] | None, digest: str | None = None
    ) -> None:
        """Put `source` at `target`; `found`: its (size, mtime_ns) when it was found unchanged,
        or `digest`: the hash of the bytes it must hold (else it is removed again)."""
        if found is not None:
            self.found.append((target, found))
        self.pairs.append((source, target, digest))
        self.since_ask += 1
        if self.process is None:
            self.removed += self._place_here()
            return
        fields = (os.fsencode(source), os.fsencode(target), (digest or "").encode())
        self.unsent.append(b"\0".join(fields) + b"\0")
        if len(self.unsent) >= self.BATCH:
            self._send()

    def _send(self, command: bytes | None = None) -> bool:
        """Send the names gathered (and a command); False when the process is gone."""
        if command is not None:
            self.unsent.append(b"\0" + command + b"\0\0")
        data, self.unsent = b"".join(self.unsent), []
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            return False
        return True

    def ask(self) -> None:
        """Ask the process to answer once every file sent so far is placed (`answered`); the
        next `wait` reads that answer."""
        if self.process is not None and not self.asked and self._send(b"s"):
            self.asked, self.since_ask = True, 0

    def answered(self, timeout: float) -> bool:
        """Whether the answer to `ask` came within `timeout` seconds: then `wait` returns at
        once for the files sent before the ask."""
        if self.process is None:
            return True
        if not self.asked:
            return False
        return _readable(self.process.stdout, timeout)

    def wait(self) -> list[str]:
        """Return once every file sent so far is in place (placed here, if need be): the
        targets of those sent with a digest that were removed again."""
        if self.process is not None:
            answers = []
            if self.asked:  # for the files sent before the ask (one answer read at a time)
                self.asked = False
                answers.append(self._answer())
            if not answers or self.since_ask:
                answers.append(self._answer() if self._send(b"s") else None)
            if None in answers:
                self._give_up()
            else:
                self.removed += self._checked_here([t for answer in answers for t in answer])
                self.pairs.clear()
        self._check()
        removed, self.removed = self.removed, []
        return removed

    def _answer(self) -> list[bytes] | None:
        """The process's answer to "s" (its entries: "-" or "?" and a target); None when it
        failed. When it does not come within HURRY seconds (on a busy machine the process
        gets less of a core), the process leaves its checks of the files after to this one:
        hashing them here costs less than waiting for it."""
        if not _readable(self.process.stdout, self.HURRY):
            with contextlib.suppress(OSError):
                os.write(self.hurry, b"!")
        answer = b""
        while not (answer == b"\0" or answer.endswith(b"\0\0")):
            chunk = self.process.stdout.read1(1 << 16)
            if not chunk:
                return None
            answer += chunk
        return answer[:-1].split(b"\0")[:-1]

    def _checked_here(self, entries: list[bytes]) -> list[str]:
        """The targets removed again: those the process removed ("-") and those it left to
        this one ("?") that do not hold the bytes expected (removed here)."""
        removed = [os.fsdecode(entry[1:]) for entry in entries if entry[:1] == b"-"]
        left = [os.fsdecode(entry[1:]) for entry in entries if entry[:1] == b"?"]
        if left:
            digests = {target: digest for _, target, digest in self.pairs}
            for target in left:
                if not _holds(target, digests[target]):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(target)
                    removed.append(target)
        return removed

    def finish(self) -> list[str]:
        """Wait for the last files, end the process: the targets removed again."""
        removed = self.wait()
        if self.process is None:
            return removed
        sent = self._send(b"")
        with contextlib.suppress(OSError):  # it ended early
            self.process.stdin.close()
        if self.process.wait() != 0 or not sent:
            self._give_up()  # nothing was sent since the wait: nothing to place
        else:
            self.process.stdout.close()
            self.process = None
        self.close_hurry()
        return removed

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
        self.close_hurry()
        self.removed += self._place_here()

    def _place_here(self) -> list[str]:
        """Place the files sent since the last wait in this process: the targets removed
        again (not the bytes expected, or gone)."""
        removed = []
        pairs, self.pairs = self.pairs, []
        for source, target, digest in pairs:
            if digest is None:
                _place(source, target)
                continue
            try:
                regular = S_ISREG(os.lstat(source).st_mode)  # not a link, a pipe, gone
            except OSError:
                regular = False
            if regular:
                _place(source, target)
            if not regular or not _holds(target, digest):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
                removed.append(target)
        return removed


def _readable(stream, timeout: float) -> bool:
    """Whether `stream` has something to read within `timeout` seconds (poll: no limit on the
    descriptor's number, as select has)."""
    poller = select.poll()
    poller.register(stream, select.POLLIN)
    return bool(poller.poll(timeout * 1000))


def _holds(target: str, digest: str) -> bool:
    """Whether `target` is a regular file (not a link) with bytes of hash `digest`."""
    try:
        if not S_ISREG(os.lstat(target).st_mode):
            return False
        with open(target, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest() == digest
    except OSError:
        return False


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
