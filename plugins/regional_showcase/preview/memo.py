"""What `make serve` keeps in memory from one rebuild to the next: results that depend only on
files that did not change.

Saving one post changes one file; checking the region data, the header of every other post
and the web editor's configuration again would give the same results. Each result is kept in
a slot with the key it was computed from (the files it read: path, mtime, size and a hash of
the bytes; the other values it used) and handed out again only for the very same key. What a
key cannot name (the settings, the plugin's code, the theme, the working folder for the paths
in messages) is the memo's scope: when it changes, everything kept is dropped.

The preview uses this (settings.preview and settings.incremental), and the build server's
builds (staff/warm_build.py) for the input check alone (generator.py); a build in a process
of its own and `showcase check` always compute everything. Failures (ValidationFailed) are
never kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from ..check_cache import answers_hold
from ..cms.text_facts import text_facts
from ..data import unsaved
from ..environment import environment_key, read_environment
from .file_digests import DIGESTS, walk_sorted
from .manifest import PLUGIN_CODE, settings_digest

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

T = TypeVar("T")


def file_key(path: Path) -> tuple:
    """One file's state: path, mtime, size and a hash of its bytes (an edit within the same
    clock tick that keeps the size is still seen); the hash is read again only for a file
    changed since (file_digests.py)."""
    found = DIGESTS.state(path)
    if found is None:
        return (str(path), None)
    stat, digest = found
    return (str(path), stat.st_mtime_ns, stat.st_size, digest)


def files_key(paths: Iterable[Path]) -> str:
    """The state of several files (each as file_key), as one digest."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(repr(file_key(path)).encode())
    return digest.hexdigest()


def tree_stat(
    root: Path, skip: Path | tuple[Path, ...] | None = None, suffixes: tuple[str, ...] = ()
) -> str:
    """Every file under a folder by path, size and mtime (no hash: used for large trees such
    as pictures, where a saved file always gets a new mtime); without the files of `skip`
    (one folder or several) whose suffix is in `suffixes`, or all of them when it is empty.
    Folders count as files do (a file added or removed changes its folder's mtime).

    The lines and their order are those of `sorted(root.rglob("*"))` with a stat of each,
    walked with os.scandir: pathlib's walk and its path objects took 10 to 15 ms of every
    rebuild at 500 posts (three trees: the code, the theme, content/)."""
    digest = hashlib.sha256()
    skips = () if skip is None else (skip,) if isinstance(skip, Path) else skip
    skipped = tuple(str(folder) for folder in skips)
    top = str(root)
    if "__pycache__" in root.parts or not os.path.isdir(top):
        return digest.hexdigest()
    for path in walk_sorted(top):
        if skipped and any(path == f or path.startswith(f"{f}/") for f in skipped):
            name = path.rpartition("/")[2]
            if not suffixes or Path(name).suffix.lower() in suffixes:
                continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class PreviewMemo:
    """Results kept between the preview builds of one process, one per slot."""

    def __init__(self) -> None:
        self.scope: str | None = None
        self.slots: dict[Hashable, tuple[Any, Any]] = {}
        self.hits = 0
        self.misses = 0
        # In a build under way (one_build): the settings dict it read and the other inputs
        # of the scope it entered (empty before the first preview_memo).
        self.building: list | None = None
        self.facts: dict[str, tuple[str, Any]] = {}  # file_facts by path: (digest, facts)

    @contextmanager
    def one_build(self) -> Iterator[None]:
        """One preview build: preview_memo computes the scope once in it (the generator and
        the writer both ask; walking the code and theme and digesting the settings took a
        tenth of a post edit's rebuild). Each build reads the settings anew, so the next one
        computes the scope again and drops everything when something changed meanwhile."""
        self.building = []
        try:
            yield
        finally:
            self.building = None

    def enter(self, scope: str) -> None:
        """Start a build; a new scope (settings, code or theme changed) drops everything."""
        if scope != self.scope:
            self.slots.clear()
            self.scope = scope

    def get(self, slot: Hashable, key: Any, compute: Callable[[], T]) -> T:
        """The value kept in `slot` when it was computed from `key`, else compute() (kept)."""
        held = self.slots.get(slot)
        if held is not None and held[0] == key:
            self.hits += 1
            return held[1]
        self.misses += 1
        self.slots.pop(slot, None)  # a failing compute() leaves nothing behind
        value = compute()
        self.slots[slot] = (key, value)
        return value

    def get_asking(self, slot: Hashable, key: Any, compute: Callable[[], T], own: Path) -> T:
        """get, for a rule over the file `own` that asks about other files through
        data/unsaved.py (whether a picture a post names exists, its size): kept while `key`
        is the same and every question it asked gets the same answer (check_cache.py keeps
        its results in cache/ by the same rule). `key` holds `own`'s state."""
        held = self.slots.get(slot)
        if held is not None and held[0] == key and answers_hold(held[1][1]):
            self.hits += 1
            return held[1][0]
        self.misses += 1
        self.slots.pop(slot, None)  # a failing compute() leaves nothing behind
        with unsaved.recording() as asked:
            value = compute()
        facts = [
            [question, name, count, unsaved.fact(answer)]
            for question, name, count, answer in asked
            if not (question == "read" and name == str(own))
        ]
        self.slots[slot] = (key, (value, facts))
        return value

    def file_facts(self, path: Path) -> Any:
        """cms/config.py's text_facts of a file, kept while its bytes are the same (the web
        editor's list of taken addresses read every text after each save). Only the code
        reads the bytes, and it restarts the process when it changes."""
        digest = DIGESTS.digest(path)
        held = self.facts.get(str(path))
        if digest is not None and held is not None and held[0] == digest:
            return held[1]
        value = text_facts(path)  # an unreadable file fails as without the memo
        if digest is not None:
            self.facts[str(path)] = (digest, value)
        return value

    def keep_only(self, prefix: str, slots: set[Hashable]) -> None:
        """Drop the slots of `prefix` not in `slots` (a deleted post's check)."""
        for slot in [s for s in self.slots if isinstance(s, tuple) and s[0] == prefix]:
            if slot not in slots:
                del self.slots[slot]


MEMO = PreviewMemo()  # one per process: `make serve` restarts itself when the plugin changes


def preview_memo(
    pelican_settings: dict, showcase: ShowcaseSettings, code_dir: Path = PLUGIN_CODE
) -> PreviewMemo:
    """The process's memo, scoped to these settings, the plugin's code, the theme, the
    working folder (the paths in messages are relative to it) and the day (upcoming events
    and the age of key figures are counted from it)."""
    inputs = (showcase.timezone, showcase.theme, code_dir)
    held = MEMO.building
    if held and held[0] is pelican_settings and held[1] == inputs:
        return MEMO  # entered earlier in this build
    digest = hashlib.sha256()
    zone = ZoneInfo(showcase.timezone)
    today = f"{dt.datetime.now(zone).date()}|{dt.datetime.now(dt.UTC).date()}"
    digest.update(f"{today}|{read_environment().source_date_epoch}".encode())
    # Every SHOWCASE_ variable: the build server's builds (staff/warm_build.py) each run with
    # their client's environment. Not the output folder, which each of them names anew
    # (`output.new-<pid>`) and which `make serve` never changes: nothing kept here reads it.
    digest.update(environment_key().encode())
    own = {key: value for key, value in pelican_settings.items() if key != "OUTPUT_PATH"}
    digest.update(settings_digest(own).encode())
    digest.update(os.getcwd().encode())
    digest.update(tree_stat(code_dir).encode())
    digest.update(tree_stat(showcase.theme).encode())
    MEMO.enter(digest.hexdigest())
    if held is not None:
        held[:] = [pelican_settings, inputs]
    return MEMO
