"""Screenshots of the home page and two region pages, and of the English home and one English
region page, at phone and desktop width.

Usage: .venv/bin/python scripts/screenshots.py [output-folder] [target-folder]
Serves a built site (default output/) on a local port and writes PNGs (default
docs/screenshots/) with Debian's Chromium through Playwright. Nothing leaves the machine.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PAGES = {
    "startseite": "/",
    "region-vorpommern": "/regionen/vorpommern/",
    "region-allgaeu": "/regionen/allgaeu/",
    "english-home": "/en/",
    "english-region-vorpommern": "/en/regions/vorpommern/",
}
WIDTHS = (375, 1280)


def main(site: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                # Lazy images load only near the viewport: scroll once through the page.
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
            page.close()
        browser.close()
    server.shutdown()
    # 256 colours are plenty for flat pages: a fifth of the bytes in the repository.
    for png in sorted(target.glob("*.png")):
        Image.open(png).convert("RGB").quantize(256).save(png, optimize=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        Path(arguments[0] if arguments else "output"),
        Path(arguments[1] if len(arguments) > 1 else "docs/screenshots"),
    )
