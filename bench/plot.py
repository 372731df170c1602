"""Plot build time and peak memory vs N from a bench/run.py results JSON.

Runs with the bench venv (bench/work/venv, matplotlib), not the project's:
    bench/work/venv/bin/python bench/plot.py bench/results/<name>.json bench/results/<name>.png
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

STYLE = {
    "plain": ("plain Pelican", "tab:gray", "o"),
    "ours": ("this project", "tab:blue", "s"),
    "html1": ("make html, 1 worker", "tab:purple", "v"),
    "html": ("make html, one worker per core", "tab:blue", "D"),
    "publish": ("make publish", "tab:orange", "s"),
    "hugo": ("Hugo", "tab:green", "^"),
}


def main(json_path: str, png_path: str) -> int:
    data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    groups = defaultdict(list)
    for rec in data["builds"]:
        if rec["rc"] == 0:
            groups[(rec["build"], rec["r"], rec["n"])].append(rec)
    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(12, 4.8))
    for build, (label, colour, marker) in STYLE.items():
        for r in sorted({k[1] for k in groups if k[0] == build}):
            ns = sorted(k[2] for k in groups if k[0] == build and k[1] == r)
            if not ns:
                continue
            walls = [statistics.median(x["wall"] for x in groups[(build, r, n)]) for n in ns]
            rss = [statistics.median(x["rss_mb"] for x in groups[(build, r, n)]) for n in ns]
            name = label if r == 7 else f"{label}, R = {r}"
            style = {
                "color": colour,
                "marker": marker,
                "linestyle": "-" if r == 7 else "none",
                "markerfacecolor": colour if r == 7 else "white",
                "markersize": 7,
            }
            ax_time.plot(ns, walls, label=name, **style)
            ax_mem.plot(ns, rss, label=name, **style)
    for ax, title, unit in (
        (ax_time, "Cold build time (median)", "wall time (s)"),
        (ax_mem, "Peak memory (median)", "peak RSS (MB)"),
    ):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("posts (N)")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    ax_mem.axhline(1024, color="tab:red", linestyle="--", linewidth=1)
    ax_mem.annotate(
        "1 GB target",
        (ax_mem.get_xlim()[0], 1024),
        color="tab:red",
        fontsize=8,
        xytext=(4, 4),
        textcoords="offset points",
    )
    meta = data.get("meta", {})
    fig.suptitle(
        f"Build performance, {meta.get('date', '')} on {meta.get('host', '')} "
        f"({meta.get('cpus', '?')} cores; medians of cold runs)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
