"""The CPU of `make html`'s own processes (scripts/html's bash and the build server's
client, not the server), copies taking turns: what the client costs besides the build.

    .venv/bin/python bench/client_cpu.py --variant before=/tmp/x/before \\
        --variant after=/tmp/x/after --runs 10

Each variant is a bench copy with its own plugins/ and scripts/ (bench/warm_variants.py's);
its build server, not a child of scripts/html, is not counted (warm_variants.py counts it
from /proc). Nothing is changed between builds: the server builds "nothing changed" each
time. The first round starts the servers and is not counted. Prints the median and the least
CPU milliseconds and the median wall seconds per variant.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", required=True, help="name=copy")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    copies = {name: Path(copy) for name, copy in (v.split("=", 1) for v in args.variant)}
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in copies}
    for round_number in range(args.runs + 1):
        for name, copy in copies.items():
            env = {**os.environ, "BIN": str(BIN), "OUTPUT": "output"}
            env["PYTHONPATH"] = str(copy / "plugins")
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as make html
            cpu, started = children_cpu(), time.perf_counter()
            done = subprocess.run(
                ["bash", "scripts/html"],
                cwd=copy,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wall, cpu = time.perf_counter() - started, children_cpu() - cpu
            if done.returncode:
                raise SystemExit(f"scripts/html failed in {copy}")
            if round_number:
                measured[name].append((cpu, wall))
    for name, rows in measured.items():
        cpus = [cpu for cpu, _ in rows]
        wall = statistics.median(wall for _, wall in rows)
        print(
            f"{name}: CPU median {statistics.median(cpus) * 1000:.1f} ms, least "
            f"{min(cpus) * 1000:.1f} ms; wall median {wall:.3f} s ({len(rows)} builds, "
            f"load {os.getloadavg()[0]:.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
