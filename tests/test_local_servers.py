"""The local servers answer only their owner: the preview (make serve) and the proxy in front
of decap-server (make cms). Each server runs in this process on a free port of 127.0.0.1 and
gets raw requests, as a foreign page (DNS rebinding, another site, another checkout) or a
broken client would send them. No site is built, no node runs."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import os
import socket
import subprocess
import threading
import time
from typing import ClassVar

import pytest
from pelican.settings import read_settings

from regional_showcase.cms.admin import content_security_policy
from regional_showcase.cms.editor import editor_config
from regional_showcase.data.loader import load_site_data
from regional_showcase.markup import render_markdown
from regional_showcase.preview import server as preview_server
from regional_showcase.preview.manifest import remove_unwritten_pages
from regional_showcase.preview.server import ERRORS, BuildStatus, make_server, new_token
from regional_showcase.settings import showcase_settings
from regional_showcase.staff import cms
from regional_showcase.staff.cms_proxy import make_proxy
from regional_showcase.staff.lan import lan_url
from regional_showcase.staff.local_access import is_loopback, malformed
from regional_showcase.staff.serve import PreviewBuilder

from sitebuild import ROOT, free_port

TOKEN = "Zugang-123_abc"
EDITOR_PORT = 8000  # where the editor page is served: the proxy takes requests from there


def ask(port: int, target: str, *, host: str | None = None, method: str = "GET", **headers):
    """Send one raw request (bytes as given: NUL, foreign Host) and read the answer."""
    lines = [f"{method} {target} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {host}")
    body = headers.pop("body", b"")
    if body or method == "POST":
        headers["Content-Length"] = str(len(body))
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        answer = http.client.HTTPResponse(connection, method=method)
        answer.begin()
        return answer.status, answer.headers, answer.read().decode("utf-8")


@contextlib.contextmanager
def serving(server):
    # A short poll: shutdown() waits for it, once per test.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def output(tmp_path):
    (tmp_path / "index.html").write_text("<p>Startseite</p>", encoding="utf-8")
    (tmp_path / "aktuelles").mkdir()
    (tmp_path / "aktuelles/index.html").write_text("<p>Aktuelles</p>", encoding="utf-8")
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder/geheim-entwurf.jpg").write_bytes(b"jpg")
    return tmp_path


@pytest.fixture
def preview(output):
    with serving(make_server("127.0.0.1", 0, str(output), BuildStatus())) as port:
        yield port


@pytest.fixture
def lan_preview(output, monkeypatch):
    """The preview with LAN=1, every request seen as one from another machine."""
    monkeypatch.setattr(preview_server, "is_loopback", lambda address: False)
    server = make_server(
        "127.0.0.1", 0, str(output), BuildStatus(), lan_address="192.0.2.7", token=TOKEN
    )
    with serving(server) as port:
        yield port


def test_the_preview_answers_only_under_its_own_names(preview):
    for name in ("localhost", "127.0.0.1", "[::1]", "LOCALHOST"):
        status, _, body = ask(preview, "/", host=f"{name}:{preview}")
        assert (status, body) == (200, "<p>Startseite</p>"), name
    # A rebound foreign name, another port, the LAN address without LAN=1, no Host at all.
    for host in ("evil.example", f"evil.example:{preview}", "localhost:1", f"192.0.2.7:{preview}"):
        status, _, body = ask(preview, "/", host=host)
        assert status == 400, host
        assert "<h1>Ungültige Anfrage</h1>" in body
    assert ask(preview, "/")[0] == 400


def test_a_folder_without_index_is_not_listed(preview):
    status, headers, body = ask(preview, "/bilder/", host=f"localhost:{preview}")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "geheim-entwurf" not in body
    assert "<h1>Seite nicht gefunden</h1><p>Diese Seite gibt es in der Vorschau nicht.</p>" in body
    assert ask(preview, "/aktuelles/", host=f"localhost:{preview}")[:3:2] == (
        200,
        "<p>Aktuelles</p>",
    )


@pytest.mark.parametrize(
    "target",
    [
        "/\x00",
        "/index.html%00.jpg",
        "/%ff",
        "/%ED%A0%80",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a\\b",
        "x",
    ],
)
def test_a_malformed_target_is_a_400_without_a_traceback(preview, target, capfd):
    status, _, body = ask(preview, target, host=f"localhost:{preview}")
    assert status == 400
    assert ERRORS[400][1] in body
    assert ask(preview, "/", host=f"localhost:{preview}")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


def test_malformed_targets_by_rule():
    assert not malformed("/aktuelles/2024/gruesse/?q=a%20b")
    assert not malformed("/bilder/gr%C3%BC%C3%9Fe.jpg")
    for target in ("/%0a", "/%7f", "*", "http://evil.example/", "/../x", "/a/%2E%2E/b"):
        assert malformed(target), target


def test_loopback_is_this_computer_only():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("127.0.1.1")
    assert not is_loopback("192.168.178.20") and not is_loopback("")


def test_with_lan_another_machine_needs_the_token(lan_preview):
    host = f"192.0.2.7:{lan_preview}"
    for target, cookie in (("/", None), (f"/?zugang={TOKEN}x", None), ("/", "vorschau_zugang=x")):
        extra = {"Cookie": cookie} if cookie else {}
        status, _, body = ask(lan_preview, target, host=host, **extra)
        assert status == 403, (target, cookie)
        assert (
            "<h1>Kein Zugang zur Vorschau</h1><p>Die Vorschau zeigt auch Entwürfe und ist im "
            "Netzwerk nur mit dem Zugangslink zu sehen. Öffnen Sie die Adresse, die „make serve "
            "LAN=1“ im Terminal ausgibt (sie endet auf ?zugang=…), oder scannen Sie dort den "
            "QR-Code. Nach jedem Neustart der Vorschau gilt ein neuer Link.</p>"
        ) in body
    # The link from the terminal: the token becomes a session cookie of the preview's origin,
    # and the address loses it.
    status, headers, _ = ask(lan_preview, f"/aktuelles/?zugang={TOKEN}&seite=2", host=host)
    assert status == 303
    assert headers["Location"] == "/aktuelles/?seite=2"
    assert headers["Set-Cookie"] == f"vorschau_zugang={TOKEN}; Path=/; HttpOnly; SameSite=Lax"
    status, _, body = ask(lan_preview, "/aktuelles/", host=host, Cookie=f"vorschau_zugang={TOKEN}")
    assert (status, body) == (200, "<p>Aktuelles</p>")
    # Its own LAN address is one of its names now; a foreign one is still not.
    assert ask(lan_preview, "/", host=f"evil.example:{lan_preview}")[0] == 400


def test_with_lan_this_computer_needs_no_token(output):
    server = make_server("127.0.0.1", 0, str(output), BuildStatus(), token=TOKEN)
    with serving(server) as port:
        assert ask(port, "/", host=f"localhost:{port}")[0] == 200


class Upstream(http.server.BaseHTTPRequestHandler):
    """A stand-in for decap-server: remembers what reached it and says ok."""

    seen: ClassVar[list] = []

    def do_POST(self) -> None:
        self.seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", "11")
        self.end_headers()
        self.wfile.write(b'{"ok":true}')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy(tmp_path):
    """The proxy before the stand-in, for a checkout with content/, data/ and a link out."""
    repo = tmp_path / "site"
    (repo / "content/news").mkdir(parents=True)
    (repo / "data").mkdir()
    (repo / "content/news/hinaus").symlink_to(repo)
    Upstream.seen = []
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    with serving(upstream) as upstream_port:
        server = make_proxy(repo, 0, upstream=upstream_port, editor_port=EDITOR_PORT)
        with serving(server) as port:
            yield port


def persist(path: str) -> bytes:
    """The editor's save of one post (what Decap sends, shortened)."""
    entry = {"slug": "x", "path": path, "raw": "---\ntitle: X\n---\n"}
    params = {"branch": "main", "dataFiles": [entry], "assets": [], "options": {}}
    return json.dumps({"action": "persistEntry", "params": params}).encode()


def post(port: int, body: bytes, *, host: str | None = None, origin: str | None = None):
    headers = {"Content-Type": "application/json", "body": body}
    if origin is not None:
        headers["Origin"] = origin
    return ask(port, "/api/v1", host=host or f"localhost:{port}", method="POST", **headers)


def test_the_proxy_passes_on_the_editors_requests(proxy):
    origin = f"http://localhost:{EDITOR_PORT}"
    for path in ("content/news/2024-05-01-neu.md", "data/regions.yaml"):
        status, headers, body = post(proxy, persist(path), origin=origin)
        assert (status, body) == (200, '{"ok":true}')
        assert headers["Access-Control-Allow-Origin"] == origin  # not decap-server's "*"
    status, headers, _ = ask(
        proxy, "/api/v1", host=f"127.0.0.1:{proxy}", method="OPTIONS", Origin=origin
    )
    assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
    assert [seen["params"]["dataFiles"][0]["path"] for seen in Upstream.seen] == [
        "content/news/2024-05-01-neu.md",
        "data/regions.yaml",
    ]


def test_the_proxy_refuses_foreign_pages_and_names(proxy):
    good = persist("content/news/2024-05-01-neu.md")
    refused = [
        # DNS rebinding: the page's own name in Host.
        post(proxy, good, host=f"evil.example:{proxy}", origin=f"http://evil.example:{proxy}"),
        # Another site's page, another checkout's preview (another port), no page at all.
        post(proxy, good, origin="https://evil.example"),
        post(proxy, good, origin=f"http://localhost:{EDITOR_PORT + 1}"),
        post(proxy, good),
    ]
    assert [status for status, _, _ in refused] == [400, 403, 403, 403]
    assert json.loads(refused[1][2]) == {
        "error": "Nur der Web-Editor dieser Vorschau darf decap-server benutzen."
    }
    assert ask(proxy, "/api/v1", host=f"localhost:{proxy}")[0] == 405
    assert ask(proxy, "/", host=f"localhost:{proxy}", method="POST")[0] == 404
    assert Upstream.seen == []


@pytest.mark.parametrize(
    "path",
    [
        "pelicanconf.py",
        "plugins/regional_showcase/__init__.py",
        "../anderer-ordner/content/x.md",
        "content/../pelicanconf.py",
        "/etc/passwd",
        "content/news/hinaus/pelicanconf.py",  # a symbolic link out of content/
        "content\\..\\pelicanconf.py",
        "",
    ],
)
def test_the_proxy_refuses_paths_outside_content_and_data(proxy, path):
    status, _, body = post(proxy, persist(path), origin=f"http://127.0.0.1:{EDITOR_PORT}")
    assert status == 403
    assert json.loads(body) == {
        "error": "Der Web-Editor darf nur Dateien in content/ und data/ lesen und schreiben, "
        f"nicht {json.dumps(path, ensure_ascii=False)}."
    }
    assert Upstream.seen == []


def test_every_path_of_a_request_is_checked(proxy):
    origin = f"http://localhost:{EDITOR_PORT}"
    for params in (
        {"branch": "main", "paths": ["content/a.md", "pelicanconf.py"], "options": {}},
        {"branch": "main", "asset": {"path": "../x.jpg", "content": "", "encoding": "base64"}},
        {"branch": "main", "folder": "plugins", "extension": "py", "depth": 1},
        {"branch": "main", "mediaFolder": "/home"},
        {"branch": "main", "files": [{"path": "publishconf.py"}]},
    ):
        body = json.dumps({"action": "x", "params": params}).encode()
        assert post(proxy, body, origin=origin)[0] == 403, params
    assert Upstream.seen == []


def test_the_proxy_port_reaches_the_editors_configuration():
    builder = PreviewBuilder(
        str(ROOT / "pelicanconf.py"), "out", overrides={"SHOWCASE_CMS_PROXY_PORT": 9123}
    )
    settings = showcase_settings(
        read_settings(str(ROOT / "pelicanconf.py"), override=builder.settings_override())
    )
    config = editor_config(
        settings, load_site_data(ROOT / "data/regions.yaml", render=render_markdown)
    )
    assert config["local_backend"] == {"url": "http://localhost:9123/api/v1"}
    assert "connect-src 'self' blob: http://localhost:9123 http://127.0.0.1:9123;" in (
        content_security_policy(config)
    )


def test_make_cms_puts_the_proxy_on_its_port_and_tells_the_preview(tmp_path, monkeypatch):
    """run_cms with a stand-in for decap-server (a sleeping process) and for the preview."""
    started = []

    def sleeper(repo, port, **kwargs):
        started.append(port)
        return subprocess.Popen(["sleep", "60"], start_new_session=True)

    proxy_port, seen = free_port(), {}

    def preview(settings_file, *, port, output, overrides):
        seen["overrides"] = overrides
        seen["foreign"] = post(proxy_port, b"{}", origin="https://evil.example")[0]
        seen["editor"] = post(proxy_port, b"{}", origin=f"http://localhost:{port}")[0]
        return 0

    monkeypatch.setattr(cms, "start_decap_server", sleeper)
    monkeypatch.setattr(cms, "serve", preview)
    monkeypatch.delenv(cms.PID_VARIABLE, raising=False)
    monkeypatch.delenv(cms.PORT_VARIABLE, raising=False)
    settings_file = str(tmp_path / "pelicanconf.py")
    assert cms.run_cms(settings_file, port=8000, proxy_port=proxy_port, output="o") == 0
    assert seen == {
        "overrides": {"SHOWCASE_CMS_PROXY_PORT": proxy_port},
        "foreign": 403,
        "editor": 502,  # passed on, but the stand-in answers nothing
    }
    assert started != [proxy_port]  # decap-server on a port of its own
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", proxy_port), timeout=1).close()
    assert cms.PID_VARIABLE not in os.environ


def test_after_a_preview_build_only_pages_it_did_not_write_are_removed(tmp_path):
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    started = time.time_ns()
    hour_ago = time.time() - 3600
    files = {
        "aktuelles/2024/behalten/index.html": hour_ago,  # kept: not rendered again, listed
        "impressum.html": hour_ago,  # kept at the top, listed
        "aktuelles/2020/geloescht/index.html": hour_ago,  # left by `make html`, post deleted
        "feeds/alt.xml": hour_ago,
        "sitemap.xml": None,  # written by this build, though not by Pelican's Writer
        "bilder/alt.jpg": hour_ago,  # copied only when missing: its age says nothing
    }
    for name, when in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
        if when:
            os.utime(path, (when, when))
    assert remove_unwritten_pages(out, manifest, started) == []  # no manifest: nothing known
    kept = ["aktuelles/2024/behalten/index.html", "impressum.html"]
    manifest.write_text(json.dumps({"written": kept}))
    removed = remove_unwritten_pages(out, manifest, started)
    assert removed == ["aktuelles/2020/geloescht/index.html", "feeds/alt.xml"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "aktuelles/2024/behalten/index.html",
        "bilder/alt.jpg",
        "impressum.html",
        "sitemap.xml",
    ]
    assert not (out / "aktuelles/2020").exists() and not (out / "feeds").exists()


def test_the_printed_lan_address_opens_the_preview(lan_preview):
    url = lan_url("192.0.2.7", lan_preview, TOKEN)
    assert url == f"http://192.0.2.7:{lan_preview}/?zugang={TOKEN}"
    status, headers, _ = ask(
        lan_preview, url.split(str(lan_preview), 1)[1], host=url[7:].split("/")[0]
    )
    assert (status, headers["Location"]) == (303, "/")
    tokens = {new_token() for _ in range(3)}
    assert len(tokens) == 3 and all(len(token) >= 22 for token in tokens)


def test_a_taken_proxy_port_is_a_message_and_stops_decap_server(tmp_path, monkeypatch, capsys):
    processes = []

    def sleeper(repo, port, **kwargs):
        processes.append(subprocess.Popen(["sleep", "60"], start_new_session=True))
        return processes[-1]

    monkeypatch.setattr(cms, "start_decap_server", sleeper)
    monkeypatch.delenv(cms.PID_VARIABLE, raising=False)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert (
            cms.run_cms(str(tmp_path / "pelicanconf.py"), port=8000, proxy_port=port, output="o")
            == 1
        )
    assert processes[0].poll() is not None  # decap-server is stopped again
    assert cms.PID_VARIABLE not in os.environ
    assert capsys.readouterr() == (
        "",
        f"Port {port} ist schon belegt, vielleicht vom Web-Editor eines anderen Ordners. "
        f"Starten Sie ihn auf einem anderen Port, z. B.: make cms PROXY_PORT={port + 1}\n",
    )


def test_a_page_asked_for_while_a_build_writes_it_is_served_once_the_build_is_done(output):
    """The preview builds into the folder it serves, and Pelican writes a page in place: read
    in the middle of that, the page came out cut off."""
    status = BuildStatus()
    page = output / "index.html"
    with serving(make_server("127.0.0.1", 0, str(output), status)) as port:
        host = f"localhost:{port}"
        status.started()
        answers: list = []
        asking = threading.Thread(target=lambda: answers.append(ask(port, "/", host=host)))
        asking.start()
        page.write_text("", encoding="utf-8")  # the build has opened the page to write it
        time.sleep(0.2)
        assert answers == []  # not served from the half-written folder
        page.write_text("<p>neu gebaut</p>", encoding="utf-8")
        status.finished(True, [])
        asking.join(timeout=3)
        (answer,) = answers
        assert answer[0] == 200 and "neu gebaut" in answer[2]


def test_the_preview_answers_a_waiting_status_request_when_the_next_build_is_done(output):
    """preview.js asks `status.json?seit=N`: the answer comes once build N+1 has finished,
    so the page reloads at once instead of at its next poll."""
    status = BuildStatus()
    with serving(make_server("127.0.0.1", 0, str(output), status)) as port:
        host = f"localhost:{port}"
        assert json.loads(ask(port, "/_vorschau/status.json", host=host)[2])["build"] == 0
        answers: list = []
        waiting = threading.Thread(
            target=lambda: answers.append(ask(port, "/_vorschau/status.json?seit=0", host=host))
        )
        waiting.start()
        time.sleep(0.1)
        assert answers == []  # no build finished yet: it waits
        status.finished(True, [])
        waiting.join(timeout=3)
        (answer,) = answers
        assert json.loads(answer[2])["good"] == 1
        # A build it has not seen yet: answered at once.
        started = time.monotonic()
        assert json.loads(ask(port, "/_vorschau/status.json?seit=0", host=host)[2])["build"] == 1
        assert time.monotonic() - started < preview_server.WAIT_SECONDS / 2
