"""What a warm build renders and takes over per kind of change (issue 25): two copies of the
same N-post corpus (corpus.py), one built with the plugin's code in `--before`, one with the
code in `--after` (each a folder holding `regional_showcase/`, put first on PYTHONPATH), the
same changes applied to both, one after the other, each followed by the Pelican part of
`make html` (a fresh folder, then the swap; no search index) in both, timed back to back.

    git archive <commit> plugins | tar -x -C /tmp/old   # the code to compare against
    .venv/bin/python bench/takeover.py --before /tmp/old/plugins --after plugins \
        --posts 1000 --runs 3 --dest /tmp/<you>-takeover

A frozen copy of the code matters on a shared working tree: the plugin's code is part of
every file's key, so an edit elsewhere between two builds renders everything again.
Prints one JSON object per build and a Markdown table of medians at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from incremental import edit as edit_body  # the middle post's body
from incremental import new as new_post

BIN = Path(sys.executable).parent
EVENT = "content/termine/2027-03-15-bench-termin.md"


def build(site: Path, code: Path) -> tuple[float, float]:
    """Pelican into output.new-<n>, then the swap, as scripts/html does: wall seconds, and
    CPU seconds of the build and its workers (steadier than wall time on a shared machine)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    fresh = f"output.new-{os.getpid()}"
    command = [str(BIN / "pelican"), "--fatal", "warnings", "-s", "pelicanconf.py"]
    command += ["-o", fresh, "--delete-output-directory"]
    start, cpu = time.perf_counter(), _children_cpu()
    with (site / "bench.log").open("a", encoding="utf-8") as log:
        for step in (command, [str(BIN / "python"), "-m", "regional_showcase.output_swap"]):
            step = step + ([fresh, "output"] if "output_swap" in step[-1] else [])
            done = subprocess.run(step, cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT)
            if done.returncode:
                raise SystemExit(f"{step} failed in {site}: see {site / 'bench.log'}")
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def counts(site: Path) -> dict:
    """The record of the last build: post pages and other files, rendered and taken over."""
    records = list((site / "cache/showcase").glob("build-record-*.json"))
    if not records:
        return {}
    state = json.loads(records[0].read_text(encoding="utf-8"))
    pages, files = state.get("pages", {}), state.get("files", {})
    return {
        "post_pages": len(pages),
        "post_pages_rendered": len(pages) - len(state.get("taken_over", [])),
        "files": len(files),
        "files_rendered": len(files) - len(state.get("files_taken_over", [])),
        "unkeyed": len(state.get("unkeyed", [])),
    }


def posts(site: Path) -> list[Path]:
    return sorted((site / "content/news").glob("*.md"))


def event_text(title: str) -> str:
    return (
        f"---\ntitle: {title}\nstart: 2027-03-15\nlocation:\n  name: Rathaus\n"
        "  address: Markt 1\n  city: 87435 Kempten\nregions: allgaeu\ncategory: Fachkräfte\n"
        "summary: Ein Termin für den Benchmark.\norganizer: Benchmark e. V.\n"
        "slug: bench-termin\n---\n\nText.\n"
    )


def edit_title(site: Path, run: int) -> None:
    """The newest post's title: it is on the home page, in the feeds and on the first pages."""
    post = posts(site)[-1]
    lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lower().startswith("title:"))
    lines[index] = lines[index].rstrip("\n") + f" ({run + 1})\n"
    post.write_text("".join(lines), encoding="utf-8")


def delete_post(site: Path, run: int) -> None:
    posts(site)[0].unlink()


def edit_event(site: Path, run: int) -> None:
    (site / EVENT).write_text(event_text(f"Verlegter Termin {run}"), encoding="utf-8")


def edit_region_data(site: Path, run: int) -> None:
    path = site / "data/regions.yaml"
    text = path.read_text(encoding="utf-8")
    phrase = "Five regions served as case studies"
    path.write_text(text.replace(phrase, f"{phrase} ({run})", 1), encoding="utf-8")


def edit_template(site: Path, run: int) -> None:
    path = site / "theme/templates/article.html"
    path.write_text(path.read_text("utf-8") + f"\n<!-- Fassung {run} -->\n", "utf-8")


def edit_region_claim(site: Path, run: int) -> None:
    """A region's own claim (as bench/preview_driver.py --change region edits it)."""
    from preview_driver import edited  # imports the plugin: only when this change is made

    path = site / "data/regions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(edited(text, "region", run + 1), encoding="utf-8")


CHANGES = {
    "nothing": lambda site, run: None,
    "edit body": edit_body,
    "edit title": edit_title,
    "new post": new_post,
    "deleted post": delete_post,
    "event edit": edit_event,
    "region data edit": edit_region_data,
    "template edit": edit_template,
}


# Only with --changes (the default run keeps its rows).
EXTRA_CHANGES = {"region claim edit": edit_region_claim}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dest", type=Path, default=Path("bench/work/takeover"))
    parser.add_argument(
        "--changes",
        help="comma-separated names of the changes to make (default: all but the extra: "
        + ", ".join([*CHANGES, *EXTRA_CHANGES])
        + ")",
    )
    args = parser.parse_args(argv)
    known = {**CHANGES, **EXTRA_CHANGES}
    chosen = CHANGES
    if args.changes:
        names = [name.strip() for name in args.changes.split(",")]
        unknown = [name for name in names if name not in known]
        if unknown:
            parser.error(f"unknown changes: {', '.join(unknown)}")
        chosen = {name: known[name] for name in names}
    dest = args.dest.resolve()
    corpus.generate(dest / "base", args.posts)
    codes = {"before": args.before.resolve(), "after": args.after.resolve()}
    times: dict[tuple[str, str], list[float]] = {}
    cpus: dict[tuple[str, str], list[float]] = {}
    seen: dict[str, dict] = {}
    for run in range(args.runs):
        sites = {}
        for name in codes:
            site = sites[name] = dest / name
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(dest / "base/ours", site, symlinks=True)
            (site / EVENT).parent.mkdir(parents=True, exist_ok=True)
            (site / EVENT).write_text(event_text("Termin"), encoding="utf-8")
            build(site, codes[name])  # cold
            build(site, codes[name])  # the first record (and the kept template reads)
        for change, apply in chosen.items():
            for name, site in sites.items():
                apply(site, run)
                seconds, cpu = build(site, codes[name])
                times.setdefault((change, name), []).append(seconds)
                cpus.setdefault((change, name), []).append(cpu)
                seen[f"{change}|{name}"] = counts(site)
                line = {"run": run, "change": change, "code": name, "s": round(seconds, 2)}
                line["cpu_s"] = round(cpu, 2)
                print(json.dumps({**line, **counts(site)}), flush=True)
    print(f"\n{args.posts} posts, median of {args.runs} runs, load {os.getloadavg()[0]:.1f}\n")
    print(
        "| change | before s | after s | before CPU s | after CPU s "
        "| post pages rendered | other files rendered |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for change in chosen:
        wall = [statistics.median(times[(change, name)]) for name in codes]
        cpu = [statistics.median(cpus[(change, name)]) for name in codes]
        got = seen[f"{change}|after"]
        pages = f"{got.get('post_pages_rendered')} of {got.get('post_pages')}"
        files = f"{got.get('files_rendered')} of {got.get('files')}"
        print(
            f"| {change} | {wall[0]:.2f} | {wall[1]:.2f} | {cpu[0]:.2f} | {cpu[1]:.2f} "
            f"| {pages} | {files} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
