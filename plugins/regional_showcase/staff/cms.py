"""`make cms`: decap-server and the live preview together; Ctrl+C stops both.

decap-server (npm, pinned in package.json) lets the editor at http://localhost:8000/admin/
write straight into this checkout. It has no authentication, so it listens on a free port
of 127.0.0.1 that only the proxy in front of it knows (cms_proxy.py: the preview's editor
page only, paths in content/ and data/ only); the proxy takes `--proxy-port`, and the
preview writes that port into admin/config.yml. decap-server runs in its own process group,
so that stopping it also stops anything it started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from ..environment import EnvironmentProblem, read_environment
from .cms_proxy import start_proxy
from .serve import serve

SERVER_SCRIPT = Path("node_modules/decap-server/dist/index.js")
# The preview restarts itself (exec) when the plugin's code changes; the proxy keeps running
# and the restarted process finds it here instead of starting a second one.
PID_VARIABLE = "SHOWCASE_DECAP_SERVER_PID"
PORT_VARIABLE = "SHOWCASE_DECAP_SERVER_PORT"


def start_decap_server(
    repo: Path, port: int, *, mode: str = "fs", log: IO | None = None
) -> subprocess.Popen:
    """Start decap-server for `repo` on 127.0.0.1:`port` in a process group of its own.

    mode "fs" writes straight into the working tree; "git" commits, and keeps the editorial
    workflow's drafts on branches (cms/<collection>/<slug>). It never reads the terminal
    (stdin is /dev/null), so it cannot hold up or steal input from whoever started it.
    """
    script = repo / SERVER_SCRIPT
    if not script.is_file():
        raise FileNotFoundError(
            f"{script} fehlt: führen Sie 'make html' aus (installiert npm-Pakete)"
        )
    env = {
        **os.environ,
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": mode,
        "LOG_LEVEL": "warn",
    }
    return subprocess.Popen(
        ["node", str(script)],
        cwd=repo,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
        start_new_session=True,
    )


def stop_process_group(pid: int, grace: float = 5.0) -> None:
    """Stop a process group started by start_decap_server; SIGKILL if SIGTERM is not enough.

    Returns within about `grace` seconds whatever the process does, and reaps the leader.
    """
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if _reaped(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and not _reaped(pid):
        time.sleep(0.05)


def _reaped(pid: int) -> bool:
    """True once `pid` has ended (and is reaped, if it is our child)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == pid
    except ChildProcessError:  # not our child (after the preview restarted itself)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def free_port() -> int:
    """A port of 127.0.0.1 free right now, for decap-server behind the proxy."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_cms(settings_file: str, *, port: int, proxy_port: int, output: str) -> int:
    """Run the preview with decap-server behind its proxy until Ctrl+C; leave nothing running."""
    repo = Path(settings_file).resolve().parent
    try:
        handed_on = read_environment()
    except EnvironmentProblem as problem:
        print(f"{problem}\nDer Web-Editor wurde nicht gestartet.", file=sys.stderr, flush=True)
        return 1
    pid, upstream = handed_on.decap_server_pid, handed_on.decap_server_port
    if not pid or not upstream:
        upstream = free_port()
        pid = start_decap_server(repo, upstream).pid
        os.environ[PID_VARIABLE], os.environ[PORT_VARIABLE] = str(pid), str(upstream)
    try:
        proxy = start_proxy(
            repo,
            proxy_port,
            upstream=upstream,
            editor_port=port,
            settings_file=Path(settings_file).resolve(),
        )
    except OSError:
        stop_process_group(pid)
        _forget()
        print(
            f"Port {proxy_port} ist schon belegt, vielleicht vom Web-Editor eines anderen "
            f"Ordners. Starten Sie ihn auf einem anderen Port, z. B.: "
            f"make cms PROXY_PORT={proxy_port + 1}",
            file=sys.stderr,
            flush=True,
        )
        return 1
    print(f"Redaktion: http://localhost:{port}/admin/  (Strg+C beendet beides)", flush=True)
    # SIGTERM (an IDE's stop button, `kill`) ends the preview as Ctrl+C does.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        # The editor's configuration names the proxy's port (admin/config.yml, its CSP).
        overrides = {"SHOWCASE_CMS_PROXY_PORT": proxy_port}
        return serve(settings_file, port=port, output=output, overrides=overrides)
    finally:
        proxy.shutdown()
        proxy.server_close()
        stop_process_group(pid)
        _forget()
        signal.signal(signal.SIGTERM, previous)


def _forget() -> None:
    os.environ.pop(PID_VARIABLE, None)
    os.environ.pop(PORT_VARIABLE, None)
