"""Times variants of `make html` against each other on one bench copy, taking turns, after
the same kind of change (bench/incremental.py's edit, delete, new or nothing): the variants
see the same load, and each build starts from the previous one's output and cache/.

    PYTHONPATH=<frozen>/plugins .venv/bin/python bench/warm_variants.py DEST/ours \\
        --variant old=scripts/html-old --variant new=scripts/html --change edit --runs 3

A variant is a script in the copy (run as scripts/html is, with BIN and OUTPUT), or
`name=/other/copy:scripts/html`: that copy, with its own plugins/ first on PYTHONPATH (two
versions of the plugin need two copies: each keeps its own cache/). Each variant is built
twice before the timed runs. Prints one JSON line per build, then the median wall and CPU
seconds (children included) per variant.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

BIN = Path(sys.executable).parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu(root: Path) -> float:
    """CPU seconds of the build servers (staff/build_server.py) working in `root`, their
    reaped children included: a server is no child of the build that hands it its work
    (/proc/<pid>/stat)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command = (stat.parent / "cmdline").read_bytes().split(b"\0")
            here = os.readlink(stat.parent / "cwd")
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except OSError:
            continue
        if b"build-server" in command and b"run" in command and here == str(root):
            total += sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def timed(ours: Path, script: str, extra: dict | None = None) -> tuple[float, float]:
    env = {**os.environ, "BIN": str(BIN), "OUTPUT": "output", **(extra or {})}
    if ":" in script:
        copy, script = script.split(":", 1)
        ours = Path(copy)
        env["PYTHONPATH"] = str(ours / "plugins")
    cpu, start = children_cpu() + server_cpu(ours), time.perf_counter()
    with (ours / "bench.log").open("a", encoding="utf-8") as log:
        done = subprocess.run(
            [str(ours / script)],
            cwd=ours,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if done.returncode:
        raise SystemExit(f"{script} failed in {ours}: see {ours / 'bench.log'}")
    return time.perf_counter() - start, children_cpu() + server_cpu(ours) - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("--variant", action="append", required=True, help="name=script")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--same-change",
        action="store_true",
        help="variants in copies of their own each get the same change in a run (the same "
        "new post's date, the same deleted post); without it each variant gets the next "
        "step's change, and copies drift apart",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        help="name=VARIABLE=value: an environment variable for one variant, e.g. "
        "off=SHOWCASE_BUILD_SERVER=0 (build server off; the CPU of build servers counts, "
        "read from /proc)",
    )
    args = parser.parse_args(argv)
    variants = dict(v.split("=", 1) for v in args.variant)
    extra: dict[str, dict] = {name: {} for name in variants}
    for setting in args.env:
        name, variable, value = setting.split("=", 2)
        extra[name][variable] = value
    ours = args.ours.resolve()
    for name, script in variants.items():  # each warm: a record, then a build that uses it
        timed(ours, script, extra[name])
        timed(ours, script, extra[name])
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    step = 100
    for run in range(args.runs):
        for name, script in variants.items():
            step += 0 if args.same_change and name != next(iter(variants)) else 1
            copy = Path(script.split(":", 1)[0]) if ":" in script else ours
            incremental.CHANGES[args.change](copy, step)
            wall, cpu = timed(ours, script, extra[name])
            results[name].append((wall, cpu))
            load = os.getloadavg()[0]
            print(json.dumps({"run": run, "variant": name, "s": wall, "cpu": cpu, "load": load}))
    print(f"\n| variant ({args.change}) | median s | median CPU s |\n|---|---:|---:|")
    for name, values in results.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
