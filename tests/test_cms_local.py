"""`make cms`: decap-server beside the preview, and Ctrl+C leaves nothing running.

The preview itself is tested elsewhere (test_serve*.py); here it is replaced by a stand-in
that waits until decap-server answers and then returns as the preview does after Ctrl+C.
decap-server is the real one (node), so this is marked browser; no site is built.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request

import pytest

from regional_showcase.staff import cms
from regional_showcase.staff.cms import PID_VARIABLE, run_cms

from sitebuild import ROOT, free_port

pytestmark = pytest.mark.browser


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def decap_answers(proxy_port: int, editor_port: int) -> bool:
    """Whether decap-server answers the editor's first question through its proxy."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy_port}/api/v1",
        data=b'{"action": "info"}',
        headers={"Content-Type": "application/json", "Origin": f"http://localhost:{editor_port}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.loads(response.read())["type"] == "local_fs"
    except (OSError, ValueError):
        return False


def test_ctrl_c_stops_the_preview_and_decap_server_and_leaves_nothing(
    tmp_path, monkeypatch, capsys
):
    repo = tmp_path / "site"
    repo.mkdir()
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    (repo / "pelicanconf.py").write_text("", encoding="utf-8")
    proxy_port = free_port()
    seen = {}

    def preview_until_ctrl_c(settings_file, *, port, output, overrides):
        seen["pid"] = int(os.environ[PID_VARIABLE])
        deadline = time.monotonic() + 30
        while not decap_answers(proxy_port, port) and time.monotonic() < deadline:
            time.sleep(0.1)
        seen["answered"] = decap_answers(proxy_port, port)
        return 0  # what serve() returns after Ctrl+C

    monkeypatch.setattr(cms, "serve", preview_until_ctrl_c)
    monkeypatch.delenv(PID_VARIABLE, raising=False)
    sigterm = signal.getsignal(signal.SIGTERM)
    assert run_cms(str(repo / "pelicanconf.py"), port=8000, proxy_port=proxy_port, output="o") == 0

    assert seen["answered"], "decap-server did not answer through its proxy"
    with pytest.raises(ProcessLookupError):  # the whole process group is gone
        os.killpg(seen["pid"], 0)
    assert not answers(proxy_port)
    assert PID_VARIABLE not in os.environ
    assert signal.getsignal(signal.SIGTERM) is sigterm
    out, _ = capsys.readouterr()
    assert out == "Redaktion: http://localhost:8000/admin/  (Strg+C beendet beides)\n"
