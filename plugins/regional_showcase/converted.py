"""One post file as the reader converted it: what the worker processes hand back, what the
reader cache keeps (reader_cache.py) and what Pelican's reader builds the post from. Its own
module, so that the reader, the workers and the cache need not import each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Converted:
    """One file's reading result before Pelican's metadata processors (picklable)."""

    content: str
    # (name, value as text, whether Pelican's metadata processor still applies); the dates
    # are parsed by `read`
    fields: tuple
    problems: tuple  # what the body rules refused, as data.problems.Problem
