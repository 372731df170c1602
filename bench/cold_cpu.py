"""Where a cold build's CPU goes, by process and step, and how many of its threads wanted a core.

On the shared machine a cold build's wall time says more about the others' load than about
the build; its CPU time, split by who spent it, does not. This runs `showcase build` once,
cold (no output/, no cache/), in a process of its own on a bench copy (corpus.py), and prints:

- the main process's CPU per step (the check, Pelican's reading and writing, the plugin's
  own pages, the cards it waited for, the web editor, the search index), with the CPU of the
  child processes reaped during each step (Pagefind is reaped in the search index's step);
- each forked worker's CPU (parallel/forks.py: the Markdown readers, the post pages, the
  plugin's own pages, the preview cards), from its own getrusage at its end;
- with `--runnable`, the build's threads sampled every 10 ms: the share of samples in which
  0, 1, 2 or 3+ of them were runnable (state R, waiting for a core included), in all and per
  step (`runnable`: the mean, `alone`: the share of samples with at most one). With at most
  one, a core of a quiet 2-core machine idles; with 2 and more the build is bound by CPU
  there, and only less CPU helps. A loaded machine stretches every step alike.

    .venv/bin/python bench/cold_cpu.py --posts 600 --dest /tmp/<you>-cpu [--runnable]

The plugin is the one first on PYTHONPATH (a `git archive` copy for a commit), else the
working tree's.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from index_steps import BIN

# Run inside the build's process (python -c): wraps the steps, notes the workers' CPU.
PROBE = r"""
import functools, json, os, resource, sys, time
T0 = time.perf_counter()
out = sys.argv.pop(1)
steps, workers = [], []
def usage(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime
def wrap(owner, name, label):
    inner = getattr(owner, name)
    @functools.wraps(inner)
    def wrapped(*args, **kwargs):
        start, own, kids = time.perf_counter(), usage(resource.RUSAGE_SELF), usage(resource.RUSAGE_CHILDREN)
        try:
            return inner(*args, **kwargs)
        finally:
            steps.append({"step": label, "start": round(start - T0, 3),
                          "wall": round(time.perf_counter() - start, 3),
                          "cpu": round(usage(resource.RUSAGE_SELF) - own, 3),
                          "children": round(usage(resource.RUSAGE_CHILDREN) - kids, 3)})
    setattr(owner, name, wrapped)
from pelican import generators as pg
from regional_showcase import generator as g, search_index
from regional_showcase.parallel import forks
G = g.ShowcaseGenerator
for owner, name, label in (
    (g, "check_input", "check"),
    (pg.ArticlesGenerator, "generate_context", "Pelican: read posts"),
    (pg.ArticlesGenerator, "generate_output", "Pelican: post pages (kept), listings"),
    (G, "__init__", "plugin: start (check, readers started)"),
    (G, "generate_output", "plugin: own pages, feeds, files"),
    (G, "_write_edition", "plugin: editions (pages kept for workers)"),
    (G, "_write_social_images", "plugin: preview cards (waits, draws the rest)"),
    (g, "write_admin", "plugin: web editor"),
    (search_index, "build_search_index", "search index (Pagefind reaped)"),
):
    wrap(owner, name, label)
serve = forks._serve
def noted_serve(fd, jobs, work):
    name = getattr(getattr(work, "func", work), "__name__", type(work).__name__)
    real_exit, started = os._exit, time.perf_counter() - T0
    def leave(status):
        r = resource.getrusage(resource.RUSAGE_SELF)
        with open(out + ".workers", "a") as f:
            f.write(json.dumps({"work": name, "jobs": len(jobs), "start": round(started, 3),
                                "end": round(time.perf_counter() - T0, 3),
                                "cpu": round(r.ru_utime + r.ru_stime, 3)}) + "\n")
        real_exit(status)
    os._exit = leave
    serve(fd, jobs, work)
forks._serve = noted_serve
from regional_showcase.staff.cli import main
try:
    main()
except SystemExit:
    pass
with open(out, "w") as f:
    json.dump({"wall": round(time.perf_counter() - T0, 3), "main_cpu": round(usage(resource.RUSAGE_SELF), 3),
               "children_cpu": round(usage(resource.RUSAGE_CHILDREN), 3), "steps": steps}, f)
"""


def build_command() -> list[str]:
    return ["-s", "pelicanconf.py", "build", f"output.new-{os.getpid()}", "output"]


def clean(ours: Path) -> None:
    for leftover in (ours / "output", ours / "cache"):
        shutil.rmtree(leftover, ignore_errors=True)


def cpu_split(ours: Path, record: Path, sample: bool) -> dict:
    """One cold build with the probe; with `sample`, its threads' states every 10 ms."""
    clean(ours)
    record.unlink(missing_ok=True)
    workers = Path(str(record) + ".workers")
    workers.unlink(missing_ok=True)
    command = [str(BIN / "python"), "-c", PROBE, str(record), *build_command()]
    started = time.perf_counter()
    build = subprocess.Popen(
        command, cwd=ours, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    samples: list[tuple[float, int]] = []
    while build.poll() is None:
        if sample:
            samples.append((time.perf_counter() - started, runnable_threads(build.pid)))
        time.sleep(0.01)
    if build.returncode:
        raise SystemExit(f"build failed: {build.returncode}")
    result = json.loads(record.read_text())
    result["workers"] = [json.loads(line) for line in workers.read_text().splitlines()]
    if sample:
        result["runnable"] = shares(n for _, n in samples)
        for step in result["steps"]:
            inside = [n for t, n in samples if step["start"] <= t < step["start"] + step["wall"]]
            step["runnable"] = round(sum(inside) / len(inside), 1) if inside else None
            step["alone"] = round(sum(n <= 1 for n in inside) / len(inside), 2) if inside else None
    return result


def runnable_threads(root: int) -> int:
    """How many threads of `root` and its descendants are runnable (state R) now."""
    parents = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(stat[stat.rindex(")") + 2 :].split()[1])].append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += parents.get(pid, [])
    running = 0
    for pid in tree:
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
                running += stat[stat.rindex(")") + 2] == "R"
        except OSError:
            continue
    return running


def shares(counts) -> dict:
    """Shares of samples with 0, 1, 2 and 3 or more runnable threads."""
    tally = collections.Counter(min(n, 3) for n in counts)
    total = sum(tally.values()) or 1
    return {f"{k}{'+' if k == 3 else ''}": round(tally[k] / total, 3) for k in range(4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--dest", type=Path, default=Path("bench/work/cold_cpu"))
    parser.add_argument("--runnable", action="store_true")
    args = parser.parse_args(argv)
    dest = args.dest.resolve()
    corpus.generate(dest, args.posts)
    ours = dest / "ours"
    shutil.copytree(corpus.ROOT / "scripts", ours / "scripts", dirs_exist_ok=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as make runs it
    result = cpu_split(ours, dest / "cpu.json", args.runnable)
    for step in sorted(result.pop("steps"), key=lambda s: s["start"]):
        print(json.dumps(step, ensure_ascii=False))
    for worker in result.pop("workers"):
        print(json.dumps(worker))
    print(json.dumps({"posts": args.posts, **result, "load": os.getloadavg()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
