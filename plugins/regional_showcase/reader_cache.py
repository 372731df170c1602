"""The reader's results kept in cache/ between builds, by the content hash of each post file.

Reading a post (reader.py's `convert`: the Markdown parse, the body rules, the sanitizer) is
the same work on every build for every post that did not change. Its result, the content HTML
and the header fields before Pelican's metadata processors, is kept here under the SHA-256 of
the file's bytes, so a post is converted again only when its text changed.

Why not Pelican's own reader cache (CONTENT_CACHING_LAYER='reader'): it finds a changed file
by its modification time by default (an edit within the same clock tick, or a file restored
with its old time, is missed), it pickles (a corrupt or foreign pickle runs code on load),
and it knows nothing of the other files a post's reading depends on. Here:

- A result is plain data (strings and booleans) in JSON; the dates are parsed by the reader
  after the cache, so nothing but text is kept.
- Everything else the conversion reads is in the cache's key (`reading_key`): the Markdown
  settings, SITEURL, the content folder and the fields rendered as Markdown, the plugin's code
  (content hashes), Python's and every library's version, the cache's format.
- The conversion also reads the picture files a post's body shows (whether they exist, their
  size in bytes and pixels, whether they are HEIF photos): each kept result lists them with
  the hash of their bytes, and is used only while every one is still the same.
- What depends on the other posts is not done in reading: Pelican resolves {filename} links
  after reading, and the link rules run on the resolved pages (resolved_links.py).
- A result with refusals (the build stops on them) or with log records (`--fatal warnings`
  must see them again) is never kept.
- A cache file that cannot be read, or holds anything but what is written here, is no cache.

One file per key (`reader-<key>.json` in cache/showcase/), the newest KEPT_KEYS kept: `make
html`, `make publish` (another SITEURL) and `make serve` each find their own. Only the results
used by the last build are saved, so deleted posts leave the cache with the next build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic_write import write_text
from .converted import Converted
from .data.image_files import image_file
from .deferred_saves import later

if TYPE_CHECKING:
    from .settings import ShowcaseSettings

# Raised when the shape of what is kept changes: older files are then no cache.
FORMAT = 1
KEPT_KEYS = 3
PREFIX = "reader-"
_in_use: ReaderCache | None = None  # the cache of the build running or last run


def in_use() -> ReaderCache | None:
    """The reader cache of the running build (preview/kept_content.py asks it about the
    pictures a post's kept object was made with)."""
    return _in_use


@functools.cache
def _libraries() -> str:
    # Once per process: the libraries a process has imported stay what they were when it
    # imported them, whatever is installed meanwhile (`make serve` restarts for its code).
    from .build_record import libraries

    return libraries()


def reading_key(showcase: ShowcaseSettings, code_dir: Path, again: bool = False) -> str:
    """Everything a post's conversion depends on besides its own bytes and its pictures.
    `again`: in a process that builds again (the build server), as in `make serve`."""
    from .build_record import source_digest, tree_digest

    read = {
        "format": FORMAT,
        "markdown": showcase.markdown,
        "site_url": showcase.site_url,
        "content_path": str(Path(showcase.content_path).resolve()),
        "formatted_fields": list(showcase.formatted_fields),
    }
    digest = hashlib.sha256(json.dumps(read, sort_keys=True, default=repr).encode())
    # The same digest, each file read again only when it changed (build_record.source_digest).
    hashed = source_digest(showcase.preview or again)
    digest.update(tree_digest(code_dir, hashed=hashed).encode())
    digest.update(_libraries().encode())
    return digest.hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class _Images(HTMLParser):
    """The `src` of every <img> in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources += [value for name, value in attrs if name == "src" and value]

    handle_startendtag = handle_starttag


# An <img> start tag as HTMLParser finds it (tag names in any case).
_IMG_TAG = re.compile("<img", re.IGNORECASE)


def shown_pictures(converted: Converted, content_path: Path, site_url: str) -> list[str]:
    """The files under content/ that the converted body and fields show as <img>, relative."""
    # Most posts show none: HTMLParser over every body was 0.2 ms a post, in the build's
    # main process while Pelican reads (0.6 s of CPU at 3,000 posts).
    fields = [value for _name, value, _process in converted.fields if "<img" in value]
    if not fields and not _IMG_TAG.search(converted.content):
        return []
    parser = _Images()
    parser.feed(converted.content)
    for value in fields:
        parser.feed(value)
    parser.close()
    found = set()
    base = site_url.rstrip("/")
    root = Path(os.path.abspath(content_path))
    for src in parser.sources:
        if base and src.startswith(base + "/"):
            src = src[len(base) :]
        file = image_file(content_path, src)
        if file is not None:
            found.add(Path(os.path.abspath(file)).relative_to(root).as_posix())
    return sorted(found)


@dataclass
class _Entry:
    content: str
    fields: list  # [name, value, process]
    pictures: list  # [relative path under content/, sha256 of its bytes or None]

    def as_json(self) -> dict:
        return {"content": self.content, "fields": self.fields, "pictures": self.pictures}


def _entry(data: object) -> _Entry | None:
    """A kept result as written by `ReaderCache.save`, or None for anything else."""
    if not isinstance(data, dict) or set(data) != {"content", "fields", "pictures"}:
        return None
    content, fields, pictures = data["content"], data["fields"], data["pictures"]
    if not isinstance(content, str) or not isinstance(fields, list):
        return None
    for field in fields:
        if not (
            isinstance(field, list)
            and len(field) == 3
            and isinstance(field[0], str)
            and isinstance(field[1], str)
            and isinstance(field[2], bool)
        ):
            return None
    if not isinstance(pictures, list) or not all(
        isinstance(p, list)
        and len(p) == 2
        and isinstance(p[0], str)
        and (p[1] is None or isinstance(p[1], str))
        for p in pictures
    ):
        return None
    return _Entry(content, fields, pictures)


class ReaderCache:
    """The kept results of one key; `get` and `put` by a file's bytes, `save` at the end."""

    def __init__(self, folder: Path, key: str, content_path: Path, site_url: str):
        self.folder = folder
        self.key = key
        self.file = folder / f"{PREFIX}{key[:32]}.json"
        self.content_path = Path(content_path)
        self.site_url = site_url
        self.entries: dict[str, _Entry] = self._load()
        self.used: set[str] = set()
        self.changed = False
        self.hits = 0
        self.misses = 0
        self._pictures: dict[str, str | None] = {}  # one hash per picture and build
        # `make serve` keeps the results in memory; writing them all after each save would
        # cost a rebuild tens of milliseconds, so it writes at most this often (a result not
        # written yet is converted again by the next process, nothing worse).
        self.save_interval = 0.0
        self._saved_at: float | None = None
        global _in_use
        _in_use = self

    def _load(self) -> dict[str, _Entry]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("key") != self.key
            or not isinstance(data.get("posts"), dict)
        ):
            return {}
        entries = {}
        for digest, kept in data["posts"].items():
            entry = _entry(kept)
            if entry is None:
                return {}  # not what save() writes: the whole file is no cache
            entries[digest] = entry
        return entries

    def start_build(self) -> None:
        """A new build of the same key (`make serve`): pictures may have changed since."""
        global _in_use
        _in_use = self
        self.used = set()
        self._pictures = {}
        self.hits = self.misses = 0

    def _picture_hash(self, relative: str) -> str | None:
        if relative not in self._pictures:
            self._pictures[relative] = file_hash(self.content_path / relative)
        return self._pictures[relative]

    def get(self, digest: str) -> Converted | None:
        """The kept result for a file with these bytes, if its pictures are unchanged."""

        entry = self.entries.get(digest)
        if entry is None or any(self._picture_hash(p) != h for p, h in entry.pictures):
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(digest)
        fields = tuple((name, value, process) for name, value, process in entry.fields)
        return Converted(entry.content, fields, ())

    def pictures_of(self, digest: str) -> tuple | None:
        """The pictures (path, hash) the kept result of these bytes was made with; None when
        no result is kept for them."""
        entry = self.entries.get(digest)
        return None if entry is None else tuple((p, h) for p, h in entry.pictures)

    def pictures_hold(self, pictures: tuple) -> bool:
        """Whether every picture still has the bytes it had (hashed once per build)."""
        return all(self._picture_hash(p) == h for p, h in pictures)

    def mark_used(self, digest: str) -> None:
        """The result of these bytes is still needed (a kept object was made from it), though
        this build did not ask for it: `save` keeps it."""
        if digest in self.entries:
            self.used.add(digest)

    def put(self, digest: str, converted: Converted) -> None:
        """Keep a result (not one with refusals: the build stops on those)."""
        if converted.problems:
            return
        fields = [[name, value, process] for name, value, process in converted.fields]
        if not all(isinstance(value, str) for _name, value, _process in fields):
            return  # only text is kept
        shown = shown_pictures(converted, self.content_path, self.site_url)
        pictures = [[p, self._picture_hash(p)] for p in shown]
        self.entries[digest] = _Entry(converted.content, fields, pictures)
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Write the results this build used; drop the rest and the files of old keys. In the
        build server after its answer (deferred_saves.py): only the next build reads them."""
        later(self._write)

    def _write(self) -> None:
        unused = set(self.entries) - self.used
        if not self.changed and not unused and self.file.exists():
            return
        now = time.monotonic()
        if self._saved_at is not None and now - self._saved_at < self.save_interval:
            return
        self._saved_at = now
        for digest in unused:
            del self.entries[digest]
        posts = {digest: self.entries[digest].as_json() for digest in sorted(self.entries)}
        state = {"format": FORMAT, "key": self.key, "posts": posts}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text(self.file, json.dumps(state, ensure_ascii=False, sort_keys=True))
            others = sorted(
                (p for p in self.folder.glob(f"{PREFIX}*.json") if p != self.file),
                key=lambda p: p.stat().st_mtime_ns,
                reverse=True,
            )
            for old in others[KEPT_KEYS - 1 :]:
                old.unlink(missing_ok=True)
        except OSError:
            return  # no cache next time: the build itself is done
        self.changed = False
