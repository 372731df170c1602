"""`make serve` rebuilds when a post, the region data or a template changes."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from sitebuild import BIN, copy_project

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, timeout: float = 40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_data_post_and_template_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "showcase"), "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "Allgäu" in fetch(f"{base}/regionen/allgaeu/")), "no first build"

        data = project / "data/regions.yaml"
        data.write_text(
            data.read_text(encoding="utf-8").replace(
                "- slug: allgaeu\n    name: Allgäu", "- slug: allgaeu\n    name: Allgäu-Testname", 1
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Allgäu-Testname" in fetch(f"{base}/regionen/allgaeu/"))

        (project / "content/news/2024-05-01-vorschau.md").write_text(
            "Title: Vorschautest\nDate: 2024-05-01\nCategory: Projekt\nRegions: alle\n"
            "Summary: Kurz.\nStatus: draft\n\nText.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "Vorschautest" in fetch(f"{base}/aktuelles/"))

        bad = project / "content/news/2024-05-02-kaputt.md"
        bad.write_text(
            "Title: Kaputt\nDate: 2024-05-02\nCategory: Projekt\nRegions: allgau\n"
            "Summary: Kurz.\n\nText.\n",
            encoding="utf-8",
        )
        time.sleep(3)
        assert "Vorschautest" in fetch(f"{base}/aktuelles/"), "the server keeps serving"
        bad.unlink()

        footer = project / "theme/templates/partials/footer.html"
        footer.write_text(
            footer.read_text(encoding="utf-8") + "<!-- vorlage-geaendert -->\n", encoding="utf-8"
        )
        assert wait_for(lambda: "vorlage-geaendert" in fetch(f"{base}/"))
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "Vorschau: http://localhost:" in output
    assert (
        "  content/news/2024-05-02-kaputt.md:4: Regions: unbekannte Region 'allgau' "
        "(meinten Sie 'allgaeu'?)"
    ) in output.splitlines()
    assert "Build fehlgeschlagen: siehe oben." in output
