"""Times `showcase check` over N generated posts (headers, and each body parsed as the build
renders it: the body rules look at the Markdown tree).

Prints JSON: {"posts": N, "seconds": s}. A measurement, not a verdict: the test suite asserts
no durations, so a slower check shows here, in a report, not as a failing test.

    .venv/bin/python bench/check_speed.py [N]      # default N = 1000
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from regional_showcase.input_check import load_and_check
from regional_showcase.settings import apply_defaults

ROOT = Path(__file__).resolve().parent.parent
BODY = "Ein Absatz mit [Link](https://www.starke-regionen.de/) und Text. " * 60


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(ROOT / "content", content)
        news = content / "news"
        for number in range(count):
            day = f"2023-02-{number % 28 + 1:02d}"
            (news / f"{day}-meldung-{number}.md").write_text(
                f"Title: Meldung {number}\nDate: {day} 10:00\nCategory: Fachkräfte\n"
                f"Regions: allgaeu, bodensee\nSlug: meldung-{number}\nSummary: Kurz.\n\n{BODY}\n",
                encoding="utf-8",
            )
        settings = {
            "PATH": str(content),
            "ARTICLE_PATHS": ["news"],
            "SHOWCASE_DATA": str(ROOT / "data/regions.yaml"),
            "SHOWCASE_REGION_TEXTS": str(content / "regionen"),
        }
        typed = apply_defaults(settings)
        started = time.perf_counter()
        load_and_check(typed)
        seconds = time.perf_counter() - started
    print(json.dumps({"posts": count, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
