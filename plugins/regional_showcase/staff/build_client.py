"""`make html`'s client of the build server (build_server.py): what scripts/html runs,
`python -m regional_showcase.staff.build_client SETTINGS NEW OUTPUT`, and `showcase build
--server` and `showcase build-server stop` run.

The client hands the build to a server of the same project over a Unix socket, with its
terminal (stdin, stdout and stderr as file descriptors, `socket.send_fds`), the build it asks
for, its working folder, environment and umask, and exits with the build's status. It builds
in its own process, as `showcase build` does, when no server answers, when the server is
stale (other plugin code, installed libraries, interpreter, its start-up options or settings
file: it exits), or when it breaks off mid-build (its answer ends without a status); it then
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
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import struct
import sys
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
    content is not here: it is an input of the build like the content and the templates."""
    return {
        "code": code_digest(),
        "libraries": installed(),
        "python": sys.executable,
        "startup": started_with(),
        "settings": os.path.realpath(settings_file),
    }


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
        try:
            answer = read_line(client)
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


def read_line(connection: socket.socket, data: bytes = b"") -> dict:
    """One JSON line (its start `data` already received); {} when the other side ends before
    it is whole, or it is longer than LARGEST_REQUEST."""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
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
            client.settimeout(CANCEL_WAIT)
            try:
                client.connect(str(path))
                if peer_uid(client) != os.getuid():  # as in ask(): this user's servers only
                    continue
                client.sendall(json.dumps({"stop": os.path.realpath(root)}).encode() + b"\n")
                answer = read_line(client)
            except OSError:
                continue
        if isinstance(answer.get("stopped"), int):
            ended.append(answer["stopped"])
    return ended


def peer_uid(connection: socket.socket) -> int:
    """The user of the process at the other end (Linux); elsewhere the folder's 0700 holds."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return os.getuid()
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


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
