"""Parallel writing: pages and feeds rendered in worker processes while the main process goes on.

Pelican's article generator writes every post page first, one after the other, then the
listings; the plugin's generator writes regions, topics, feeds and pictures after that. The
post pages depend on nothing but their post and the context, which is complete by then.

So the writer does not render a post page when Pelican asks for it: it does what Pelican's
Writer does before rendering (the local context, the relative SITEURL, the overwrite
bookkeeping) and keeps the job (`defer`). At the first write that is not a post page the
build forks the workers (`start`), each rendering a fixed share of the kept pages with the
state of that moment, exactly as the serial build would have rendered them, while the main
process writes everything else. `finish` waits for them and then sends `content_written`
for each of their pages, in the serial order (the sitemap is built from it).

The plugin's own pages and feeds (home, overviews, one page and two feeds per region and
topic) are a second batch of the same kind (`defer_call` for a feed): with hundreds of
regions they are most of a build, and each depends only on the finished context.

A paginated listing's pages that a warm build must render (with stable pagination,
stable_pages.py, a new post changes the first page, and the archive pages only when it
completes a block; a deleted post or a template change many of the 170 at 1,000 posts) go
to that batch too (`defer_listed`, `Listed`):
Pelican's Writer runs its loop as always (the local contexts, the signals, in order) and
writes nothing of such a page; a batch's workers render it. Pelican's own news pages come
before the plugin's batch exists: they are kept (`adopt`) for its workers.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from ..atomic_write import write_text
from .forks import ForkPool, WorkerCrashed
from .workers import can_fork

logger = logging.getLogger(__name__)


@dataclass
class Page:
    """One page to render: what Pelican's Writer._write_file would get."""

    path: str
    template: Any
    localcontext: dict
    context: dict  # the shared context Pelican's Writer sets `localsiteurl` in
    source: str  # the post (or the page's name), for messages

    def run(self) -> None:
        render(self)

    def done(self) -> None:
        logger.info('Writing "%s"', self.path)
        signals.content_written.send(self.path, context=self.localcontext)

    def __str__(self) -> str:
        return self.source


class Listed(Page):
    """A page of a paginated listing whose rendering Pelican's Writer left to the workers
    (writer.PaginatedTakeOver): the Writer logged and announced it in its own loop, in the
    serial order, when it wrote nothing of it."""

    def done(self) -> None:
        pass


@dataclass
class Call:
    """One feed to write: the writer's own serial call, made in a worker."""

    path: str
    writer: Any
    call: Callable[[], Any]
    source: str

    def run(self) -> None:
        # The main process noted the file as written when it kept the job (so that Pelican's
        # overwrite check sees it); this copy of the writer must not refuse it for that.
        self.writer._written_files.discard(self.path)
        self.call()

    def done(self) -> None:
        """Pelican's feed writer logs and signals itself, in the worker (replayed here)."""

    def __str__(self) -> str:
        return self.source


def local_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """Pelican's Writer.write_file's local context for an unpaginated page (4.12)."""
    localcontext = context.copy()
    localcontext.update(page_locals(context, name, kwargs, relative_urls))
    return localcontext


def page_locals(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """What Pelican's Writer.write_file sets over the shared context for one page (4.12):
    the names a page's key reads of its own (writer.py), the rest being the context's."""
    own = {"localsiteurl": context.get("localsiteurl")}
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        own["SITEURL"] = relative_url
        own["localsiteurl"] = relative_url
    own["output_file"] = name
    own.update(kwargs)
    return own


def run(job: Page | Call) -> None:
    """A job in a worker: render a page or write a feed."""
    job.run()


def render(page: Page) -> None:
    """Render and write one page, as Pelican's Writer._write_file does (without the signal)."""
    # Pelican sets it in the shared context so that the post's links come out relative.
    if page.localcontext["localsiteurl"]:
        page.context["localsiteurl"] = page.localcontext["localsiteurl"]
    output = page.template.render(page.localcontext)
    os.makedirs(os.path.dirname(page.path), exist_ok=True)
    # Whole or not at all: `make serve` never shows a half-written page.
    write_text(Path(page.path), output)


class DeferredPages:
    """The pages (and feeds) of one batch, kept until the workers render them."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pages: list[Page | Call] = []
        self.paths: set[str] = set()
        self.pool: ForkPool | None = None
        self.closed = workers < 2
        # How many of the pages `start` rendered in this process before forking (0 or 1).
        self.rendered_here = 1

    def defer(
        self, writer, name: str, template, context: dict, relative_urls: bool, kwargs: dict
    ) -> bool:
        """Keep a page for the workers; False when it must be written now instead."""
        path = self._claim(writer, name)
        if path is None:
            return False
        localcontext = local_context(context, name, kwargs, relative_urls)
        # What rendering would have left in the shared context for the next page.
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        source = getattr(kwargs.get("article"), "source_path", name)
        self.pages.append(Page(path, template, localcontext, context, source))
        return True

    def defer_listed(self, writer, template, localcontext: dict, context: dict) -> str | None:
        """Keep a paginated listing's page (Pelican's Writer's local context for it) for the
        workers: its path, noted as written, or None when it must be rendered now."""
        name = localcontext["output_file"]
        path = self._claim(writer, name)
        if path is not None:
            self.pages.append(Listed(path, template, localcontext, context, name))
        return path

    def adopt(self, other: DeferredPages) -> None:
        """Take over the pages another batch kept, to be rendered by this batch's workers."""
        self.pages[:0], other.pages = other.pages, []
        self.paths |= other.paths
        other.paths = set()

    def defer_call(self, writer, name: str, call: Callable[[], Any]) -> bool:
        """Keep a feed for the workers: `call` writes it as the serial build would."""
        path = self._claim(writer, name)
        if path is None:
            return False
        self.pages.append(Call(path, writer, call, name))
        return True

    def _claim(self, writer, name: str) -> str | None:
        """The file's path, noted as written as Pelican's Writer notes it; None when this
        batch is closed or the file was written before (Pelican's Writer then decides)."""
        if self.closed:
            return None
        path = sanitised_join(writer.output_path, name)
        if path in writer._written_files or path in writer._overridden_files:
            return None
        writer._written_files.add(path)
        self.paths.add(path)
        return path

    def start(self) -> None:
        """Fork the workers for the kept pages; later pages are written by this process."""
        if self.closed:
            return
        self.closed = True
        if not self.renders_here():
            first = self.pages[0]
            template = getattr(first, "template", None)
            name = getattr(template, "name", None)
            if name is not None and name in _STARTED_WITH:
                # A process that builds again (the build server): its batches rendered this
                # template before, so the templates it imports are compiled (kept by the
                # process's bytecode cache) and the libraries they call loaded; the workers
                # take the first page too (about 5 ms of this process's CPU per batch).
                self.rendered_here = 0
            else:
                # The first page here: Jinja compiles the templates it imports once, and
                # every worker inherits them instead of compiling them again.
                first.run()
                if name is not None:
                    _STARTED_WITH.add(name)
            self.pool = ForkPool(self.pages[self.rendered_here :], run, self.workers)
        else:
            self.finish()  # rendered here, at the moment the workers would have started

    def renders_here(self) -> bool:
        """Whether `start` renders the kept pages in this process (a few, or no fork)."""
        return len(self.pages) <= 2 or not can_fork()

    def touches(self, writer, name: str) -> bool:
        """Whether a write to `name` would meet a kept page (an override): then wait first."""
        return bool(self.paths) and sanitised_join(writer.output_path, name) in self.paths

    def finish(self) -> None:
        """Wait for the workers (or render here), then signal each page as Pelican would."""
        self.closed = True
        pages, self.pages, self.paths = self.pages, [], set()
        pool, self.pool = self.pool, None
        here = self.rendered_here
        for index, page in enumerate(pages):
            if pool is None:
                page.run()
            elif index >= here:  # the first one may have been rendered before the fork
                try:
                    pool.result(index - here)
                except WorkerCrashed as crashed:
                    _stop(crashed)
            page.done()
        if pool is not None:
            pool.close()


# The templates of the first pages this process rendered itself before forking a batch's
# workers (DeferredPages.start): by name, for the life of the process.
_STARTED_WITH: set[str] = set()


def _stop(crashed: WorkerCrashed) -> None:
    from ..data.paths_shown import display_path

    post = display_path(Path(crashed.job.source))
    sys.stderr.write(
        f"{post}: Schreiben der Seite abgebrochen ({crashed.status}). "
        "Die Website wurde nicht vollständig gebaut; bauen Sie erneut, und wenn der Fehler "
        "bleibt, mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die Ursache zu sehen.\n"
    )
    raise SystemExit(1) from crashed
