"""What each search bundle of the last complete output was made from, so that the next build
takes a bundle over instead of running Pagefind for it again.

`make html` and `make publish` build into a fresh folder beside the last complete output
(output_swap.py); unchanged pages there are hard links to the last output's files. The record
(`--record`, cache/showcase/search-record.json) keeps

- per HTML file of the site: the SHA-256 of its bytes, whether it carries Pagefind's mark,
  and its file's identity (device, inode, size, modification time in ns). A file with the
  recorded identity is the recorded file (a hard link of it, never written since: writes
  change the time), so only new or rewritten files are read and hashed;
- per bundle: its key (search_index.bundle_key: Pagefind's version, this code, Pagefind's
  configuration, the bundle's folder and glob, name and hash of every HTML file it reads) and
  the name, hash and identity of every file Pagefind wrote for it.

A bundle is taken over (hard links, else copies) only when its key is the recorded one and
the last output still holds exactly the recorded files: same identity, or else same bytes.
Anything else runs Pagefind. Pagefind writes the same bytes for the same pages (its entry
file's language order aside, which search_index sorts), so a taken-over bundle equals a
fresh one (tests/test_incremental.py compares whole folders).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .atomic_write import write_text
from .search_bundles import is_bundle

MARK = b"data-pagefind-body"
# The mark as an attribute of a tag (not text about it: that is escaped, &lt;main …).
ATTRIBUTE = re.compile(rb"<[a-z][^<>]*\sdata-pagefind-body[\s=/>]")


@dataclass(frozen=True)
class Page:
    """One HTML file of the built site."""

    digest: str
    marked: bool  # holds the mark's name anywhere (any case): Pagefind may index it
    attribute: bool  # holds it as an attribute: then Pagefind indexes only marked pages


def identity(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def read_page(path: Path) -> Page:
    data = path.read_bytes()
    lower = data.lower()
    return Page(
        hashlib.sha256(data).hexdigest(), MARK in lower, ATTRIBUTE.search(lower) is not None
    )


class SearchRecord:
    """The record of one build of the site in `site`; `previous`: the last complete output."""

    def __init__(self, file: Path | None, site: Path, previous: Path | None):
        self.file = file
        self.site = site
        self.previous = previous if previous is not None and previous.is_dir() else None
        saved: dict = {}
        if file is not None:
            try:
                saved = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = {}
        self.saved_pages: dict[str, list] = saved.get("pages", {})
        self.saved_bundles: dict[str, dict] = saved.get("bundles", {})
        self.pages: dict[str, Page] = {}
        self.identities: dict[str, list[int]] = {}
        self.bundles: dict[str, dict] = {}
        self.taken_over: list[str] = []

    def read_pages(self) -> dict[str, Page]:
        """Every HTML file of the site (outside the bundles' folders), by output-relative name."""
        root = os.path.join(str(self.site), "")
        for folder, dirs, files in os.walk(root):
            relative = folder[len(root) :]
            prefix = relative.replace(os.sep, "/") + "/" if relative else ""
            if not prefix:
                dirs[:] = [d for d in dirs if not is_bundle(d)]
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".html"):
                    continue
                path = os.path.join(folder, name)
                key = prefix + name
                now = identity(os.stat(path))
                held = self.saved_pages.get(key)
                if held is not None and held[3:] == now:
                    page = Page(held[0], held[1], held[2])
                else:
                    page = read_page(Path(path))
                self.pages[key] = page
                self.identities[key] = now
        return self.pages

    def take_over(self, folder: str, key: str) -> bool:
        """Link the last output's bundle into the site when it was made from the same key and
        is still exactly what was recorded (see the module's text); False: run Pagefind."""
        held = self.saved_bundles.get(folder)
        if self.previous is None or held is None or held.get("key") != key:
            return False
        old = os.path.join(self.previous, folder)
        files: dict[str, list] = {}
        for name, entry in held.get("files", {}).items():
            source = os.path.join(old, name)
            try:
                now = identity(os.stat(source))
            except OSError:
                return False
            if entry[1:] != now and _digest(Path(source)) != entry[0]:
                return False
            files[name] = [entry[0], *now]
        target = os.path.join(self.site, folder)
        made: set[str] = set()
        for name in files:
            destination = os.path.join(target, name)
            parent = os.path.dirname(destination)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(os.path.join(old, name), destination)
            except OSError:
                shutil.copy2(os.path.join(old, name), destination)
        self.taken_over.append(folder)
        # A hard link has the old file's identity; a copy has not, and is compared by its
        # bytes next time.
        self.bundles[folder] = {"key": key, "files": files}
        return True

    def note(self, folder: str, key: str, skip: tuple[str, ...]) -> None:
        """Record what Pagefind wrote (or what was taken over) for a bundle."""
        held = self.saved_bundles.get(folder, {}).get("files", {})
        files: dict[str, list] = {}
        base = self.site / folder
        for path in sorted(base.rglob("*")):
            name = path.relative_to(base).as_posix()
            if name in skip or not path.is_file():
                continue
            now = identity(path.stat())
            entry = held.get(name)
            digest = entry[0] if entry is not None and entry[1:] == now else _digest(path)
            files[name] = [digest, *now]
        self.bundles[folder] = {"key": key, "files": files}

    def save(self) -> None:
        if self.file is None:
            return
        pages = {
            name: [page.digest, page.marked, page.attribute, *self.identities[name]]
            for name, page in self.pages.items()
        }
        # taken_over: for the tests and the benchmark (the bundles Pagefind did not run for).
        state = {"pages": pages, "bundles": self.bundles, "taken_over": sorted(self.taken_over)}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.file, json.dumps(state, sort_keys=True))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
