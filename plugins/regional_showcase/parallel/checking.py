"""The input check in a forked process while Pelican reads the posts.

The check (input_check.py) ran in the build's main process before Pelican read a file: at
1,000 posts a warm build's main process spent about 0.15–0.2 s of CPU on it and then about
0.3 s on Pelican's reading, one after the other, while the second core was mostly idle. Nothing Pelican's
article and page generators do reads the checked input; the plugin's generators read it
in their generate_context, after those two, and nothing is written before. So in a warm
build (few posts left for the reading workers: generator.py, FORK_CHECK_CONVERSIONS) the check
runs in a forked process (forks.py, one job) while this process reads, and its result, the
CheckedInput or the problems to stop with, comes back through a pipe when Pelican's page
generator is done (`join`; page_generator_finalized). Nothing of it is kept on disk (the
check's own cache/ file is JSON, written by the check).

A refused input: the reader trusts the check (German day-first dates…), so a post the
check refuses may make Pelican log a warning or an error while reading, or stop it (--fatal
warnings), or end in an exception that Pelican's command logs. The first such record joins
the check before it is written (`_JoinFirst`, on the log's handlers): a refusal stops the
build there with the check's list alone, as when the check ran first; a passed check lets
the record through. A check process that dies, or whose answer does not arrive, is no
error: the check runs again in this process; one that hangs is killed after TIMEOUT seconds
and the check runs here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .forks import ForkPool

_pending: PendingCheck | None = None
# How long the join waits for the check's process (a warm build's check takes a fraction of a
# second, 20,000 posts a few seconds): a process that hangs instead of dying (a lock it
# inherited held for good) is killed and the check runs here, so the build never hangs on it.
TIMEOUT = 120.0


class _JoinFirst(logging.Filter):
    """On the root's and Pelican's log handlers while the check is out: a warning or worse
    joins it first (and a refusal stops the build before the record is written)."""

    def __init__(self) -> None:
        super().__init__()
        handlers = [*logging.getLogger().handlers, *logging.getLogger("pelican").handlers]
        self.handlers = list(dict.fromkeys(handlers))
        for handler in self.handlers:
            handler.addFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            settle()
        return True

    def remove(self) -> None:
        # A new list, not removeFilter: this runs inside the handler's loop over its filters
        # (filter above), which would skip the one after this.
        for handler in self.handlers:
            handler.filters = [f for f in handler.filters if f is not self]


class PendingCheck:
    """`run()` (the check: a CheckedInput, or what to stop with) in a forked process; `take`
    gets its result at the join, in this process."""

    def __init__(self, run: Callable[[], Any], take: Callable[[Any], None]) -> None:
        # Quiet: no thread drains the pipe before the join, so the page and reading workers
        # may still fork (workers.can_fork); the answer waits in the pipe till then.
        self._pool = ForkPool(["Prüfung der Eingaben"], lambda _job: run(), 1, quiet=True)
        self._run = run
        self._take = take
        self._watch = _JoinFirst()

    def join(self) -> None:
        """The check's result to `take`; once. A refusal raises from `take` (BuildStopped)."""
        global _pending
        if _pending is self:
            _pending = None
        else:
            return
        self._watch.remove()
        try:
            result = self._pool.result(0, TIMEOUT)
        except TimeoutError:  # hangs: ended (the drain thread waits for it), checked here
            self._pool.end()
            result = self._run()
        except Exception:  # the process died, or its answer did not unpickle
            result = self._run()
        finally:
            self._pool.close()
        self._take(result)  # raises on a refusal (BuildStopped)

    def discard(self) -> None:
        self._watch.remove()
        self._pool.kill()


def start(run: Callable[[], Any], take: Callable[[Any], None]) -> PendingCheck:
    """Run the check beside this process; `join` (or `settle`) hands its result to `take`."""
    global _pending
    settle()  # an earlier build's, never left out
    _pending = PendingCheck(run, take)
    return _pending


def settle() -> None:
    """Join a check still out (an exception out of Pelican before the join)."""
    if _pending is not None:
        _pending.join()


def discard() -> None:
    """Pelican's run ended (an interrupt, a SystemExit) with the check still out: its
    process ends, unheard."""
    global _pending
    check, _pending = _pending, None
    if check is not None:
        check.discard()
