"""`make html` through the build process that stays (staff/build_server.py, its client
staff/build_client.py): where its socket
may live, when a client builds in its own process instead, a stale server, Ctrl+C, the idle
end, Pelican's logging over several builds, and one real server building a copy of the
project as the client's own process would."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

from regional_showcase import search_index
from regional_showcase.deferred_saves import later
from regional_showcase.environment import EnvironmentProblem, environment_key, read_environment
from regional_showcase.staff import build, build_client, build_server
from regional_showcase.staff.build_client import (
    build_via_server,
    code_digest,
    socket_folder,
    socket_path,
)
from regional_showcase.staff.build_server import (
    BuildServer,
    client_environment,
    fresh_logging,
    signal_this_thread,
)
from regional_showcase.unchanged_build import skipped

from sitebuild import BIN, copy_project


@pytest.fixture
def runtime(monkeypatch):
    """A runtime folder of this test's own (a short path: a socket's is at most 108 bytes),
    the server switched on, not in CI."""
    folder = Path(tempfile.mkdtemp(prefix="srv-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("SHOWCASE_BUILD_SERVER", "1")
    monkeypatch.delenv("CI", raising=False)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_socket_folder_is_used_only_when_it_is_this_users_own_and_closed(runtime, monkeypatch):
    folder = socket_folder()
    assert folder == runtime / "regional-showcase"
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o750)
    assert socket_folder() is None
    folder.chmod(0o700)
    uid = os.getuid()
    with monkeypatch.context() as other_user:
        other_user.setattr(os, "getuid", lambda: uid + 1)
        assert socket_folder() is None
    folder.rmdir()
    (runtime / "elsewhere").mkdir(mode=0o700)
    folder.symlink_to(runtime / "elsewhere")
    assert socket_folder() is None


def _never(*args, **kwargs):
    raise AssertionError("no server may be asked or started here")


@pytest.mark.parametrize(
    "variable",
    [
        ("CI", "true"),
        ("SHOWCASE_BUILD_SERVER", "0"),
        ("SHOWCASE_BUILD_SERVER", "an"),
        ("group bits", ""),
    ],
)
def test_ci_the_switch_or_an_open_folder_build_in_this_process(runtime, monkeypatch, variable):
    if variable[0] == "group bits":
        socket_folder().chmod(0o770)
    else:
        monkeypatch.setenv(*variable)
    monkeypatch.setattr(build_client, "ask", _never)
    monkeypatch.setattr(build_client, "start_server", _never)
    new, output = runtime / "new", runtime / "output"
    assert build_via_server("pelicanconf.py", new, output, lambda: 3) == 3


@pytest.mark.parametrize("answer", [b"", b'{"stale": true}\n'], ids=["broke-off", "stale"])
def test_a_server_that_breaks_off_or_is_stale_leaves_the_build_to_this_process(
    runtime, tmp_path, monkeypatch, answer
):
    """The client removes what the server left in the fresh folder, builds here, then starts
    a new server."""
    monkeypatch.chdir(tmp_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path(socket_folder(), tmp_path)))
    listener.listen(1)

    def server_that_dies() -> None:
        connection, _ = listener.accept()
        with connection:
            _data, fds, _flags, _address = socket.recv_fds(connection, 1 << 20, 3)
            for fd in fds:
                os.close(fd)
            connection.sendall(answer)

    thread = threading.Thread(target=server_that_dies)
    thread.start()
    new = tmp_path / "output.new-1"
    (new / "half").mkdir(parents=True)
    started = []
    monkeypatch.setattr(build_client, "start_server", lambda *args: started.append(args))
    try:
        status = build_via_server(
            "pelicanconf.py", new, tmp_path / "output", lambda: 0 if new.exists() else 7
        )
    finally:
        thread.join(5)
        listener.close()
    assert status == 7
    assert started == [(socket_folder(), "pelicanconf.py")]


def test_the_build_servers_variables_are_not_in_the_cache_keys():
    """A build with the server switched off keeps what one through it made."""
    base = {"SHOWCASE_WORKERS": "2", "SOURCE_DATE_EPOCH": "1700000000"}
    switched = {**base, "SHOWCASE_BUILD_SERVER": "0", "SHOWCASE_BUILD_SERVER_IDLE": "60"}
    assert environment_key(base) == environment_key(switched)


def test_a_wrong_switch_or_idle_time_is_named_with_what_it_expects():
    """The build then runs in its own process (wanted()), which stops with these lines."""
    with pytest.raises(EnvironmentProblem) as wrong:
        read_environment({"SHOWCASE_BUILD_SERVER": "an", "SHOWCASE_BUILD_SERVER_IDLE": "0"})
    assert wrong.value.problems == [
        "SHOWCASE_BUILD_SERVER='an': erwartet 0 (aus) oder 1 (an)",
        "SHOWCASE_BUILD_SERVER_IDLE='0': erwartet eine ganze Zahl ab 1 (Sekunden ohne Build, "
        "nach denen der Bauprozess endet; leer = 600)",
    ]


def test_the_code_digest_changes_with_any_file_of_the_plugin(tmp_path):
    (tmp_path / "module.py").write_text("A = 1\n")
    (tmp_path / "__pycache__").mkdir()
    before = code_digest(tmp_path)
    (tmp_path / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"compiled")
    assert code_digest(tmp_path) == before
    (tmp_path / "module.py").write_text("A = 2\n")
    assert code_digest(tmp_path) != before


class Held:
    """A builder whose builds go through staff/build.py's build (Pelican stood in for)."""

    def build(self, settings_file: str, new: Path, output: Path) -> int:
        return build.build(settings_file, new, output)

    def idle(self) -> None:
        pass


def request(folder: Path, identity: dict) -> dict:
    build = {"settings": "pelicanconf.py", "new": "output.new-1", "output": "output"}
    return {"identity": identity, "build": build, "cwd": str(folder), "env": dict(os.environ)}


def send(client: socket.socket, message: dict) -> None:
    socket.send_fds(client, [json.dumps(message).encode() + b"\n"], [0, 1, 2])


def test_a_server_of_other_code_answers_stale_and_ends(tmp_path):
    server = BuildServer(tmp_path / "s.sock", Held(), {"code": "old"})
    ours, theirs = socket.socketpair()
    with ours, theirs:
        send(theirs, request(tmp_path, {"code": "new"}))
        assert server.answer(ours) == (False, False)
        assert theirs.recv(100) == b'{"stale": true}\n'


@pytest.mark.parametrize("signalled", [True, False], ids=["sigio", "before-the-swap"])
def test_ctrl_c_in_the_client_leaves_the_output_as_it_was(tmp_path, monkeypatch, signalled):
    """The client closes its side while Pelican runs: the server stops the build (SIGIO), or
    at the latest does not swap, removes the fresh folder and answers 130."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pelicanconf.py").write_text("")
    output, new = tmp_path / "output", tmp_path / "output.new-1"
    output.mkdir()
    (output / "index.html").write_text("alt")
    ours, theirs = socket.socketpair()
    finished = []

    def pelican(settings_file, fresh, *args):
        fresh.mkdir()
        (fresh / "index.html").write_text("neu")
        theirs.shutdown(socket.SHUT_WR)  # Ctrl+C: ask()
        time.sleep(10 if signalled else 0.05)  # SIGIO stops the build here
        finished.append(True)
        return 0

    monkeypatch.setattr(build, "run_pelican", pelican)
    monkeypatch.setattr(search_index, "build_search_index", lambda *a, **k: 0)
    if not signalled:
        monkeypatch.setattr(build_server.ClientWatch, "_heard", lambda *args: None)
    server = BuildServer(tmp_path / "s.sock", Held(), {"code": "x"})
    with ours, theirs:
        send(theirs, request(tmp_path, {"code": "x"}))
        # Answered, then the server ends: the stopped build may have left its state half made.
        assert server.answer(ours) == (False, True)
        assert theirs.recv(100) == b'{"status": 130}\n'
    assert finished == ([] if signalled else [True])
    assert (output / "index.html").read_text() == "alt"
    assert not new.exists()


@pytest.mark.parametrize("status", [0, 1], ids=["built", "failed"])
def test_the_saves_only_the_next_build_reads_wait_for_the_answer(tmp_path, status):
    """deferred_saves.py: the reader cache, the kept texts and the records go to cache/ once
    the client has its answer, in the build's folder and umask; a failed build saves none."""
    server = BuildServer(tmp_path / "s.sock", Held(), {"code": "x"})
    ours, theirs = socket.socketpair()
    saved = []

    def save() -> None:
        try:
            answered = theirs.recv(100, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            answered = b""
        saved.append((answered, os.getcwd(), build_client.current_umask()))

    def run(_server, _build, _still_wanted) -> int:
        later(save)
        return status

    server.run = run
    with ours, theirs:
        send(theirs, {**request(tmp_path, {"code": "x"}), "umask": 0o027})
        assert server.answer(ours) == (True, True)
    answer = f'{{"status": {status}}}\n'.encode()
    assert saved == ([(answer, str(tmp_path), 0o027)] if status == 0 else [])
    assert os.getcwd() != str(tmp_path)


def test_sigterm_while_the_saves_run_ends_the_server_once_they_are_done(tmp_path, monkeypatch):
    """No half-written cache: `make stop` and the idle end wait for the saves anyway (one
    request at a time), SIGTERM too."""
    monkeypatch.chdir(tmp_path)
    server = BuildServer(tmp_path / "s.sock", Held(), {"code": "x"})
    outside: list[int] = []

    def save() -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        Path("gespeichert").write_text("ja")

    server.run = lambda *_args: later(save) or 0
    ours, theirs = socket.socketpair()
    before = signal.signal(signal.SIGTERM, lambda number, _frame: outside.append(number))
    try:
        with ours, theirs:
            send(theirs, request(tmp_path, {"code": "x"}))
            assert server.answer(ours) == (False, True)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert (tmp_path / "gespeichert").read_text() == "ja"
    assert outside == []


@pytest.mark.skipif(sys.platform != "linux", reason="F_SETOWN_EX is Linux's")
def test_the_client_going_away_is_signalled_to_the_building_thread():
    """Not to any thread of the process (F_SETOWN): a build waiting on a lock heard of it only
    when the wait was over (1-2 s at 1,000 posts, against 0.05-0.2 s)."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        signal_this_thread(ours.fileno())
        owner = fcntl.fcntl(ours.fileno(), build_server.F_SETOWN_EX + 1, bytes(8))  # GETOWN_EX
    assert struct.unpack("ii", owner) == (build_server.F_OWNER_TID, threading.get_native_id())


def test_a_client_gone_before_its_build_began_ends_nothing_but_that_build(tmp_path):
    """Ctrl+C while the build waited for the one before it: the server does not build it and
    goes on serving (the interrupt is not the server's own)."""
    server = BuildServer(tmp_path / "s.sock", Held(), {"code": "x"})
    server.run = _never
    ours, theirs = socket.socketpair()
    with ours, theirs:
        send(theirs, request(tmp_path, {"code": "x"}))
        theirs.shutdown(socket.SHUT_WR)
        assert server.answer(ours) == (True, True)
        assert theirs.recv(100) == b'{"status": 130}\n'


ENDS_CHILDREN = """
import os, subprocess, sys
os.setsid()  # a server leads its own process group
helper = subprocess.Popen(["sleep", "30"])
remover = subprocess.Popen(["sleep", "30"], start_new_session=True)
from regional_showcase.staff.build_server import end_children
end_children()
print(helper.wait(timeout=10), remover.poll())
remover.kill()
"""


def test_after_ctrl_c_the_builds_helpers_end_and_the_removers_go_on():
    """A helper of the build left running would keep the client's terminal (or the pipe of
    `make html | tee`) open."""
    done = subprocess.run(
        [sys.executable, "-c", ENDS_CHILDREN], capture_output=True, text=True, timeout=60
    )
    assert done.stdout == f"{-signal.SIGTERM} None\n", done.stderr


def test_the_server_ends_when_idle_or_when_its_socket_is_replaced(runtime, tmp_path):
    path = socket_folder() / "build-test.sock"
    idle = BuildServer(path, Held(), {}, idle=0.05)
    idle.listen()
    assert idle.serve() == 0  # (else it would wait for a client for good)
    assert not path.exists()
    first = BuildServer(path, Held(), {}, idle=3600)
    first.listen()
    second = BuildServer(path, Held(), {}, idle=3600)
    second.listen()
    assert first.serve() == 0  # at once: its socket file is the second's now
    assert path.exists()
    second.close()
    assert not path.exists()


def test_a_build_runs_with_the_clients_environment_time_zone_folder_and_umask(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SHOWCASE_NUR_DER_SERVER", "1")
    here, zone, mask = os.getcwd(), time.tzname, build_client.current_umask()
    client = {**os.environ, "TZ": "America/New_York", "SHOWCASE_NUR_DER_CLIENT": "1"}
    del client["SHOWCASE_NUR_DER_SERVER"]
    with client_environment(client, str(tmp_path), 0o027):
        assert os.environ.get("SHOWCASE_NUR_DER_CLIENT") == "1"
        assert "SHOWCASE_NUR_DER_SERVER" not in os.environ
        assert time.tzname == ("EST", "EDT")
        assert os.getcwd() == str(tmp_path)
        Path("neu.html").write_text("x")
    assert (tmp_path / "neu.html").stat().st_mode & 0o777 == 0o640
    assert "SHOWCASE_NUR_DER_CLIENT" not in os.environ
    assert os.environ["SHOWCASE_NUR_DER_SERVER"] == "1"
    assert (time.tzname, os.getcwd(), build_client.current_umask()) == (zone, here, mask)


def test_a_client_that_says_nothing_does_not_hold_up_the_next(runtime, tmp_path, monkeypatch):
    """One that connected and stopped (Ctrl+Z) before its request: the next client, here
    `showcase build-server stop`, is still answered."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_server, "REQUEST_WAIT", 0.05)
    server = BuildServer(socket_folder() / "build-t.sock", Held(), {}, 3600)
    server.listen()
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(str(server.path))
    stopped: list[int] = []
    stopper = threading.Thread(target=lambda: stopped.extend(build_client.stop_servers(tmp_path)))
    stopper.start()
    try:
        assert server.serve() == 0
    finally:
        stopper.join(10)
        silent.close()
    assert stopped == [os.getpid()]


def test_a_warning_stops_every_build_of_the_process_not_only_the_first(monkeypatch):
    """Pelican logs a message once per process (LimitFilter): without fresh_logging the second
    build's warning was held back, and --fatal warnings let the build through."""
    from pelican.log import FatalLogger

    logger = logging.getLogger("pelican.test_build_server")
    monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.WARNING)
    for _build in range(2):
        fresh_logging()
        with pytest.raises(RuntimeError, match="Warning or error encountered"):
            logger.warning("Vorlage %s fehlt", "x.html")


# ---------- One real server ----------


def server_pid(path: Path) -> int:
    """The pid of the process listening on the socket (SO_PEERCRED)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(path))
        credentials = client.getsockopt(
            socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
        )
    return struct.unpack("3i", credentials)[0]


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.fixture
def served(runtime, tmp_path):
    """A copy of the project whose `make html` may start a server; every server it started
    is ended at the end."""
    project = copy_project(tmp_path / "project")
    pids: list[int] = []
    yield project, pids
    subprocess.run(
        [str(BIN / "showcase"), "build-server", "stop"], cwd=project, capture_output=True
    )
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def make_html(project: Path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(project / "scripts/html")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "BIN": str(BIN), "COLUMNS": "200", "SHOWCASE_WORKERS": "1", **variables},
        stdin=subprocess.DEVNULL,
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def timeless(text: str) -> str:
    return re.sub(r"\d+\.\d+ seconds", "… seconds", text)


@pytest.mark.build
def test_make_html_through_a_real_server_builds_what_its_own_process_builds(served):
    project, pids = served
    here = make_html(project)  # no server yet: this process builds and starts one
    assert here.returncode == 0, here.stdout + here.stderr
    assert here.stderr.endswith(
        "Hinweis: Ein Bauprozess bleibt nach „make html“ 10 Minuten im Hintergrund, damit der "
        "nächste Build schneller ist. Abschalten: SHOWCASE_BUILD_SERVER=0 setzen; beenden: "
        "make stop.\n"
    )
    deadline = time.monotonic() + 30
    while not (found := list(socket_folder().glob("build-*.sock"))):
        assert time.monotonic() < deadline, "no server started"
        time.sleep(0.05)
    (path,) = found
    pid = server_pid(path)
    pids.append(pid)
    built_here = files_of(project / "output")

    # A real build though nothing changed (unchanged_build.py), to compare with.
    served_build = make_html(project, SHOWCASE_SKIP_UNCHANGED="0")
    assert served_build.returncode == 0, served_build.stdout + served_build.stderr
    assert files_of(project / "output") == built_here
    assert server_pid(path) == pid  # not built in the client after all (a new server)
    assert timeless(served_build.stdout) == timeless(here.stdout)
    assert served_build.stderr == here.stderr.replace(build_client.notice(600) + "\n", "")
    # Again: the server says nothing changed and leaves output/ as it is.
    folder = (project / "output").stat().st_ino
    unchanged = make_html(project)
    assert (unchanged.returncode, unchanged.stderr) == (0, "")
    assert unchanged.stdout == skipped(Path("output")) + "\n"
    assert (project / "output").stat().st_ino == folder and server_pid(path) == pid

    post = next((project / "content/news").rglob("*.md"))
    post.write_text(post.read_text("utf-8").replace("\n\n", "\n\nServer-Satz. ", 1), "utf-8")
    edited = make_html(project)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert server_pid(path) == pid
    pages = [p for p in (project / "output").rglob("*.html") if b"Server-Satz." in p.read_bytes()]
    assert pages

    stop = subprocess.run(
        [str(BIN / "showcase"), "build-server", "stop"], cwd=project, capture_output=True, text=True
    )
    assert stop.stdout == f"Bauprozess im Hintergrund beendet (PID {pid}).\n"


LEAN_CLIENT = """
import sys
from pathlib import Path
from regional_showcase.staff import build_client
build_client.ask = lambda path, request: 0  # a server that answers at once
status = build_client.main(["pelicanconf.py", "output.new-1", "output"])
known = {"argparse", "typing", "pelican", "jinja2", "dataclasses", "subprocess", "shutil"}
heavy = sorted(known & set(sys.modules))
print(status, heavy)
"""


def test_make_htmls_client_hands_the_build_over_without_the_commands_imports(runtime, tmp_path):
    """scripts/html's client (staff/build_client.py): no argparse (the `showcase` command's
    parser), no typing, no Pelican, not the server's subprocess and shutil; dataclasses only
    for environment.py's variables."""
    done = subprocess.run(
        [sys.executable, "-c", LEAN_CLIENT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == "0 ['dataclasses']\n", done.stderr


def test_the_client_without_its_three_arguments_says_how_scripts_html_calls_it(capsys):
    from regional_showcase.staff.build_client import main

    assert main(["pelicanconf.py"]) == 2
    assert capsys.readouterr().err == (
        "Aufruf: python -m regional_showcase.staff.build_client EINSTELLUNGEN NEU AUSGABE "
        "(so ruft scripts/html ihn auf: pelicanconf.py output.new-<pid> output)\n"
    )


# A stand-in for the client: makes the fresh folder and a copy beside it, then exits.
FAKE_CLIENT = '#!/bin/bash\n{mkdir} "${{@: -2:1}}" "${{@: -2:1}}-1"\nexit "$STATUS"\n'


@pytest.mark.parametrize("status", [0, 3])
def test_scripts_html_starts_no_process_but_the_client_unless_it_must_remove(tmp_path, status):
    """Bash's own word operations instead of dirname, mkdir and rm, each a process of its
    own: with nothing left behind, nothing but the client is on PATH. A client that failed
    and left its fresh folders: they are removed (rm on PATH), its status kept."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "scripts/html", project / "scripts")
    tools = tmp_path / "bin"
    tools.mkdir()
    client = FAKE_CLIENT.format(mkdir=shutil.which("mkdir")) if status else "#!/bin/bash\n"
    (tools / "python").write_text(client)
    (tools / "python").chmod(0o755)
    if status:
        (tools / "rm").symlink_to(shutil.which("rm"))
    bash = shutil.which("bash")
    env = {"PATH": str(tools), "BIN": str(tools), "OUTPUT": "site", "STATUS": str(status)}
    done = subprocess.run([bash, "scripts/html"], cwd=project, env=env, capture_output=True)
    assert (done.returncode, done.stderr) == (status, b"")
    assert sorted(p.name for p in project.iterdir()) == ["scripts"]


def test_stop_without_a_server_says_so(runtime, tmp_path, monkeypatch, capsys):
    from regional_showcase.staff.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["build-server", "stop"]) == 0
    assert capsys.readouterr().out == "Es lief kein Bauprozess im Hintergrund.\n"


def test_make_stop_without_the_virtual_environment_says_the_same(tmp_path):
    """On a fresh clone (no showcase in BIN) make stop says what `showcase build-server stop`
    says when no server runs, and succeeds."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES"}
    }
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "stop", f"BIN={tmp_path}"],
        cwd=root,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stdout) == (0, "Es lief kein Bauprozess im Hintergrund.\n")


# A server that takes the build and then does nothing: it sleeps, or stops itself (SIGSTOP).
HANGING_SERVER = """
import os, signal, socket, sys, time
from pathlib import Path
path, new, how = sys.argv[1:]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(1)
print("bereit", flush=True)
connection, _ = listener.accept()
socket.recv_fds(connection, 1 << 20, 3)
(Path(new) / "halb").mkdir(parents=True)  # a build half done
if how == "stopped":
    os.kill(os.getpid(), signal.SIGSTOP)
time.sleep(600)
"""


@pytest.mark.parametrize("how", ["still", "stopped"])
def test_a_server_that_hangs_is_ended_and_the_build_runs_here(
    runtime, tmp_path, monkeypatch, capsys, how
):
    """The client looks at the server's processes while it waits: stopped (SIGSTOP) or using
    no CPU time for long, the server is ended (SIGTERM, SIGCONT), its half-built folder
    removed, and the build runs in the client's process, which says so in German."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_client, "LOOK_EVERY", 0.02)
    monkeypatch.setattr(build_client, "STOPPED_FOR", 0.1)
    monkeypatch.setattr(build_client, "STILL_FOR", 0.15 if how == "still" else 60)
    started = []
    monkeypatch.setattr(build_client, "start_server", lambda *args: started.append(args))
    new = tmp_path / "output.new-1"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HANGING_SERVER,
            str(socket_path(socket_folder(), tmp_path)),
            str(new),
            how,
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout.readline() == "bereit\n"
        result: list[int] = []
        client = threading.Thread(
            target=lambda: result.append(
                build_via_server(
                    "pelicanconf.py", new, tmp_path / "output", lambda: 7 if new.exists() else 0
                )
            ),
            daemon=True,  # without the watch it waits for good
        )
        client.start()
        client.join(20)
        assert result == [0]
        assert server.wait(5) == -signal.SIGTERM
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert started == [(socket_folder(), "pelicanconf.py")]
    why = {
        "stopped": "er ist seit 0.1 Sekunden angehalten",
        "still": "er hat seit 0.15 Sekunden nicht gerechnet",
    }[how]
    assert capsys.readouterr().err == (
        f"Der Bauprozess im Hintergrund (PID {server.pid}) hängt: {why}. Er wird beendet, und "
        "dieser Build läuft in einem eigenen Prozess. (Ohne Bauprozess im Hintergrund: "
        "SHOWCASE_BUILD_SERVER=0 setzen.)\n"
    )


NICED_CLIENT = """
import json, os, sys
from regional_showcase.staff.build_client import identity
os.nice(5)
print(json.dumps(identity("pelicanconf.py")))
"""


def test_a_server_of_another_nice_level_is_stale(tmp_path):
    """A server started by `nice make html` would build a later plain `make html` at its low
    priority (and a process cannot raise its own priority again): it answers stale and ends,
    the client builds itself and starts a server of its own level."""
    here = build_client.identity("pelicanconf.py")
    done = subprocess.run(
        [sys.executable, "-c", NICED_CLIENT], capture_output=True, text=True, timeout=60
    )
    niced = json.loads(done.stdout)
    assert niced["nice"] == min(19, here["nice"] + 5)
    assert {**niced, "nice": here["nice"]} == here  # nothing else differs
    server = BuildServer(tmp_path / "s.sock", Held(), here)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        send(theirs, request(tmp_path, niced))
        assert server.answer(ours) == (False, False)
        assert theirs.recv(100) == b'{"stale": true}\n'


def test_a_server_that_takes_no_connection_does_not_hold_up_the_client(
    runtime, tmp_path, monkeypatch
):
    """Its queue full (a server stopped while clients kept coming): connect() waited for
    good; now the build runs in the client's process after HAND_OVER_WAIT."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_client, "HAND_OVER_WAIT", 0.1)
    monkeypatch.setattr(build_client, "start_server", lambda *args: None)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path(socket_folder(), tmp_path)))
    listener.listen(0)
    waiting = []
    for _ in range(3):  # the queue filled (a blocking connect waits from here on)
        other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        other.setblocking(False)
        with suppress(BlockingIOError):
            other.connect(str(socket_path(socket_folder(), tmp_path)))
        waiting.append(other)
    result: list[int] = []
    new = tmp_path / "output.new-1"
    client = threading.Thread(
        target=lambda: result.append(build_via_server("pelicanconf.py", new, tmp_path, lambda: 0)),
        daemon=True,
    )
    try:
        client.start()
        client.join(10)
    finally:
        listener.close()
        for other in waiting:
            other.close()
    assert result == [0]


def test_make_stop_ends_a_server_of_this_project_that_hangs(runtime, tmp_path, monkeypatch):
    """It never answers `stop`: it was left running, and `make stop` said no server ran."""
    monkeypatch.setattr(build_client, "LOOK_EVERY", 0.02)
    monkeypatch.setattr(build_client, "STOPPED_FOR", 0.1)
    path = socket_path(socket_folder(), tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-c", HANGING_SERVER, str(path), str(tmp_path / "new"), "stopped"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout.readline() == "bereit\n"
        assert build_client.stop_servers(tmp_path / "elsewhere") == []  # not this project's
        assert server.poll() is None
        assert build_client.stop_servers(tmp_path) == [server.pid]
        assert server.wait(5) == -signal.SIGTERM
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
