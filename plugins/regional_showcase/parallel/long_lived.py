"""The build's long-lived objects kept out of the garbage collector's full passes.

Everything a build reads, checks and converts (the site data, every post and its views)
lives until the build ends, yet Python's cyclic collector walks all of it again in each of
its full passes. A cold build at 3,000 posts spent 1.1 s of its main process's CPU in the
collector, and each forked worker 0.35–0.4 s in one full pass over the heap it inherited
(a pass also writes to every object it visits, so the pages the fork shared get copied).

`keep` moves what is alive at that moment into the collector's permanent generation, which
it never walks (`gc.freeze`, constant time). Objects made later are collected as always.
What is kept stays until the next build in the same process calls `release`, so a
process that builds again and again keeps at most one build's objects. `make serve` keeps
nothing: its builds are small and it runs for hours.
"""

from __future__ import annotations

import gc

_kept = False


def keep() -> None:
    """Keep every object alive now out of the collector's passes until `release`."""
    global _kept
    # The young generations' garbage first (cheap): it would otherwise stay until `release`.
    gc.collect(1)
    gc.freeze()
    _kept = True


def release() -> None:
    """Give what an earlier build in this process kept back to the collector."""
    global _kept
    if _kept:
        gc.unfreeze()  # collected by the collector's next full pass, as ever
        _kept = False


def in_worker() -> None:
    """In a worker right after the fork: it ends with its jobs (forks.py, `os._exit`), so
    what it inherited need not be collected, and a full pass over it would copy every page
    the fork shared."""
    gc.freeze()
