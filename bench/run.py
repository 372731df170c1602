"""Build-performance benchmark (issue "Build performance"): this project vs plain Pelican vs Hugo.

    make bench                                  # the full run (takes about an hour)
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
import pstats
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

BUILD_LABELS = {
    "plain": "plain Pelican (default theme, no plugins)",
    "ours": "this project (publish build)",
    "hugo": "Hugo",
}
TARGETS_TEXT = {
    "ratio": "ours ≤ 1.25 × plain Pelican at every N",
    "share": "plugin share of the publish build ≤ 5 % (cProfile, N = 1,000)",
    "scaling": "time(20k) / time(5k) ≤ 4.4 (ours)",
    "regions": "R = 400 ≤ 1.3 × R = 7 at N = 5,000 (apart from the pages really added)",
    "memory": "peak memory ≤ 1 GB at N = 20,000 (ours)",
    "edit": "edit–preview ≤ 50 % of the cold build at N = 500 and 5,000 (stretch: < 2 s at 500)",
}
PUBLISH_ENV = {"SITEURL": corpus.SITEURL, "COLUMNS": "200"}
START = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - START:8.1f}s] {message}", flush=True)


def pelican_command() -> list[str]:
    script = Path(sys.executable).parent / "pelican"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pelican"]


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.exists() else 0


# --------------------------------------------------------------------------- measuring
def parse_time_v(text: str) -> dict:
    """Wall time, CPU time and peak RSS from GNU time's -v report."""

    def field(name: str) -> str:
        match = re.search(rf"^\s*{re.escape(name)}.*?:\s*(\S+)\s*$", text, re.MULTILINE)
        return match.group(1) if match else "0"

    wall = 0.0
    for part in field("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall": round(wall, 3),
        "cpu": round(
            float(field("User time (seconds)")) + float(field("System time (seconds)")), 2
        ),
        "rss_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
    }


def measure(
    command: list[str], cwd: Path, out_dir: Path | None, log_file: Path, env: dict | None = None
) -> dict:
    """Run one command under /usr/bin/time -v; return wall, cpu, peak RSS, files, exit code."""
    time_file = log_file.with_suffix(".time")
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with log_file.open("w") as output:
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", str(time_file), *command],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            check=False,
        )
    outer = time.perf_counter() - started
    record = parse_time_v(time_file.read_text()) if time_file.exists() else {"wall": outer}
    record.update(
        rc=result.returncode, load=round(load, 2), files=count_files(out_dir) if out_dir else None
    )
    if result.returncode != 0:
        tail = log_file.read_text(errors="replace").strip().splitlines()[-25:]
        record["error"] = "\n".join(tail)
    return record


class Results:
    """All measurements, saved to JSON after each one so a long run survives interruptions."""

    def __init__(self, path: Path, meta: dict):
        self.path = path
        self.data = {"meta": meta, "builds": [], "edit": [], "profiles": [], "corpora": []}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)


def build_commands(kind: str) -> tuple[list[str], dict]:
    if kind == "plain":
        return [*pelican_command(), "-s", "pelicanconf.py", "-o", "out"], {"COLUMNS": "200"}
    if kind == "ours":
        return (
            [*pelican_command(), "--fatal", "warnings", "-s", "publishconf.py", "-o", "out"],
            PUBLISH_ENV,
        )
    if kind == "hugo":
        return ["hugo", "--quiet", "-d", "out"], {}
    raise ValueError(kind)


def run_builds(
    results: Results, site_root: Path, n: int, r: int, builds: list[str], runs: int, logs: Path
) -> None:
    for run in range(1, runs + 1):
        for kind in builds:  # interleaved, so that load from other users hits all alike
            site = site_root / kind
            if kind == "hugo" and not shutil.which("hugo"):
                record = {
                    "rc": 127,
                    "wall": None,
                    "error": "hugo not found: apt-get install -y hugo",
                }
            else:
                for stale in ("out", "resources", "cache", "__pycache__"):
                    shutil.rmtree(site / stale, ignore_errors=True)
                command, env = build_commands(kind)
                record = measure(
                    command, site, site / "out", logs / f"{kind}-{n}-{r}-{run}.log", env
                )
            record.update(build=kind, n=n, r=r, run=run)
            results.data["builds"].append(record)
            results.save()
            if record["rc"] == 0:
                log(
                    f"  N={n} R={r} {kind:5} run {run}/{runs}: {record['wall']:.1f} s wall, "
                    f"{record['cpu']:.1f} s CPU, {record['rss_mb']:.0f} MB, {record['files']} files "
                    f"(load {record['load']})"
                )
            else:
                log(
                    f"  N={n} R={r} {kind:5} run {run}/{runs}: FAILED (exit {record['rc']})\n"
                    + "\n".join(f"      {line}" for line in record["error"].splitlines())
                )


def run_edit_loop(results: Results, site: Path, n: int, runs: int, logs: Path) -> None:
    """`make serve` rebuilds in one process (serve.PreviewBuilder); time the first build and
    the rebuild after a one-post edit, with bench/preview_driver.py."""
    driver = Path(__file__).with_name("preview_driver.py")
    posts = sorted((site / "content" / "news").glob("*.md"))
    for run in range(1, runs + 1):
        for stale in ("output", "cache"):  # cold: no output and no cached images yet
            shutil.rmtree(site / stale, ignore_errors=True)
        post = posts[(run * 7919) % len(posts)]
        log_file = logs / f"preview-{n}-{run}.log"
        # The snapshot's plugin, not the working tree's (which the editable install points to).
        env = {**os.environ, "PYTHONPATH": str(site / "plugins")}
        done = subprocess.run(
            [sys.executable, str(driver), str(site), str(post)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        log_file.write_text(done.stdout + done.stderr, encoding="utf-8")
        records = []
        if done.returncode == 0:
            timing = json.loads(done.stdout.strip().splitlines()[-1])
            for kind in ("cold", "rebuild"):
                records.append(
                    {
                        "kind": kind,
                        "n": n,
                        "run": run,
                        "rc": 0,
                        "wall": timing[kind],
                        "rss_mb": timing["rss_mb"],
                        "post": post.name,
                    }
                )
        else:
            for kind in ("cold", "rebuild"):
                records.append(
                    {
                        "kind": kind,
                        "n": n,
                        "run": run,
                        "rc": done.returncode,
                        "wall": None,
                        "error": done.stderr[-2000:],
                    }
                )
        results.data["edit"].extend(records)
        results.save()
        for record in records:
            status = (
                "" if record["rc"] == 0 else f" FAILED (exit {record['rc']})\n{record['error']}"
            )
            log(
                f"  preview N={n} {record['kind']:7} run {run}/{runs}: "
                f"{(record['wall'] or 0):.2f} s, {record.get('rss_mb', 0):.0f} MB{status}"
            )


# --------------------------------------------------------------------------- profile
def _where(filename: str) -> str:
    """Which package a profiled function belongs to."""
    if "regional_showcase" + os.sep in filename:
        return "plugin: regional_showcase"
    if filename == "~":
        return "builtins (C)"
    if filename.endswith(".html") or filename.startswith("<template>"):
        return "theme templates (compiled Jinja)"
    match = re.search(r"site-packages/([^/]+)", filename)
    if match:
        return match.group(1).removesuffix(".py")
    match = re.search(r"python3\.\d+/([^/]+)", filename)
    return f"stdlib: {match.group(1).removesuffix('.py')}" if match else filename


def analyse_profile(prof_file: Path) -> dict:
    stats = pstats.Stats(str(prof_file))
    total = stats.total_tt
    table = stats.stats  # (file, line, func) -> (cc, nc, tt, ct, callers)

    def is_plugin(key) -> bool:
        return "regional_showcase" + os.sep in key[0]

    def name(key) -> str:
        file, line, func = key
        short = (
            file.split("regional_showcase" + os.sep)[-1]
            if is_plugin(key)
            else (re.sub(r".*site-packages/", "", file) if "site-packages" in file else file)
        )
        return f"{short}:{line}({func})"

    own = sum(v[2] for k, v in table.items() if is_plugin(k))
    entry = {
        k: v
        for k, v in table.items()
        if k[0].endswith(f"regional_showcase{os.sep}generator.py")
        and k[2] in ("__init__", "generate_context", "generate_output")
    }
    entry_cum = sum(v[3] for v in entry.values())
    hooks = []
    for key, (_, calls, _, _, callers) in table.items():
        if not is_plugin(key) or key in entry:
            continue
        external = sum(edge[3] for caller, edge in callers.items() if not is_plugin(caller))
        if external > 0:
            hooks.append(
                {
                    "function": name(key),
                    "calls": calls,
                    "cum_s": round(external, 3),
                    "share": round(external / total, 4),
                }
            )
    hooks.sort(key=lambda h: -h["cum_s"])
    by_package = defaultdict(float)
    for key, value in table.items():
        by_package[_where(key[0])] += value[2]
    top_plugin = sorted(
        ((name(k), v[1], v[2], v[3]) for k, v in table.items() if is_plugin(k)), key=lambda t: -t[3]
    )[:15]
    top_all = sorted(((name(k), v[1], v[2], v[3]) for k, v in table.items()), key=lambda t: -t[2])[
        :20
    ]
    return {
        "total_s": round(total, 2),
        "entry_points": [
            {"function": name(k), "cum_s": round(v[3], 3), "share": round(v[3] / total, 4)}
            for k, v in entry.items()
        ],
        "entry_share": round(entry_cum / total, 4),
        "own_share": round(own / total, 4),
        "own_s": round(own, 3),
        "hooks": hooks[:12],
        "by_package": sorted(
            ((k, round(v, 2), round(v / total, 4)) for k, v in by_package.items()),
            key=lambda t: -t[1],
        )[:14],
        "top_plugin_cum": [
            {"function": f, "calls": c, "own_s": round(t, 3), "cum_s": round(cu, 3)}
            for f, c, t, cu in top_plugin
        ],
        "top_own": [
            {"function": f, "calls": c, "own_s": round(t, 3), "cum_s": round(cu, 3)}
            for f, c, t, cu in top_all
        ],
    }


def run_profile(results: Results, site: Path, n: int, r: int, logs: Path) -> None:
    for stale in ("out-profile", "cache"):  # cold, like the measured builds
        shutil.rmtree(site / stale, ignore_errors=True)
    prof = logs / f"publish-{n}-{r}.prof"
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(prof),
        "-m",
        "pelican",
        "--fatal",
        "warnings",
        "-s",
        "publishconf.py",
        "-o",
        "out-profile",
    ]
    record = measure(
        command, site, site / "out-profile", logs / f"profile-{n}-{r}.log", PUBLISH_ENV
    )
    shutil.rmtree(site / "out-profile", ignore_errors=True)
    record.update(n=n, r=r, prof_file=str(prof))
    if record["rc"] == 0 and prof.exists():
        record.update(analyse_profile(prof))
        log(
            f"  profile N={n} R={r}: {record['wall']:.1f} s under cProfile; generator entry "
            f"points {record['entry_share']:.1%}, plugin's own code {record['own_share']:.1%}"
        )
    else:
        log(f"  profile N={n} R={r}: FAILED (exit {record['rc']})\n{record.get('error', '')}")
    results.data["profiles"].append(record)
    results.save()


# --------------------------------------------------------------------------- report
def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(data: dict) -> dict:
    """(build, n, r) -> medians over the successful runs."""
    groups = defaultdict(list)
    for rec in data["builds"]:
        groups[(rec["build"], rec["n"], rec["r"])].append(rec)
    out = {}
    for key, recs in groups.items():
        ok = [x for x in recs if x["rc"] == 0]
        out[key] = {
            "runs": len(ok),
            "failed": len(recs) - len(ok),
            "wall": _median([x["wall"] for x in ok]),
            "wall_min": min((x["wall"] for x in ok), default=None),
            "wall_max": max((x["wall"] for x in ok), default=None),
            "cpu": _median([x.get("cpu") for x in ok]),
            "rss_mb": _median([x.get("rss_mb") for x in ok]),
            "files": _median([x.get("files") for x in ok]),
            "load": [x.get("load") for x in recs],
            "error": next((x.get("error") for x in recs if x["rc"] != 0), None),
        }
    return out


def _fmt(value, pattern="{:.1f}", missing="–"):
    return missing if value is None else pattern.format(value)


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**missed**")


def targets(data: dict, summary: dict) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows. Verdicts go by the wall-time medians; where CPU time
    (less disturbed by other jobs on the machine) gives another verdict, the row says so."""
    rows = []

    def get(build, n, r, key="wall"):
        s = summary.get((build, n, r))
        return s[key] if s and s["runs"] else None

    def verdict(by_wall, by_cpu=None) -> str:
        text = _verdict(by_wall)
        if by_wall is not None and by_cpu is not None and by_cpu != by_wall:
            text += f" (by CPU time: {'met' if by_cpu else 'missed'})"
        return text

    configs = sorted({(k[1], k[2]) for k in summary})
    ratios = []
    for n, r in configs:
        if get("ours", n, r) and get("plain", n, r):
            ratios.append(
                (
                    n,
                    r,
                    get("ours", n, r) / get("plain", n, r),
                    get("ours", n, r, "cpu") / get("plain", n, r, "cpu"),
                )
            )
    rows.append(
        (
            TARGETS_TEXT["ratio"],
            "; ".join(f"N={n:,} R={r}: {w:.2f}× (CPU {c:.2f}×)" for n, r, w, c in ratios) or "–",
            verdict(
                all(w <= 1.25 for *_, w, _c in ratios) if ratios else None,
                all(c <= 1.25 for *_, c in ratios) if ratios else None,
            ),
        )
    )

    profile = next((p for p in data["profiles"] if p.get("rc") == 0 and "entry_share" in p), None)
    if profile:
        rows.append(
            (
                TARGETS_TEXT["share"],
                f"{profile['entry_share']:.1%} cumulative from the generator's entry points "
                f"(plugin's own code {profile['own_share']:.1%}; N={profile['n']:,})",
                _verdict(profile["entry_share"] <= 0.05),
            )
        )
    else:
        rows.append((TARGETS_TEXT["share"], "–", _verdict(None)))

    t5, t20 = get("ours", 5000, 7), get("ours", 20000, 7)
    c5, c20 = get("ours", 5000, 7, "cpu"), get("ours", 20000, 7, "cpu")
    p5, p20 = get("plain", 5000, 7), get("plain", 20000, 7)
    extra = f"; plain Pelican: {p20 / p5:.2f}" if p5 and p20 else ""
    rows.append(
        (
            TARGETS_TEXT["scaling"],
            f"{t20 / t5:.2f} (CPU {c20 / c5:.2f}{extra})" if t5 and t20 else "–",
            verdict(
                t20 / t5 <= 4.4 if t5 and t20 else None, c20 / c5 <= 4.4 if c5 and c20 else None
            ),
        )
    )

    s7, s400 = summary.get(("ours", 5000, 7)), summary.get(("ours", 5000, 400))
    if s7 and s400 and s7["runs"] and s400["runs"]:
        added = s400["files"] - s7["files"]
        measured, verdicts = [], []
        for key in ("wall", "cpu"):
            raw = s400[key] / s7[key]
            allowance = s7[key] / s7["files"] * added
            adjusted = s400[key] / (s7[key] + allowance)
            measured.append(
                f"{key}: raw {raw:.2f}×, {adjusted:.2f}× after allowing the R=7 "
                f"average time per file for the added files ({allowance:.1f} s)"
            )
            verdicts.append(adjusted <= 1.3)
        rows.append(
            (
                TARGETS_TEXT["regions"],
                f"{added:,.0f} more files; " + "; ".join(measured),
                verdict(*verdicts),
            )
        )
    else:
        rows.append((TARGETS_TEXT["regions"], "–", _verdict(None)))

    s20 = summary.get(("ours", 20000, 7))
    rows.append(
        (
            TARGETS_TEXT["memory"],
            f"{s20['rss_mb']:.0f} MB" if s20 and s20["runs"] else "–",
            _verdict(s20["rss_mb"] <= 1024 if s20 and s20["runs"] else None),
        )
    )

    edit = edit_summary(data)
    if edit:
        parts, oks, cpu_oks = [], [], []
        for n, e in sorted(edit.items()):
            if e["cold"] and e["rebuild"]:
                share = e["rebuild"] / e["cold"]
                cpu_share = e["rebuild_cpu"] / e["cold_cpu"] if e.get("cold_cpu") else None
                oks.append(share <= 0.5)
                cpu_oks.append(cpu_share is not None and cpu_share <= 0.5)
                parts.append(
                    f"N={n:,}: {e['rebuild']:.1f} s of {e['cold']:.1f} s = {share:.0%}"
                    + (f" (CPU {cpu_share:.0%})" if cpu_share is not None else "")
                )
        stretch = edit.get(500, {}).get("rebuild")
        if stretch:
            parts.append(f"stretch (< 2 s at 500): {'met' if stretch < 2 else 'missed'}")
        rows.append(
            (
                TARGETS_TEXT["edit"],
                "; ".join(parts),
                verdict(all(oks) if oks else None, all(cpu_oks) if cpu_oks else None),
            )
        )
    else:
        rows.append((TARGETS_TEXT["edit"], "–", _verdict(None)))
    return rows


def edit_summary(data: dict) -> dict:
    out = defaultdict(dict)
    for kind in ("cold", "rebuild"):
        per_n = defaultdict(list)
        for rec in data["edit"]:
            if rec["kind"] == kind and rec["rc"] == 0:
                per_n[rec["n"]].append(rec)
        for n, recs in per_n.items():
            out[n][kind] = _median([x["wall"] for x in recs])
            out[n][kind + "_rss"] = _median([x.get("rss_mb") for x in recs])
            out[n][kind + "_cpu"] = _median([x.get("cpu") for x in recs])
            out[n][kind + "_runs"] = len(recs)
    for rec in data["edit"]:
        out[rec["n"]].setdefault("cold", None)
        out[rec["n"]].setdefault("rebuild", None)
    return dict(out)


def write_report(data: dict, md_path: Path, png_name: str | None) -> None:
    meta, summary = data["meta"], summarise(data)
    lines = [f"# Build performance: {meta['date']} on `{meta['host']}`", ""]
    merged = "".join(
        f" Re-measured later with `{m['command']}` ({m['at']}), replacing those "
        "configurations' first measurements."
        for m in meta.get("merged", [])
    )
    lines += [
        f"Run: `{meta['command']}` ({meta['status']}).{merged} "
        f"Each figure is the median of {meta['runs']} cold run(s) under `/usr/bin/time -v`; "
        "builds of one configuration are interleaved (plain, ours, Hugo, plain, …).",
        "",
    ]
    lines += [
        "> **Noise.** The machine has "
        f"{meta['cpus']} cores and other people ran test suites on it at the same time "
        f"(1-minute load average during the measurements: {meta.get('load_range', '–')}). "
        "Wall times can be off by 10–30 % in either direction; the CPU column (user + "
        "system) is less sensitive to that. Pelican builds use one core, Hugo uses both.",
        "",
    ]
    lines += [
        "## Cold builds",
        "",
        "| build | N | R | wall median (s) | min–max (s) | CPU (s) | peak RSS (MB) | files "
        "| wall ÷ plain Pelican | CPU ÷ plain Pelican |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    order = {"plain": 0, "ours": 1, "hugo": 2}
    flagged = False
    for key in sorted(summary, key=lambda k: (k[2], k[1], order.get(k[0], 9))):
        build, n, r = key
        s = summary[key]
        plain = summary.get(("plain", n, r))
        ratio = (s["wall"] / plain["wall"]) if s["wall"] and plain and plain["wall"] else None
        cpu_ratio = (s["cpu"] / plain["cpu"]) if s["cpu"] and plain and plain["cpu"] else None
        if s["runs"] == 0:
            lines.append(f"| {BUILD_LABELS[build]} | {n:,} | {r} | FAILED | | | | | | |")
            continue
        contended = build != "hugo" and s["cpu"] and s["wall"] > 1.15 * s["cpu"]
        flagged = flagged or contended
        lines.append(
            f"| {BUILD_LABELS[build]} | {n:,} | {r} | {_fmt(s['wall'])}{' †' if contended else ''} | "
            f"{_fmt(s['wall_min'])}–{_fmt(s['wall_max'])} | {_fmt(s['cpu'])} | "
            f"{_fmt(s['rss_mb'], '{:.0f}')} | {_fmt(s['files'], '{:,.0f}')} | "
            f"{'' if build == 'plain' else _fmt(ratio, '{:.2f}×')} | "
            f"{'' if build == 'plain' else _fmt(cpu_ratio, '{:.2f}×')} |"
        )
    lines.append("")
    if flagged:
        lines += [
            "† The wall median is more than 15 % above the CPU time of this single-threaded "
            "build: it waited for a CPU while other jobs ran. Compare the CPU columns for "
            "these rows.",
            "",
        ]
    edit = edit_summary(data)
    if edit:
        lines += [
            "## Edit–preview loop (`make serve` mode)",
            "",
            "As `serve.py` runs it: one process, `PreviewBuilder.build()` with Pelican's "
            "reader cache, re-rendering only the post pages whose inputs changed "
            "(`preview.py`). Cold = the first build in the process, with no output and no "
            "`cache/`; rebuild = the next build after one post was edited "
            "(`bench/preview_driver.py`). The file watcher adds about 50 ms in real use.",
            "",
            "| N | R | cold (s) | rebuild after one edit (s) | rebuild ÷ cold | CPU: cold / "
            "rebuild (s) | peak RSS (MB) |",
            "|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for n, e in sorted(edit.items()):
            share = e["rebuild"] / e["cold"] if e.get("cold") and e.get("rebuild") else None
            lines.append(
                f"| {n:,} | 7 | {_fmt(e.get('cold'))} | {_fmt(e.get('rebuild'))} | "
                f"{_fmt(share, '{:.0%}')} | {_fmt(e.get('cold_cpu'))} / "
                f"{_fmt(e.get('rebuild_cpu'))} | {_fmt(e.get('rebuild_rss'), '{:.0f}')} |"
            )
        lines.append("")
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {v} |" for t, m, v in targets(data, summary)]
    lines.append("")
    for profile in data["profiles"]:
        lines += profile_section(profile)
    errors = [(k, s["error"]) for k, s in summary.items() if s["error"]]
    errors += [(("preview", e["n"], 7), e["error"]) for e in data["edit"] if e.get("error")]
    if errors:
        lines += ["## Failures", ""]
        for (build, n, r), error in errors:
            lines += [f"`{build}` at N={n:,}, R={r}:", "", "```", error.strip(), "```", ""]
    if png_name:
        lines += [f"![build time and peak memory vs N]({png_name})", ""]
    lines += ["## Setup", ""]
    lines += [f"- {k}: {v}" for k, v in meta["versions"].items()]
    lines += [
        f"- corpus: seed {meta['seed']}; {c['params']['posts']:,} posts, "
        f"{c['params']['regions']} regions, {c['words_per_post']['mean']} words per post "
        f"(min {c['words_per_post']['min']}), years {c['years'][0]}–{c['years'][-1]}, "
        f"{c['alle_posts']} posts for `alle`"
        for c in data["corpora"]
        if c["params"]["posts"]
    ]
    snap = meta.get("snapshot", {})
    lines += [
        f"- plugin snapshot (sha256 of plugins/regional_showcase/*.py): `{meta['plugin_sha']}`, "
        f"copied from the working tree at {snap.get('taken', '?')} and used for every "
        "configuration of this run"
        + ("" if snap.get("ok", True) else " (its 20-post preflight build FAILED)"),
        "- plain Pelican: the same post files, Pelican's defaults (default theme "
        "`notmyidea`, no pagination, category/tag/author/archive pages, Atom feeds for all "
        "posts and per category), `SITEURL` set.",
        "- Hugo: `content/posts/*.md` with TOML front matter, taxonomies `regions` and "
        "`topics` with a list page and an RSS feed per term, pagination 12, RSS limit 50, "
        "layouts baseof/single/list/index (bench/corpus.py).",
        "",
    ]
    lines += [
        "## How to reproduce",
        "",
        "```sh",
        "apt-get install -y hugo            # Debian's Hugo 0.111",
        "make bench                         # full run: N = 1,000 / 5,000 / 20,000 (R = 7), "
        "5,000 (R = 400), preview loop at 500 / 5,000",
        "# which is:",
        "nohup .venv/bin/python bench/run.py --sizes 1000,5000,20000 --wide 5000:400 "
        "--edit-sizes 500,5000 --runs 3 > bench/work/full.log 2>&1 &",
        ".venv/bin/python bench/run.py --quick            # N = 1,000 only, with profile",
        ".venv/bin/python bench/run.py --report-only bench/results/<file>.json  "
        "# rewrite report + plot",
        "# this report was made with:",
        f"nohup .venv/bin/python {meta['command']} > bench/work/full.log 2>&1 &",
        *(f".venv/bin/python {m['command']}" for m in meta.get("merged", [])),
        "```",
        "",
    ]
    md_path.write_text("\n".join(lines), encoding="utf-8")


def profile_section(p: dict) -> list[str]:
    head = f"## Profile of the publish build (cProfile, N = {p['n']:,}, R = {p['r']})"
    if p.get("rc") != 0 or "total_s" not in p:
        return [head, "", "FAILED:", "", "```", str(p.get("error", "")), "```", ""]
    lines = [
        head,
        "",
        f"{p['total_s']:.1f} s of profiled time (cProfile roughly doubles the run time of "
        "call-heavy code, so compare shares, not seconds).",
        "",
        f"- **Plugin share, cumulative from the generator's entry points: "
        f"{p['entry_share']:.1%}** — "
        + ", ".join(
            f"`{e['function']}` {e['cum_s']:.2f} s ({e['share']:.1%})" for e in p["entry_points"]
        ),
        f"- plugin's own code (tottime of every function in plugins/regional_showcase): "
        f"{p['own_s']:.2f} s = {p['own_share']:.1%}",
        "- other ways into plugin code (cumulative time over calls from outside the plugin; "
        "these overlap each other and the entry points above):",
        "",
    ]
    lines += ["| function | calls | cumulative (s) | share |", "|---|--:|--:|--:|"]
    lines += [
        f"| `{h['function']}` | {h['calls']:,} | {h['cum_s']:.2f} | {h['share']:.1%} |"
        for h in p["hooks"]
    ]
    lines += ["", "Own time by package:", "", "| package | own time (s) | share |", "|---|--:|--:|"]
    lines += [f"| {pkg} | {t:.2f} | {s:.1%} |" for pkg, t, s in p["by_package"]]
    lines += [
        "",
        "Plugin functions by cumulative time:",
        "",
        "| function | calls | own (s) | cumulative (s) |",
        "|---|--:|--:|--:|",
    ]
    lines += [
        f"| `{f['function']}` | {f['calls']:,} | {f['own_s']:.2f} | {f['cum_s']:.2f} |"
        for f in p["top_plugin_cum"]
    ]
    lines += [
        "",
        "All functions by own time (top 20):",
        "",
        "| function | calls | own (s) | cumulative (s) |",
        "|---|--:|--:|--:|",
    ]
    lines += [
        f"| `{f['function']}` | {f['calls']:,} | {f['own_s']:.2f} | {f['cum_s']:.2f} |"
        for f in p["top_own"]
    ]
    lines.append("")
    return lines


def write_plot(json_path: Path, png_path: Path, venv: Path) -> None:
    python = venv / "bin" / "python"
    if not python.exists():
        log(f"plot: creating {venv} with matplotlib")
        subprocess.run(
            [shutil.which("python3") or sys.executable, "-m", "venv", str(venv)], check=True
        )
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "matplotlib"], check=True)
    result = subprocess.run(
        [str(python), str(BENCH / "plot.py"), str(json_path), str(png_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        log(f"plot: {png_path}")
    else:
        log(f"plot FAILED: {result.stderr.strip()[-800:]}")


def finish(results: Results, md_path: Path, png_path: Path | None, venv: Path) -> None:
    loads = [x["load"] for x in results.data["builds"] + results.data["edit"] if "load" in x]
    if loads:
        results.data["meta"]["load_range"] = f"{min(loads):.2f}–{max(loads):.2f}"
    results.save()
    if png_path:
        write_plot(results.path, png_path, venv)
    write_report(results.data, md_path, png_path.name if png_path and png_path.exists() else None)
    log(f"report: {md_path}")


# --------------------------------------------------------------------------- snapshot
def take_snapshot(work_dir: Path, attempts: int, wait: float, seed: int) -> tuple[Path, dict]:
    """Copy the project's parts once, so that every configuration of a run measures the same
    plugin and theme, and check that the copy builds a 20-post corpus. Others edit the plugin
    while this runs; a copy taken in the middle of an edit is retried after `wait` seconds."""
    snapshot = work_dir / "snapshot"
    preflight = {}
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
    parser.add_argument("--builds", default="plain,ours,hugo")
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
        args.snapshot_attempts = 1
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
