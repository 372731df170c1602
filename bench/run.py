"""Build-performance benchmark (issue "Build performance"): this project vs plain Pelican vs Hugo.

    make bench                                  # the full run (how long: bench/results/current.md)
    .venv/bin/python bench/run.py --quick       # N=1,000, R=7, 3 runs, three builds + profile
    .venv/bin/python bench/run.py --sizes 1000,5000 --runs 3 --wide none --edit-sizes 500
    .venv/bin/python bench/run.py --report-only bench/results/2026-11-30-vm.json

For every configuration (N posts, R regions) it generates a seeded corpus (bench/corpus.py)
and measures cold builds, each `--runs` times, interleaved, under `/usr/bin/time -v`:

    plain  plain Pelican 4.12, default theme, no plugins     pelican -s pelicanconf.py -o out
    ours   this project's publish build                      pelican --fatal warnings
                                                               -s publishconf.py -o out
    hugo   Hugo with per-term list pages and RSS             hugo --quiet -d out

Then the edit-preview loop in `make serve`'s mode (serve.PreviewBuilder in one process,
timed by bench/preview_driver.py after one post changed, output of the
previous build in place) against a cold build of the same command, and a cProfile run of the
publish build to get the plugin's share. Results go to bench/results/<date>-<host>.{json,md,png};
the JSON is rewritten after every measurement, the report after every configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from common import BENCH, ROOT, log
from measure import Results, build_commands, measure, run_builds, run_edit_loop
from profiling import run_profile
from report import finish, write_report


def take_snapshot(work_dir: Path, attempts: int, wait: float, seed: int) -> tuple[Path, dict]:
    """Copy the project's parts once, so that every configuration of a run measures the same
    plugin and theme, and check that the copy builds a 20-post corpus. Others edit the plugin
    while this runs; a copy taken in the middle of an edit is retried after `wait` seconds."""
    snapshot = work_dir / "snapshot"
    preflight = {}
    if attempts == 0:  # --smoke: its one build of a 20-post corpus checks the copy anyway
        shutil.rmtree(snapshot, ignore_errors=True)
        corpus._copy_project(ROOT, snapshot)
        return snapshot, {"rc": 0, "attempt": 0, "plugin_sha": plugin_sha(snapshot)}
    for attempt in range(1, attempts + 1):
        shutil.rmtree(snapshot, ignore_errors=True)
        corpus._copy_project(ROOT, snapshot)
        site = corpus.generate(
            work_dir / "preflight", 20, 7, seed, source=snapshot, log=lambda m: None
        )
        site = Path(site["dest"]) / "ours"
        shutil.rmtree(site / "out", ignore_errors=True)
        command, env = build_commands("ours")
        preflight = measure(command, site, site / "out", work_dir / "logs" / "preflight.log", env)
        preflight.update(attempt=attempt, plugin_sha=plugin_sha(snapshot))
        if preflight["rc"] == 0:
            log(
                f"snapshot of the project taken (plugin {preflight['plugin_sha']}); "
                "a 20-post publish build of it works"
            )
            return snapshot, preflight
        log(
            f"snapshot attempt {attempt}/{attempts}: the project build fails on a 20-post "
            f"corpus:\n" + "\n".join(f"      {x}" for x in preflight["error"].splitlines()[-6:])
        )
        if attempt < attempts:
            log(f"  (the plugin may be mid-edit) retrying in {wait:.0f} s")
            time.sleep(wait)
    log("no working snapshot: measuring the last one anyway, failures go into the report")
    return snapshot, preflight


# --------------------------------------------------------------------------- main
def versions() -> dict:
    def version(module: str) -> str:
        try:
            from importlib.metadata import version as v

            return v(module)
        except Exception:
            return "?"

    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    hugo = shutil.which("hugo")
    hugo_version = (
        subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split(
            " BuildDate"
        )[0]
        if hugo
        else "not installed"
    )
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "Python": platform.python_version(),
        "Pelican": version("pelican"),
        "Markdown": version("markdown"),
        "Jinja2": version("jinja2"),
        "feedgenerator": version("feedgenerator"),
        "Hugo": hugo_version,
        "OS": platform.platform(),
    }


def plugin_sha(source: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in sorted((source / "plugins" / "regional_showcase").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def parse_ints(text: str) -> list[int]:
    return [] if text in ("", "none") else [int(x.replace("_", "")) for x in text.split(",")]


def parse_pairs(text: str) -> list[tuple[int, int]]:
    if text in ("", "none"):
        return []
    return [tuple(int(v) for v in item.split(":")) for item in text.split(",")]  # type: ignore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="N values at R=7")
    parser.add_argument("--wide", default="5000:400", help="extra N:R configurations, or none")
    parser.add_argument("--edit-sizes", default="500,5000", help="N for the edit-preview loop")
    parser.add_argument("--profile", default="1000:7", help="N:R configurations to profile")
    parser.add_argument("--builds", default="plain,ours,html1,html,publish,hugo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="N=1,000 R=7 only, all builds, profile; no R=400, no preview loop",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="N=20, 1 run, plain + ours only, no profile/preview/plot",
    )
    parser.add_argument("--work-dir", type=Path, default=BENCH / "work")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results")
    parser.add_argument("--name", help="report base name (default <YYYY-MM-DD>-<hostname>)")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--snapshot-attempts",
        type=int,
        default=6,
        help="how often to retry copying the project if its build fails",
    )
    parser.add_argument("--snapshot-wait", type=float, default=60.0)
    parser.add_argument(
        "--reuse-snapshot",
        action="store_true",
        help="measure the project copy in <work-dir>/snapshot of an earlier run",
    )
    parser.add_argument(
        "--merge-into",
        type=Path,
        metavar="JSON",
        help="replace these configurations' records in an earlier results file",
    )
    parser.add_argument(
        "--report-only",
        type=Path,
        metavar="JSON",
        help="rewrite the report and plot from a results JSON file",
    )
    args = parser.parse_args(argv)
    venv = BENCH / "work" / "venv"

    if args.report_only:
        results = Results(args.report_only, {})
        results.data = json.loads(args.report_only.read_text(encoding="utf-8"))
        png = None if args.no_plot else args.report_only.with_suffix(".png")
        finish(results, args.report_only.with_suffix(".md"), png, venv)
        return 0

    if args.quick:
        args.sizes, args.wide, args.edit_sizes, args.profile = "1000", "none", "none", "1000:7"
    if args.smoke:
        args.sizes, args.wide, args.edit_sizes, args.profile = "20", "none", "none", "none"
        args.builds, args.runs, args.no_plot = "plain,ours", 1, True
        args.snapshot_attempts = 0
    builds = [b for b in args.builds.split(",") if b]
    configs = [(n, 7) for n in parse_ints(args.sizes)] + parse_pairs(args.wide)
    edit_sizes, profiles = parse_ints(args.edit_sizes), parse_pairs(args.profile)

    today = dt.date.today().isoformat()
    name = args.name or f"{today}-{socket.gethostname()}"
    args.results_dir.mkdir(parents=True, exist_ok=True)
    json_path = args.results_dir / f"{name}.json"
    md_path = args.results_dir / f"{name}.md"
    png_path = None if args.no_plot else args.results_dir / f"{name}.png"
    logs = args.work_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    command = shlex.join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    if args.merge_into:
        json_path = args.merge_into
        md_path, name = json_path.with_suffix(".md"), json_path.stem
        png_path = None if args.no_plot else json_path.with_suffix(".png")
    if args.reuse_snapshot:
        snapshot, preflight = args.work_dir / "snapshot", {"rc": 0, "attempt": 0}
        if not (snapshot / "plugins").is_dir():
            raise SystemExit(f"--reuse-snapshot: no snapshot in {snapshot}")
        log(f"reusing the snapshot in {snapshot} (plugin {plugin_sha(snapshot)})")
    else:
        snapshot, preflight = take_snapshot(
            args.work_dir, args.snapshot_attempts, args.snapshot_wait, args.seed
        )
    results = Results(
        json_path,
        {
            "date": today,
            "host": socket.gethostname(),
            "command": command,
            "runs": args.runs,
            "seed": args.seed,
            "cpus": os.cpu_count(),
            "versions": versions(),
            "plugin_sha": plugin_sha(snapshot),
            "status": "running",
            "snapshot": {
                "attempts": preflight.get("attempt"),
                "ok": preflight.get("rc") == 0,
                "taken": dt.datetime.now().isoformat(timespec="seconds"),
            },
            "configs": configs,
            "edit_sizes": edit_sizes,
            "profiles": profiles,
        },
    )
    if args.merge_into:
        # Re-measure some configurations of an earlier run (e.g. when the machine was busier
        # then): their old records are replaced, everything else is kept.
        old = json.loads(json_path.read_text(encoding="utf-8"))
        if old["meta"]["plugin_sha"] != plugin_sha(snapshot):
            raise SystemExit(
                "--merge-into: that run measured another plugin version "
                f"({old['meta']['plugin_sha']}); use --reuse-snapshot"
            )
        measured = {tuple(c) for c in configs}
        old["builds"] = [b for b in old["builds"] if (b["n"], b["r"]) not in measured]
        old["edit"] = [e for e in old["edit"] if e["n"] not in edit_sizes]
        old["profiles"] = [
            p for p in old["profiles"] if (p["n"], p["r"]) not in {tuple(x) for x in profiles}
        ]
        old["meta"].setdefault("merged", []).append(
            {
                "command": command,
                "at": dt.datetime.now().isoformat(timespec="seconds"),
                "configs": configs,
                "edit_sizes": edit_sizes,
                "profiles": profiles,
            }
        )
        old["meta"]["status"] = "running"
        results.data = old
    log(
        f"benchmark {name}: configs {configs}, builds {builds}, {args.runs} run(s); "
        f"preview loop at {edit_sizes or 'none'}; profile at {profiles or 'none'}"
    )

    def site_for(n: int, r: int) -> Path:
        root = args.work_dir / "corpus" / f"n{n}-r{r}-s{args.seed}"
        summary = corpus.generate(
            root, n, r, args.seed, source=snapshot, log=lambda m: log("  " + m)
        )
        if all(c["dest"] != summary["dest"] for c in results.data["corpora"]):
            results.data["corpora"].append(summary)
        return root

    def checkpoint() -> None:
        write_report(results.data, md_path, None)
        log(f"  report so far: {md_path}")

    for n, r in configs:
        log(f"config N={n:,} R={r}: corpus")
        root = site_for(n, r)
        run_builds(results, root, n, r, builds, args.runs, logs)
        checkpoint()
    for n, r in profiles:
        log(f"profile N={n:,} R={r}")
        run_profile(results, site_for(n, r) / "ours", n, r, logs)
        checkpoint()
    for n in edit_sizes:
        log(f"edit-preview loop N={n:,}")
        run_edit_loop(results, site_for(n, 7) / "ours", n, args.runs, logs)
        checkpoint()
    results.data["meta"]["status"] = "complete"
    finish(results, md_path, png_path, venv)
    failed = [x for x in results.data["builds"] + results.data["edit"] if x["rc"] != 0]
    log(f"done: {len(results.data['builds'])} builds, {len(failed)} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
