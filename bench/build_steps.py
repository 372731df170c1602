"""Times the steps of `showcase build` (scripts/html's one process) after each kind of change,
on a corpus that bench/incremental.py generated (its `ours/` folder):

    .venv/bin/python bench/build_steps.py /tmp/<you>-bench/ours [--runs 3]

Each build runs in a process of its own (the plugin from <ours>/plugins, as scripts/html
loads it) with the steps wrapped by timers: Pelican, the search index (and within it the wait
for the bundles started early), the swap; and when the early bundles started (seconds after
the process began), what starting them took, and which ones. Prints one JSON object per build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

BIN = Path(sys.executable).parent

TIMED_BUILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from regional_showcase import output_swap, search_index
from regional_showcase.staff import build
times = {"early": None, "early_bundles": [], "early_wait": 0.0}

def timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] = round(time.perf_counter() - start, 3)
    return wrapper

start, take = search_index.EarlyRuns._start, search_index.EarlyRuns.take
def early_start(self):
    begun = time.perf_counter()
    start(self)
    times["early"] = round(begun - t0, 3)
    times["early_cost"] = round(time.perf_counter() - begun, 3)
    times["early_bundles"] = sorted(self.runs)
def early_take(self, *args):
    begun = time.perf_counter()
    try:
        return take(self, *args)
    finally:
        times["early_wait"] = round(times["early_wait"] + time.perf_counter() - begun, 3)
search_index.EarlyRuns._start, search_index.EarlyRuns.take = early_start, early_take
build.run_pelican = timed("pelican", build.run_pelican)
search_index.build_search_index = timed("index", search_index.build_search_index)
output_swap.replace_folder = timed("swap", output_swap.replace_folder)
status = build.build("pelicanconf.py", Path(sys.argv[1]), Path("output"))
times["total"] = round(time.perf_counter() - t0, 3)
times["pelican_end"] = round(times["total"] - times.get("index", 0) - times.get("swap", 0), 3)
print("STEPS " + json.dumps(times), flush=True)
sys.exit(status)
"""


def run_script(ours: Path, script: str, marker: str) -> dict:
    """`script` in a Python process of its own in the bench copy `ours` (its plugins/ first on
    PYTHONPATH, as scripts/html), given a fresh folder's name; the JSON of its line
    `<marker> …`. No SHOWCASE_BUILD_SERVER is set: the build runs in that process."""
    env = {**os.environ, "PYTHONPATH": str(ours / "plugins")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as `make html` (the Makefile unexports it)
    done = subprocess.run(
        [str(BIN / "python"), "-c", script, f"output.new-{os.getpid()}"],
        cwd=ours,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stdout[-2000:] + done.stderr[-2000:])
    line = next(line for line in done.stdout.splitlines() if line.startswith(f"{marker} "))
    return json.loads(line.removeprefix(f"{marker} "))


def timed_build(ours: Path) -> dict:
    return run_script(ours, TIMED_BUILD, "STEPS")


def main(argv: list[str] | None = None) -> int:
    return incremental.each_change(argv, __doc__.split("\n\n")[0], timed_build, seed=200)


if __name__ == "__main__":
    sys.exit(main())
