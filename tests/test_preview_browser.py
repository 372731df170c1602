"""`make serve` in Chromium: banners on drafts and scheduled posts, reload after a rebuild,
a failed build's problems over the page, all under the pages' own CSP (no violation)."""

from __future__ import annotations

import os
import subprocess
import threading

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS
from test_serve import fetch, wait_for

from sitebuild import BIN, copy_project, free_port

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.long]

DRAFT = """---
title: Entwurf im Browser
date: 2024-05-01 10:00
regions:
  - alle
category: Projekt
summary: Kurz.
status: draft
slug: entwurf-im-browser
---

Noch nicht fertig.
"""
SCHEDULED = """---
title: Geplante Meldung
date: {date}
regions:
  - allgaeu
category: Projekt
summary: Kurz.
slug: geplante-meldung
---

Kommt bald.
"""
BAD = (
    "Title: Kaputt\nDate: 02.05.2024\nCategory: Projekt\nRegions: allgau\nSummary: Kurz.\n\nText.\n"
)


@pytest.fixture
def preview(tmp_path):
    """A running `showcase serve` on a copy of the project: (project, base URL, output lines)."""
    project = copy_project(tmp_path / "project")
    news = project / "content/news"
    (news / "2024-05-01-entwurf-im-browser.md").write_text(DRAFT, encoding="utf-8")
    (news / "2099-03-02-geplante-meldung.md").write_text(
        SCHEDULED.format(date="2099-03-02 09:00"), encoding="utf-8"
    )
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
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(line.rstrip("\n") for line in server.stdout), daemon=True
    )
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: '"good": 1' in fetch(f"{base}/_vorschau/status.json")), lines
        yield project, base, lines
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_preview_in_chromium_banners_reload_and_problem_overlay(preview):
    # Imported here, as test_browser.py does: every test process collects this module, and
    # Playwright's import costs each a quarter of a second of CPU (make test-fast too).
    from playwright.sync_api import sync_playwright

    project, base, lines = preview
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))

        # Banners: a draft and a post dated later look different from a live post.
        page.goto(f"{base}/entwuerfe/entwurf-im-browser/")
        assert page.locator(".vorschau-banner").inner_text() == (
            "Entwurf – nur in der Vorschau zu sehen. Die Meldung geht online, wenn die Zeile "
            "status: draft gelöscht ist."
        )
        page.goto(f"{base}/aktuelles/2099/geplante-meldung/")
        assert page.locator(".vorschau-banner--geplant").inner_text() == (
            "Geplant für 2. März 2099, 09:00 Uhr – bis dahin nur in der Vorschau zu sehen; der "
            "nächste stündliche Bau danach stellt sie online."
        )
        live = sorted((project / "content/news").glob("2023-*.md"))[0]
        page.goto(f"{base}/aktuelles/")
        assert page.locator(".vorschau-banner").count() == 0

        # Auto-reload: saving a post reloads the open page with the new text.
        page.goto(f"{base}/")
        page.evaluate("window.vorDemNeuladen = true")
        text = live.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        live.write_text(text.replace(title, "title: Neu geladen im Browser", 1), "utf-8")
        page.wait_for_function("() => window.vorDemNeuladen === undefined", timeout=120_000)
        assert "Neu geladen im Browser" in page.content()

        # A failed build: its problems over the page, the last good page still shown.
        bad = project / "content/news/2024-05-02-kaputt.md"
        bad.write_text(BAD, encoding="utf-8")
        overlay = page.locator(".vorschau-fehler")
        overlay.wait_for(timeout=120_000)
        assert overlay.get_attribute("role") == "alert"
        assert overlay.locator("h2").inner_text() == "Die Vorschau ist nicht aktuell"
        assert overlay.locator("li").all_inner_texts() == [
            "content/news/2024-05-02-kaputt.md:4: Regions: unbekannte Region 'allgau' "
            "(meinten Sie 'allgaeu'?)"
        ]
        assert "Neu geladen im Browser" in page.content(), "the last good page stays"

        # Fixed: the page reloads and the overlay is gone.
        page.evaluate("window.vorDemNeuladen = true")
        bad.write_text(BAD.replace("allgau", "allgaeu"), encoding="utf-8")
        page.wait_for_function("() => window.vorDemNeuladen === undefined", timeout=120_000)
        assert page.locator(".vorschau-fehler").count() == 0
        browser.close()
    assert not [m for m in console if "Content Security Policy" in m], console
    assert "Build fehlgeschlagen: siehe oben." in lines, "the terminal says so too"
