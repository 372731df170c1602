"""Times `make html`'s builds one after another in one process (staff/warm_build.py
WarmBuilder, what the build server runs) after one change each, against scripts/html in a
fresh process, taking turns on the same bench copy.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/warm_builder.py . --change edit --runs 5 [--fresh] [--profile F]

One build first (the process's own first: Pelican's objects, templates and the reader cache
are made or loaded), then per run: the change (bench/incremental.py's edit, delete, new or
nothing), one build in this process, `idle()` (what the server does between builds, timed
apart), and with --fresh the same change again and `scripts/html` in a fresh process
(SHOWCASE_BUILD_SERVER=0). Both build into the same output/ and cache/, so each starts from
the other's output. `--profile F`: cProfile of the last build (pstats file
F, and its top functions printed). Prints one JSON line per build and the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

BIN = Path(sys.executable).parent


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def load() -> float:
    return os.getloadavg()[0]


def warm_build(
    builder, ours: Path, number: int, profile: Path | None = None, deferred: bool = False
) -> dict:
    """One build in this process (its forked workers and Pagefind counted in its CPU).
    `deferred`: the saves held back as the build server holds them (deferred_saves.py), run
    after the build is timed (`saves_s`, `saves_cpu_s`, apart; not in the profile)."""
    held: list = []
    holding = contextlib.nullcontext(held)
    if deferred:
        from regional_showcase.deferred_saves import deferring

        holding = deferring()
    started, own, children = (
        time.perf_counter(),
        cpu(resource.RUSAGE_SELF),
        cpu(resource.RUSAGE_CHILDREN),
    )
    new = ours / f"output.new-{os.getpid()}{number:03d}"
    with holding as held:
        if profile is None:
            status = builder.build("pelicanconf.py", new, ours / "output")
        else:
            profiler = cProfile.Profile()
            status = profiler.runcall(builder.build, "pelicanconf.py", new, ours / "output")
            profiler.dump_stats(profile)
    wall = time.perf_counter() - started
    main = cpu(resource.RUSAGE_SELF) - own
    used = main + cpu(resource.RUSAGE_CHILDREN) - children
    saving, saving_cpu = time.perf_counter(), time.process_time()
    if held and status == 0:
        from regional_showcase.deferred_saves import run

        run(held)
    saves, saves_cpu = time.perf_counter() - saving, time.process_time() - saving_cpu
    kept = builder.builds.kept
    idled = time.perf_counter()
    builder.idle()
    idle = time.perf_counter() - idled
    if status:
        raise SystemExit(f"build {number} failed: {status}")
    return {
        "build": "warm",
        "s": round(wall, 3),
        "cpu_s": round(used, 3),
        "main_cpu_s": round(main, 3),
        "idle_s": round(idle, 3),
        "saves_s": round(saves, 3),
        "saves_cpu_s": round(saves_cpu, 3),
        "kept": kept.hits,
        "made": kept.misses,
        "load": round(load(), 2),
    }


def fresh_build(ours: Path) -> dict:
    """scripts/html in a process of its own (no build server)."""
    env = {**os.environ, "BIN": str(BIN), "OUTPUT": "output"}
    started, children = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run(["bash", "scripts/html"], cwd=ours, env=env, capture_output=True)
    if done.returncode:
        raise SystemExit(done.stdout.decode() + done.stderr.decode())
    return {
        "build": "fresh",
        "s": round(time.perf_counter() - started, 3),
        "cpu_s": round(cpu(resource.RUSAGE_CHILDREN) - children, 3),
        "load": round(load(), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path, help="a bench copy (bench/incremental.py's ours)")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="scripts/html in turns")
    parser.add_argument("--profile", type=Path, help="cProfile of the last build")
    parser.add_argument(
        "--deferred",
        action="store_true",
        help="as the build server: the saves only the next build reads held back and run "
        "after the build's time (saves_s), as after the server's answer (deferred_saves.py)",
    )
    parser.add_argument(
        "--offset",
        type=int,
        default=0,
        help="numbers the changes from here (`new` adds "
        "neue-meldung-<n>: another run on the same copy needs other numbers)",
    )
    args = parser.parse_args(argv)
    # The same environment for both (every SHOWCASE_ variable is in the pages' keys): the
    # fresh builds need it to build without the server.
    ours = incremental.in_copy(args.ours)
    from regional_showcase.staff.warm_build import WarmBuilder

    builder = WarmBuilder()
    first = warm_build(builder, ours, 0, deferred=args.deferred)
    print(json.dumps({**first, "build": "warm, first"}), flush=True)
    change = incremental.CHANGES[args.change]
    rows: dict[str, list[dict]] = {"warm": [], "fresh": []}
    for run in range(args.runs):
        change(ours, args.offset + 2 * run)
        profile = args.profile if run == args.runs - 1 else None
        rows["warm"].append(warm_build(builder, ours, run + 1, profile, args.deferred))
        print(json.dumps({**rows["warm"][-1], "change": args.change}), flush=True)
        if args.fresh:
            change(ours, args.offset + 2 * run + 1)
            rows["fresh"].append(fresh_build(ours))
            print(json.dumps({**rows["fresh"][-1], "change": args.change}), flush=True)
    for kind, measured in rows.items():
        if measured:
            wall = statistics.median(row["s"] for row in measured)
            used = statistics.median(row["cpu_s"] for row in measured)
            print(f"{kind}, {args.change}: median {wall:.2f} s, CPU {used:.2f} s ({len(measured)})")
    if args.profile is not None:
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
