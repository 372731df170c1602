"""The Pagefind search index: the one command line every build path runs.

`make html`, `make publish` (scripts/publish) and `make serve` all index through
`build_search_index`, via `showcase index` or `python -m regional_showcase.search_index`.
With a record (`--record`, scripts/html and scripts/publish) a bundle whose pages did not
change is taken over from the last complete output instead (search_record.py).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from blinker import signal

from .atomic_write import write_text
from .deferred_saves import later
from .environment import EnvironmentProblem, read_environment
from .link_process import Linker
from .output_swap import remove_in_background
from .outside_inputs import PAGEFIND_CONFIG, pagefind_folder
from .search_bundles import (
    BUNDLE_PAGES,
    LONGEST_GLOB,
    PRIMARY,
    Bundle,
    bundles,
    is_bundle,
    split_pages,
    stale_bundles,
    year_folder,
)
from .search_record import Page, SearchRecord, page_facts

# Sent by the generator once every post page is written (EarlyRuns).
POST_PAGES_WRITTEN = signal("showcase.post_pages_written")
BUNDLE_LIST = f"{PRIMARY}/bundles.json"  # read by theme/static/js/search.js
CONFIG_FILES = PAGEFIND_CONFIG  # in the working folder, besides PAGEFIND_* variables
PARALLEL_RUNS = 2


def pagefind_command(output: Path | str, bundle: Bundle | None = None) -> list[str]:
    """The Pagefind command line (PyPI pagefind-bin's executable) for a built site.

    Pagefind keeps one index per `<html lang>`: German pages are found from /suche/, English
    ones from /en/search/, each page declaring its language. A bundle of a large site reads
    only its files and writes its own folder (search_bundles.py)."""
    command = [str(pagefind_executable()), "--site", str(output), "--quiet"]
    if bundle is not None and bundle.folder != PRIMARY:
        command += ["--output-subdir", bundle.folder]
    if bundle is not None and bundle.glob is not None:
        command += ["--glob", bundle.glob]
    return command


def pagefind_executable() -> Path:
    """Pagefind's executable from PyPI's pagefind-bin, run without its Python wrapper
    (`python -m pagefind_bin` only finds it and starts it: 45 ms per bundle)."""
    import pagefind_bin

    return pagefind_bin.get_executable()


def bundle_limit() -> int:
    """HTML files per bundle: SHOWCASE_SEARCH_BUNDLE_PAGES, else BUNDLE_PAGES."""
    try:
        return read_environment().search_bundle_pages or BUNDLE_PAGES
    except EnvironmentProblem as problem:
        raise SystemExit(str(problem)) from None


def read_only_marked(bundle: Bundle, pages: dict[str, Page]) -> tuple[Bundle, list[str]]:
    """The first bundle names its files one by one when some of them carry Pagefind's mark
    (data-pagefind-body): Pagefind then indexes only marked pages, and no longer parses the
    hundreds of listing pages that it would skip anyway (a quarter of its time). Returns
    the bundle to run and the files it reads."""
    if bundle.folder != PRIMARY or not any(page.attribute for page in pages.values()):
        return bundle, sorted(pages)
    marked = sorted(name for name, page in pages.items() if page.marked)
    glob = marked[0] if len(marked) == 1 else "{" + ",".join(marked) + "}"
    if len(glob) > LONGEST_GLOB or any(c in name for name in marked for c in "{},*?[]\\"):
        return bundle, sorted(pages)
    return Bundle(bundle.folder, glob, bundle.years), marked


def tool_key() -> str:
    """What every bundle's index depends on besides its pages: Pagefind (its package's files,
    the executable among them, by size and time: an upgrade writes them anew), this code and
    Pagefind's configuration."""
    digest = hashlib.sha256()
    binary = pagefind_folder()
    for path in sorted(binary.iterdir()):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    here = Path(__file__).parent
    for module in ("search_index.py", "search_bundles.py", "search_record.py"):
        digest.update((here / module).read_bytes())
    for name in CONFIG_FILES:
        path = Path(name)
        digest.update(f"{name}:{path.read_bytes() if path.is_file() else None!r}\n".encode())
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def bundle_key(tool: str, bundle: Bundle, files: list[str], pages: dict[str, Page]) -> str:
    """A bundle's inputs: the tool, its folder and glob, and every file it reads by hash."""
    listed = [[name, pages[name].digest] for name in files]
    text = json.dumps([tool, bundle.folder, bundle.glob, listed], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def pagefind_view(data: bytes) -> bytes:
    """What Pagefind reads of a post page, for the early runs' copies: the <html> tag (the
    language) and the marked <main> element whole. Pagefind indexes only marked elements
    (every post page holds one) and takes a page's title and picture from them; outside
    them it reads the language and data-pagefind-* attributes alone. A copy without the
    head, navigation and footer (40 % of a post page's bytes) gives the same index, byte
    for byte, with about a tenth less of Pagefind's CPU (1,000 post pages of the 3,000-post
    corpus in one run: 2.11 -> 1.88 s, medians of 5, load 8; Pagefind is the largest part
    of a cold build's CPU there, 6-7 s).
    Only where that is plain: one <main> holding the mark and an <h1>; outside it no <h1>,
    <img>, <main> or data-pagefind-*, one <html> tag; any other page as it is. The copying
    process runs this function's source (COPY_THEN_INDEX), EarlyRuns.take it on the
    finished pages."""
    lower = data.lower()
    mark = lower.find(b"data-pagefind-body")
    start = lower.rfind(b"<main", 0, mark)
    end = lower.find(b"</main>", mark)
    if mark < 0 or start < 0 or end < 0 or lower.find(b">", start, mark) >= 0:
        return data
    end += len(b"</main>")
    inner, outside = lower[start:end], lower[:start] + b"\0" + lower[end:]
    if inner.count(b"<main") != 1 or inner.count(b"data-pagefind-body") != 1:
        return data
    if b"<h1" not in inner or outside.count(b"<html") != 1:
        return data
    if any(tag in outside for tag in (b"<h1", b"<img", b"<main", b"</main", b"data-pagefind")):
        return data
    html = lower.find(b"<html")
    tag_end = lower.find(b">", html)
    if tag_end < 0 or lower.find(b"<", html + 1, tag_end) >= 0:
        return data
    head = b"<!doctype html>" + data[html : tag_end + 1] + b"<head></head><body>"
    return head + data[start:end] + b"</body></html>"


# Copies a bundle's pages (names on stdin, NUL-separated) from the site to the staging folder,
# then becomes Pagefind: the copying goes on beside Pelican instead of in its process. At the
# build's own priority: a lower one (nice 10) let other processes of a busy machine starve
# the runs that the build waits for at its end (bench/cold_ab.py, 1,500 posts, load 10-20:
# 2.75x plain against 2.0x without it). Started with -S (it imports os and sys only): Python's
# start-up without the site packages, 10-15 ms less before Pagefind, which a build after an
# edited post waits for at its end.
COPY_THEN_INDEX = (
    inspect.getsource(pagefind_view)
    + """
import os, sys
site, staging, command = sys.argv[1], sys.argv[2], sys.argv[4:]
for name in filter(None, sys.stdin.buffer.read().split(b"\\0")):
    with open(os.path.join(site.encode(), name), "rb") as source:
        data = pagefind_view(source.read())
    target = os.path.join(staging.encode(), name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as copy:
        copy.write(data)
os.execv(command[0], command)
"""
)


class EarlyRuns:
    """Pagefind for the archive's bundles, started while Pelican still writes the rest.

    `showcase build` (one process) calls `start` once the post pages are written (the
    generator's POST_PAGES_WRITTEN): a further bundle holds only post pages of its years, so
    its Pagefind run can go on beside the listings, pictures and feeds. Only a bundle that
    would not be taken over starts: a process of its own copies its pages into `staging`
    (a file written again later cannot be read half-written) and runs Pagefind on the copies.
    The index uses an early run only when the bundle's key at the start is its key in the
    finished site and the copies (read once Pagefind is done: the bytes it read) are the
    finished pages byte for byte; otherwise Pagefind runs as always. The pages' facts read at
    the start serve the index for the pages not written since (by identity, known_files.py)."""

    def __init__(self, site: Path, record: Path | None, previous: Path | None, staging: Path):
        self.site, self.record, self.previous, self.staging = site, record, previous, staging
        self.runs: dict[str, tuple[str, list[str], subprocess.Popen]] = {}
        # The archive pages' facts as read at the start, by identity (known_files.py): the
        # index reads again only those written since.
        self.seen: dict = {}
        # The process that links the bundles taken over (link_process.py), started here so
        # that the index does not wait for its start-up.
        self.linker: Linker | None = None
        # The archive's bundles taken over at the start (their keys then): linked and checked
        # by that process while the build goes on, not at its end.
        self.taken: dict[str, str] = {}

    def start(self, *_sender, **_kwargs) -> None:
        try:
            self._start()
        except OSError:  # a file gone or unreadable: the index runs as always
            self.stop()

    def _start(self) -> None:
        kept = SearchRecord(self.record, self.site, self.previous)
        self.seen = kept.known_pages.now
        if kept.previous is not None and self.linker is None:
            self.linker = Linker()
        kept.linker = self.linker
        site, join = str(self.site), os.path.join
        names = archive_pages(self.site)
        runs = bundles(names, bundle_limit())[1:]
        if not runs:
            return
        tool = tool_key()
        split = split_pages(names, runs)
        for bundle in runs:
            files = split[bundle.folder]
            facts = [kept.known_pages.value(join(site, name), page_facts) for name in files]
            if None in facts:
                continue
            key = bundle_key(
                tool, bundle, files, dict(zip(files, (Page(*f) for f in facts), strict=True))
            )
            if kept.saved_bundles.get(bundle.folder, {}).get("key") == key:
                # Taken over now (the index keeps it while its key in the finished site is
                # this one): its files are linked and checked meanwhile, not at the end.
                if kept.take_over(bundle.folder, key):
                    self.taken[bundle.folder] = key
                continue
            # Each bundle copies into a folder of its own, which is its Pagefind's site.
            root = self.staging / bundle.folder
            command = [sys.executable, "-I", "-S", "-c", COPY_THEN_INDEX, str(self.site), str(root)]
            command += ["--", *pagefind_command(root, bundle)]
            run = subprocess.Popen(command, stdin=subprocess.PIPE)
            run.stdin.write(b"\0".join(name.encode() for name in files))
            run.stdin.close()
            self.runs[bundle.folder] = (key, files, run)

    def take(self, site: Path, bundle: Bundle, key: str) -> bool:
        """Move the bundle's early index into the site when it was made from `key`."""
        started = self.runs.pop(bundle.folder, None)
        if started is None:
            return False
        started_key, files, run = started
        if started_key != key:  # a page changed after the start: not worth waiting for
            run.kill()
            run.wait()
            return False
        if run.wait() != 0:
            return False  # Pagefind runs again and reports
        # What Pagefind read must be the finished pages, byte for byte (then their key is
        # `key`), as far as it reads them (pagefind_view): compared as bytes, not by their
        # facts (half a millisecond a page).
        root = self.staging / bundle.folder
        try:
            if not all(_same_view(root / name, site / name) for name in files):
                return False
        except OSError:
            return False
        os.rename(root / bundle.folder, site / bundle.folder)
        return True

    def stop(self, remove: Callable[[Path], None] = remove_in_background) -> None:
        """End what no bundle took (the build stopped, or keys differed), remove the copies
        (by an `rm -rf` the build does not wait for: a folder per post, 0.1-0.2 s)."""
        for *_, run in self.runs.values():
            run.kill()
            run.wait()
        self.runs.clear()
        if self.linker is not None:
            linker, self.linker = self.linker, None
            linker.finish()
        if self.staging.is_dir():
            remove(self.staging)


def _same_view(copy: Path, page: Path) -> bool:
    """Whether the copy is what the copying made of the page as it is now."""
    with open(copy, "rb") as one, open(page, "rb") as other:
        return one.read() == pagefind_view(other.read())


def archive_pages(site: Path) -> list[str]:
    """The HTML files of the archive's year folders (`<section>/<YYYY>/…`), sorted. Walked
    with scandir's file types (os.walk asks for each of the thousand post folders again
    whether it is a link); links to folders are not followed, as os.walk does not."""
    names: list[str] = []
    root = os.path.join(str(site), "")
    for section in sorted(os.listdir(root)):
        if is_bundle(section) or not os.path.isdir(root + section):
            continue
        for year in sorted(os.listdir(root + section)):
            folder = os.path.join(root, section, year)
            if year_folder(f"{section}/{year}/x") is None or os.path.islink(folder):
                continue
            if os.path.isdir(folder):
                names += _html_below(folder, f"{section}/{year}/")
    return sorted(names)


def _html_below(folder: str, prefix: str) -> list[str]:
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found += _html_below(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".html") and entry.is_file():
                found.append(prefix + entry.name)
    return found


def build_search_index(
    output: Path | str,
    limit: int | None = None,
    record: Path | None = None,
    previous: Path | None = None,
    early: EarlyRuns | None = None,
) -> int:
    """Index the built site in `output`, bundle by bundle; returns Pagefind's exit status.
    With a `record`, bundles made from the same pages are taken over from `previous` (the
    last complete output); with `early`, from Pagefind runs started during the build."""
    site = Path(output)
    kept = SearchRecord(record, site, previous)
    taken_early: dict[str, str] = {}
    if early is not None:  # pages read by the early runs' start and not written since
        kept.known_pages.saved = {**kept.known_pages.saved, **early.seen}
        kept.linker, early.linker = early.linker, None
        taken_early, early.taken = early.taken, {}
    pages = kept.read_pages()
    runs = bundles(sorted(pages), limit or bundle_limit())
    folders = [p.name for p in site.iterdir() if p.is_dir()]
    for stale in stale_bundles(folders, runs):
        if stale in taken_early:
            kept.settle()  # its links are all there before the folder goes
        shutil.rmtree(site / stale)
    tool = tool_key()
    to_run: list[tuple[Bundle, str]] = []
    made_early: list[tuple[Bundle, str]] = []
    taken: dict[str, tuple[Bundle, str]] = {}
    split = split_pages(pages, runs)
    for bundle in runs:
        own = {name: pages[name] for name in split[bundle.folder]}
        bundle, files = read_only_marked(bundle, own)
        key = bundle_key(tool, bundle, files, pages)
        if taken_early.get(bundle.folder) == key and kept.adopt(bundle.folder, key):
            taken[bundle.folder] = (bundle, key)  # linked since the start
            continue
        if bundle.folder in taken_early:  # a page changed since the start: its links go
            kept.settle()
            shutil.rmtree(site / bundle.folder, ignore_errors=True)
        if kept.take_over(bundle.folder, key):
            taken[bundle.folder] = (bundle, key)
            continue
        if early is not None and early.take(site, bundle, key):
            made_early.append((bundle, key))
            continue
        to_run.append((bundle, key))

    def run(bundle: Bundle) -> int:
        command = pagefind_command(output, bundle)
        return subprocess.run(command, check=False, stdin=subprocess.DEVNULL).returncode

    # Bundles are independent runs writing their own folders: a small one keeps Pagefind on
    # one core, so they run side by side (two at most: each holds its pages in memory).
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, PARALLEL_RUNS)) as pool:
        statuses = list(pool.map(run, [bundle for bundle, _ in to_run]))
    # The bundles taken over, linked and checked meanwhile; one whose last files were not the
    # recorded bytes (edited, replaced, gone) is indexed again.
    again = [taken[folder] for folder in kept.placed()]
    for bundle, _key in again:
        shutil.rmtree(site / bundle.folder, ignore_errors=True)
        statuses.append(run(bundle))
    to_run += again
    for status in statuses:
        if status != 0:
            return status
    for bundle, key in made_early + to_run:
        if bundle.folder != PRIMARY:
            drop_scripts(site / bundle.folder)
        sort_entry_languages(site / bundle.folder / "pagefind-entry.json")
        kept.note(bundle.folder, key, skip=("bundles.json",))
    write_bundle_list(site, runs[1:])
    # Read by the next build only: in the build server after its answer (deferred_saves).
    later(kept.save)
    return 0


# What Pagefind writes into every bundle for a page that loads it: its scripts, styles and
# WebAssembly. The search pages load those of the first bundle only; a merged bundle
# (`mergeIndex`) is read through them, by its entry file, metadata, index and fragments.
SCRIPTS = re.compile(r"pagefind[\w.-]*\.(js|css)|wasm\.[\w-]+\.pagefind")


def drop_scripts(folder: Path) -> None:
    """Remove a further bundle's scripts, styles and WebAssembly (SCRIPTS): nothing loads
    them, and they were some 0.7 MB of each bundle to write, link and compress."""
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and SCRIPTS.fullmatch(entry.name):
            os.unlink(entry.path)


def write_bundle_list(site: Path, further: list[Bundle]) -> None:
    """The further bundles and their languages, for the search pages to merge (an empty list
    for a site in one bundle: the search page always finds the file)."""
    listed = []
    for bundle in further:
        entry = json.loads((site / bundle.folder / "pagefind-entry.json").read_text("utf-8"))
        listed.append({"path": f"{bundle.folder}/", "languages": sorted(entry["languages"])})
    write_text(site / BUNDLE_LIST, json.dumps({"bundles": listed}, separators=(",", ":")))


def sort_entry_languages(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from
    run to run; sorted, the same site gives the same bytes (the loader reads them by key)."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    write_text(entry, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return build_search_index(args[0] if args else "output")


if __name__ == "__main__":
    sys.exit(main())
