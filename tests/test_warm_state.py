"""What a long-lived build process (the build server's WarmBuilder) keeps between builds must
never make its output differ from a fresh process's: state of Pelican, of other plugins and
of the process that lives on from one build to the next (issue 25, R6)."""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

import pytest
from conftest import TEMPLATE_CACHE_ENV
from test_warm_build import Warm

from regional_showcase.staff import build_client, build_server

from sitebuild import copy_project

# A plugin that leaves a file in the output.
PLUGIN = """
from pathlib import Path
from pelican import signals

def mark(pelican):
    Path(pelican.output_path, {name!r}).write_text({text!r})

def register():
    signals.finalized.connect(mark)
"""


# Each build's environment as the builder's process sets it (test_warm_build.DRIVER), and
# what these builds add to it: serial, as sitebuild.run_build builds (these rules are the
# process's state, not its workers'; test_parallel.py compares builds with workers), and the
# run's shared compiled templates and their reads (conftest.TEMPLATE_CACHE_ENV), as every
# build in a process of its own has them. About 1.5 of the module's 11 s of CPU.
AS_ASKED = 'os.environ.update(asked["env"])'
SERIAL = {"SHOWCASE_WORKERS": "1"}
if TEMPLATE_CACHE_ENV in os.environ:
    SERIAL[TEMPLATE_CACHE_ENV] = os.environ[TEMPLATE_CACHE_ENV]


class SerialWarm(Warm):
    driver = Warm.driver.replace(AS_ASKED, f"{AS_ASKED}; os.environ.update({SERIAL!r})")


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    assert AS_ASKED in Warm.driver, "the builder's process sets each build's environment so"
    folder = copy_project(tmp_path_factory.mktemp("warm-state"))
    builder = SerialWarm(folder)
    yield builder
    builder.close()


def with_plugins(project: Path, *names: str) -> None:
    settings = project / "pelicanconf.py"
    text = settings.read_text("utf-8").split("\n# More plugins\n")[0]
    settings.write_text(text + f"\n# More plugins\nPLUGINS = {['regional_showcase', *names]!r}\n")


@pytest.mark.build
def test_a_plugin_the_settings_no_longer_name_or_whose_code_changed_is_not_run(warm):
    """Pelican imports a plugin once per process (sys.modules), and the receivers its
    register() connects stay connected to Pelican's signals: a fresh process runs the
    plugins the settings name now, with their code as it is now. One plugin of the project
    (plugins/), edited; one whose module stays imported (in the showcase plugin's folder, as
    an installed plugin's would), no longer named."""
    project = warm.project
    beside = project / "plugins/mark_beside.py"
    beside.write_text(PLUGIN.format(name="beside.txt", text="eins"), "utf-8")
    inside = project / "plugins/regional_showcase/mark_inside.py"
    inside.write_text(PLUGIN.format(name="inside.txt", text="drin"), "utf-8")
    with_plugins(project, "mark_beside", "regional_showcase.mark_inside")
    warm.good_build()
    assert (project / "site/beside.txt").read_text() == "eins"
    assert (project / "site/inside.txt").read_text() == "drin"
    beside.write_text(PLUGIN.format(name="beside.txt", text="zwei"), "utf-8")
    with_plugins(project, "mark_beside")
    warm.good_build()
    assert (project / "site/beside.txt").read_text() == "zwei", "the plugin's code as it is now"
    assert not (project / "site/inside.txt").exists(), "a plugin the settings no longer name"


@pytest.mark.parametrize("asking", ["build", "stop"])
def test_the_client_hands_nothing_to_a_socket_of_another_user(tmp_path, monkeypatch, asking):
    """SO_PEERCRED on the client's side: the build's environment and terminal (and make
    stop's project path) go only to a server of this user, whatever the socket folder turned
    into after its checks."""
    path = tmp_path / "build-x.sock"
    received = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        listener.listen(1)

        def serve() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.settimeout(2)
                with suppress(OSError):
                    received.append(connection.recv(65536))

        thread = threading.Thread(target=serve)
        thread.start()
        monkeypatch.setattr(build_client, "peer_uid", lambda _connection: os.getuid() + 1)
        if asking == "build":
            assert build_client.ask(path, {"env": {"TOKEN": "geheim"}}) is None
        else:
            monkeypatch.setattr(build_client, "socket_folder", lambda: tmp_path)
            assert build_client.stop_servers(tmp_path) == []
        thread.join(5)
    assert received == [b""], "nothing sent"


@pytest.mark.build
def test_after_cache_is_removed_a_build_writes_the_kept_post_texts_again(warm):
    """`rm -rf cache` while the server lives: its next build leaves in cache/ what a fresh
    process's build leaves (the kept post texts, which it holds in memory unchanged), so the
    next build in a fresh process does not render every post's texts again."""
    warm.good_build()
    shutil.rmtree(warm.project / "cache")
    warm.good_build()
    assert (warm.project / "cache/showcase/kept-post-texts.json").is_file()


DROPS_A_HELPER = """
import subprocess, time
from pathlib import Path
from regional_showcase.staff.build_server import reap_helpers

def zombies():
    me = str(__import__("os").getpid())
    found = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = stat.read_text().rsplit(") ", 1)[1].split()
        found += fields[1] == me and fields[0] == "Z"
    return found

subprocess.Popen(["sleep", "0.1"])  # dropped while it runs, as output_swap's remover
time.sleep(0.3)
before = zombies()
reap_helpers()
print(before, zombies())
"""


@pytest.mark.build  # processes of their own: not in make test-fast
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="/proc tells the children")
def test_between_builds_the_server_reaps_the_helpers_a_build_left(tmp_path):
    """An idle server keeps no zombie of the old output's remover."""
    done = subprocess.run(
        [sys.executable, "-c", DROPS_A_HELPER], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["1", "0"]


@pytest.mark.parametrize(
    "wrong",
    [
        {"env": "PATH=/bin"},
        {"env": {"PATH": 1}},
        {"env": {"A=B": "c"}},
        {"cwd": "relativ"},
        {"cwd": None},
        {"umask": "022"},
        {"build": {"settings": "pelicanconf.py", "new": 1, "output": "output"}},
    ],
)
def test_a_request_that_is_not_well_formed_is_not_built_and_the_server_goes_on(tmp_path, wrong):
    """A wrong type raised inside the build's terminal and environment and ended the server."""
    server = build_server.BuildServer(tmp_path / "s.sock", None, {"code": "x"})
    build = {"settings": "pelicanconf.py", "new": "output.new-1", "output": "output"}
    asked = {"identity": {"code": "x"}, "build": build, "cwd": str(tmp_path), "env": {}}
    ours, theirs = socket.socketpair()
    with ours, theirs:
        socket.send_fds(theirs, [json.dumps({**asked, **wrong}).encode() + b"\n"], [0, 1, 2])
        assert server.answer(ours) == (True, False)


def test_a_request_longer_than_the_largest_is_not_read(tmp_path):
    """At most LARGEST_REQUEST bytes (docs/sicherheit.md: 1 MiB), newline included: a stop
    request one byte longer is not heard."""
    server = build_server.BuildServer(tmp_path / "s.sock", None, {"code": "x"})
    start = json.dumps({"stop": server.root, "pad": ""})
    pad = "x" * (build_client.LARGEST_REQUEST - len(start))
    request = json.dumps({"stop": server.root, "pad": pad}).encode() + b"\n"
    assert len(request) == build_client.LARGEST_REQUEST + 1
    ours, theirs = socket.socketpair()
    with ours, theirs:

        def send() -> None:
            with suppress(OSError):
                theirs.sendall(request)

        sending = threading.Thread(target=send)
        sending.start()
        assert server.answer(ours) == (True, False)
        ours.close()
        sending.join()


def test_a_log_filter_the_settings_no_longer_name_holds_back_no_warning(monkeypatch):
    """Pelican adds each build's LOG_FILTER to LimitFilter for the process: a fresh process
    with the filter taken out of the settings stops at the warning (--fatal warnings), and
    so does the server's next build."""
    from pelican.log import FatalLogger, LimitFilter
    from pelican.settings import read_settings

    monkeypatch.setattr(LimitFilter, "_ignore", set())
    logger = logging.getLogger("pelican.test_warm_state")

    def build(log_filter: list) -> None:
        build_server.fresh_logging()  # as the server does before a build reads its settings
        read_settings(override={"LOG_FILTER": log_filter})
        monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.WARNING)
        logger.warning("Bild %s ohne Alt-Text", "a.jpg")
        monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.CRITICAL + 1)

    build([(logging.WARNING, "Bild %s ohne Alt-Text")])  # held back
    with pytest.raises(RuntimeError, match="Warning or error encountered"):
        build([])


IDENTITY = (
    "import json; from regional_showcase.staff.build_client import identity; "
    "print(json.dumps(identity('pelicanconf.py')))"
)


@pytest.mark.build  # processes of their own: not in make test-fast
def test_a_server_started_with_other_interpreter_options_is_stale():
    """The server was started with its first client's environment; a later client's
    PYTHONOPTIMIZE or PYTHONIOENCODING changes nothing in a running interpreter, but what a
    fresh process builds (schema.json's descriptions are docstrings) and prints."""

    def identity(**variables) -> dict:
        unset = ("PYTHONOPTIMIZE", "PYTHONIOENCODING")
        environment = {name: value for name, value in os.environ.items() if name not in unset}
        command = [sys.executable, "-c", IDENTITY]
        done = subprocess.run(
            command, env={**environment, **variables}, capture_output=True, check=True
        )
        return json.loads(done.stdout)

    base = identity()
    assert identity() == base
    assert identity(PYTHONOPTIMIZE="2") != base
    assert identity(PYTHONIOENCODING="latin-1") != base


def test_make_serve_keeps_no_receiver_a_build_connected(monkeypatch):
    """make serve's builds too: each build's plugins connect their receivers anew."""
    from pelican import signals

    from regional_showcase.staff import serve

    def mark(_pelican) -> None:  # a plugin's receiver, connected by its register()
        pass

    def run(_pelican) -> None:
        signals.finalized.connect(mark)
        raise RuntimeError("kaputt")

    monkeypatch.setattr(serve, "read_settings", lambda *args, **kwargs: {})
    monkeypatch.setattr(serve.Pelican, "__init__", lambda self, settings: None)
    monkeypatch.setattr(serve.Pelican, "run", run)
    monkeypatch.setattr(serve.KeptBuilds, "idle", lambda self: None)
    try:
        assert not serve.PreviewBuilder("pelicanconf.py", "output").build()
        assert id(mark) not in signals.finalized.receivers  # blinker keys a function by id
    finally:
        signals.finalized.disconnect(mark)
        gc.enable()  # off until idle(), which this test leaves out


def test_a_build_interrupted_with_its_client_still_there_ends_the_server(tmp_path):
    """SIGINT sent to the server itself stops its build mid-way (staff/build.py answers
    130) as the client's Ctrl+C does: the server answers, then ends, its state maybe half
    made."""

    def interrupted(*_args) -> int:
        from regional_showcase.staff.build import build_command

        def stopped(*_args) -> int:
            raise KeyboardInterrupt

        return build_command("pelicanconf.py", tmp_path / "new", tmp_path / "output", stopped)

    server = build_server.BuildServer(tmp_path / "s.sock", None, {"code": "x"}, run=interrupted)
    build = {"settings": "pelicanconf.py", "new": "output.new-1", "output": "output"}
    asked = {"identity": {"code": "x"}, "build": build, "cwd": str(tmp_path), "env": {}}
    ours, theirs = socket.socketpair()
    with ours, theirs:
        socket.send_fds(theirs, [json.dumps(asked).encode() + b"\n"], [0, 1, 2])
        assert server.answer(ours) == (False, True)
        assert theirs.recv(100) == b'{"status": 130}\n'
