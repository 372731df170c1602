"""Preview cards drawn ahead into cache/ by worker processes while the build writes its pages.

A cold build draws every card (the bench corpus: 213 cards, about 1.3 s of CPU). The generator
draws them after the pages, in threads that share one core for Pillow's Python parts, while
the rest of the build waits. Here forked workers draw the cards the cache lacks from the
moment the writing starts, at a lower priority: they take the core time the build leaves
idle (the main process writing listings alone, waiting for its page workers).

They write into cache/ only. The generator still puts every card into the output at its own
moment, and draws there whatever the cache still lacks (a worker that failed or is not done:
the machine gives a low-priority process little time when it is busy; a card that changed
since), so the output is the serial build's, byte for byte. Each worker draws its share in
the list's order, the generator from the back, so they seldom draw the same card; when they
do, each writes its own temporary file and renames it (social.py), with the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..parallel.forks import ForkPool
from ..parallel.workers import can_fork
from .social import Card, Painter

# Below the build's own processes: the cards are needed only at the end of the build.
NICENESS = 10


def draw_ahead(
    cards: list[Card], font_dir: Path, cache_dir: Path, workers: int, keep: bool = False
) -> ForkPool | None:
    """Start drawing the `cards` the cache lacks in `workers` processes; None when nothing
    is missing or the build may not fork. Starts no thread (`ForkPool(quiet=True)`): the
    build forks its page workers after this. `keep`: as Painter.is_cached."""
    painter = Painter(font_dir)
    missing = [card for card in cards if not painter.is_cached(card, cache_dir, keep)]
    if workers < 2 or not missing or not can_fork():
        return None
    shares = [missing[i::workers] for i in range(workers)]
    return ForkPool([s for s in shares if s], _Drawing(font_dir, cache_dir), workers, quiet=True)


class _Drawing:
    """One worker's job: its share of the cards, drawn into the cache."""

    def __init__(self, font_dir: Path, cache_dir: Path):
        self.font_dir, self.cache_dir = font_dir, cache_dir

    def __call__(self, cards: list[Card]) -> None:
        os.nice(NICENESS)
        painter = Painter(self.font_dir)
        for card in cards:
            painter.cached(card, self.cache_dir)


def wait(pool: ForkPool | None) -> None:
    """Wait for the workers to end (once the generator has drawn what they had not: they
    skip what is drawn). What they could not draw (an error, a crash) the generator has
    drawn itself, meeting the error there as in a serial build."""
    if pool is None:
        return
    for index in range(len(pool.jobs)):
        try:
            pool.result(index)
        except Exception:  # drawn (and reported) by the generator
            continue
    pool.close()
