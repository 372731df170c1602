"""Report writing: the Markdown report and the plot of one run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from common import BENCH, log
from measure import Results
from verdicts import edit_summary, summarise, targets

BUILD_LABELS = {
    "plain": "plain Pelican (default theme, no plugins)",
    "ours": "this project (publish build, Pelican only)",
    "html": "this project, `make html` (Pelican + Pagefind), one worker per core",
    "html1": "this project, `make html` with SHOWCASE_WORKERS=1 (serial)",
    "publish": "this project, `make publish` (Pelican + Pagefind + precompression)",
    "hugo": "Hugo",
}


def _fmt(value, pattern="{:.1f}", missing="–"):
    return missing if value is None else pattern.format(value)


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
    order = {"plain": 0, "ours": 1, "html1": 2, "html": 3, "publish": 4, "hugo": 5}
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
        contended = build in ("plain", "ours", "html1") and s["cpu"] and s["wall"] > 1.15 * s["cpu"]
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
