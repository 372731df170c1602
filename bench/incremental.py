"""Times `make html` after one change against a cold build and plain Pelican's cold build
(issue 25): N generated posts (corpus.py), then for each kind of change the incremental build
(scripts/html: fresh folder, unchanged post pages taken over, build_record.py) and how many
post pages it rendered.

    .venv/bin/python bench/incremental.py [--posts 1000] [--runs 2] [--dest bench/work/incr]

Prints one JSON object per measurement and a Markdown table at the end. The larger run of the
property test (incremental equals clean) is
`INCREMENTAL_EXAMPLES=30 .venv/bin/pytest tests/test_incremental.py -k random`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    """Wall time of one command; its output goes to a log beside the site."""
    start = time.perf_counter()
    with (cwd / "bench.log").open("a", encoding="utf-8") as log:
        done = subprocess.run(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if done.returncode:
        raise SystemExit(f"{command} failed in {cwd}: see {cwd / 'bench.log'}")
    return time.perf_counter() - start


def plain_cold(plain: Path) -> float:
    shutil.rmtree(plain / "out", ignore_errors=True)
    shutil.rmtree(plain / "cache", ignore_errors=True)
    return timed([str(BIN / "pelican"), "-s", "pelicanconf.py", "-o", "out"], plain)


def html(ours: Path) -> float:
    return timed(["scripts/html"], ours, {"BIN": str(BIN), "OUTPUT": "output"})


def rendered(ours: Path) -> tuple[int, int]:
    """Post pages of the last build, and how many of them it rendered (not taken over)."""
    (record,) = (ours / "cache/showcase").glob("build-record-*.json")
    state = json.loads(record.read_text(encoding="utf-8"))
    return len(state["pages"]), len(state["pages"]) - len(state["taken_over"])


def output_files(ours: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(ours / "output"))


def edit(ours: Path, run: int) -> None:
    post = sorted((ours / "content/news").glob("*.md"))[
        len(list((ours / "content/news").glob("*.md"))) // 2
    ]
    post.write_text(post.read_text(encoding="utf-8") + f"\nNachtrag {run}.\n", encoding="utf-8")


def delete(ours: Path, run: int) -> None:
    victims = sorted((ours / "content/news").glob("*-bench-*.md")) or sorted(
        p for p in (ours / "content/news").glob("*.md") if "/en/" not in str(p)
    )
    victims[-1].unlink()


def new(ours: Path, run: int) -> None:
    text = (
        f"---\ntitle: Neue Meldung {run}\ndate: 2026-11-2{run % 9}\nregions:\n  - allgaeu\n"
        f"category: Fachkräfte\nsummary: Eine neue Meldung.\nslug: neue-meldung-{run}\n---\n\n"
        "Text der neuen Meldung.\n"
    )
    (ours / f"content/news/2026-11-2{run % 9}-neue-meldung-{run}.md").write_text(text, "utf-8")


CHANGES = {"nothing": lambda ours, run: None, "edit": edit, "delete": delete, "new": new}


def in_copy(site: Path) -> Path:
    """Work in a bench copy in this process, as `make html` builds there without its build
    server: the copy's folder as the working folder, SHOWCASE_BUILD_SERVER=0 (the scripts
    time the builder itself) and bytecode written (the Makefile unexports
    PYTHONDONTWRITEBYTECODE, or every child compiles the plugin anew). The copy, resolved."""
    site = site.resolve()
    os.chdir(site)
    os.environ["SHOWCASE_BUILD_SERVER"] = "0"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    return site


def print_medians(rows: list[dict], keys: tuple[str, ...]) -> None:
    """Each key's median over the rows that have a value for it, and how many do."""
    for key in keys:
        values = [row[key] for row in rows if row.get(key) is not None]
        if values:
            print(f"{key}: median {statistics.median(values):.3f} ({len(values)})")


def each_change(argv: list[str] | None, description: str, build, seed: int) -> int:
    """The command line of a script timing the steps of a build on one bench copy (OURS,
    --runs): `build(ours)` once for the state to start from, then per run each of CHANGES
    followed by `build(ours)`, whose dict is printed as a JSON line with the load."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("ours", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    ours = args.ours.resolve()
    build(ours)
    for run in range(args.runs):
        for name, change in CHANGES.items():
            change(ours, seed + run)
            steps = build(ours)
            line = {"run": run, "change": name, "load": os.getloadavg()[0], **steps}
            print(json.dumps(line), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dest", type=Path, default=Path("bench/work/incremental"))
    args = parser.parse_args(argv)
    dest = args.dest.resolve()
    corpus.generate(dest, args.posts)
    ours, plain = dest / "ours", dest / "plain"
    shutil.copytree(corpus.ROOT / "scripts", ours / "scripts", dirs_exist_ok=True)
    times: dict[str, list[float]] = {}
    counts: dict[str, tuple[int, int]] = {}
    for run in range(args.runs):
        times.setdefault("plain cold", []).append(plain_cold(plain))
        for leftover in (ours / "output", ours / "cache"):
            shutil.rmtree(leftover, ignore_errors=True)
        times.setdefault("make html cold", []).append(html(ours))
        html(ours)  # the first build has no record yet: this one writes it
        for name, change in CHANGES.items():
            change(ours, run)
            times.setdefault(f"make html after {name}", []).append(html(ours))
            counts[name] = rendered(ours)
            print(
                json.dumps(
                    {
                        "run": run,
                        "change": name,
                        "s": times[f"make html after {name}"][-1],
                        "post_pages": counts[name][0],
                        "rendered": counts[name][1],
                        "output_files": output_files(ours),
                    }
                ),
                flush=True,
            )
    plain_s = statistics.median(times["plain cold"])
    print("\n| build | median s | × plain cold | post pages rendered |\n|---|---:|---:|---:|")
    for name, values in times.items():
        change = name.removeprefix("make html after ")
        done = f"{counts[change][1]} of {counts[change][0]}" if change in counts else "all"
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {median / plain_s:.2f} | {done} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
