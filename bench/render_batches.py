"""What a warm `showcase build` hands to its worker processes after one change (issue 25): per
batch of pages (parallel/writing.py: the post pages, the plugin's batch with the paginated
listing pages it adopted), when it started (seconds after the process began), how many pages
it held and how many of those were listing pages (`Listed`), whether it forked, and how long
the main process waited for it at the end.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/render_batches.py . --change new --runs 3

Each run applies bench/incremental.py's change (step 300 + run) and builds in a process of its
own, as scripts/html does (`PYTHONDONTWRITEBYTECODE` unset). Prints one JSON line per build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental
from build_steps import run_script

TIMED_BUILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from regional_showcase.parallel import writing
from regional_showcase.staff import build
batches = []
start, finish = writing.DeferredPages.start, writing.DeferredPages.finish
def timed_start(self):
    held = len(self.pages)
    listed = sum(isinstance(page, writing.Listed) for page in self.pages)
    closed = self.closed
    start(self)
    if not closed and held:
        batches.append({"start": round(time.perf_counter() - t0, 3), "pages": held,
                        "listed": listed, "forked": self.pool is not None, "wait": 0.0})
def timed_finish(self):
    begun, pool = time.perf_counter(), self.pool
    finish(self)
    for batch in batches:
        if pool is not None and batch.get("pool") is None and batch["forked"]:
            batch["wait"] = round(time.perf_counter() - begun, 3)
            batch["pool"] = True
            break
writing.DeferredPages.start, writing.DeferredPages.finish = timed_start, timed_finish
status = build.build("pelicanconf.py", Path(sys.argv[1]), Path("output"))
for batch in batches:
    batch.pop("pool", None)
print("BATCHES " + json.dumps({"total": round(time.perf_counter() - t0, 3), "batches": batches}))
sys.exit(status)
"""


def timed_build(ours: Path) -> dict:
    # Before bc88c2c SHOWCASE_BUILD_SERVER was in every page's key (a copy built with and
    # without it renders everything): run_script sets none.
    return run_script(ours, TIMED_BUILD, "BATCHES")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="new")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    ours = args.ours.resolve()
    for run in range(args.runs):
        incremental.CHANGES[args.change](ours, 300 + run)
        line = {"run": run, "change": args.change, "load": os.getloadavg()[0]}
        print(json.dumps({**line, **timed_build(ours)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
