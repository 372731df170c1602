"""The preview's web server: the output folder, plus what only the preview has under /_vorschau/.

- `status.json`: the state of the last build (its number, whether it worked, its problems),
- `preview.js`: polls that status, reloads the page after each good build and shows a failed
  build's problems over the page (a file of the site's own origin, so the pages' CSP
  `script-src 'self'` allows it; no inline script),
- `preview.css`: the styles of that overlay and of the draft / scheduled banners.

Nothing of this is in the output folder, so no publish build can ship it.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "/_vorschau/"
ASSETS = Path(__file__).with_name("preview_assets")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass
class BuildStatus:
    """What the browser needs to know about the builds, shared by the builder and the server."""

    build: int = 0  # every finished build, good or not
    good: int = 0  # the last good build: pages change only then
    ok: bool = True
    building: bool = True
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def started(self) -> None:
        with self.lock:
            self.building = True

    def finished(self, ok: bool, problems: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.good = self.build if ok else self.good
            self.ok, self.problems, self.building = ok, list(problems), False

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

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith(PREFIX):
            self._preview_file(path.removeprefix(PREFIX))
        else:
            super().do_GET()

    def _preview_file(self, name: str) -> None:
        if name == "status.json":
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
        if not self.path.startswith(PREFIX):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


def make_server(host: str, port: int, output: str, status: BuildStatus):
    """A threading HTTP server for the preview; raises OSError when the port is taken."""
    handler = functools.partial(
        type("Handler", (PreviewHandler,), {"status": status}), directory=output
    )
    return http.server.ThreadingHTTPServer((host, port), handler)
