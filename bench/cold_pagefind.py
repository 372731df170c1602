"""What Pagefind costs a cold build, on a built site (issue 25, round 9).

A cold build runs Pagefind once per search bundle (search_bundles.py): the archive's bundles
early, side by side while the rest is written (search_index.EarlyRuns), the first bundle at
the end. This runs the same command lines (search_index.pagefind_command, the first bundle
read_only_marked) on a copy of a built site, CPU seconds of the children each:

- each bundle alone, one after the other (its pages, the files it reads, CPU);
- all bundles at once, as the early runs start them (`--rounds` times, with and without
  RAYON_NUM_THREADS=1/TOKIO_WORKER_THREADS=1 taking turns: Pagefind's thread pools);
- one run over every archive page (what one Pagefind process for the archive would cost);
- one run over one page (a process's fixed cost).

    .venv/bin/python bench/cold_pagefind.py /tmp/<you>-parts/ours/output --rounds 5

The plugin is the one first on PYTHONPATH, else the working tree's. The site is copied to
a temporary folder first (Pagefind writes its bundles into it). Prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent / "plugins"))

from regional_showcase import search_index
from regional_showcase.search_record import SearchRecord

THREADS_ONE = {"RAYON_NUM_THREADS": "1", "TOKIO_WORKER_THREADS": "1"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(commands: list[list[str]], env: dict | None = None) -> dict:
    """Run the commands at once; wall and CPU seconds of them all."""
    cpu, started = children_cpu(), time.perf_counter()
    runs = [subprocess.Popen(c, env=env, stdin=subprocess.DEVNULL) for c in commands]
    if any(run.wait() for run in runs):
        raise SystemExit("Pagefind failed")
    return {"wall": round(time.perf_counter() - started, 3), "cpu": round(children_cpu() - cpu, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (output/ of a cold build)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cold-pagefind-") as folder:
        site = Path(folder) / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("pagefind*"))
        pages = SearchRecord(None, site, None).read_pages()
        runs = search_index.bundles(sorted(pages), search_index.bundle_limit())
        split = search_index.split_pages(pages, runs)
        commands = []
        for bundle in runs:
            own = {name: pages[name] for name in split[bundle.folder]}
            bundle, files = search_index.read_only_marked(bundle, own)
            command = search_index.pagefind_command(site, bundle)
            commands.append(command)
            alone = timed([command])
            print(
                json.dumps(
                    {"bundle": bundle.folder, "pages": len(own), "reads": len(files)} | alone
                )
            )
        turns: dict[str, list[dict]] = {"default threads": [], "one thread each": []}
        for _ in range(args.rounds):
            turns["default threads"].append(timed(commands))
            turns["one thread each"].append(timed(commands, {**os.environ, **THREADS_ONE}))
        for name, measured in turns.items():
            print(
                json.dumps(
                    {
                        "all bundles at once": name,
                        "wall": round(statistics.median(m["wall"] for m in measured), 3),
                        "cpu": round(statistics.median(m["cpu"] for m in measured), 3),
                        "cpu_runs": [m["cpu"] for m in measured],
                    }
                )
            )
        years = sorted({search_index.year_folder(name) for name in pages} - {None})
        archive = [f"{year}/**/*.html" for year in years]
        if archive:
            glob = archive[0] if len(archive) == 1 else "{" + ",".join(archive) + "}"
            command = [str(search_index.pagefind_executable()), "--site", str(site), "--quiet"]
            command += ["--output-subdir", "pagefind-whole-archive", "--glob", glob]
            print(json.dumps({"one run over the archive": len(years), **timed([command])}))
        one = sorted(pages)[0]
        command = [str(search_index.pagefind_executable()), "--site", str(site), "--quiet"]
        command += ["--output-subdir", "pagefind-one-page", "--glob", one]
        print(json.dumps({"one page (fixed cost)": one, **timed([command])}))
    print(json.dumps({"load": os.getloadavg()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
