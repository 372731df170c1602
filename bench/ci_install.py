"""What `.ci/run` does before pytest starts, step by step, on fresh clones of one or more
commits taking turns (so that a loaded machine's minutes fall on each alike).

    python3 bench/ci_install.py --variant before=/work/main:dbdf524 \\
        --variant after=/work/main:HEAD --runs 2 [--cold-npm] [--ci-run]

Per clone, in this order: `make .venv/.installed` (what `make html` installs), `make
.venv/.installed-test` (the test tools), `make node_modules/.installed` (the npm packages the
tests use), `make lint` and `scripts/install-test-deps` (what `make test` runs before pytest:
Debian packages where missing, the AWS CLI). Each step's wall seconds and CPU seconds (user +
system of all its processes: a loaded machine's waits left out). `--ci-run`: instead the two
installs as `.ci/run` starts them, `make -j 2 .venv/.installed-test node_modules/.installed`.
`--steps venv,npm`: only these.

Caches as a CI runner has them: uv's is a new empty folder per clone (pip keeps none on this
machine); npm's download cache is the machine's (as a CI cache restores it), or with
`--cold-npm` a new empty one. Prints one JSON line per step, then per variant and step the
median. The clones go to a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

STEPS = {
    "venv": ["make", "--no-print-directory", ".venv/.installed"],
    "test_tools": ["make", "--no-print-directory", ".venv/.installed-test"],
    "npm": ["make", "--no-print-directory", "node_modules/.installed"],
    "lint": ["make", "--no-print-directory", "lint"],
    "test_deps": ["scripts/install-test-deps"],
}
CI_RUN = {
    "ci_installs": [
        "make",
        "--no-print-directory",
        "-j",
        "2",
        ".venv/.installed-test",
        "node_modules/.installed",
    ],
}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, children_cpu() - cpu


def clone(source: str, scratch: Path, name: str) -> Path:
    repo, _, ref = source.partition(":")
    target = scratch / name
    subprocess.run(["git", "clone", "-q", repo, str(target)], check=True)
    if ref:
        subprocess.run(["git", "-C", str(target), "checkout", "-q", ref], check=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", required=True, help="name=REPO[:REF]")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--cold-npm", action="store_true")
    parser.add_argument("--ci-run", action="store_true")
    parser.add_argument("--steps", help="only these of the steps, e.g. venv,npm")
    args = parser.parse_args()
    variants = dict(v.split("=", 1) for v in args.variant)
    steps = CI_RUN if args.ci_run else STEPS
    if args.steps:
        steps = {name: steps[name] for name in args.steps.split(",")}
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="ci-install-", dir="/tmp"))
    try:
        for run in range(args.runs):
            for name, source in variants.items():
                where = clone(source, scratch, f"{name}-{run}")
                env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                # Beside the clone, not in it: make lint would check the cached packages.
                env["UV_CACHE_DIR"] = str(scratch / f"{name}-{run}-uv-cache")
                if args.cold_npm:
                    env["npm_config_cache"] = str(scratch / f"{name}-{run}-npm-cache")
                for step, command in steps.items():
                    wall, cpu = timed(command, where, env)
                    results.setdefault((name, step), []).append((wall, cpu))
                    line = {"run": run, "variant": name, "step": step}
                    print(json.dumps({**line, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}))
                for folder in scratch.glob(f"{name}-{run}*"):
                    shutil.rmtree(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("variant step: median wall s, median CPU s (runs)")
    for (name, step), values in results.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{name} {step}: {wall:.1f}, {cpu:.1f} ({len(values)})")


if __name__ == "__main__":
    main()
