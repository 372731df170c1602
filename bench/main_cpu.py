"""Times `showcase build` (what `make html` runs) in bench copies after the same change,
taking turns, by the CPU of the build's own process: Pagefind, the take-over's link process
and the reading workers are left out (warm_variants.py counts them with it; their CPU varies
by more than a cut in the build's own work). For comparing versions of the plugin's own code.

    .venv/bin/python bench/main_cpu.py --variant before=/tmp/x/a --variant after=/tmp/x/b \\
        --change edit --runs 5

A variant is a bench copy (bench/incremental.py's `ours/`) with its own plugins/ first on
PYTHONPATH. Each is built twice before the timed runs. Prints one JSON line per build, then
the median CPU and wall seconds per variant.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

BIN = Path(sys.executable).parent

# Runs the `showcase` command in this process and reports its own CPU when it exits.
ONE_BUILD = """
import atexit, resource, runpy, sys, time
started = time.perf_counter()

def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    sys.__stderr__.write(f"MAIN_CPU {{cpu:.3f}} {{time.perf_counter() - started:.3f}}\\n")

atexit.register(report)
sys.argv = ["showcase", "-s", "pelicanconf.py", "build", {new!r}, "output"]
runpy.run_path({showcase!r}, run_name="__main__")
"""


def build(copy: Path) -> tuple[float, float]:
    """One `showcase build` into a fresh folder, as scripts/html runs it: (CPU s, wall s)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "plugins")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as `make html` runs
    new = f"output.new-{os.getpid()}"
    code = ONE_BUILD.format(new=new, showcase=str(BIN / "showcase"))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=env, capture_output=True, text=True
    )
    subprocess.run(["rm", "-rf", new, *(p.name for p in copy.glob(f"{new}-*"))], cwd=copy)
    line = next((x for x in done.stderr.splitlines() if x.startswith("MAIN_CPU ")), None)
    if done.returncode or line is None:
        raise SystemExit(f"the build failed in {copy}:\n{done.stderr[-2000:]}")
    cpu, wall = (float(part) for part in line.split()[1:])
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", required=True, help="name=/bench/copy")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    variants = {
        name: Path(copy).resolve() for name, copy in (v.split("=", 1) for v in args.variant)
    }
    for copy in variants.values():
        build(copy)
        build(copy)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for run in range(args.runs):
        for name, copy in variants.items():
            incremental.CHANGES[args.change](copy, 200 + run)
            cpu, wall = build(copy)
            results[name].append((cpu, wall))
            load = os.getloadavg()[0]
            print(json.dumps({"run": run, "variant": name, "cpu": cpu, "s": wall, "load": load}))
    print(f"\n| variant ({args.change}) | median CPU s (build's process) | median wall s |")
    print("|---|---:|---:|")
    for name, rows in results.items():
        cpu = statistics.median(r[0] for r in rows)
        wall = statistics.median(r[1] for r in rows)
        print(f"| {name} | {cpu:.2f} | {wall:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
