"""`make cms`: the one way to decap-server, for the preview's editor page and its paths only.

decap-server has no authentication and writes any file of the checkout its JSON names, and
the preview runs pelicanconf.py on the next build: a request from a foreign page (DNS
rebinding, or a cross-site form) would run code on the editor's computer. So decap-server
listens on a port of 127.0.0.1 nobody is told about, and this proxy takes the port the
editor's configuration names (`--proxy-port`, 8081). It passes a request on only when
- it is POST /api/v1, what Decap sends (the browser's preflight OPTIONS is answered here),
- `Host` is the proxy's own (local_access.py: a rebound foreign name is refused),
- `Origin` is the preview's, the page the editor runs in (not another site's page, and not
  the preview of another checkout on another port),
- every path in its JSON body lies under content/ or data/ (pelicanconf.py, the plugin's
  code, `..` and absolute paths are refused), the folders the editor's collections name,
- and, for a write, once the rules of `make check` pass on the project as the write would
  leave it (entry_check.py): a refused save is answered 422 with every problem, a save with
  warnings 409 until the editor sends them back confirmed (`bestaetigt`). The page shows
  them at the fields (cms/static/showcase-check.js); the browser cannot get past this.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..preview.memo import PreviewMemo
from .entry_check import WRITING_ACTIONS, UnreadableRequest, Verdict, check_entry, planned_files
from .local_access import host_allowed, malformed, own_hosts, own_origins

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

API = "/api/v1"
# The folders the editor writes (cms/config.py: content/… and data/regions.yaml).
EDITABLE = ("content", "data")
# decap-server's own limit for a request (express.json): pictures come base64 in the body.
MAX_BODY = 50 * 1024 * 1024
# The keys of decap-server's API that hold a path (decap-server/src/middlewares/joi): folder,
# path, newPath, mediaFolder and paths, at any depth (entry, dataFiles, assets, asset, files).
PATH_KEYS = frozenset({"folder", "path", "newPath", "mediaFolder", "paths"})


class Refused(Exception):
    """A request the proxy does not pass on; the message says why, in German."""

    def __init__(self, status: int, message: str, check: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.check = check  # the rules' problems of a refused write (entry_check.Verdict)


def paths_in(value: Any) -> list[Any]:
    """Every value under a path key of a decap-server request body, at any depth."""
    found: list[Any] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in PATH_KEYS:
                found.extend(inner if key == "paths" and isinstance(inner, list) else [inner])
            else:
                found.extend(paths_in(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(paths_in(inner))
    return found


def editable(repo: Path, path: Any) -> bool:
    """Whether `path` (as decap-server gets it, relative to the checkout) is in content/ or
    data/, also once symbolic links are followed."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return False
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return False
    if pure.parts[0] not in EDITABLE:
        return False
    target = (repo / pure).resolve()
    return target.is_relative_to((repo / pure.parts[0]).resolve())


def check_body(repo: Path, body: bytes) -> dict[str, Any]:
    """The request, once it is a JSON object whose paths are all editable; else Refused."""
    try:
        request = json.loads(body)
    except ValueError:
        raise Refused(400, "Die Anfrage ist kein JSON.") from None
    if not isinstance(request, dict):
        raise Refused(400, "Die Anfrage ist kein JSON-Objekt.")
    for path in paths_in(request.get("params")):
        if not editable(repo, path):
            raise Refused(
                403,
                f"Der Web-Editor darf nur Dateien in content/ und data/ lesen und schreiben, "
                f"nicht {json.dumps(path, ensure_ascii=False)}.",
            )
    return request


class EntryRules:
    """The rules of `make check` for the checkout of `settings_file`, read at the first write
    (reading the settings runs pelicanconf.py) and kept."""

    def __init__(self, repo: Path, settings_file: Path):
        self.repo, self.settings_file = repo, settings_file
        self._settings: ShowcaseSettings | None = None
        self._lock = threading.Lock()
        self._memo = PreviewMemo()  # the project's findings as on disk, while it stays so

    def _read_settings(self) -> ShowcaseSettings:
        if self._settings is None:
            from pelican.settings import read_settings

            from ..settings import apply_defaults

            self._settings = apply_defaults(read_settings(str(self.settings_file)))
        return self._settings

    def refusal(self, request: dict[str, Any]) -> Refused | None:
        """Why this write may not reach decap-server, or None."""
        if request.get("action") not in WRITING_ACTIONS:
            return None
        try:
            files = planned_files(self.repo, request)
        except UnreadableRequest as error:
            return Refused(400, str(error))
        except (KeyError, TypeError, AttributeError):
            return Refused(400, "Die Anfrage des Web-Editors ist unvollständig.")
        try:
            with self._lock:  # one check at a time: they share the memo
                verdict = check_entry(self._read_settings(), files, self._memo)
        except Exception as error:  # whatever breaks: nothing unchecked is written
            return Refused(500, check_failed(error))
        if verdict.errors:
            return Refused(422, verdict.summary(self.repo), verdict.as_json(self.repo))
        confirmed = request.get("bestaetigt")
        if verdict.warnings and not _confirmed(verdict, self.repo, confirmed):
            return Refused(409, verdict.summary(self.repo), verdict.as_json(self.repo))
        return None


def check_failed(error: Exception) -> str:
    """Why nothing was written when the check itself broke (a setting, a bug): in German."""
    return (
        f"Nicht gespeichert: die Prüfung vor dem Speichern ist abgebrochen "
        f"({type(error).__name__}: {error}). Führen Sie „make check“ im Terminal aus; "
        "die Ausgabe nennt die Ursache."
    )


def _confirmed(verdict: Verdict, repo: Path, confirmed: Any) -> bool:
    """Whether the editor confirmed every one of these warnings (their texts, as shown)."""
    shown = {warning["text"] for warning in verdict.as_json(repo)["warnungen"]}
    return isinstance(confirmed, list) and shown <= {str(text) for text in confirmed}


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    """Checks a request and passes it on to decap-server; answers errors as JSON."""

    repo: Path
    hosts: frozenset[str]
    origins: frozenset[str]
    upstream: int  # decap-server's port on 127.0.0.1
    rules: EntryRules | None  # None: paths are guarded, the content is not checked

    def do_OPTIONS(self) -> None:
        try:
            origin = self._checked()
        except Refused as refused:
            self._error(refused)
            return
        # The preflight of Decap's JSON POST from the preview's origin.
        self.send_response(204)
        self._cors(origin)
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        origin = None
        try:
            origin = self._checked()
            body = self._body()
            request = check_body(self.repo, body)
            refused = self.rules.refusal(request) if self.rules else None
            if refused:
                raise refused
        except Refused as refused:
            # Once the page is the editor's, it may read why (Decap shows the message).
            self._error(refused, origin)
            return
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=120)
            connection.request(
                "POST", API, body, headers={"Content-Type": "application/json; charset=utf-8"}
            )
            answer = connection.getresponse()
            data = answer.read()
            kind = answer.getheader("Content-Type", "application/json; charset=utf-8")
            connection.close()
        except OSError:
            self._error(Refused(502, "decap-server antwortet nicht: starten Sie „make cms“ neu."))
            return
        self.send_response(answer.status)
        self._cors(origin)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._error(Refused(405, "Der Web-Editor spricht nur per POST mit decap-server."))

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _checked(self) -> str:
        """The request's Origin, once the path, Host and Origin are the editor's."""
        if malformed(self.path) or self.path != API:
            raise Refused(404, f"Hier gibt es nur {API}.")
        if not host_allowed(self.headers.get("Host"), self.hosts):
            raise Refused(400, "Unbekannter Host: nur localhost, 127.0.0.1 und [::1].")
        origin = (self.headers.get("Origin") or "").strip().lower()
        if origin not in self.origins:
            raise Refused(403, "Nur der Web-Editor dieser Vorschau darf decap-server benutzen.")
        return origin

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise Refused(411, "Die Länge der Anfrage fehlt.") from None
        if not 0 <= length <= MAX_BODY:
            raise Refused(413, "Die Anfrage ist zu groß (höchstens 50 MB).")
        return self.rfile.read(length)

    def _cors(self, origin: str) -> None:
        self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")

    def _error(self, refused: Refused, origin: str | None = None) -> None:
        answer: dict[str, Any] = {"error": str(refused)}
        if refused.check is not None:
            answer["pruefung"] = refused.check
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(refused.status)
        if origin:  # the editor's page may read the problems (CORS)
            self._cors(origin)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        pass


def make_proxy(
    repo: Path,
    port: int,
    *,
    upstream: int,
    editor_port: int,
    settings_file: Path | None = None,
) -> http.server.ThreadingHTTPServer:
    """The proxy on 127.0.0.1:`port` (0: a free one), for the editor served on `editor_port`;
    raises OSError when the port is taken. With `settings_file` (`make cms` passes it) every
    write must pass the rules of `make check` first."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), None)
    attributes = {
        "repo": Path(repo).resolve(),
        "hosts": own_hosts(server.server_address[1]),
        "origins": own_origins(editor_port),
        "upstream": upstream,
        "rules": EntryRules(Path(repo).resolve(), Path(settings_file)) if settings_file else None,
    }
    server.RequestHandlerClass = type("Handler", (ProxyHandler,), attributes)
    return server


def start_proxy(
    repo: Path,
    port: int,
    *,
    upstream: int,
    editor_port: int,
    settings_file: Path | None = None,
) -> http.server.ThreadingHTTPServer:
    """make_proxy, serving in a thread of its own until shutdown()."""
    server = make_proxy(
        repo, port, upstream=upstream, editor_port=editor_port, settings_file=settings_file
    )
    # shutdown() waits for one poll: Ctrl+C ends `make cms` without a pause.
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server
