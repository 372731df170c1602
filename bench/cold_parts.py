"""Where a cold build's CPU goes, by named part (issue 25, round 8).

cProfile's own cost grows with the number of Python calls, so it inflates template analysis
and Jinja's parser against C code (nh3, hashing, Pillow), and its default clock is the wall
clock, which a loaded machine stretches; here each named part (PARTS) is timed with the
thread's CPU clock on entry and exit, and a part called inside another is taken out of the
outer one (exclusive time: the main thread's rows sum to its CPU). The collector's passes are
a part of their own. A build runs cold (no output/, no cache/) on a bench copy (corpus.py):

- `--workers 1` (default): serially, all the plugin's and Pelican's work in the main thread;
  the preview cards' drawing threads (`thread: _worker`) and Pagefind and the linking
  process (`child processes`) apart;
- `--workers 2`: as `make html` builds; each forked worker's parts come back as
  `worker: <part>` (the part it was forked in counts what it does outside named parts: the
  cards drawn ahead are forked in `Pelican: setup and rest`).

    .venv/bin/python bench/cold_parts.py --posts 600 --dest /tmp/<you>-parts [--runs 3]

Prints one JSON line per part (median CPU seconds over the runs), then the total CPU of the
build and its children. The plugin is the one first on PYTHONPATH (a `git archive` copy for a
commit), else the working tree's. COLD_PARTS_GC=a,b,c sets the collector's thresholds (an
experiment).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from index_steps import BIN

# (module, attribute path, part). Parts nest; each counts only its own CPU.
PARTS = (
    ("regional_showcase.generator", "check_input", "check (input rules)"),
    ("pelican.generators", "ArticlesGenerator.generate_context", "Pelican: read posts (rest)"),
    ("pelican.generators", "PagesGenerator.generate_context", "Pelican: read pages (rest)"),
    ("regional_showcase.reader", "ShowcaseMarkdownReader.convert", "read: convert (rest)"),
    ("markdown.core", "Markdown.convert", "read: Markdown"),
    ("regional_showcase.reader_cache", "ReaderCache.put", "read: reader cache"),
    ("regional_showcase.reader_cache", "ReaderCache.save", "read: reader cache"),
    ("regional_showcase.markup", "render_markdown", "YAML texts: Markdown"),
    ("jinja2.environment", "Environment.compile", "Jinja: compile"),
    ("regional_showcase.template_cache", "compiled_and_read", "Jinja: compile"),
    ("regional_showcase.template_cache", "parsed", "template analysis: parse"),
    ("regional_showcase.template_cache", "parsed_copy", "template analysis: copy"),
    ("jinja2.meta", "find_undeclared_variables", "template analysis: undeclared"),
    ("regional_showcase.preview.pages", "_own_reads", "template analysis: own reads"),
    ("regional_showcase.preview.followed_reads", "followed_reads", "template analysis: followed"),
    ("regional_showcase.writer", "ShowcaseWriter._post_page_inputs", "keys: post pages"),
    ("regional_showcase.writer", "ShowcaseWriter.listing_fingerprint", "keys: listings"),
    ("regional_showcase.writer", "ShowcaseWriter._take_over_feed", "keys: feeds"),
    ("regional_showcase.preview.followed_reads", "FollowedDigest.page", "keys: followed digests"),
    ("jinja2.environment", "Template.render", "render"),
    ("pelican.generators", "ArticlesGenerator.generate_output", "Pelican: writing (rest)"),
    ("pelican.generators", "PagesGenerator.generate_output", "Pelican: writing (rest)"),
    ("regional_showcase.writer", "ShowcaseWriter.write_feed", "feeds (rest)"),
    ("regional_showcase.generator", "ShowcaseGenerator.__init__", "plugin: start (rest)"),
    ("regional_showcase.generator", "ShowcaseGenerator.generate_context", "plugin: context"),
    ("regional_showcase.generator", "ShowcaseGenerator.generate_output", "plugin: output (rest)"),
    ("regional_showcase.generator", "ShowcaseGenerator._write_edition", "plugin: editions (rest)"),
    ("regional_showcase.generator", "ShowcaseGenerator._write_social_images", "pictures: cards"),
    ("regional_showcase.pictures.social", "Painter.draw", "pictures: cards drawn"),
    ("regional_showcase.pictures.social", "Painter.cached", "pictures: cards encoded"),
    (
        "regional_showcase.generator",
        "ShowcaseGenerator._write_illustrations",
        "pictures: illustrations",
    ),
    ("regional_showcase.generator", "write_variants", "pictures: variants"),
    ("regional_showcase.generator", "write_admin", "web editor"),
    ("regional_showcase.search_index", "build_search_index", "search index (main)"),
    ("regional_showcase.staff.build", "run_pelican", "Pelican: setup and rest"),
    ("regional_showcase.staff.build", "build", "build: swap and rest"),
    ("json", "dumps", "JSON dumps"),
    ("json", "dump", "JSON dumps"),
)

PROBE = r"""
import functools, importlib, json, os, resource, sys, threading, time
out, parts = sys.argv.pop(1), json.loads(sys.argv.pop(1))
clock = time.thread_time
spent, stack, main = {}, [], threading.main_thread()
def wrap(label, inner):
    @functools.wraps(inner)
    def timed(*args, **kwargs):
        if threading.current_thread() is not main:
            return inner(*args, **kwargs)
        now = clock()
        if stack:
            outer, since = stack[-1]
            spent[outer] = spent.get(outer, 0.0) + now - since
        stack.append([label, now])
        try:
            return inner(*args, **kwargs)
        finally:
            now = clock()
            done, since = stack.pop()
            spent[done] = spent.get(done, 0.0) + now - since
            if stack:
                stack[-1][1] = now
    return timed
parent = os.getpid()
def forked():
    spent.clear()
    now = clock()
    for frame in stack:
        frame[1] = now
os.register_at_fork(after_in_child=forked)
real_exit = os._exit
def noted_exit(status):
    if os.getpid() != parent:
        with open(f"{out}.{os.getpid()}", "w") as f:
            json.dump(spent, f)
    real_exit(status)
os._exit = noted_exit
import gc
def collecting(phase, info):
    # The collector as a part of its own (it runs inside whatever part made garbage).
    if threading.current_thread() is not main:
        return
    now = clock()
    if phase == "start":
        if stack:
            outer, since = stack[-1]
            spent[outer] = spent.get(outer, 0.0) + now - since
        stack.append(["garbage collector", now])
    elif stack and stack[-1][0] == "garbage collector":
        done, since = stack.pop()
        spent[done] = spent.get(done, 0.0) + now - since
        if stack:
            stack[-1][1] = now
gc.callbacks.append(collecting)
if os.environ.get("COLD_PARTS_GC"):  # an experiment: the collector's thresholds
    gc.set_threshold(*map(int, os.environ["COLD_PARTS_GC"].split(",")))
threads = {}
real_run = threading.Thread.run
def noted_run(self):
    target = getattr(self, "_target", None)  # Thread.run deletes it
    target = getattr(target, "func", target)
    name = getattr(target, "__qualname__", None) or type(self).__qualname__
    try:
        real_run(self)
    finally:
        threads[name] = threads.get(name, 0.0) + clock()
threading.Thread.run = noted_run
class Timed:
    # nh3's Cleaner is a Rust type: its method cannot be replaced, the object can.
    def __init__(self, inner):
        self.inner = inner
    def clean(self, html):
        return sanitize(self.inner, html)
sanitize = None
from regional_showcase.staff.cli import main as cli
import regional_showcase.generator, regional_showcase.staff.build, regional_showcase.writer
import regional_showcase.reader, regional_showcase.markup
sanitize = wrap("read: sanitizer", lambda cleaner, html: cleaner.clean(html))
made = regional_showcase.reader.post_sanitizer
regional_showcase.reader.post_sanitizer = lambda *a, **k: Timed(made(*a, **k))
for module, path, label in parts:
    owner = importlib.import_module(module)
    *outer, name = path.split(".")
    for step in outer:
        owner = getattr(owner, step)
    inner = getattr(owner, name, None)
    if inner is None:  # not in this copy of the plugin
        continue
    timed = wrap(label, inner)
    setattr(owner, name, timed)
    if not outer:  # the same function imported by name elsewhere
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith(("regional_showcase", "pelican")):
                if getattr(other, name, None) is inner:
                    setattr(other, name, timed)
try:
    cli()
except SystemExit:
    pass
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
thread = clock()
with open(out, "w") as f:
    json.dump({"parts": spent, "threads": threads, "main thread": thread,
               "process": own.ru_utime + own.ru_stime,
               "children": kids.ru_utime + kids.ru_stime}, f)
"""


def one_build(ours: Path, record: Path, workers: str) -> dict:
    for leftover in (ours / "output", ours / "cache"):
        shutil.rmtree(leftover, ignore_errors=True)
    env = dict(os.environ, SHOWCASE_WORKERS=workers)
    command = [str(BIN / "python"), "-c", PROBE, str(record), json.dumps(PARTS)]
    command += ["-s", "pelicanconf.py", "build", f"output.new-{os.getpid()}", "output"]
    subprocess.run(
        command, cwd=ours, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    result = json.loads(record.read_text())
    parts = result.pop("parts")
    parts["(outside the parts: imports, setup)"] = result["main thread"] - sum(parts.values())
    for child in record.parent.glob(record.name + ".*"):
        for name, cpu in json.loads(child.read_text()).items():
            parts[f"worker: {name}"] = parts.get(f"worker: {name}", 0.0) + cpu
        child.unlink()
    for name, cpu in result["threads"].items():
        parts[f"thread: {name}"] = cpu
    parts["threads (rest)"] = (
        result["process"] - result["main thread"] - sum(result["threads"].values())
    )
    parts["child processes"] = result["children"]
    return {"parts": parts, "total": result["process"] + result["children"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", default="1")
    parser.add_argument("--dest", type=Path, default=Path("bench/work/cold_parts"))
    args = parser.parse_args(argv)
    dest = args.dest.resolve()
    if not (dest / "ours").exists():
        corpus.generate(dest, args.posts)
    ours = dest / "ours"
    shutil.copytree(corpus.ROOT / "scripts", ours / "scripts", dirs_exist_ok=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as make runs it
    runs = [one_build(ours, dest / "parts.json", args.workers) for _ in range(args.runs)]
    names = list(dict.fromkeys(name for run in runs for name in run["parts"]))
    table = {
        name: round(statistics.median(run["parts"].get(name, 0.0) for run in runs), 3)
        for name in names
    }
    for name, cpu in sorted(table.items(), key=lambda item: -item[1]):
        print(json.dumps({"part": name, "cpu_s": cpu}, ensure_ascii=False))
    total = round(statistics.median(run["total"] for run in runs), 3)
    print(json.dumps({"posts": args.posts, "total_cpu_s": total, "load": os.getloadavg()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
