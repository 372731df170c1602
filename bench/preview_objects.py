"""Times the part of `make serve`'s rebuild that makes Pelican's post and page objects
(ArticlesGenerator and PagesGenerator `generate_context`), with the objects kept between
rebuilds (preview/kept_content.py) or, with --no-keep, made anew as before.

    .venv/bin/python bench/preview_objects.py SITE FILE [--saves 10] [--no-keep]

FILE is a post relative to SITE; each save appends a different paragraph. Prints the median
process time (this process, user + system: steadier than wall time on a loaded machine) of
the two generate_context calls and of the whole rebuild, and the objects kept in the last
rebuild."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from pelican import generators
from pelican.log import init

from regional_showcase.preview import kept_content
from regional_showcase.staff.serve import PreviewBuilder


def main(site: str, post: str, saves: int, keep: bool) -> None:
    os.chdir(site)
    init(level=40)  # errors only
    if not keep:
        kept_content.attach = lambda generator: None  # the receiver looks it up per build
    spent: list[float] = []
    for cls in (generators.ArticlesGenerator, generators.PagesGenerator):

        def timed(self, original=cls.generate_context):
            started = time.process_time()
            original(self)
            spent.append(time.process_time() - started)

        cls.generate_context = timed
    builder = PreviewBuilder("pelicanconf.py", "output")
    assert builder.build()
    path = Path(post)
    original = path.read_text(encoding="utf-8")
    objects, rebuilds = [], []
    try:
        for save in range(saves):
            path.write_text(original + f"\n\nNachtrag {save}.\n", encoding="utf-8")
            spent.clear()
            started = time.process_time()
            assert builder.build()
            rebuilds.append(time.process_time() - started)
            objects.append(sum(spent))
    finally:
        path.write_text(original, encoding="utf-8")
    print(
        f"generate_context {statistics.median(objects) * 1000:.0f} ms, rebuild "
        f"{statistics.median(rebuilds) * 1000:.0f} ms (process time, median of {saves}); "
        f"kept {builder.kept.hits}, made {builder.kept.misses} in the last rebuild"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("post", metavar="FILE")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--no-keep", action="store_true", help="make every object anew")
    args = parser.parse_args()
    main(args.site, args.post, args.saves, not args.no_keep)
