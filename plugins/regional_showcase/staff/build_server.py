"""`make html` through a build process that stays: its server (the client and where their
socket lives: build_client.py).

A warm `make html` at 1,000 posts spent a quarter of a second on Python's start-up and
imports, and more making Pelican's objects, templates and the reader cache anew, which
`make serve`'s process keeps. So scripts/html hands the build to a server of the same project
(build_client.py). The server (`showcase build-server run`, started by a client, detached)
runs one build after another in its own process with warm_build.WarmBuilder, with the
client's terminal, environment, folder and umask, answers the build's exit status, then
writes what only the next build reads (deferred_saves.py, `save_held`), and ends itself after
SHOWCASE_BUILD_SERVER_IDLE seconds without a build (600), when its socket file is gone or
replaced, on `showcase build-server stop`, or when a client's plugin code, libraries,
interpreter, start-up options, settings file, nice level or CPUs are not its own (it answers
"stale"). On
Linux it serves only peers of its own user (SO_PEERCRED).

Ctrl+C: the client tells the server (it closes its side for writing), waits for its answer
and ends with 130. The server hears of it by SIGIO and stops the build where it is (as Ctrl+C
stops a build in its own process); at the latest it looks before the swap (staff/build.py
`swap_guard`), and a build whose client is gone never takes the place of output/. The
build's helper processes get SIGTERM then, as Ctrl+C reaches them in a terminal, and the
server ends once it has answered (a build stopped mid-way may leave its state half made).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .build_client import (
    IDLE_SECONDS,
    identity,
    idle_seconds,
    peer_uid,
    read_line,
    socket_folder,
    socket_path,
)

# While idle the server looks this often whether its socket file is still its own.
LOOK_EVERY = 2.0
# After a build: this long without the next one, and the server collects its garbage (the
# client has its answer; a build right after would wait for the collection).
COLLECT_AFTER = 0.5
# How long a request may take to arrive once its client connected.
REQUEST_WAIT = 5.0


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
