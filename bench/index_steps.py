"""Times the steps of `make html` (scripts/html) one by one after each kind of change, with
the search index's bundles that Pagefind ran for (search_record.py), on a corpus that
bench/incremental.py generated (its `ours/` folder):

    .venv/bin/python bench/index_steps.py /tmp/<you>-bench/ours [--runs 3]

Each run: one build to start from, then for each change (incremental.CHANGES: nothing, an
edited, a deleted, a new post) the change and the three steps: Pelican into a fresh folder,
`showcase index`, the swap. Prints one JSON object per build: wall and CPU seconds (user +
system, children included) per step, and the bundles run and taken over. The plugin is the
one Python imports (PYTHONPATH=<ours>/plugins to measure a snapshot).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (this child's user + system) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with (cwd / "bench.log").open("a", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{command} failed in {cwd}: see {cwd / 'bench.log'}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(wall, 3), round(cpu, 3)


def html_steps(fresh: str) -> dict[str, list[str]]:
    """scripts/html's three commands, building into `fresh` beside output/."""
    pelican = [str(BIN / "pelican"), "--fatal", "warnings", "-s", "pelicanconf.py"]
    index = [str(BIN / "showcase"), "index", fresh, "--previous", "output"]
    swap = [str(BIN / "python"), "-m", "regional_showcase.output_swap", "--remove-later"]
    return {
        "pelican": [*pelican, "-o", fresh, "--delete-output-directory"],
        "index": [*index, "--record", "cache/showcase/search-record.json"],
        "swap": [*swap, fresh, "output"],
    }


def build(ours: Path) -> dict:
    steps = html_steps(f"output.new-{os.getpid()}")
    times = {name: timed(command, ours) for name, command in steps.items()}
    record = json.loads((ours / "cache/showcase/search-record.json").read_text("utf-8"))
    kept = set(record["taken_over"])
    return {
        **{f"{name}_s": wall for name, (wall, _) in times.items()},
        **{f"{name}_cpu": cpu for name, (_, cpu) in times.items()},
        "bundles_run": sorted(set(record["bundles"]) - kept),
        "bundles_kept": len(kept),
    }


def main(argv: list[str] | None = None) -> int:
    return incremental.each_change(argv, __doc__.split("\n\n")[0], build, seed=10)


if __name__ == "__main__":
    sys.exit(main())
