"""Each Pagefind run of a warm build (the build server's WarmBuilder) after one change: its
bundle, whether EarlyRuns started it during the build or the index at its end, when it
started and ended (seconds into the build) and its CPU seconds (the copying process that
becomes Pagefind included), so that the search index's part of a build after a change can be
compared across bundle plans (search_bundles.py).

    cd COPY && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/search_runs.py . --change edit --runs 5

Prints one JSON line per build (after the process's own first one), then medians of: the
build's wall seconds, Pagefind's wall span (first start to last end), its CPU seconds, when
the first run started, and how long the build went on after the last run ended (negative:
the build waited for it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

RUNS: list[dict] = []


def edit_newest(ours: Path, run: int) -> None:
    """Edit the newest post (by its file name's date): staff editing recent news."""
    posts = sorted(p for p in (ours / "content/news").glob("*.md") if "neue-meldung" not in p.name)
    post = posts[-1]
    post.write_text(post.read_text(encoding="utf-8") + f"\nNachtrag {run}.\n", encoding="utf-8")


CHANGES = {**incremental.CHANGES, "edit-newest": edit_newest}
STARTED = [0.0]


class Recorded(subprocess.Popen):
    """A Popen that notes a Pagefind run's start, end (seen without reaping the process) and
    CPU seconds (from wait4 when it is reaped)."""

    def __init__(self, args, *rest, **kwargs):
        super().__init__(args, *rest, **kwargs)
        words = [str(word) for word in args] if isinstance(args, list | tuple) else []
        self._entry = None
        if any(word.endswith("pagefind") for word in words):
            folder = (
                words[words.index("--output-subdir") + 1]
                if "--output-subdir" in words
                else "pagefind"
            )
            self._entry = {
                "bundle": folder,
                "early": "-c" in words,
                "start_s": time.perf_counter() - STARTED[0],
            }
            RUNS.append(self._entry)
            threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        try:
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            return
        self._entry.setdefault("end_s", time.perf_counter() - STARTED[0])

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid and self._entry is not None:
            self._entry.setdefault("end_s", time.perf_counter() - STARTED[0])
            self._entry["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)
        return pid, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--change", choices=sorted(CHANGES), default="edit")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    site = incremental.in_copy(args.site)
    subprocess.Popen = Recorded
    from pelican.log import init

    init(level=40)
    from regional_showcase.staff.warm_build import WarmBuilder

    builder = WarmBuilder()
    rows = []
    for number in range(args.runs + 1):
        if number:
            CHANGES[args.change](site, 2 * number)
        RUNS.clear()
        STARTED[0] = time.perf_counter()
        cpu = time.process_time()
        new = site / f"output.new-{os.getpid()}{number:03d}"
        status = builder.build("pelicanconf.py", new, site / "output")
        wall = time.perf_counter() - STARTED[0]
        builder.idle()
        runs = [dict(run) for run in RUNS]
        ends = [run["end_s"] for run in runs if "end_s" in run]
        row = {
            "s": round(wall, 3),
            "cpu_s": round(time.process_time() - cpu, 3),
            "pagefind_span_s": round(max(ends) - min(r["start_s"] for r in runs), 3) if ends else 0,
            "pagefind_cpu_s": round(sum(r.get("cpu_s", 0) for r in runs), 3),
            "first_start_s": round(min(r["start_s"] for r in runs), 3) if runs else None,
            "after_last_end_s": round(wall - max(ends), 3) if ends else None,
            "runs": [
                {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in runs
            ],
            "load": os.getloadavg()[0],
            "status": status,
        }
        if number:
            rows.append(row)
            print(json.dumps(row), flush=True)
    keys = ("s", "cpu_s", "pagefind_span_s", "pagefind_cpu_s", "first_start_s", "after_last_end_s")
    incremental.print_medians(rows, keys)
    return 0


if __name__ == "__main__":
    sys.exit(main())
