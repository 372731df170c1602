"""When a warm build (the build server's WarmBuilder) starts Pagefind for the archive's bundle
and how long it then waits for it at its end, after one change each: load-independent as far
as it can be, since the main process's CPU seconds before the start say how much of the
build's own work comes first, whatever the machine's load.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/early_search.py . --change edit --runs 5

Per build (after the process's own first one): wall seconds of the build, the main process's
CPU seconds, both at the moment EarlyRuns started Pagefind (None: nothing started), the
seconds the index waited for it (EarlyRuns.take) and the children's CPU (Pagefind, the
Linker). A quiet 2-core machine's build after an edit takes about the larger of the main
process's CPU and its CPU before the start plus Pagefind's run. Prints JSON lines, then
medians.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--change", choices=sorted(incremental.CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    site = incremental.in_copy(args.site)
    from pelican.log import init

    init(level=40)
    from regional_showcase import search_index
    from regional_showcase.staff.warm_build import WarmBuilder

    marks: dict[str, float] = {}
    started = [0.0, 0.0]

    def timed(name, original):
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            if name == "start":
                marks.setdefault("start_s", time.perf_counter() - started[0])
                marks.setdefault("start_cpu_s", time.process_time() - started[1])
            before = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                if name == "take":
                    marks["take_s"] = marks.get("take_s", 0.0) + time.perf_counter() - before

        return wrapper

    runs = search_index.EarlyRuns
    runs._start = timed("start", runs._start)
    runs.take = timed("take", runs.take)
    builder = WarmBuilder()
    rows = []
    for number in range(args.runs + 1):
        if number:
            incremental.CHANGES[args.change](site, 2 * number)
        marks.clear()
        children = children_cpu()
        started[:] = [time.perf_counter(), time.process_time()]
        new = site / f"output.new-{os.getpid()}{number:03d}"
        status = builder.build("pelicanconf.py", new, site / "output")
        row = {
            "s": time.perf_counter() - started[0],
            "cpu_s": time.process_time() - started[1],
            "start_s": marks.get("start_s"),
            "start_cpu_s": marks.get("start_cpu_s"),
            "take_s": marks.get("take_s", 0.0),
            "children_cpu_s": children_cpu() - children,
            "load": os.getloadavg()[0],
            "status": status,
        }
        builder.idle()
        if number:
            rows.append(row)
            print(json.dumps(row), flush=True)
    incremental.print_medians(
        rows, ("s", "cpu_s", "start_s", "start_cpu_s", "take_s", "children_cpu_s")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
