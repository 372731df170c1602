"""Cold builds side by side (issue 25's target: `make html` ≤ 1.3 × plain Pelican): N
generated posts (corpus.py), then, interleaved, plain Pelican and `scripts/html` with no
output and no cache/, each `--runs` times; wall and CPU seconds (user + system, children
included); for code before the one-process build (8870f5d), also the CPU time of `make html`'s
three steps (Pelican, `showcase index`, the swap).

    .venv/bin/python bench/cold.py --posts 600 --runs 3 --dest /tmp/<you>-cold

The plugin is the one Python imports: run this file from a `git archive` of a commit with
PYTHONPATH=<that copy>/plugins to measure the commit (the venv's plugin is the working tree).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from index_steps import BIN, html_steps, timed


def imported_plugin() -> Path:
    """The regional_showcase a build here imports: PYTHONPATH's first, else the venv's."""
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and (Path(entry) / "regional_showcase").is_dir():
            return Path(entry) / "regional_showcase"
    return corpus.ROOT / "plugins/regional_showcase"


def cold_html(ours: Path) -> dict:
    for leftover in (ours / "output", ours / "cache"):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh = f"output.new-{os.getpid()}"
    if (imported_plugin() / "staff/build.py").exists():
        # Since 8870f5d scripts/html is one process, `showcase build` (Pelican, index, swap);
        # called here directly so that PYTHONPATH picks the code (the script puts the
        # copy's plugins/ first).
        wall, cpu = timed([str(BIN / "showcase"), "build", fresh, "output"], ours)
        return {"wall": wall, "cpu": cpu}
    steps = html_steps(fresh)
    times = {name: timed(command, ours) for name, command in steps.items()}
    return {
        "wall": round(sum(wall for wall, _ in times.values()), 3),
        "cpu": round(sum(cpu for _, cpu in times.values()), 3),
        **{f"{name}_cpu": cpu for name, (_, cpu) in times.items()},
        **{f"{name}_s": wall for name, (wall, _) in times.items()},
    }


def cold_plain(plain: Path) -> dict:
    for leftover in (plain / "out", plain / "cache"):
        shutil.rmtree(leftover, ignore_errors=True)
    wall, cpu = timed([str(BIN / "pelican"), "-s", "pelicanconf.py", "-o", "out"], plain)
    return {"wall": wall, "cpu": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dest", type=Path, default=Path("bench/work/cold"))
    args = parser.parse_args(argv)
    dest = args.dest.resolve()
    corpus.generate(dest, args.posts)
    ours, plain = dest / "ours", dest / "plain"
    shutil.copytree(corpus.ROOT / "scripts", ours / "scripts", dirs_exist_ok=True)
    results: dict[str, list[dict]] = {"plain": [], "html": []}
    for run in range(args.runs):
        results["plain"].append(cold_plain(plain))
        results["html"].append(cold_html(ours))
        print(json.dumps({"run": run, **{k: v[-1] for k, v in results.items()}}), flush=True)
    medians = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    ratio = medians["html"]["wall"] / medians["plain"]["wall"]
    cpu_ratio = medians["html"]["cpu"] / medians["plain"]["cpu"]
    summary = {"posts": args.posts, "medians": medians, "wall_ratio": round(ratio, 2)}
    print(json.dumps({**summary, "cpu_ratio": round(cpu_ratio, 2), "load": os.getloadavg()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
