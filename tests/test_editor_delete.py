"""Deleting a published post in the web editor, followed to the page staff chose (issue 22).

The way `make cms` goes, without a browser: the requests Decap's page sends (its proxy
backend: getEntry, persistEntry, deleteFiles), with the page's Origin and Host, to the Python
proxy (staff/cms_proxy.py, the rules of `make check` before every write) in front of the real
decap-server (node), which writes into a copy of the project. Then the redirect as the build
reads it from the file the editor wrote. What a build makes of such a redirect (the page at
the old address, _redirects, .htaccess) test_redirects.py's
test_deleted_pages_lead_to_the_chosen_page_and_without_a_redirect_the_check_refuses shows,
for the same post; a publish build here cost 3 of this test's 4.6 s of CPU.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from pathlib import Path

import pytest
from test_local_servers import EDITOR_PORT, post, serving

from regional_showcase.data.redirects import load_redirects
from regional_showcase.staff.cms import start_decap_server, stop_process_group
from regional_showcase.staff.cms_proxy import make_proxy

from sitebuild import ROOT, copy_project, free_port

# decap-server is node, an external tool: never in `make test-fast`.
pytestmark = pytest.mark.browser

OLD = "/aktuelles/2021/online-umfrage/"
POST = "content/news/2021-03-01-online-umfrage.md"
# The page the staffer picks: another post, not the overview the check suggests.
CHOSEN = "/aktuelles/2022/praxisleitfaden-fertig/"
REDIRECTS = "data/weiterleitungen.yaml"
ORIGIN = f"http://localhost:{EDITOR_PORT}"
BRANCH = "main"  # what Decap's proxy backend sends (config.backend.branch); fs mode ignores it


class Editor:
    """Decap's proxy backend (decap-cms-backend-proxy) as the page in the browser speaks it."""

    def __init__(self, port: int):
        self.port = port

    def send(self, action: str, params: dict) -> tuple[int, dict]:
        body = json.dumps({"branch": BRANCH, "action": action, "params": params}).encode()
        status, headers, answer = post(self.port, body, origin=ORIGIN)
        # The page may read every answer, a refusal too (Decap shows its `error`).
        assert headers["Access-Control-Allow-Origin"] == ORIGIN
        return status, json.loads(answer)

    def ready(self) -> bool:
        """Whether decap-server answers the editor's first question (502 until it listens)."""
        body = json.dumps({"branch": BRANCH, "action": "info", "params": {}}).encode()
        status, _, answer = post(self.port, body, origin=ORIGIN)
        return status == 200 and json.loads(answer)["type"] == "local_fs"

    def read(self, path: str) -> str:
        status, answer = self.send("getEntry", {"branch": BRANCH, "path": path})
        assert status == 200, answer
        return answer["data"]

    def save(self, collection: str, slug: str, path: str, raw: str) -> tuple[int, dict]:
        file = {"path": path, "slug": slug, "raw": raw}
        options = {
            "newEntry": False,
            "commitMessage": f"Update {collection} “{slug}”",
            "collectionName": collection,
            "useWorkflow": False,
            "unpublished": False,
            "status": "draft",
        }
        params = {"branch": BRANCH, "dataFiles": [file], "assets": [], "options": options}
        return self.send("persistEntry", params)

    def delete(self, path: str) -> tuple[int, dict]:
        options = {"commitMessage": f"Delete news “{Path(path).stem}”"}
        return self.send("deleteFiles", {"branch": BRANCH, "paths": [path], "options": options})


def editor_yaml(text: str, data: dict) -> str:
    """The file the editor's writer (cms/static/showcase-yaml.js, the format of the
    „Weiterleitungen“ collection) makes of the form's data and the text it read."""
    result = subprocess.run(
        ["node", str(ROOT / "tests/node/yaml_patch.js")],
        input=json.dumps({"text": text, "data": [data]}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (patched,) = json.loads(result.stdout)["patched"]
    assert patched is not None, "the editor would write the whole file anew"
    return patched


@contextlib.contextmanager
def editor_backend(project: Path, log: Path):
    """decap-server on a free port behind the proxy with the rules, as `make cms` starts them."""
    upstream = free_port()
    with log.open("w") as output:
        decap = start_decap_server(project, upstream, log=output)
    try:
        proxy = make_proxy(
            project,
            0,
            upstream=upstream,
            editor_port=EDITOR_PORT,
            settings_file=project / "pelicanconf.py",
        )
        with serving(proxy) as port:
            editor = Editor(port)
            deadline = time.monotonic() + 30
            while not editor.ready():
                assert time.monotonic() < deadline, log.read_text("utf-8")
                time.sleep(0.05)
            yield editor
    finally:
        stop_process_group(decap.pid)


def test_a_published_post_deleted_in_the_editor_leads_to_the_chosen_page(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    # `make cms` runs in the checkout: messages name files relative to it.
    monkeypatch.chdir(project)
    with editor_backend(project, tmp_path / "decap-server.log") as editor:
        # 1. Deleted without a redirect: refused, with the entry to paste.
        status, answer = editor.delete(POST)
        assert status == 422
        assert answer["error"] == (
            "Nicht gespeichert: die Prüfung („make check“) fand ein Problem: "
            f"data/adressen.txt:{ledger_line(project)}: {OLD}: diese Adresse war online "
            f"({POST}) und wäre es nach diesem Stand nicht mehr: Links in Newslettern, auf "
            "Facebook und in Suchmaschinen führten ins Leere. Tragen Sie in "
            f"data/weiterleitungen.yaml unter 'redirects:' ein: '  - {{from: {OLD}, to: "
            "/aktuelles/}' (oder 'removed: true' statt 'to: …', wenn die Seite entfernt "
            "bleiben soll)"
        )
        assert (project / POST).is_file()

        # 2. „Weiterleitungen“: one entry, to the page the staffer picks.
        before = editor.read(REDIRECTS)
        raw = editor_yaml(before, {"redirects": [{"from": OLD, "to": CHOSEN}]})
        assert editor.save("redirects", "redirects", REDIRECTS, raw)[0] == 200
        assert (project / REDIRECTS).read_text("utf-8") == raw

        # 3. Deleted again: now it may go.
        status, answer = editor.delete(POST)
        assert status == 200, answer
        assert not (project / POST).exists()

    # 4. The redirect as the build reads the file: from the old address to the chosen page.
    redirects = load_redirects(project / REDIRECTS, {CHOSEN})
    assert redirects.problems == ()
    assert [(r.source, r.target) for r in redirects.entries] == [(OLD, CHOSEN)]


def ledger_line(project: Path) -> int:
    lines = (project / "data/adressen.txt").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{OLD} "))
