"""`showcase check` stays fast: 1,000 posts in at most 2 s (it reads headers only)."""

from __future__ import annotations

import time

from regional_showcase.data.checks import load_and_check
from regional_showcase.settings import apply_defaults

from sitebuild import copy_project


def test_check_of_1000_posts_takes_at_most_two_seconds(tmp_path):
    project = copy_project(tmp_path / "project")
    news = project / "content/news"
    body = "Ein Absatz mit [Link](https://www.starke-regionen.de/) und Text. " * 60
    for number in range(1000):
        day = number % 28 + 1
        (news / f"2023-02-{day:02d}-meldung-{number}.md").write_text(
            f"Title: Meldung {number}\nDate: 2023-02-{day:02d} 10:00\nCategory: Fachkräfte\n"
            f"Regions: allgaeu, bodensee\nSlug: meldung-{number}\nSummary: Kurz.\n\n{body}\n",
            encoding="utf-8",
        )
    settings = {
        "PATH": str(project / "content"),
        "ARTICLE_PATHS": ["news"],
        "SHOWCASE_DATA": str(project / "data/regions.yaml"),
        "SHOWCASE_REGION_TEXTS": str(project / "content/regionen"),
    }
    typed = apply_defaults(settings)
    start = time.perf_counter()
    load_and_check(typed)
    elapsed = time.perf_counter() - start
    assert elapsed <= 2.0, f"{elapsed:.2f} s"
