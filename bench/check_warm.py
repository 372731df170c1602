"""The input check's share of `make html`'s builds in one process (the build server's
`WarmBuilder`): wall and CPU seconds of `input_check._checked_input` in each build.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/check_warm.py . --change edit --runs 5 [--profile F]

One build first (the process's own: it fills the check's memo), then per run
bench/incremental.py's change (edit, new, delete, nothing) and one build; the check is timed
inside it (the thread's CPU: the rest of the build runs in other threads and processes).
`--profile F`: cProfile of the last run's check alone (pstats file F, top functions printed).
Prints one JSON line per build and the medians.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

# What _checked_input calls by its module's name (--parts).
PARTS = (
    "_remembered_site_data",
    "check_page_bodies",
    "_remembered_page_problems",
    "star_link_file_problems",
    "content_problems",
    "site_wide",
    "published_file_problems",
    "heif_problems",
    "_comparisons",
    "_publication",
)


def _timed(function, times: list[float]):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times.append(time.perf_counter() - started)

    return timed


def _direct(args: argparse.Namespace, ours: Path, timed: list, parts: dict) -> int:
    """The check as ShowcaseGenerator runs it in the build server, without the builds."""
    import gc

    from pelican.settings import read_settings

    from regional_showcase.input_check import check_input
    from regional_showcase.preview.memo import MEMO, preview_memo
    from regional_showcase.settings import apply_defaults

    pelican_settings = read_settings("pelicanconf.py")
    showcase = apply_defaults(pelican_settings)
    change = incremental.CHANGES[args.change]
    rows = []
    gc.disable()  # as in the build server's builds
    for run in range(args.runs + 1):
        if run:
            change(ours, args.offset + run)
        timed.clear()
        with MEMO.one_build():
            memo = preview_memo(pelican_settings, showcase)
            check_input(showcase, None, bodies=False, memo=memo, build=True)
        row = {"run": run, "check_s": round(timed[0][0], 4), "check_cpu_s": round(timed[0][1], 4)}
        if run:
            rows.append(row)
        for name, times in parts.items():
            row[name] = sum(times)
            times.clear()
        gc.collect()
    wall = statistics.median(row["check_s"] for row in rows)
    cpu = statistics.median(row["check_cpu_s"] for row in rows)
    print(f"check alone, {args.change}: median {wall:.4f} s, CPU {cpu:.4f} s ({len(rows)} calls)")
    for name in parts:
        print(f"  {name}: median {statistics.median(row[name] for row in rows):.4f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path, help="a bench copy (bench/incremental.py's ours)")
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="cProfile of the last run's check")
    parser.add_argument("--offset", type=int, default=0, help="as warm_builder.py's")
    parser.add_argument(
        "--parts", action="store_true", help="the wall time of the check's rules by name"
    )
    parser.add_argument(
        "--direct",
        action="store_true",
        help="no builds: the check alone, called as the build calls it, after each change "
        "(the first call fills the memo); less noise from the rest of a build",
    )
    args = parser.parse_args(argv)
    ours = incremental.in_copy(args.ours)
    from regional_showcase import input_check
    from regional_showcase.staff.warm_build import WarmBuilder

    timed: list[tuple[float, float]] = []
    profiler: list[cProfile.Profile] = []
    checked = input_check._checked_input

    def check(*args, **kwargs):
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            if profiler:
                return profiler[0].runcall(checked, *args, **kwargs)
            return checked(*args, **kwargs)
        finally:
            timed.append((time.perf_counter() - started, time.thread_time() - cpu))

    input_check._checked_input = check
    parts: dict[str, list[float]] = {}
    if args.parts:
        for name in PARTS:
            setattr(
                input_check, name, _timed(getattr(input_check, name), parts.setdefault(name, []))
            )
        from regional_showcase.content_types.registry import content_types

        for kind in content_types():  # each type's load, by its name
            if kind.load is not None:
                wrapped = _timed(kind.load, parts.setdefault(f"load {kind.name}", []))
                object.__setattr__(kind, "load", wrapped)
    if args.direct:
        return _direct(args, ours, timed, parts)
    builder = WarmBuilder()
    change = incremental.CHANGES[args.change]
    rows = []
    for run in range(args.runs + 1):
        if run:
            change(ours, args.offset + run)
        if args.profile is not None and run == args.runs:
            profiler.append(cProfile.Profile())
        timed.clear()
        new = ours / f"output.new-{os.getpid()}{run:03d}"
        status = builder.build("pelicanconf.py", new, ours / "output")
        builder.idle()
        if status:
            raise SystemExit(f"build {run} failed: {status}")
        row = {
            "run": run,
            "check_s": round(sum(wall for wall, _ in timed), 4),
            "check_cpu_s": round(sum(cpu for _, cpu in timed), 4),
            "calls": len(timed),
            "load": round(os.getloadavg()[0], 2),
        }
        if run:
            rows.append(row)
        for name, times in parts.items():
            row[name] = round(sum(times), 4)
            times.clear()
        print(json.dumps(row), flush=True)
    wall = statistics.median(row["check_s"] for row in rows)
    cpu = statistics.median(row["check_cpu_s"] for row in rows)
    print(f"check, {args.change}: median {wall:.4f} s, CPU {cpu:.4f} s ({len(rows)} builds)")
    for name in parts:
        print(f"  {name}: median {statistics.median(row[name] for row in rows):.4f} s")
    if args.profile is not None:
        profiler[0].dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
