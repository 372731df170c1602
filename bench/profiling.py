"""Profiling: a cProfile run of the publish build and the plugin's share of it."""

from __future__ import annotations

import os
import pstats
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from common import log
from measure import PUBLISH_ENV, Results, measure


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
        command,
        site,
        site / "out-profile",
        logs / f"profile-{n}-{r}.log",
        # cProfile sees one process: the serial build shows all the work in one profile.
        {**PUBLISH_ENV, "SHOWCASE_WORKERS": "1"},
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
