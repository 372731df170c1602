"""The CPU time of `showcase build`'s own process, apart from its children's, after one kind of
change, for two or more bench copies taking turns (issue 25, V5):

    .venv/bin/python bench/build_process_cpu.py --change edit --runs 5 \\
        before=/tmp/x/before after=/tmp/x/after

On a machine whose cores are busy with other work the wall time says little; the build
process's CPU time is its critical path when a core is free, and what moves into processes
of its own (the take-over's links, the old site's removal) leaves it. Each copy runs its own
plugins/ (as scripts/html does) with `output.new-<pid>` as its fresh folder; each is built
twice first. Prints one JSON line per build, then the medians per copy: wall, the build
process's CPU (user + system), and its children's.
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

# Runs in the copy: showcase build in this process, then its own and its children's CPU.
MEASURED = r"""
import json, os, resource, sys, time
started = time.perf_counter()
from regional_showcase.staff.cli import main
sys.argv = ["showcase", "-s", "pelicanconf.py", "build", f"output.new-{os.getpid()}", "output"]
try:
    status = main()
except SystemExit as stop:
    status = stop.code
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "wall": time.perf_counter() - started,
    "own_cpu": own.ru_utime + own.ru_stime, "own_sys": own.ru_stime,
    "children_cpu": children.ru_utime + children.ru_stime}), file=sys.stderr)
"""


def build(copy: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(copy / "plugins")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as make html runs
    done = subprocess.run(
        [str(BIN / "python"), "-c", MEASURED],
        cwd=copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "{}"
    result = json.loads(last) if last.startswith("{") else {"status": done.returncode}
    if result.get("status"):
        raise SystemExit(f"the build failed in {copy}: {done.stderr[-2000:]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", nargs="+", help="name=/bench/copy")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    copies = {name: Path(path).resolve() for name, path in (c.split("=", 1) for c in args.copies)}
    for copy in copies.values():
        build(copy)
        build(copy)
    results: dict[str, list[dict]] = {name: [] for name in copies}
    step = 300
    for run in range(args.runs):
        for name, copy in copies.items():
            step += 1
            incremental.CHANGES[args.change](copy, step)
            result = build(copy)
            results[name].append(result)
            load = os.getloadavg()[0]
            print(json.dumps({"run": run, "copy": name, **result, "load": load}), flush=True)
    print(
        f"\n| copy ({args.change}) | wall s | build process CPU s | its system s | children CPU s |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, values in results.items():
        row = [statistics.median(v[key] for v in values) for key in
               ("wall", "own_cpu", "own_sys", "children_cpu")]  # fmt: skip
        print(f"| {name} | " + " | ".join(f"{value:.2f}" for value in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
