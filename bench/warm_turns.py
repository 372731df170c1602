"""The build server's builder (staff/warm_build.py WarmBuilder) of two plugin versions,
build by build in turns: each in a process of its own on its own bench copy, the same change
before each build, so that a loaded machine's minutes fall on both alike.

    /work/main/.venv/bin/python /work/main/bench/warm_turns.py \\
        --variant before=/tmp/x/before/plugins:/tmp/x/ours \\
        --variant after=/tmp/x/after/plugins:/tmp/x/ours2 --change edit --runs 10

Each variant's process makes its first build (untimed), then per run: the change
(bench/incremental.py's edit, delete, new or nothing), one build, the saves held back as the
server holds them (run after the build is timed) and `idle()`. Prints per build the main
process's CPU (`main_cpu_s`: rusage of the process, its threads) and wall seconds, then per
variant the median, least and quartiles of main_cpu_s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

# The child: builds when told, answers one JSON line per build.
CHILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
import incremental, warm_builder
from pathlib import Path
ours = Path(sys.argv[2]).resolve()
os.chdir(ours)
os.environ["SHOWCASE_BUILD_SERVER"] = "0"
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
from regional_showcase.staff.warm_build import WarmBuilder
builder = WarmBuilder()
warm_builder.warm_build(builder, ours, 0, deferred=True)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    change, number = line.split()
    incremental.CHANGES[change](ours, int(number))
    row = warm_builder.warm_build(builder, ours, int(number) + 1, deferred=True)
    print(json.dumps(row), flush=True)
"""


def start(plugins: str, copy: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": plugins}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(HERE), copy],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    answer(child)
    return child


def answer(child: subprocess.Popen) -> dict:
    for line in child.stdout:
        if line.startswith("{"):
            return json.loads(line)
    raise SystemExit(f"a variant's process ended (status {child.wait()})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", required=True, help="name=PLUGINS:COPY")
    parser.add_argument("--change", default="edit")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--offset", type=int, default=0, help="first change number (new)")
    args = parser.parse_args(argv)
    variants = {}
    for given in args.variant:
        name, _, rest = given.partition("=")
        plugins, _, copy = rest.partition(":")
        variants[name] = start(plugins, copy)
    rows: dict[str, list[dict]] = {name: [] for name in variants}
    for run in range(args.runs):
        # Who builds first alternates too.
        order = list(variants) if run % 2 == 0 else list(variants)[::-1]
        for name in order:
            child = variants[name]
            child.stdin.write(f"{args.change} {args.offset + run}\n")
            child.stdin.flush()
            row = answer(child)
            rows[name].append(row)
            print(json.dumps({"variant": name, "change": args.change, **row}), flush=True)
    for child in variants.values():
        child.stdin.close()
        child.wait()
    for name, measured in rows.items():
        cpu = sorted(row["main_cpu_s"] for row in measured)
        quartiles = statistics.quantiles(cpu, n=4) if len(cpu) > 1 else [cpu[0]] * 3
        wall = statistics.median(row["s"] for row in measured)
        print(
            f"{name}, {args.change}: main CPU median {statistics.median(cpu):.3f} s, least "
            f"{cpu[0]:.3f}, quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f}; wall median "
            f"{wall:.2f} s ({len(cpu)} builds)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
