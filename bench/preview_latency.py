"""Times what an editor waits for in `make serve`: from saving a file to the reloaded page.

    .venv/bin/python bench/preview_latency.py SITE FILE [--change post|event|region]
        [--saves 20] [--poll SECONDS] [--page /]

Starts `showcase serve` in SITE (the plugin PYTHONPATH names, else the installed one), waits
for its first build, then saves FILE `--saves` times (each a different text, as
preview_driver.py edits it) and times each save until the page is fetched again after the
build: the file watcher, the rebuild, the browser learning of it, and the page's download.

The browser's side is played as preview.js plays it: it asks `status.json?seit=N`, which
the preview answers when the next build is done. With `--poll 0.7` it plays the earlier
preview.js instead, which asked for the status every 0.7 s (the save falls anywhere within
that interval, as in real use).

Prints JSON: {"latency": median s, "p95": s, "latencies": [s, ...]}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from preview_driver import CHANGES, edited, p95


def status(base: str, seen: int | None = None) -> dict:
    query = "" if seen is None else f"?seit={seen}"
    with urllib.request.urlopen(f"{base}/_vorschau/status.json{query}", timeout=60) as answer:
        return json.loads(answer.read())


def fetch(base: str, page: str) -> None:
    with urllib.request.urlopen(base + page, timeout=60) as answer:
        answer.read()


def wait_for_build(base: str, before: dict, poll: float | None, saved: float) -> None:
    """Return once a good build after the state `before` the save is there, as the browser
    would learn of it."""
    good, seen = before["good"], before["build"]
    if poll is None:
        while True:
            state = status(base, seen)
            if state["good"] != good:
                return
            seen = state["build"]
    # The earlier script: a status request every `poll` seconds, the save at a random point.
    next_poll = saved + random.uniform(0, poll)
    while True:
        time.sleep(max(0.0, next_poll - time.perf_counter()))
        if status(base)["good"] != good:
            return
        next_poll += poll


def main(args: argparse.Namespace) -> None:
    site = Path(args.site).resolve()
    path = site / args.file
    port = args.port
    base = f"http://127.0.0.1:{port}"
    showcase = Path(sys.executable).with_name("showcase")
    server = subprocess.Popen(
        [str(showcase), "serve", "--port", str(port)],
        cwd=site,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )
    original = path.read_text(encoding="utf-8")
    latencies = []
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                state = status(base)
                if state["good"] >= 1 and not state["building"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("preview_latency: the preview did not finish its first build")
            time.sleep(0.2)
        time.sleep(args.settle)  # Pagefind indexes the first build's pages meanwhile
        for save in range(1, args.saves + 1):
            before = status(base)
            saved = time.perf_counter()
            path.write_text(edited(original, args.change, save), encoding="utf-8")
            wait_for_build(base, before, args.poll, saved)
            fetch(base, args.page)
            latencies.append(time.perf_counter() - saved)
            time.sleep(0.5)
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    print(
        json.dumps(
            {"latency": statistics.median(latencies), "p95": p95(latencies), "latencies": latencies}
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("file", help="relative to SITE")
    parser.add_argument("--change", choices=CHANGES, default="post")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--poll", type=float, help="play the earlier script polling this often")
    parser.add_argument("--page", default="/", help="the page the browser shows")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--settle", type=float, default=8.0, help="seconds to wait after the first build"
    )
    main(parser.parse_args())
