"""Parallel reading: the posts' Markdown converted in worker processes before Pelican reads.

The plugin's generator starts this before Pelican's generators read anything
(`to_convert`, `start_pool`); the workers convert every Markdown file of the article and
page folders (`ShowcaseMarkdownReader.convert`: parse, body rules, sanitising) while the
main process checks the data. Pelican then reads as always, file by file, in its own
order; the reader takes each file's result from here (`take`) and applies Pelican's metadata
processors, so everything after the conversion is the serial path. A file without a result
here (one Pelican finds elsewhere, or any file when the build is serial) is converted in
place.

With the reader cache (reader_cache.py, `open_cache`), a file whose bytes and pictures were
converted by an earlier build is not converted at all: `to_convert` leaves the workers
only the others, and each new result (its file's hash taken from the very bytes converted)
is kept.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..build_record import file_digest, source_digest
from ..converted import Converted
from ..preview.file_digests import read_as
from ..reader_cache import ReaderCache, reading_key
from .forks import ForkPool, WorkerCrashed
from .workers import can_fork

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

# How often `make serve` writes the reader cache it keeps in memory (reader_cache.py).
PREVIEW_SAVE_SECONDS = 60.0
_pool: ForkPool | None = None
_index: dict[str, int] = {}
_ready: dict[str, Converted] = {}  # kept results for this build, by the file's real path
_cache: ReaderCache | None = None  # this build's reader cache (open_cache)
_kept: ReaderCache | None = None  # the last one, for the next build in this process
_folders: dict[str, str] = {}  # each folder's real path, for this build (_real)
_digest_of: Callable[[str], str | None] = file_digest  # this build's way (use_reader_cache)
# The files of the last markdown_files whose names were no links when it listed them.
_listed_plain: set[str] = set()


def markdown_files(settings: ShowcaseSettings, extensions: tuple[str, ...]) -> list[str]:
    """The files Pelican's article and page generators will give the Markdown reader, in
    the order they find them (as far as known here: the generators filter further).

    Walked in the order of `os.walk(top, followlinks=True)` with folders and files sorted,
    but with os.scandir: each entry of a listing also tells whether its name is a link, and
    to_convert need not ask the file system again for each of 1,000 posts (_real)."""
    global _listed_plain
    ignores = settings.ignore_files
    found: dict[str, None] = {}
    plain: set[str] = set()
    for folder in (*settings.article_paths, *settings.page_paths):
        _walk(os.fspath(settings.content_path / folder), ignores, extensions, found, plain)
    _listed_plain = plain
    return list(found)


def _walk(
    directory: str,
    ignores: tuple[str, ...],
    extensions: tuple[str, ...],
    found: dict[str, None],
    plain: set[str],
) -> None:
    """One folder of markdown_files: its files, then its folders (links to folders too, as
    os.walk with followlinks), each sorted by name; a folder that cannot be listed holds
    nothing."""
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return
    folders, files = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    for entry in sorted(files, key=_name):
        name = entry.name
        if _ignored(name, ignores) or name.rpartition(".")[2] not in extensions:
            continue
        path = os.path.join(directory, name)
        found[path] = None
        if not entry.is_symlink():
            plain.add(path)
    for name in sorted(entry.name for entry in folders):
        if not _ignored(name, ignores):
            _walk(os.path.join(directory, name), ignores, extensions, found, plain)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def use_reader_cache(
    pelican_settings: dict, showcase: ShowcaseSettings, again: bool = False
) -> ReaderCache:
    """Use the reader cache in cache/showcase/ for this build (reader_cache.py). `again`: a
    build of a process that builds again (`make serve`, the build server: warm_build.py),
    where a file unchanged since the last build is not read to be hashed (file_digests.py:
    the same SHA-256, by the file's identity)."""
    global _digest_of
    from ..preview.manifest import PLUGIN_CODE

    _digest_of = source_digest(again)
    key = reading_key(showcase, PLUGIN_CODE, again)
    cache = open_cache(showcase.cache_dir, key, showcase.content_path, showcase.site_url)
    cache.save_interval = PREVIEW_SAVE_SECONDS if showcase.preview else 0.0
    return cache


def open_cache(folder: Path, key: str, content_path: Path, site_url: str) -> ReaderCache:
    """Use the reader cache of `key` for this build. `make serve` keeps it in memory from one
    build to the next (the same object while the key is the same), other builds load it."""
    global _cache, _kept
    if _kept is not None and (_kept.folder, _kept.key) == (folder, key):
        _kept.start_build()
    else:
        _kept = ReaderCache(folder, key, content_path, site_url)
    _cache = _kept
    return _cache


def _real(path: str, listed_plain: bool = False) -> str:
    """os.path.realpath(path) for a file: its folder's real path (once per folder and build,
    `_folders`) joined with its name, resolved further only when the name is a link itself.
    realpath walks every part of the path with a system call each, twice per post.
    `listed_plain`: the name was no link in this build's listing of the folder
    (markdown_files), just before: not asked again."""
    folder, name = os.path.split(path)
    real = _folders.get(folder)
    if real is None:
        real = _folders[folder] = os.path.realpath(folder)
    joined = os.path.join(real, name)
    if listed_plain and name:
        return joined
    return os.path.realpath(joined) if not name or os.path.islink(joined) else joined


def to_convert(files: list[str]) -> list[str]:
    """The files the reader cache does not hold; those it holds are ready for `take`."""
    _finish_pool()
    cache = _cache
    if cache is None:
        return files
    remaining = []
    plain = _listed_plain
    for path in files:
        found = _digest_of(path)
        if found is None:
            continue  # Pelican reports it when it reads the file
        kept = cache.get(found)
        if kept is None:
            remaining.append(path)
        else:
            _ready[_real(path, path in plain)] = kept
    return remaining


def start_pool(files: list[str], convert, workers: int) -> bool:
    """Start converting `files` (to_convert's) in `workers` processes; False if it stays
    serial."""
    global _pool, _index
    if workers < 2 or len(files) < 2 or not can_fork():
        return False
    _index = {_real(path): i for i, path in enumerate(files)}
    _pool = ForkPool(files, partial(converted_file, convert), workers)
    return True


def converted_file(
    convert: Callable, source_path: str, data: bytes | None = None
) -> tuple[str, Converted, bool]:
    """The hash of the file's bytes, their conversion, and whether it logged nothing."""
    if data is None:
        data = Path(source_path).read_bytes()
    with _noting_records() as noted:
        converted = convert(source_path, data)
    return hashlib.sha256(data).hexdigest(), converted, not noted


class _Noted(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1

    def __bool__(self) -> bool:
        return self.records > 0


@contextmanager
def _noting_records():
    """Notes every warning or error logged meanwhile: a result that logged one is not kept,
    so the next build logs it again (and `--fatal warnings` stops it again)."""
    noted = _Noted()
    root = logging.getLogger()
    root.addHandler(noted)
    try:
        yield noted
    finally:
        root.removeHandler(noted)


def take(source_path: str, convert: Callable) -> Converted:
    """The converted file: kept by the reader cache, converted by a worker, or by `convert`
    here; each new result goes into the reader cache."""
    real = _real(source_path)
    if real in _ready:
        return _ready.pop(real)
    index = _index.pop(real, None) if _pool is not None else None
    if index is None:
        data = Path(source_path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        read_as(source_path, digest)  # the build's keys hold these bytes (file_digests.py)
        if _cache is not None:
            kept = _cache.get(digest)
            if kept is not None:
                return kept
        digest, converted, clean = converted_file(convert, source_path, data)
        if _cache is not None and clean:
            _cache.put(digest, converted)
        return converted
    try:
        digest, converted, clean = _pool.result(index)
    except WorkerCrashed as crashed:
        # Not an exception Pelican would log and skip: the build stops, naming the post.
        from ..data.paths_shown import display_path

        sys.stderr.write(
            f"{display_path(Path(crashed.job))}: Lesen abgebrochen ({crashed.status}). "
            "Die Website wurde nicht gebaut; bauen Sie erneut, und wenn der Fehler bleibt, "
            "mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die Ursache zu sehen.\n"
        )
        raise SystemExit(1) from crashed
    read_as(source_path, digest)  # the bytes the worker converted
    if _cache is not None and clean:
        _cache.put(digest, converted)
    return converted


def finish() -> None:
    """Wait for the workers to end and save the reader cache (every file of the build has
    been read by now)."""
    global _cache
    _finish_pool()
    if _cache is not None:
        _cache.save()
    _cache = None


def _finish_pool() -> None:
    global _pool, _index
    if _pool is not None:
        _pool.close()
    _pool, _index = None, {}
    _ready.clear()
    _folders.clear()  # a folder may be a link by the next build in this process
