"""`make html` through a build process that stays: its client, its server and their socket.

A warm `make html` at 1,000 posts spent a quarter of a second on Python's start-up and
imports, and more making Pelican's objects, templates and the reader cache anew, which
`make serve`'s process keeps. So scripts/html runs `showcase build --server`: the client hands
the build to a server of the same project over a Unix socket, with its terminal (stdin,
stdout and stderr as file descriptors, `socket.send_fds`), the build it asks for, its working
folder, environment and umask, and exits with the build's status. The server (`showcase build-server run`,
started by a client, detached) runs one build after another in its own process with
warm_build.WarmBuilder, and ends itself after SHOWCASE_BUILD_SERVER_IDLE seconds without a
build (600), when its socket file is gone or replaced, or on `showcase build-server stop`.

The client builds in its own process, as `showcase build` does, when no server answers,
when the server is stale (other plugin code, installed libraries, interpreter or settings
file: it exits), or when it breaks off mid-build (its answer ends without a status); it then
starts a new server, so the next build is fast. Never through a server: `showcase build`
without --server (`make publish`), and every build while CI or SHOWCASE_BUILD_SERVER=0 is set.

The socket lives outside the project (cache/ may come from a CI cache, the project may sit on
a share): in $XDG_RUNTIME_DIR/regional-showcase/ or /tmp/regional-showcase-<uid>/, used only
when it is a folder of this user's that no one else may enter; on Linux the server also
serves only peers of its own user (SO_PEERCRED).

Ctrl+C: the client tells the server (it closes its side for writing), waits for its answer
and ends with 130. The server hears of it by SIGIO and stops the build where it is (as Ctrl+C
stops a build in its own process); at the latest it looks before the swap (staff/build.py
`swap_guard`), and a build whose client is gone never takes the place of output/. The
build's helper processes get SIGTERM then, as Ctrl+C reaches them in a terminal, and the
server ends once it has answered (a build stopped mid-way may leave its state half made).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

IDLE_SECONDS = 600.0  # SHOWCASE_BUILD_SERVER_IDLE unset
FOLDER_NAME = "regional-showcase"
# The plugin package whose code the server runs (preview/manifest.py's PLUGIN_CODE).
PACKAGE = Path(__file__).resolve().parent.parent
# While idle the server looks this often whether its socket file is still its own.
LOOK_EVERY = 2.0
# After a build: this long without the next one, and the server collects its garbage (the
# client has its answer; a build right after would wait for the collection).
COLLECT_AFTER = 0.5
# How long a request may take to arrive once its client connected.
REQUEST_WAIT = 5.0
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


def installed() -> str:
    """Python's version and the installed distributions' metadata folders on sys.path, as
    build_record.libraries() names them (that module costs a quarter of a second to import,
    more than the client's whole run). Not sys.path[0]: the `showcase` script's folder in the
    client, the working folder in the server (`python -m`)."""
    found: set[str] = set()
    for entry in sys.path[1:]:
        with suppress(OSError):
            found.update(
                name
                for name in os.listdir(entry or ".")
                if name.endswith((".dist-info", ".egg-info"))
            )
    return hashlib.sha256(repr((sys.version, sorted(found))).encode()).hexdigest()


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


def started_with() -> str:
    """What the interpreter took from its environment once, at its start, and a build's
    environment no longer changes: its options (PYTHONOPTIMIZE=2 drops the docstrings the open
    data's schema.json describes its classes with; PYTHONUTF8, PYTHONHASHSEED, -X options,
    warnings) and its streams' encoding (PYTHONIOENCODING, the locale's)."""
    import locale

    from ..environment import read_environment

    return repr(
        (
            tuple(sys.flags),
            sys.warnoptions,
            sorted(sys._xoptions.items()),
            read_environment().io_encoding,
            locale.getencoding(),
        )
    )


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


# ---------- The server ----------


class BuildServer:
    """One build after another for the clients of one project (see the module's text)."""

    def __init__(
        self,
        path: Path,
        builder,
        own: dict,
        idle: float = IDLE_SECONDS,
        run: Callable | None = None,
    ) -> None:
        self.path = path
        self.builder = builder
        self.identity = own
        self.idle = idle
        self.root = os.path.realpath(os.getcwd())
        # How a request's arguments are built (_run_request): here so a test can stand in.
        self.run = run or _run_request
        self.listener: socket.socket | None = None
        self.serving = True  # False once a build was stopped mid-way (Ctrl+C): see build()
        self.bound: tuple[int, int] | None = None
        # The last build's saves held back until its client has its answer (save_held), and
        # its folder, environment and umask to run them in.
        self.held: list[Callable[[], None]] = []
        self.held_in: tuple[dict, str, int] | None = None

    def listen(self) -> None:
        """Bind under a name of its own, then take the socket's name (a server there before
        finds its file replaced and ends)."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        with suppress(FileNotFoundError):
            temporary.unlink()
        listener.bind(str(temporary))
        listener.listen(16)
        os.replace(temporary, self.path)
        info = os.stat(self.path)
        self.listener, self.bound = listener, (info.st_dev, info.st_ino)

    def own_socket(self) -> bool:
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) == self.bound

    def serve(self) -> int:
        """Until idle, replaced, stale or stopped."""
        assert self.listener is not None
        last = time.monotonic()
        collected = True
        try:
            while self.own_socket():
                left = self.idle - (time.monotonic() - last)
                if left <= 0:
                    break
                self.listener.settimeout(min(left, LOOK_EVERY if collected else COLLECT_AFTER))
                try:
                    connection, _ = self.listener.accept()
                except TimeoutError:
                    if not collected:
                        self.builder.idle()
                        reap_helpers()
                        collected = True
                    continue
                with connection:
                    # A client that connects and says nothing (stopped with Ctrl+Z) does not
                    # hold up the next ones for longer than this.
                    connection.settimeout(REQUEST_WAIT)
                    going_on, built = self.answer(connection)
                if built:
                    last, collected = time.monotonic(), False
                if not going_on:
                    break
        finally:
            self.close()
        return 0

    def close(self) -> None:
        if self.listener is not None:
            if self.own_socket():
                with suppress(OSError):
                    self.path.unlink()
            self.listener.close()
            self.listener = None

    def answer(self, connection: socket.socket) -> tuple[bool, bool]:
        """One request: (whether to go on serving, whether it was a build)."""
        if peer_uid(connection) != os.getuid():
            return True, False
        try:
            data, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
        except OSError:
            return True, False
        try:
            try:
                request = read_line(connection, data)
            except OSError:  # it said nothing more in REQUEST_WAIT, or went away
                return True, False
            connection.settimeout(None)  # a build takes as long as it takes
            if "stop" in request:
                ours = request["stop"] == self.root
                reply(connection, {"stopped": os.getpid()} if ours else {"other": True})
                return not ours, False
            if len(fds) != 3 or not well_formed(request):
                return True, False
            if request.get("identity") != self.identity:
                reply(connection, {"stale": True})
                return False, False
            status = self.build(connection, request, fds)
        finally:
            for fd in fds:
                os.close(fd)
        reply(connection, {"status": status})
        self.save_held()
        return self.serving, True

    def build(self, connection: socket.socket, request: dict, fds: list[int]) -> int:
        """The client's build with its terminal, environment and folder; a build whose
        client went away is stopped and its fresh folder removed."""
        from ..deferred_saves import deferring

        watch = ClientWatch(connection)
        process = request["env"], request["cwd"], request.get("umask", 0o022)
        with client_terminal(fds), client_environment(*process):
            fresh_logging()
            began = False
            try:
                with watch, deferring() as held:
                    began = True
                    status = self.run(self, request["build"], watch.still_wanted)
                # Only a build in place saves: after any other, cache/ still describes the
                # output/ that stayed.
                if status == 0 and not watch.gone():
                    self.held, self.held_in = held, process
            except KeyboardInterrupt:  # gone before the build began, or between its steps
                status = 130
            if watch.gone():
                end_children()
                shutil.rmtree(request["build"]["new"], ignore_errors=True)
                # A build stopped wherever it was may have left this process's state half
                # made (a memo, the kept objects, a pool of workers): a fresh process is
                # sure to start clean, so this one ends once it has answered, and the next
                # make html builds in its own process and starts a new one.
                self.serving = self.serving and not began
            elif began and status == 130:
                # Interrupted with its client still there (SIGINT sent to the server
                # itself): stopped mid-way all the same.
                self.serving = False
        return status

    def save_held(self) -> None:
        """The saves the last build held back (deferred_saves.py), now that its client has
        its answer and before the next request is taken, in the build's folder, environment
        and umask (the modes of cache/'s files). SIGTERM meanwhile ends the server once they
        are done (`make stop` and the idle end wait for them anyway: one request at a time);
        a save that fails ends it too (this process's kept state may be half saved, cache/
        holds an earlier build's files, which the next build checks before it uses them)."""
        from ..deferred_saves import run

        held, process = self.held, self.held_in
        self.held, self.held_in = [], None
        if not held or process is None:
            return
        terminated: list[int] = []
        before = signal.signal(signal.SIGTERM, lambda number, _frame: terminated.append(number))
        try:
            with client_environment(*process):
                run(held)
        except Exception:
            self.serving = False
        finally:
            signal.signal(signal.SIGTERM, before)
        if terminated:
            self.serving = False


def well_formed(request: dict) -> bool:
    """A build request as the client sends it: the build's three paths, the environment's
    texts, an absolute working folder and a umask. Anything else is not built (a wrong type
    raised inside the build's terminal and environment, and the server ended)."""
    build, env = request.get("build"), request.get("env")
    cwd, umask = request.get("cwd"), request.get("umask", 0o022)
    return (
        isinstance(build, dict)
        and all(isinstance(build.get(name), str) for name in ("settings", "new", "output"))
        and isinstance(env, dict)
        and all(isinstance(name, str) and isinstance(value, str) for name, value in env.items())
        and all("\0" not in name + value and "=" not in name for name, value in env.items())
        and isinstance(cwd, str)
        and os.path.isabs(cwd)
        and "\0" not in cwd
        and type(umask) is int
        and 0 <= umask <= 0o777
    )


def _run_request(server: BuildServer, build: dict, still_wanted: Callable[[], bool]) -> int:
    """`showcase build` (staff/build.py `build_command`) with the server's builder."""
    from .build import build_command, swap_guard

    with swap_guard(still_wanted):
        return build_command(
            build["settings"], Path(build["new"]), Path(build["output"]), server.builder.build
        )


def end_children() -> None:
    """After Ctrl+C: the build's helpers still running (the link process, Pagefind, workers).
    Ctrl+C in a terminal reaches every process of the build's process group, so they ended
    with the build; here it reached the client alone, and a helper left running would keep
    the client's terminal, or the pipe of `make html | tee`, open. So each child of this
    server in its process group gets SIGTERM (it ends without a traceback in the terminal);
    the old output's remover, in a session of its own, goes on. Only in a server, which leads
    its own group (start_new_session), and where /proc tells the children."""
    me = os.getpid()
    if os.getpgid(0) != me:
        return
    for line in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent, group = line.read_text().rsplit(") ", 1)[1].split()[1:3]
        except (OSError, IndexError):
            continue
        if int(parent) == me and int(group) == me:
            with suppress(OSError):
                os.kill(int(line.parent.name), signal.SIGTERM)


def reap_helpers() -> None:
    """Between builds: the helpers a build started and no longer waits for (the old output's
    remover) are reaped once they ended. Python reaps them only when the next helper starts,
    so each idle server kept one or two zombies for as long as it lived."""
    cleanup = getattr(subprocess, "_cleanup", None)  # the Popen objects dropped while running
    if cleanup is not None:
        cleanup()


def reply(connection: socket.socket, message: dict) -> None:
    with suppress(OSError):
        connection.sendall(json.dumps(message).encode() + b"\n")


def peer_uid(connection: socket.socket) -> int:
    """The user of the process at the other end (Linux); elsewhere the folder's 0700 holds."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return os.getuid()
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


class ClientWatch:
    """Whether the client of a running build is still there. While armed, the client's going
    away (Ctrl+C: it closes its side) raises KeyboardInterrupt in the build, by SIGIO, as Ctrl+C
    does in a build of its own process; `still_wanted` disarms it just before the swap."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection
        self.armed = False

    def gone(self) -> bool:
        try:
            data = self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        except OSError:
            return True
        return data == b""

    def still_wanted(self) -> bool:
        self.armed = False  # from here the build goes in place or not at all
        return not self.gone()

    def _heard(self, _signal, _frame) -> None:
        if self.armed and self.gone():
            self.armed = False
            raise KeyboardInterrupt

    def __enter__(self) -> ClientWatch:
        fd = self.connection.fileno()
        signal.signal(signal.SIGIO, self._heard)
        signal_this_thread(fd)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
        self.armed = True
        if self.gone():  # gone before the signal was set up
            self.armed = False
            raise KeyboardInterrupt
        return self

    def __exit__(self, *_exc) -> None:
        self.armed = False
        fd = self.connection.fileno()
        with suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_ASYNC)
        signal.signal(signal.SIGIO, signal.SIG_IGN)


# Linux's F_SETOWN_EX and F_OWNER_TID (fcntl.h; Python's fcntl does not name them).
F_SETOWN_EX, F_OWNER_TID = 15, 0


def signal_this_thread(fd: int) -> None:
    """SIGIO of `fd` to this thread, the build's: a wait of its (the search index's pool, the
    workers' pipe) ends with the signal. With F_SETOWN any thread of the process may take it
    (the spinner's, a pool's), and the build heard of it only once its wait was over."""
    if sys.platform == "linux":
        owner = struct.pack("ii", F_OWNER_TID, threading.get_native_id())
        with suppress(OSError):
            fcntl.fcntl(fd, F_SETOWN_EX, owner)
            return
    fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())


@contextmanager
def client_terminal(fds: list[int]) -> Iterator[None]:
    """The client's stdin, stdout and stderr as this process's 0, 1 and 2; stdout line by
    line on a terminal, as in the client's own process."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(number) for number in (0, 1, 2)]
    try:
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
        sys.stdout.reconfigure(line_buffering=os.isatty(1))
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):
                stream.flush()
        for number, fd in enumerate(saved):
            os.dup2(fd, number)
            os.close(fd)


@contextmanager
def client_environment(environ: dict, folder: str, umask: int) -> Iterator[None]:
    """The client's environment (its TZ too), working folder and umask (the modes of the
    files the build writes) for the build."""
    saved, here = {**os.environ}, os.getcwd()
    own_umask = os.umask(umask)
    replace_environment(environ)
    if environ.get("TZ") != saved.get("TZ"):
        time.tzset()
    try:
        os.chdir(folder)
        yield
    finally:
        os.chdir(here)
        os.umask(own_umask)
        replace_environment(saved)
        if environ.get("TZ") != saved.get("TZ"):
            time.tzset()


def replace_environment(values: dict) -> None:
    """os.environ (and the process's, for its children) made exactly `values`."""
    for name, _value in list(os.environ.items()):
        if name not in values:
            os.environ.pop(name)
    for name, value in values.items():
        os.environ[name] = value


def fresh_logging() -> None:
    """Pelican's logging as a new process has it: the console set up for this client's
    terminal and environment (colours, width), and no message held back as "already
    logged" (LimitFilter): a warning logged by the build before would otherwise not be
    logged again, and --fatal warnings would not stop this build; nor held back by a
    LOG_FILTER of a build before."""
    from pelican.log import DEFAULT_LOG_HANDLER, LimitFilter, console

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    # LOG_FILTER's messages: Pelican adds each build's (configure_settings) and never takes
    # one away, so a filter removed from the settings held its warning back for good.
    LimitFilter._ignore.clear()
    console.__init__()  # the same object: Pelican's handler and staff/build.py hold it
    render = getattr(DEFAULT_LOG_HANDLER, "_log_render", None)
    if render is not None:
        render._last_time = None


def warm_up() -> None:
    """Import what every build imports, before the socket is there: the server's first
    build does not wait for it (a client that comes meanwhile builds in its own process)."""
    import pelican  # noqa: F401

    from .. import generator, reader, writer  # noqa: F401
    from ..content_types import registry  # noqa: F401
    from . import build  # noqa: F401


def run_server(settings_file: str) -> int:
    """`showcase build-server run`: serve this project's builds until idle or stopped."""
    folder = socket_folder()
    if folder is None:
        return 1
    # The code as it was before it is imported: were it changed meanwhile, the next client
    # finds this server stale, never the other way round.
    own = identity(settings_file)
    signal.signal(signal.SIGIO, signal.SIG_IGN)
    warm_up()
    from .warm_build import WarmBuilder

    server = BuildServer(socket_path(folder, Path.cwd()), WarmBuilder(), own, idle_seconds())
    try:
        server.listen()
    except OSError:
        return 1
    return server.serve()
