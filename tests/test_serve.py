"""`make serve` rebuilds when a post, the region data or a template changes."""

from __future__ import annotations

import os
import subprocess
import threading
import time
import urllib.request

import pytest

from sitebuild import BIN, copy_project, free_port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


PROBLEM = (
    "  content/news/2024-05-02-kaputt.md:4: Regions: unbekannte Region 'allgau' "
    "(meinten Sie 'allgaeu'?)"
)


def wait_for(condition, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.build
@pytest.mark.long
def test_serve_rebuilds_on_data_post_and_template_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "showcase"), "serve", "--port", str(port)],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
        text=True,
    )
    # Read the server's output as it comes, so the test waits for what it printed.
    lines: list[str] = []

    def read() -> None:
        for line in server.stdout:
            lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
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
        assert wait_for(lambda: "Build fehlgeschlagen: siehe oben." in lines), "no failed build"
        assert PROBLEM in lines
        assert "Vorschautest" in fetch(f"{base}/aktuelles/"), "the server keeps serving"
        bad.unlink()

        footer = project / "theme/templates/partials/footer.html"
        footer.write_text(
            footer.read_text(encoding="utf-8") + "<!-- vorlage-geaendert -->\n", encoding="utf-8"
        )
        assert wait_for(lambda: "vorlage-geaendert" in fetch(f"{base}/"))
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=10)
    assert any(line.startswith("Vorschau: http://localhost:") for line in lines)


def test_the_preview_hands_each_build_the_compiled_template_and_an_edited_one_anew(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from regional_showcase.staff.serve import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    template = tmp_path / "seite.html"
    template.write_text("Hallo {{ name }}", encoding="utf-8")

    def code():  # a new environment per build, as Pelican makes
        environment = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        return environment.get_template("seite.html").root_render_func.__code__

    first = code()
    assert code() is first, "the same code object, not unmarshalled again"
    template.write_text("Moin {{ name }}", encoding="utf-8")
    assert code() is not first and "Moin " in code().co_consts
