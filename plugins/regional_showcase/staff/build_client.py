"""`make html`'s client of the build server (build_server.py): what scripts/html runs,
`python -m regional_showcase.staff.build_client SETTINGS NEW OUTPUT`, and `showcase build
--server` and `showcase build-server stop` run.

The client hands the build to a server of the same project over a Unix socket, with its
terminal (stdin, stdout and stderr as file descriptors, `socket.send_fds`), the build it asks
for, its working folder, environment and umask, and exits with the build's status. It builds
in its own process, as `showcase build` does, when no server answers, when the server is
stale (other plugin code, installed libraries, interpreter, its start-up options, settings
file, nice level or CPUs: it exits), or when it breaks off mid-build (its answer ends without a status); it then
starts a new server, so the next build is fast. Never through a server: `showcase build`
without --server (`make publish`), and every build while CI or SHOWCASE_BUILD_SERVER=0 is set.

Apart from the server's module, with the standard library, environment.py and interpreter.py
only: the `showcase` command's imports (argparse and the parser of every command, the data's
problem classes, typing) and the server's (subprocess, shutil, signal, threading) took more of
the client's time than handing the build over. Pelican and the plugin are imported only when the
build runs in this process, and it then runs as `showcase build` runs it.

The socket lives outside the project (cache/ may come from a CI cache, the project may sit on
a share): in $XDG_RUNTIME_DIR/regional-showcase/ or /tmp/regional-showcase-<uid>/, used only
when it is a folder of this user's that no one else may enter; on Linux the server also
serves only peers of its own user (SO_PEERCRED), and the client hands nothing to another
user's.

A server that hangs (stopped with SIGSTOP, or a build that waits for good) does not hold up
`make html`: while it builds, the client looks every second at the server's processes (its
session, /proc): a build at work uses CPU time, in the server or its helpers (Pagefind, the
workers). Stopped for STOPPED_FOR seconds, or without any CPU time for STILL_FOR seconds, the
server counts as hung: the client says so in German, ends it and the helpers of its build
(SIGTERM, SIGCONT, then SIGKILL), removes its fresh folder and builds in its own process. The
swap of output/ is one renameat2 (output_swap.py): a server ended mid-build leaves output/ as
it was, or ended after the swap, the complete new one. Where there is no /proc, the client
waits as long as the server builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import stat
import struct
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from .interpreter import installed, started_with

IDLE_SECONDS = 600.0  # SHOWCASE_BUILD_SERVER_IDLE unset
FOLDER_NAME = "regional-showcase"
# The plugin package whose code the server runs (preview/manifest.py's PLUGIN_CODE).
PACKAGE = Path(__file__).resolve().parent.parent
# After Ctrl+C the client waits this long for the server to stop the build.
CANCEL_WAIT = 10.0
# A request larger than this (arguments and environment) is refused.
LARGEST_REQUEST = 1 << 20
TOLD = "hinweis-gezeigt"  # in the socket folder: the notice was shown once
# While the server builds, the client looks this often whether it is at work (module text).
LOOK_EVERY = 1.0
# A server stopped (SIGSTOP, Ctrl+Z) this long, or whose processes used no CPU time this
# long, hangs: a real build computes all the time (1,000 posts: 1-10 s in all).
STOPPED_FOR = 5.0
STILL_FOR = 30.0
# How long an ended server gets to go after SIGTERM, and after SIGKILL.
END_WAIT = 5.0
# How long connecting and handing the request over may take.
HAND_OVER_WAIT = 5.0


def notice(idle: float) -> str:
    minutes = max(1, round(idle / 60))
    return (
        f"Hinweis: Ein Bauprozess bleibt nach „make html“ {minutes} Minuten im Hintergrund, "
        "damit der nächste Build schneller ist. Abschalten: SHOWCASE_BUILD_SERVER=0 setzen; "
        "beenden: make stop."
    )


def wanted() -> bool:
    """False in CI and with SHOWCASE_BUILD_SERVER=0: every build in its own process; also
    when a variable of the plugin is wrong (the build in this process names it)."""
    from ..environment import EnvironmentProblem, read_environment

    try:
        environment = read_environment()
    except EnvironmentProblem:
        return False
    return not environment.ci and environment.build_server is not False


def idle_seconds() -> float:
    """SHOWCASE_BUILD_SERVER_IDLE, or IDLE_SECONDS."""
    from ..environment import EnvironmentProblem, read_environment

    try:
        return float(read_environment().build_server_idle or IDLE_SECONDS)
    except EnvironmentProblem:
        return IDLE_SECONDS


# ---------- Where the socket lives ----------


def socket_folder() -> Path | None:
    """This user's private folder for the socket, made with mode 0700; None when it is a
    link, another user's, or open to group or others (then builds run in their own process)."""
    from ..environment import read_environment

    runtime = read_environment().runtime_dir  # wanted() checked the variables
    candidates = [runtime / FOLDER_NAME] if runtime and runtime.is_absolute() else []
    candidates.append(Path("/tmp") / f"{FOLDER_NAME}-{os.getuid()}")
    for folder in candidates:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        return folder if private(folder) else None
    return None


def private(folder: Path) -> bool:
    """A real folder (not a link), this user's, no bits for group or others."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def socket_path(folder: Path, root: Path) -> Path:
    """The socket of the project at `root` run by this interpreter with this PYTHONPATH."""
    from ..environment import read_environment

    python_path = read_environment().python_path or ""
    key = "\0".join((os.path.realpath(root), sys.executable, python_path))
    return folder / f"build-{hashlib.sha256(key.encode()).hexdigest()[:24]}.sock"


# ---------- What a server must share with its client ----------


def code_digest(package: Path = PACKAGE) -> str:
    """Every file of the plugin by path and bytes (build_record.tree_digest's walk: no
    __pycache__)."""
    digest = hashlib.sha256()
    found = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        found.extend(os.path.join(folder, name) for name in files)
    for path in sorted(found):
        digest.update(f"{os.path.relpath(path, package)}\0".encode())
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


def identity(settings_file: str) -> dict:
    """What makes a server stale when it differs from its client's. The settings file's
    content is not here: it is an input of the build like the content and the templates.
    Nor its environment, folder and umask, which each build takes from its client."""
    return {
        "code": code_digest(),
        "libraries": installed(),
        "python": sys.executable,
        "startup": started_with(),
        "settings": os.path.realpath(settings_file),
        **priority(),
    }


def priority() -> dict:
    """The process's nice level and the CPUs it may run on (`nice make html`, `taskset`): a
    server keeps those of the client that started it, and a process cannot lower its nice
    level again without privilege; so a server started by `nice make html` (CI, a cron job)
    would build a later plain `make html` at low priority, and one started by a plain `make
    html` a later niced one at full priority. A client of another level finds the server
    stale: it ends, this build runs in the client's process and a new server is started
    with the client's level."""
    found: dict = {"nice": os.nice(0)}
    if hasattr(os, "sched_getaffinity"):
        found["cpus"] = sorted(os.sched_getaffinity(0))
    return found


# ---------- The client ----------


def build_via_server(settings_file: str, new: Path, output: Path, here: Callable[[], int]) -> int:
    """`showcase build new output` through this project's server, or by `here` in this
    process when there is none, it is stale or it broke off (then a new server is started)."""
    if not wanted():
        return here()
    folder = socket_folder()
    if folder is None:
        return here()
    try:
        path = socket_path(folder, Path.cwd())
        request = {
            "identity": identity(settings_file),
            "build": {"settings": settings_file, "new": str(new), "output": str(output)},
            "cwd": os.getcwd(),
            "env": {**os.environ},
            "umask": current_umask(),
        }
    except OSError:  # a file of the plugin gone while it was read: this build is not served
        return here()
    status = ask(path, request)
    if status is not None:
        return status
    import shutil

    shutil.rmtree(new, ignore_errors=True)  # what a server that broke off left in it
    status = here()
    start_server(folder, settings_file)
    return status


def current_umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def ask(path: Path, request: dict) -> int | None:
    """The server's exit status for `request`; None when none answers or it is stale or it
    broke off. Ctrl+C while it builds: the server is told and waited for, then it goes on."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        # A server that takes no connection (stopped with its queue full) or no request
        # (stopped, its buffer full) does not hold up the client either.
        client.settimeout(HAND_OVER_WAIT)
        try:
            client.connect(str(path))
            # The terminal and the environment (its tokens too) go to a process of this user
            # only: the folder's checks hold when it was looked at, but a folder whose parent
            # another user may write to (an XDG_RUNTIME_DIR elsewhere) can be swapped after.
            if peer_uid(client) != os.getuid():
                return None
            data = json.dumps(request).encode() + b"\n"
            sent = socket.send_fds(client, [data], [0, 1, 2])
            client.sendall(data[sent:])
        except OSError:
            return None
        watch = ServerWatch(peer_pid(client))
        try:
            client.settimeout(LOOK_EVERY)
            answer = read_line(client, waiting=watch.look)
        except Hung as hung:
            print(hung, file=sys.stderr, flush=True)
            end_server(hung.pid)
            return None
        except KeyboardInterrupt:
            # The server stops the build (SIGIO) and answers; it has not swapped unless it
            # had already. Wait for that, so the script's trap does not remove the fresh
            # folder under a swap.
            with suppress(OSError, KeyboardInterrupt):
                client.shutdown(socket.SHUT_WR)
                client.settimeout(CANCEL_WAIT)
                read_line(client)
            raise
        except OSError:
            return None
    status = answer.get("status")
    return status if isinstance(status, int) else None


def read_line(
    connection: socket.socket, data: bytes = b"", waiting: Callable[[], None] | None = None
) -> dict:
    """One JSON line (its start `data` already received); {} when the other side ends before
    it is whole, or it is longer than LARGEST_REQUEST. With `waiting`, each time the
    connection's timeout passes without data, `waiting()` is called (it raises to stop)."""
    while not data.endswith(b"\n"):
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            if waiting is None:
                raise
            waiting()
            continue
        if not chunk:
            return {}
        data += chunk
        if len(data) > LARGEST_REQUEST:
            return {}
    try:
        message = json.loads(data)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}


def start_server(folder: Path, settings_file: str) -> None:
    """A new server for this project, detached (a session of its own, no terminal, nothing
    inherited but the environment); the first time, say so."""
    import subprocess

    command = [sys.executable, "-m", "regional_showcase.staff.cli"]
    try:
        subprocess.Popen(
            [*command, "-s", settings_file, "build-server", "run"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return
    told = folder / TOLD
    if not told.exists():
        print(notice(idle_seconds()), file=sys.stderr, flush=True)
        with suppress(OSError):
            told.touch()


def stop_servers(root: Path) -> list[int]:
    """End this project's servers (each socket of this user's folder is asked; a server of
    another project says no); the pids of those that ended."""
    folder = socket_folder()
    ended: list[int] = []
    if folder is None:
        return ended
    for path in sorted(folder.glob("build-*.sock")):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(HAND_OVER_WAIT)
            try:
                client.connect(str(path))
                if peer_uid(client) != os.getuid():  # as in ask(): this user's servers only
                    continue
                client.sendall(json.dumps({"stop": os.path.realpath(root)}).encode() + b"\n")
                # A server that builds answers when the build is done; one that hangs never
                # does (it was left running, and `make clean` went on): it is ended when it
                # serves this project (its working folder).
                watch = ServerWatch(peer_pid(client))
                client.settimeout(LOOK_EVERY)
                answer = read_line(client, waiting=watch.look)
            except Hung as hung:
                if _folder_of(hung.pid) == os.path.realpath(root):
                    end_server(hung.pid)
                    ended.append(hung.pid)
                continue
            except OSError:
                continue
        if isinstance(answer.get("stopped"), int):
            ended.append(answer["stopped"])
    return ended


class Hung(Exception):
    """The server builds no more: the message says why, in German."""

    def __init__(self, pid: int, why: str) -> None:
        super().__init__(
            f"Der Bauprozess im Hintergrund (PID {pid}) hängt: {why}. Er wird beendet, und "
            "dieser Build läuft in einem eigenen Prozess. (Ohne Bauprozess im Hintergrund: "
            "SHOWCASE_BUILD_SERVER=0 setzen.)"
        )
        self.pid = pid


class ServerWatch:
    """Whether the server of a build is still at work (see the module's text): `look` raises
    Hung when it was stopped for STOPPED_FOR seconds, or its processes used no CPU time for
    STILL_FOR seconds."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.ticks: int | None = None
        self.moved = time.monotonic()  # when its CPU time last grew
        self.stopped: float | None = None  # since when it is stopped

    def look(self) -> None:
        if self.pid is None:
            return
        found = session_state(self.pid)
        if found is None:
            return  # no /proc, or it is gone (its answer or its end follows)
        stopped, ticks = found
        now = time.monotonic()
        if ticks != self.ticks:
            self.ticks, self.moved = ticks, now
        self.stopped = (self.stopped or now) if stopped else None
        if self.stopped is not None and now - self.stopped >= STOPPED_FOR:
            raise Hung(self.pid, f"er ist seit {STOPPED_FOR:g} Sekunden angehalten")
        if now - self.moved >= STILL_FOR:
            raise Hung(self.pid, f"er hat seit {STILL_FOR:g} Sekunden nicht gerechnet")


def session_state(pid: int) -> tuple[bool, int] | None:
    """Whether the process `pid` is stopped, and the CPU time (clock ticks) of it, the
    children it reaped and every other process of its session (a server leads its own: the
    build's helpers); None without /proc or when it is gone."""
    try:
        fields = _stat_fields(pid)
    except OSError:
        return None
    if fields[0] in ("Z", "X"):
        return None
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    for fields_of_other in _processes(session=int(fields[3]), but=pid):
        ticks += int(fields_of_other[11]) + int(fields_of_other[12])
    return fields[0] in ("T", "t"), ticks


def _processes(session: int | None = None, group: int | None = None, but: int = 0):
    """The /proc/<pid>/stat fields of the processes of a session or process group."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == but:
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
        if (session is not None and int(fields[3]) == session) or (
            group is not None and int(fields[2]) == group
        ):
            yield fields


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat's fields after the command's name: state, ppid, pgrp, session, …"""
    with open(f"/proc/{pid}/stat", "rb") as file:
        text = file.read().decode(errors="replace")
    return text.rsplit(") ", 1)[1].split()


def end_server(pid: int) -> None:
    """End a hung server and the helpers of its build (its process group, when it leads one
    as a server does), and wait until they are gone: SIGTERM (the swap of output/ holds it
    back until it is done), SIGCONT for a stopped one, then SIGKILL."""
    try:
        group = os.getpgid(pid) == pid
    except OSError:
        return
    send = os.killpg if group else os.kill
    for number in (signal.SIGTERM, signal.SIGKILL):
        with suppress(OSError):
            send(pid, number)
            send(pid, signal.SIGCONT)
        deadline = time.monotonic() + END_WAIT
        while time.monotonic() < deadline:
            if not _alive(pid, group):
                return
            time.sleep(0.02)


def _alive(pid: int, group: bool) -> bool:
    """Whether `pid` (with `group`: any process of its group) still runs, not a zombie."""
    try:
        if _stat_fields(pid)[0] not in ("Z", "X"):
            return True
    except OSError:
        pass
    return group and any(fields[0] not in ("Z", "X") for fields in _processes(group=pid))


def _folder_of(pid: int) -> str | None:
    """The working folder of a process of this user's (Linux), else None."""
    try:
        return os.path.realpath(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return None


def peer_credentials(connection: socket.socket) -> tuple[int, int, int] | None:
    """The process, user and group at the other end (Linux: SO_PEERCRED), else None."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)


def peer_pid(connection: socket.socket) -> int | None:
    """The process at the other end (Linux), else None."""
    credentials = peer_credentials(connection)
    return None if credentials is None else credentials[0]


def peer_uid(connection: socket.socket) -> int:
    """The user of the process at the other end (Linux); elsewhere the folder's 0700 holds."""
    credentials = peer_credentials(connection)
    return os.getuid() if credentials is None else credentials[1]


USAGE = (
    "Aufruf: python -m regional_showcase.staff.build_client EINSTELLUNGEN NEU AUSGABE "
    "(so ruft scripts/html ihn auf: pelicanconf.py output.new-<pid> output)"
)


def through_server(settings_file: str, new: Path, output: Path, here: Callable[[], int]) -> int:
    """The build by the project's build server, or by `here` in this process (see
    build_via_server); 130 after Ctrl+C while the server built (it put nothing
    in place)."""
    try:
        return build_via_server(settings_file, new, output, here)
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    settings_file, new, output = arguments[0], Path(arguments[1]), Path(arguments[2])

    def here() -> int:
        from .build import build_command

        return build_command(settings_file, new, output)

    return through_server(settings_file, new, output, here)


if __name__ == "__main__":
    sys.exit(main())
