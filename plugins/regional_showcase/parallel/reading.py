"""Parallel reading: the posts' Markdown converted in worker processes before Pelican reads.

The plugin's generator starts this before Pelican's generators read anything
(`start`); the workers convert every Markdown file of the article and page folders
(`ShowcaseMarkdownReader.convert`: parse, body rules, sanitising) while the main process
checks the data. Pelican then reads as always, file by file, in its own order; the reader
takes each file's result from here (`take`) and applies Pelican's metadata processors, so
everything after the conversion is the serial path. A file without a result here (one
Pelican finds elsewhere, or any file when the build is serial) is converted in place.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .forks import ForkPool, WorkerCrashed
from .workers import can_fork

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

_pool: ForkPool | None = None
_index: dict[str, int] = {}


def markdown_files(settings: ShowcaseSettings, extensions: tuple[str, ...]) -> list[str]:
    """The files Pelican's article and page generators will give the Markdown reader, in
    the order they find them (as far as known here: the generators filter further)."""
    ignores = settings.ignore_files
    found: dict[str, None] = {}
    for folder in (*settings.article_paths, *settings.page_paths):
        top = settings.content_path / folder
        for directory, subdirs, files in os.walk(top, followlinks=True):
            subdirs[:] = sorted(d for d in subdirs if not _ignored(d, ignores))
            for name in sorted(files):
                if _ignored(name, ignores) or name.rpartition(".")[2] not in extensions:
                    continue
                found[os.path.join(directory, name)] = None
    return list(found)


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def start(files: list[str], convert, workers: int) -> bool:
    """Start converting `files` with `convert` in `workers` processes; False if it stays serial."""
    global _pool, _index
    finish()
    if workers < 2 or len(files) < 2 or not can_fork():
        return False
    _index = {os.path.realpath(path): i for i, path in enumerate(files)}
    _pool = ForkPool(files, convert, workers)
    return True


def take(source_path: str):
    """The converted file, or None when no worker converted it (then the reader does)."""
    if _pool is None:
        return None
    index = _index.pop(os.path.realpath(source_path), None)
    if index is None:
        return None
    try:
        return _pool.result(index)
    except WorkerCrashed as crashed:
        # Not an exception Pelican would log and skip: the build stops, naming the post.
        from ..data.paths_shown import display_path

        sys.stderr.write(
            f"{display_path(Path(crashed.job))}: Lesen abgebrochen ({crashed.status}). "
            "Die Website wurde nicht gebaut; bauen Sie erneut, und wenn der Fehler bleibt, "
            "mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die Ursache zu sehen.\n"
        )
        raise SystemExit(1) from crashed


def finish() -> None:
    """Wait for the workers to end (every file of the build has been read by now)."""
    global _pool, _index
    if _pool is not None:
        _pool.close()
    _pool, _index = None, {}
