"""Saves to cache/ that only the next build reads, held back in the build server until the
build's client has its answer.

A `make html` through the build server (staff/build_server.py) waited for the reader cache
(3.9 MB of JSON at 1,000 posts), the kept post texts, the build record and the search record
to be written to cache/, though the output/ in place needs none of them: only the next build reads them. In a
block of `deferring()`, `later(save)` holds a save back; the server runs them once it has
answered, before it takes the next request, and drops them after a failed build (cache/ then
still describes the output/ that stayed). Everywhere else (`showcase build` in its own
process, `make publish`, `make serve`) `later` saves at once, as before.

Why a held-back save is safe: each file in cache/ is a cache, checked before use against
what it describes. If the server ends between its answer and a save (killed, a crash),
cache/ holds the files of an earlier build: the reader cache and the kept texts are keyed by
what they were made from, the build record and the search record take a file or a search
bundle over only while the last output still holds the recorded bytes (build_record.py,
search_record.py). Each save writes its file whole (atomic_write.py), so a save interrupted
midway leaves the earlier file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Save = Callable[[], None]

_held: list[Save] | None = None  # in a `deferring` block: the saves held back
_once: set = set()  # the keys of the saves held back in this block (`later`'s `once`)


def later(save: Save, once: object = None) -> None:
    """Run `save` now, or in a `deferring` block when its caller runs them. `once`: a save
    under this key is held back once per block (the first; it saves what is there when it
    runs, as a file written whole does)."""
    if _held is None:
        save()
        return
    if once is not None:
        if once in _once:
            return
        _once.add(once)
    _held.append(save)


@contextmanager
def deferring() -> Iterator[list[Save]]:
    """The saves of this block are held back in the list this yields, in their order: the
    caller runs them (`run`) or drops them."""
    global _held, _once
    outer, _held = _held, []
    outer_once, _once = _once, set()
    try:
        yield _held
    finally:
        _held, _once = outer, outer_once


def run(saves: list[Save]) -> None:
    """The held-back saves in their order (taken from the list: each runs once)."""
    while saves:
        saves.pop(0)()
