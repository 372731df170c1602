"""Which output files one change makes the build server's builder write, and why: the
files of output/ before and after one warm build (staff/warm_build.py WarmBuilder, as in
warm_builder.py), by kind, each one taken over (the last build's file, the same inode),
written with the same bytes, written with other bytes, new or gone.

    cd DEST/ours && PYTHONPATH=<frozen>/plugins /work/main/.venv/bin/python \\
        /work/main/bench/rewritten_files.py . --change new --runs 2 [--offset N] [--list]

One build first (the process's own), then per run the change (bench/incremental.py's,
`new-oldest`: a new post dated before all others, or `delete-middle`: the middle post by date
deleted), one
timed build (`--deferred` as warm_builder.py) and the comparison (untimed: every file of the
old output hashed before the build). Prints one JSON line per run: the build's wall, main and
children's CPU seconds and per kind the counts; `--list` prints every file written with other bytes,
new or gone.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import incremental

# First match names the kind of an output file (path relative to output/).
KINDS = [
    ("post page", r"^(en/)?aktuelles/\d{4}/"),
    ("news listing page", r"^(en/)?aktuelles/(seite/|index\.html)"),
    ("region page", r"^(en/)?regionen/"),
    ("topic page", r"^(en/)?themen/"),
    ("feed", r"^(en/)?feeds/|\.xml$|\.atom$|\.rss$"),
    ("search index", r"^pagefind"),
    ("preview card", r"^bilder/vorschau/"),
    ("open data", r"^daten/"),
    ("editor", r"^admin/"),
    ("events", r"^(en/)?termine/"),
    ("home", r"^(en/)?index\.html$"),
]


def new_oldest(ours: Path, run: int) -> None:
    """A new post dated before every other one (bench/incremental.py's `new` is the newest):
    the paginated listings, newest first, change only at their end."""
    text = (
        f"---\ntitle: Alte Meldung {run}\ndate: 2011-01-0{run % 9 + 1}\nregions:\n  - allgaeu\n"
        f"category: Fachkräfte\nsummary: Eine alte Meldung.\nslug: alte-meldung-{run}\n---\n\n"
        "Text der alten Meldung.\n"
    )
    (ours / f"content/news/2011-01-0{run % 9 + 1}-alte-meldung-{run}.md").write_text(text, "utf-8")


def delete_middle(ours: Path, run: int) -> None:
    """The post in the middle of the German posts by file name (by date) deleted: stable
    pagination (stable_pages.py) moves the archive pages from its block on."""
    posts = sorted(p for p in (ours / "content/news").glob("*.md") if "/en/" not in str(p))
    posts[len(posts) // 2].unlink()


CHANGES = {**incremental.CHANGES, "new-oldest": new_oldest, "delete-middle": delete_middle}


def kind_of(name: str) -> str:
    for kind, pattern in KINDS:
        if re.search(pattern, name):
            return kind
    return "other"


def children_cpu() -> float:
    """CPU seconds of the waited-for children (the workers, Pagefind, the linking process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def files_of(root: Path) -> dict[str, tuple[int, str]]:
    """Each file under root: its inode and the sha256 of its bytes."""
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            found[str(path.relative_to(root))] = (
                path.stat().st_ino,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found


def compare(before: dict, after: dict) -> dict[str, collections.Counter]:
    """Per kind: taken over, same bytes, other bytes, new, gone."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    listed: dict[str, list[str]] = collections.defaultdict(list)
    for name, (inode, digest) in after.items():
        kind = kind_of(name)
        old = before.get(name)
        if old is None:
            how = "new"
        elif old[0] == inode:
            how = "taken over"
        elif old[1] == digest:
            how = "same bytes"
        else:
            how = "other bytes"
        counts[kind][how] += 1
        if how in {"new", "other bytes", "same bytes"}:
            listed[how].append(name)
    for name in before.keys() - after.keys():
        counts[kind_of(name)]["gone"] += 1
        listed["gone"].append(name)
    return counts, listed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("--change", choices=sorted(CHANGES), default="new")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--deferred", action="store_true")
    parser.add_argument("--list", action="store_true", help="name each file written")
    args = parser.parse_args(argv)
    ours = incremental.in_copy(args.ours)
    from regional_showcase.staff.warm_build import WarmBuilder

    builder = WarmBuilder()

    def build(number: int) -> tuple[float, float]:
        holding = contextlib.nullcontext([])
        if args.deferred:
            from regional_showcase.deferred_saves import deferring

            holding = deferring()
        new = ours / f"output.new-{os.getpid()}{number:03d}"
        started, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
        with holding as held:
            status = builder.build("pelicanconf.py", new, ours / "output")
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        used_children[0] = children_cpu() - children
        if held and status == 0:
            from regional_showcase.deferred_saves import run

            run(held)
        builder.idle()
        if status:
            raise SystemExit(f"build {number} failed: {status}")
        return wall, used

    used_children = [0.0]
    build(0)
    change = CHANGES[args.change]
    for run in range(args.runs):
        before = files_of(ours / "output")
        change(ours, args.offset + run)
        wall, used = build(run + 1)
        counts, listed = compare(before, files_of(ours / "output"))
        line = {
            "change": args.change,
            "s": round(wall, 3),
            "main_cpu_s": round(used, 3),
            "children_cpu_s": round(used_children[0], 3),
            "load": round(os.getloadavg()[0], 2),
            "kinds": {kind: dict(sorted(c.items())) for kind, c in sorted(counts.items())},
        }
        print(json.dumps(line, ensure_ascii=False), flush=True)
        if args.list:
            for how, names in sorted(listed.items()):
                for name in sorted(names):
                    print(f"  {how}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
