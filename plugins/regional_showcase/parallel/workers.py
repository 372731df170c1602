"""How many worker processes a build uses, and whether it may fork at all."""

from __future__ import annotations

import os
import threading

from ..environment import EnvironmentProblem, read_environment


class WorkersError(EnvironmentProblem):
    """An environment variable is wrong (SHOWCASE_WORKERS, or another read with it)."""


def cores() -> int:
    """The cores this process may run on (a CI runner's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_count(setting: int | None) -> int:
    """SHOWCASE_WORKERS from the environment, else the setting, else one per core.

    1 is the serial build: no process is forked."""
    try:
        chosen = read_environment().workers
    except EnvironmentProblem as problem:
        raise WorkersError(problem.problems) from None
    return chosen or setting or cores()


def can_fork() -> bool:
    """Forking is safe only where fork exists and no other thread could hold a lock the
    workers need.

    A thread holding a lock at the moment of the fork leaves that lock held forever in the
    child. `make serve` runs its web server and file watcher in threads: its builds stay
    serial (they render only what changed anyway). The one thread a `pelican` run has is
    the progress spinner's (rich), which only writes to the terminal; workers never do,
    their log comes back through the pipe (forks.py)."""
    if not hasattr(os, "fork"):
        return False
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    return all(type(t).__name__ == "_RefreshThread" for t in others)
