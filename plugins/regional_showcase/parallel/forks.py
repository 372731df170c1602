"""A fixed set of forked worker processes that work through a list of jobs.

Each worker takes every n-th job (jobs i, i+n, i+2n, …) and does them in that order, sending
each result back through its own pipe as soon as it is done. Because the order is fixed, a
worker that dies (a crash in C code, `os._exit`, the kernel's OOM killer) is known to have
died on the first of its jobs it has not answered: that job is named in the error, and the
caller never waits for an answer that cannot come.

Why not multiprocessing.Pool or concurrent.futures: both hand out jobs dynamically, so after
a crash they cannot say which job killed the worker (a Pool even waits forever), and both
pickle the job function and its arguments, where a fork simply inherits the build's state.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import selectors
import signal
import struct
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from . import long_lived

_HEADER = struct.Struct("!QQ")  # job index, length of the pickled answer


class WorkerCrashed(RuntimeError):
    """A worker process ended before answering `job`."""

    def __init__(self, job: Any, status: str):
        super().__init__(f"{job}: {status}")
        self.job = job
        self.status = status


class JobFailed(Exception):
    """An exception raised by a job that could not be sent back as it was."""


class _Collector(logging.Handler):
    """Keeps a worker's log records, to be replayed in the parent with the job's result."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Formatted now: the arguments may not survive pickling, the message does.
        record.msg, record.args = record.getMessage(), None
        record.exc_info, record.exc_text = None, None
        self.records.append(record)


class ForkPool:
    """Forks `workers` processes at once; `result(i)` is `work(jobs[i])`, computed in one of them.

    A job's log records are replayed in this process when its result is taken, so warnings
    appear in the order of a serial run and go through this process's logging (and
    Pelican's `--fatal warnings`). An exception in a job is raised again by `result`.
    """

    def __init__(
        self, jobs: Sequence[Any], work: Callable[[Any], Any], workers: int, *, quiet: bool = False
    ):
        self.jobs = list(jobs)
        self.workers = max(1, min(workers, len(self.jobs)))
        self._results: dict[int, tuple[bool, Any, list]] = {}
        self._taken: set[int] = set()  # jobs whose result was taken
        self._reaping: set[int] = set()  # workers the drain thread waits for (or has waited)
        self._crashed: dict[int, WorkerCrashed] = {}
        self._ready = threading.Condition()
        self._pipes: dict[int, tuple[int, list[int]]] = {}  # fd -> (pid, job indexes)
        for worker in range(self.workers):
            indexes = list(range(worker, len(self.jobs), self.workers))
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                long_lived.in_worker()
                os.close(read_end)
                _serve(write_end, [(i, self.jobs[i]) for i in indexes], work)
            os.close(write_end)
            self._pipes[read_end] = (pid, indexes)
        # Drains the pipes while this process does other work: a worker blocked on a full
        # pipe would otherwise wait for the first `result` call. A `quiet` pool starts it only
        # then: meanwhile no thread runs here, so this process may fork again (workers.py,
        # can_fork); its workers' answers must be few and small (a pipe holds 64 KiB), or
        # they wait for that call.
        self._drain = threading.Thread(target=self._receive, name="fork-pool", daemon=True)
        if not quiet:
            self._drain.start()

    def _draining(self) -> None:
        if self._drain.ident is None:
            self._drain.start()

    def result(self, index: int, timeout: float | None = None) -> Any:
        """The result of job `index`; waits for it (TimeoutError after `timeout` seconds),
        replays its log, raises its exception."""
        self._draining()
        with self._ready:
            if not self._ready.wait_for(
                lambda: index in self._results or index in self._crashed, timeout
            ):
                raise TimeoutError(f"{self.jobs[index]}: keine Antwort nach {timeout} s")
            if index in self._crashed:
                raise self._crashed[index]
            ok, value, records = self._results.pop(index)
            self._taken.add(index)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not ok:
            raise value
        return value

    def kill(self) -> None:
        """End every worker now (their answers are not wanted) and wait for them."""
        for fd, (pid, _indexes) in self._pipes.items():
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass  # already ended (and waited for by the drain thread)
            if self._drain.ident is None:
                os.close(fd)

    def end(self) -> None:
        """Kill every worker still running, without waiting: the drain thread waits for them
        and counts their unanswered jobs as crashed (`result` raises WorkerCrashed)."""
        with self._ready:  # a worker not yet waited for: its pid is still this worker's
            for pid, _indexes in self._pipes.values():
                if pid not in self._reaping:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)

    def answered(self) -> bool:
        """Whether every job's answer (or its worker's end) is in, without waiting."""
        if self._drain.ident is None:
            return False  # a quiet pool's answers may still be in the pipes
        with self._ready:
            return len(self._results.keys() | self._crashed.keys() | self._taken) == len(self.jobs)

    def close(self) -> None:
        """Wait until every worker has ended (all jobs answered or a worker gone)."""
        self._draining()
        self._drain.join()

    def _receive(self) -> None:
        try:
            self._drain_pipes()
        finally:
            # Whatever happened here, nobody may wait for an answer that cannot come.
            with self._ready:
                for _pid, indexes in self._pipes.values():
                    for index in indexes:
                        if index not in self._results and index not in self._crashed:
                            self._crashed[index] = WorkerCrashed(
                                self.jobs[index], "Antwort des Arbeitsprozesses fehlt"
                            )
                self._ready.notify_all()

    def _drain_pipes(self) -> None:
        selector = selectors.DefaultSelector()
        buffers: dict[int, bytearray] = {}
        answered: dict[int, set[int]] = {}
        for fd in self._pipes:
            selector.register(fd, selectors.EVENT_READ)
            buffers[fd], answered[fd] = bytearray(), set()
        while selector.get_map():
            for key, _ in selector.select():
                fd = key.fd
                chunk = os.read(fd, 1 << 20)
                buffer = buffers[fd]
                buffer += chunk
                while len(buffer) >= _HEADER.size:
                    index, size = _HEADER.unpack_from(buffer)
                    if len(buffer) < _HEADER.size + size:
                        break
                    data = bytes(buffer[_HEADER.size : _HEADER.size + size])
                    del buffer[: _HEADER.size + size]
                    try:
                        ok, value, records = pickle.loads(data)
                    except Exception as error:  # e.g. an exception class
                        ok, value, records = False, JobFailed(f"{self.jobs[index]}: {error!r}"), []
                    answered[fd].add(index)
                    with self._ready:
                        self._results[index] = (ok, value, records)
                        self._ready.notify_all()
                if chunk:
                    continue
                selector.unregister(fd)
                os.close(fd)
                pid, indexes = self._pipes[fd]
                with self._ready:  # from here on `end` leaves it alone: its pid may be reused
                    self._reaping.add(pid)
                _, status = os.waitpid(pid, 0)
                missing = [i for i in indexes if i not in answered[fd]]
                if missing:
                    reason = _describe(status)
                    with self._ready:
                        for index in missing:
                            self._crashed[index] = WorkerCrashed(self.jobs[missing[0]], reason)
                        self._ready.notify_all()
        selector.close()


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"Arbeitsprozess durch Signal {os.WTERMSIG(status)} beendet"
    return f"Arbeitsprozess mit Status {os.waitstatus_to_exitcode(status)} beendet"


def _serve(fd: int, jobs: list[tuple[int, Any]], work: Callable[[Any], Any]) -> None:
    """The worker's whole life: do the jobs, send each result, leave without cleanup."""
    status = 0
    try:
        collector = _Collector()
        root = logging.getLogger()
        root.handlers = [collector]
        with os.fdopen(fd, "wb") as pipe:
            for index, job in jobs:
                collector.records = []
                try:
                    ok, value = True, work(job)
                except Exception as error:  # sent back and raised there
                    ok, value = False, error
                try:
                    data = pickle.dumps((ok, value, collector.records), protocol=5)
                    if not ok:
                        pickle.loads(data)  # an exception may pickle and not unpickle
                except Exception:  # the value or error does not pickle
                    text = (
                        traceback.format_exc() if ok else "".join(traceback.format_exception(value))
                    )
                    failed = JobFailed(f"{job}: {text}")
                    data = pickle.dumps((False, failed, collector.records), protocol=5)
                pipe.write(_HEADER.pack(index, len(data)) + data)
                pipe.flush()  # each answer as soon as it is ready
    except BaseException:  # a broken pipe: the parent is gone or failed
        status = 1
    # No atexit handlers, no flushing of the parent's buffers copied by fork.
    os._exit(status)
