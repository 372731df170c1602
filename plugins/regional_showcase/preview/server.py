"""The preview's web server: the output folder, plus what only the preview has under /_vorschau/.

- `status.json`: the state of the last build (its number, whether it worked, its problems);
  `status.json?seit=N` answers once a build after build N has finished (or after
  WAIT_SECONDS), so the page learns of a finished build at once instead of at its next poll,
- `preview.js`: asks for that status again and again, reloads the page after each good build
  and shows a failed build's problems over the page (a file of the site's own origin, so the
  pages' CSP `script-src 'self'` allows it; no inline script),
- `preview.css`: the styles of that overlay and of the draft / scheduled banners.

Nothing of this is in the output folder, so no publish build can ship it.

It answers only its owner (local_access.py): requests under its own names (`Host`), never a
folder listing, a 400 for a target no browser sends, and with LAN=1 other machines only with
the access token of this start (`?zugang=…` in the printed address and its QR code).

The token is kept in a cookie of the preview's LAN origin: the stylesheets, pictures and
scripts a page loads cannot carry a query parameter, and a path prefix would break the site's
root-relative links. The cookie is the preview server's, never the site's (no page or
publish build sets one): it lives only as long as the browser session, is HttpOnly, and is
worth nothing after the next start, which makes a new token.
"""

from __future__ import annotations

import functools
import hmac
import html
import http.server
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from ..staff.local_access import host_allowed, is_loopback, malformed, own_hosts

PREFIX = "/_vorschau/"
ASSETS = Path(__file__).with_name("assets")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
TOKEN_PARAMETER = "zugang"
# How long `status.json?seit=N` waits for the next build before it answers anyway (within the
# browsers' and proxies' patience for an answer).
WAIT_SECONDS = 20.0
TOKEN_COOKIE = "vorschau_zugang"
# What the preview says instead of http.server's English error pages.
ERRORS = {
    400: (
        "Ungültige Anfrage",
        "Diese Adresse kann die Vorschau nicht beantworten. Öffnen Sie die Vorschau unter "
        "der Adresse, die „make serve“ im Terminal ausgibt.",
    ),
    403: (
        "Kein Zugang zur Vorschau",
        "Die Vorschau zeigt auch Entwürfe und ist im Netzwerk nur mit dem Zugangslink zu "
        "sehen. Öffnen Sie die Adresse, die „make serve LAN=1“ im Terminal ausgibt (sie endet "
        "auf ?zugang=…), oder scannen Sie dort den QR-Code. Nach jedem Neustart der Vorschau "
        "gilt ein neuer Link.",
    ),
    404: ("Seite nicht gefunden", "Diese Seite gibt es in der Vorschau nicht."),
}
_ERROR_PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Vorschau</title></head>
<body><h1>{title}</h1><p>{text}</p></body>
</html>
"""


def new_token() -> str:
    """A token for one start of the preview: 128 random bits, fit for a URL."""
    return secrets.token_urlsafe(16)


@dataclass
class BuildStatus:
    """What the browser needs to know about the builds, shared by the builder and the server."""

    build: int = 0  # every finished build, good or not
    good: int = 0  # the last good build: pages change only then
    ok: bool = True
    building: bool = False  # true while a build writes the output folder (started())
    problems: list[str] = field(default_factory=list)
    lock: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def started(self) -> None:
        with self.lock:
            self.building = True

    def finished(self, ok: bool, problems: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.good = self.build if ok else self.good
            self.ok, self.problems, self.building = ok, list(problems), False
            self.lock.notify_all()

    def wait_after(self, build: int, timeout: float) -> None:
        """Return once a build after `build` has finished, or after `timeout` seconds."""
        with self.lock:
            self.lock.wait_for(lambda: self.build != build, timeout)

    def wait_idle(self, timeout: float) -> None:
        """Return once no build is writing the output folder, or after `timeout` seconds."""
        with self.lock:
            self.lock.wait_for(lambda: not self.building, timeout)

    def as_json(self) -> bytes:
        with self.lock:
            state = {
                "vorschau": True,
                "build": self.build,
                "good": self.good,
                "ok": self.ok,
                "building": self.building,
                "problems": self.problems,
            }
        return json.dumps(state, ensure_ascii=False).encode("utf-8")


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; answers /_vorschau/ itself. Quiet: the terminal is for builds."""

    status: BuildStatus
    hosts: frozenset[str]  # the Host values it answers (local_access.own_hosts)
    token: str | None = None  # with LAN=1: what a request from another machine must carry

    def do_GET(self) -> None:
        if not self._admitted():
            return
        path, _, query = self.path.partition("?")
        if path.startswith(PREFIX):
            self._preview_file(path.removeprefix(PREFIX), query)
        else:
            # The preview builds into the folder it serves, and Pelican writes a page in
            # place: read during a build, a page can come out cut off (0 of 41,140 bytes).
            self.status.wait_idle(WAIT_SECONDS)
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._admitted():
            self.status.wait_idle(WAIT_SECONDS)
            super().do_HEAD()

    def _admitted(self) -> bool:
        """Answer only well-formed requests under the preview's own names, and from another
        machine only with this start's token (which a first visit turns into the cookie)."""
        if malformed(self.path) or not host_allowed(self.headers.get("Host"), self.hosts):
            self.send_error(400)
            return False
        if self.token is None or is_loopback(self.client_address[0]):
            return True
        path, _, query = self.path.partition("?")
        pairs = parse_qsl(query, keep_blank_values=True)
        given = [value for name, value in pairs if name == TOKEN_PARAMETER]
        if given and hmac.compare_digest(given[-1].encode(), self.token.encode()):
            # The same address without the token: it stays out of the address bar.
            rest = urlencode([(name, value) for name, value in pairs if name != TOKEN_PARAMETER])
            self.send_response(303)
            self.send_header("Location", path + (f"?{rest}" if rest else ""))
            self.send_header(
                "Set-Cookie", f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Lax"
            )
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        cookie = SimpleCookie()
        try:
            cookie.load(self.headers.get("Cookie", ""))
        except Exception:  # a cookie header it cannot read is no token
            cookie = SimpleCookie()
        held = cookie.get(TOKEN_COOKIE)
        if held is not None and hmac.compare_digest(held.value.encode(), self.token.encode()):
            return True
        self.send_error(403)
        return False

    def list_directory(self, path):
        # A folder without index.html is no page of the site: no listing of what is in it.
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """http.server's error answer, in German, for a person reading it in the browser."""
        if code not in ERRORS:
            super().send_error(code, message, explain)
            return
        title, text = ERRORS[code]
        body = _ERROR_PAGE.format(title=title, text=html.escape(text, quote=False)).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if getattr(self, "command", None) != "HEAD":
            self.wfile.write(body)

    def _preview_file(self, name: str, query: str = "") -> None:
        if name == "status.json":
            seen = dict(parse_qsl(query)).get("seit", "")
            if seen.isdigit():
                self.status.wait_after(int(seen), WAIT_SECONDS)
            body, kind = self.status.as_json(), "application/json; charset=utf-8"
        elif name in ("preview.js", "preview.css"):
            body, kind = (ASSETS / name).read_bytes(), _TYPES[Path(name).suffix]
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # Pages change with every build; the browser must never show an old one.
        if not getattr(self, "path", "").startswith(PREFIX):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


def make_server(
    host: str,
    port: int,
    output: str,
    status: BuildStatus,
    *,
    lan_address: str | None = None,
    token: str | None = None,
):
    """A threading HTTP server for the preview; raises OSError when the port is taken.

    It answers under localhost, 127.0.0.1 and [::1] with its port, and under `lan_address`;
    with a `token`, other machines need it. Port 0 picks a free port (for tests)."""
    server = http.server.ThreadingHTTPServer((host, port), None)
    port = server.server_address[1]
    names = [lan_address] if lan_address else []
    attributes = {"status": status, "hosts": own_hosts(port, names), "token": token}
    handler = type("Handler", (PreviewHandler,), attributes)
    server.RequestHandlerClass = functools.partial(handler, directory=output)
    return server
