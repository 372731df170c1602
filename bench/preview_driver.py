"""Times `make serve`'s loop in one process, as serve.py runs it: the first build (cold), then
one post edited and the rebuild. Prints JSON: {"cold": s, "rebuild": s, "rss_mb": MB}."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from pelican.log import init

from regional_showcase.staff.serve import PreviewBuilder


def main(site: str, post: str) -> None:
    os.chdir(site)
    init(level=40)  # errors only: timing, not logging
    builder = PreviewBuilder("pelicanconf.py", "output")
    started = time.perf_counter()
    assert builder.build()
    cold = time.perf_counter() - started
    path = Path(post)
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            original.rstrip("\n") + "\n\nNachtrag: Die Anmeldefrist wurde um eine "
            "Woche verlängert.\n",
            encoding="utf-8",
        )
        started = time.perf_counter()
        assert builder.build()
        rebuild = time.perf_counter() - started
    finally:
        path.write_text(original, encoding="utf-8")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cold": cold, "rebuild": rebuild, "rss_mb": rss_mb}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
