"""What one search on /suche/ fetches of a built site's index (issue 25: the cost of the
search index's bundles, search_bundles.py): Pagefind's requests and their bytes, by kind, in
Chromium, with the site served from disk.

    .venv/bin/python bench/search_requests.py <output folder> <query> [--chromium PATH]
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://localhost:8123"
BINARY = ("pagefind", "pf_meta", "pf_index", "pf_fragment")


def kind(path: str) -> str:
    parts = path.split("/")
    if parts[-2] in ("fragment", "index"):
        return parts[-2]
    return parts[-1].split(".")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("query")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    log: list[tuple[str, int]] = []

    def serve(route) -> None:
        path = route.request.url[len(BASE) :].split("?")[0]
        file = args.site / path.lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        if not file.is_file():
            route.fulfill(status=404, body="")
            return
        data = file.read_bytes()
        log.append((path, len(data)))
        binary = file.name.endswith(BINARY)
        content_type = "application/octet-stream" if binary else mimetypes.guess_type(file)[0]
        route.fulfill(status=200, body=data, headers={"content-type": content_type or "text/plain"})

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.route(BASE + "/**", serve)
        page.goto(f"{BASE}/suche/?q={args.query}", wait_until="load")
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20_000)
        page.wait_for_timeout(1500)  # the merged bundles answer a moment later
        shown = page.locator(".pagefind-ui__result-link").count()
        browser.close()
    fetched = [(path, size) for path, size in log if "/pagefind" in path]
    kinds: dict[str, list[int]] = {}
    for path, size in fetched:
        kinds.setdefault(kind(path), [0, 0])
        kinds[kind(path)][0] += 1
        kinds[kind(path)][1] += size
    total = sum(size for _, size in fetched) / 1024
    print(f"{shown} results; {len(fetched)} requests to the index, {total:.0f} KiB")
    for name, (count, size) in sorted(kinds.items()):
        print(f"  {name}: {count} requests, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
