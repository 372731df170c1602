"""Starting the preview: a second start says where the preview runs, a port taken by another
program is explained, and `--lan` prints the address with a QR code. No build runs here."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import urllib.request

import pytest

from regional_showcase.preview.server import BuildStatus, make_server
from regional_showcase.staff.lan import lan_address, print_lan_address
from regional_showcase.staff.serve import serve


@pytest.fixture
def running(tmp_path):
    """The preview's web server on a free port, as a first `make serve` leaves it."""
    status = BuildStatus()
    status.finished(False, ["content/news/a.md:4: Regions: unbekannte Region 'allgau'"])
    server = make_server("127.0.0.1", 0, str(tmp_path), status)
    # serve_forever's default 0.5 s poll made shutdown() below wait half a second per test.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_second_start_says_the_preview_is_already_running_and_where(running, capsys):
    assert serve("pelicanconf.py", port=running, output="output") == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        f"Die Vorschau läuft schon: http://localhost:{running}/ – öffnen Sie diese Adresse im "
        "Browser. Beenden mit Strg+C in dem Fenster, in dem sie läuft.\n",
        "",
    )


def test_a_port_taken_by_another_program_is_a_message_not_a_traceback(capsys):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]

        def hang_up() -> None:  # another program: it takes the connection and closes it
            with contextlib.suppress(OSError):
                connection, _ = other.accept()
                connection.close()

        threading.Thread(target=hang_up, daemon=True).start()
        assert serve("pelicanconf.py", port=port, output="output") == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        f"Port {port} ist schon von einem anderen Programm belegt. Starten Sie die Vorschau "
        f"auf einem anderen Port, z. B.: make serve PORT={port + 1}\n",
    )


def test_the_status_and_the_script_come_from_the_preview_itself(running):
    base = f"http://127.0.0.1:{running}/_vorschau/"
    with urllib.request.urlopen(base + "status.json") as response:
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert json.loads(response.read()) == {
            "vorschau": True,
            "build": 1,
            "good": 0,
            "ok": False,
            "building": False,
            "problems": ["content/news/a.md:4: Regions: unbekannte Region 'allgau'"],
        }
    with urllib.request.urlopen(base + "preview.js") as response:
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert b"/_vorschau/status.json" in response.read()


def test_lan_prints_the_address_and_a_qr_code():
    out = io.StringIO()
    print_lan_address("http://192.168.178.20:8000/", out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "Im Netzwerk (z. B. auf dem Handy): http://192.168.178.20:8000/",
        "QR-Code mit der Handykamera scannen:",
    ]
    code = lines[2:]
    # A version-3 QR code (29 modules) with a 2-module border, two rows per text line.
    assert len(code) == 17 and {len(line) for line in code} == {33}
    assert set("".join(code)) <= {"█", "▀", "▄", " "}


def test_the_lan_address_is_never_loopback():
    address = lan_address()
    assert address is None or not address.startswith("127.")
