"""Times `make serve`'s loop in one process, as serve.py runs it: the first build (cold), then
one file edited and the rebuild, `--saves` times (each save a different text).

    .venv/bin/python bench/preview_driver.py SITE FILE [--change post|event|region]
        [--saves 20] [--profile FILE]

FILE is relative to SITE: a post (content/news/….md) or an event (content/termine/….md),
whose body gets a new last paragraph, or the region data (data/regions.yaml, with
`--change region`), whose first `claim:` gets a new ending.

Prints JSON: {"cold": s, "rebuild": median s, "p95": s, "rebuilds": [s, ...], "rebuild_cpu":
median CPU s, "rss_mb": MB}. p95 is the nearest-rank 95th percentile of the rebuilds. The CPU
time (this process and its finished children, user + system) varies less with the machine's
load than the wall time does. The file watcher's delay and the browser's reload are not in
these figures.
With --profile, the last rebuild runs under cProfile and its stats go to FILE
(read them with `python -m pstats FILE`). Between saves, untimed, the builder's `idle()` runs
where it has one, as `make serve` runs it while nothing is saved (the garbage collector's
pass: PreviewBuilder.idle); `--no-idle` leaves it out."""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import re
import resource
import statistics
import time
from pathlib import Path

from pelican.log import init

from regional_showcase.staff.serve import PreviewBuilder


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


CHANGES = ("post", "event", "region")
_CLAIM = re.compile(r'^(?P<head>\s*claim: )(?P<quote>"?)(?P<text>.*?)(?P=quote)$', re.MULTILINE)


def edited(original: str, change: str, save: int) -> str:
    """The file's text after save number `save` (each save a different text)."""
    if change == "region":
        # A region's own claim (the least indented), not a translation's.
        found = min(_CLAIM.finditer(original), key=lambda m: len(m["head"]), default=None)
        if found is None:
            raise SystemExit("preview_driver: no `claim:` line in the region data")
        line = f"{found['head']}{found['quote']}{found['text']} ({save}){found['quote']}"
        return original[: found.start()] + line + original[found.end() :]
    return (
        original.rstrip("\n") + f"\n\nNachtrag {save}: Die Anmeldefrist wurde um "
        f"{save} Woche(n) verlängert.\n"
    )


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main(
    site: str,
    post: str,
    saves: int = 1,
    profile: str | None = None,
    change: str = "post",
    idle: bool = True,
) -> None:
    if profile:
        profile = str(Path(profile).resolve())
    os.chdir(site)
    init(level=40)  # errors only: timing, not logging
    builder = PreviewBuilder("pelicanconf.py", "output")
    started = time.perf_counter()
    assert builder.build()
    cold = time.perf_counter() - started
    rest = getattr(builder, "idle", None) if idle else None
    if rest:
        rest()
    path = Path(post)
    original = path.read_text(encoding="utf-8")
    rebuilds, cpu = [], []
    try:
        for save in range(1, saves + 1):
            path.write_text(edited(original, change, save), encoding="utf-8")
            profiler = cProfile.Profile() if profile and save == saves else None
            started, cpu_started = time.perf_counter(), _cpu()
            if profiler:
                profiler.enable()
            assert builder.build()
            if profiler:
                profiler.disable()
            rebuilds.append(time.perf_counter() - started)
            cpu.append(_cpu() - cpu_started)
            if profiler:
                profiler.dump_stats(profile)
            if rest:
                rest()
    finally:
        path.write_text(original, encoding="utf-8")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "cold": cold,
        "rebuild": statistics.median(rebuilds),
        "p95": p95(rebuilds),
        "rebuilds": rebuilds,
        "rebuild_cpu": statistics.median(cpu),
    }
    print(json.dumps({**result, "rss_mb": rss_mb}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("post", metavar="FILE")
    parser.add_argument("--saves", type=int, default=1, help="rebuilds to time (median)")
    parser.add_argument("--profile", help="cProfile the last rebuild into this file")
    parser.add_argument(
        "--change", choices=CHANGES, default="post", help="what FILE is (default: post)"
    )
    parser.add_argument(
        "--no-idle",
        action="store_true",
        help="do not run the builder's idle() between saves (make serve runs it)",
    )
    args = parser.parse_args()
    main(args.site, args.post, args.saves, args.profile, args.change, idle=not args.no_idle)
