"""Times the input check as the build runs it (`check_input(..., bodies=False)`, from the
generator's constructor) in a site folder such as a bench corpus's `ours/` (corpus.py).

    .venv/bin/python bench/check_input_time.py SITE [--runs 3] [--cold] [--edit] [--profile FILE]

Each run is a fresh process (nothing kept in memory between runs). `--cold` deletes the
check's cache (cache/showcase/check-cache.json) before each run; without it the runs after
the first find the cache of the one before; `--edit` appends a line to one post before each.
Prints one JSON line per run (wall and CPU seconds of the check alone) and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = """
import sys, time, json
sys.path.insert(0, {plugins!r})
from pelican.settings import read_settings
from regional_showcase.settings import apply_defaults
from regional_showcase.input_check import check_input
settings = apply_defaults(read_settings("pelicanconf.py"))
started, cpu = time.perf_counter(), time.process_time()
if {profile!r}:
    import cProfile
    cProfile.run("check_input(settings, None, bodies=False)", {profile!r})
else:
    check_input(settings, None, bodies=False)
print(json.dumps({{"seconds": round(time.perf_counter() - started, 3),
                  "cpu": round(time.process_time() - cpu, 3)}}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="no check cache before each run")
    parser.add_argument("--profile", default="", help="write a cProfile of the last run here")
    parser.add_argument("--edit", action="store_true", help="edit one post before each run")
    args = parser.parse_args(argv)
    times, cpus = [], []
    for run in range(args.runs):
        if args.edit:  # the middle post gets a line more, as bench/incremental.py's edit
            posts = sorted((args.site / "content/news").glob("*.md"))
            post = posts[len(posts) // 2]
            post.write_text(post.read_text("utf-8") + f"\nNachtrag {run}.\n", "utf-8")
        if args.cold:
            (args.site / "cache/showcase/check-cache.json").unlink(missing_ok=True)
        profile = args.profile if run == args.runs - 1 else ""
        # The site's own copy of the plugin (corpus.py copies it), else this checkout's.
        plugins = args.site / "plugins" if (args.site / "plugins").is_dir() else ROOT / "plugins"
        code = ONE_RUN.format(plugins=str(plugins.resolve()), profile=profile)
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=args.site,
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        )
        line = done.stdout.strip().splitlines()[-1]
        print(line, flush=True)
        times.append(json.loads(line)["seconds"])
        cpus.append(json.loads(line)["cpu"])
    print(
        json.dumps({"median_s": statistics.median(times), "median_cpu_s": statistics.median(cpus)})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
