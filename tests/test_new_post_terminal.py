"""`make post` as an editor uses it: in a terminal (a pty), with typos, and Ctrl+C."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from sitebuild import BIN, copy_project

# A real terminal session of the command `make post` runs.
pytestmark = pytest.mark.build


class Terminal:
    """`showcase new-post` on a pseudo-terminal: type lines, read what it printed."""

    def __init__(self, project):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the command, as `make post` starts it
            # Ctrl+C as in a terminal: a CI runner may start the tests with SIGINT ignored or
            # blocked, and a child inherits both (the command then never sees Ctrl+C).
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            os.chdir(project)
            os.execv(str(BIN / "showcase"), [str(BIN / "showcase"), "new-post"])
        self.output = ""

    def read_until(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        if text not in self.output:
            self.kill()
            raise AssertionError(f"{text!r} not printed:\n{self.output}")
        return self.output

    def wait_for_input(self, timeout: float = 30) -> None:
        """Wait until the command sleeps, waiting for what the editor types.

        Python notices a signal only between steps of its own: one that comes after the
        prompt is printed but before the read starts is kept until the read returns, so a
        Ctrl+C sent that early waits for the next key press. An editor is never that fast."""
        stat = Path(f"/proc/{self.pid}/stat")
        if not stat.exists():  # no /proc: give the command a moment
            time.sleep(1)
            return
        deadline = time.monotonic() + timeout
        asleep = 0
        while asleep < 5 and time.monotonic() < deadline:
            # The state follows the command name in parentheses: S = sleeping.
            state = stat.read_text().rpartition(")")[2].split()[0]
            asleep = asleep + 1 if state == "S" else 0
            time.sleep(0.05)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\r")

    def exit_status(self, timeout: float = 60) -> int:
        """The command's exit status; a command still running after `timeout` fails the test."""
        self.read_rest()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"still running after {timeout} s:\n{self.output}")

    def read_rest(self) -> None:
        try:
            while select.select([self.fd], [], [], 2)[0]:
                data = os.read(self.fd, 4096)
                if not data:
                    break
                self.output += data.decode("utf-8", "replace")
        except OSError:
            pass


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX")
def test_make_post_asks_again_and_says_how_to_go_on(tmp_path):
    project = copy_project(tmp_path / "project")
    term = Terminal(project)
    term.read_until("Titel: ")
    term.type("Tag der Regionen")
    term.read_until("Regionen (")
    term.type("Südwestfalen Emsland")
    term.read_until("unbekannte Region 'Emsland'")
    # Typed before the question is asked again, the echo would land inside the message line.
    term.wait_for_input()
    term.type("Südwestfalen, Allgäu")
    term.read_until("Kategorie (")
    term.type("Standortmarkting")
    term.read_until("Bitte noch einmal.")
    term.wait_for_input()
    term.type("Standortmarketing")
    term.read_until("Kurzfassung")
    term.type("")
    assert term.exit_status() == 0
    lines = [line.strip() for line in term.output.splitlines()]
    assert (
        "unbekannte Kategorie 'Standortmarkting' (meinten Sie 'Standortmarketing'?); erlaubt sind "
        "'Fachkräfte', 'Standortmarketing', 'Innovation & Strukturwandel', 'Leben auf dem Land', "
        "'Projekt'. Bitte noch einmal." in lines
    )
    created = next(line for line in lines if line.startswith("Angelegt: "))[len("Angelegt: ") :]
    assert lines[-3:] == [
        f"Öffnen: in Ihrem Texteditor, z. B. mit „code {created}“ (VS Code) oder per "
        "Doppelklick im Dateimanager.",
        "Vorschau: „make serve“ starten und http://localhost:8000/entwuerfe/tag-der-regionen/ "
        "im Browser öffnen; die Seite lädt nach jedem Speichern neu.",
        "Die Meldung ist ein Entwurf (status: draft). Löschen Sie diese Zeile, wenn sie online "
        "gehen darf.",
    ]
    text = (project / created).read_text(encoding="utf-8")
    assert "regions:\n  - suedwestfalen\n  - allgaeu\n" in text


def test_ctrl_c_ends_quietly_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    before = sorted((project / "content/news").iterdir())
    term = Terminal(project)
    term.read_until("Titel: ")
    term.type("Halb fertig")
    term.read_until("Regionen (")
    term.wait_for_input()
    os.kill(term.pid, signal.SIGINT)
    assert term.exit_status() == 0
    assert term.output.rstrip().endswith("Abgebrochen, keine Meldung angelegt.")
    assert "Traceback" not in term.output
    assert sorted((project / "content/news").iterdir()) == before
