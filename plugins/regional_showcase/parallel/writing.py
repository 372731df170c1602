"""Parallel writing: post pages rendered in worker processes while the main process goes on.

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
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from .forks import ForkPool, WorkerCrashed
from .workers import can_fork

logger = logging.getLogger(__name__)


@dataclass
class Page:
    """One post page to render: what Pelican's Writer._write_file would get."""

    path: str
    template: Any
    localcontext: dict
    context: dict  # the shared context Pelican's Writer sets `localsiteurl` in
    source: str  # the post, for messages


def local_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """Pelican's Writer.write_file's local context for an unpaginated page (4.12)."""
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(kwargs)
    return localcontext


def render(page: Page) -> None:
    """Render and write one page, as Pelican's Writer._write_file does (without the signal)."""
    # Pelican sets it in the shared context so that the post's links come out relative.
    if page.localcontext["localsiteurl"]:
        page.context["localsiteurl"] = page.localcontext["localsiteurl"]
    output = page.template.render(page.localcontext)
    os.makedirs(os.path.dirname(page.path), exist_ok=True)
    with open(page.path, "w", encoding="utf-8") as file:
        file.write(output)


class DeferredPages:
    """The post pages of one build, kept until the workers render them."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pages: list[Page] = []
        self.paths: set[str] = set()
        self.pool: ForkPool | None = None
        self.closed = workers < 2

    def defer(
        self, writer, name: str, template, context: dict, relative_urls: bool, kwargs: dict
    ) -> bool:
        """Keep a post page for the workers; False when it must be written now instead."""
        if self.closed:
            return False
        path = sanitised_join(writer.output_path, name)
        if path in writer._written_files or path in writer._overridden_files:
            return False  # Pelican's Writer decides (and refuses) as always
        localcontext = local_context(context, name, kwargs, relative_urls)
        # What rendering would have left in the shared context for the next page.
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        writer._written_files.add(path)
        source = getattr(kwargs.get("article"), "source_path", name)
        self.pages.append(Page(path, template, localcontext, context, source))
        self.paths.add(path)
        return True

    def start(self) -> None:
        """Fork the workers for the kept pages; later pages are written by this process."""
        if self.closed:
            return
        self.closed = True
        if len(self.pages) > 2 and can_fork():
            # The first page here: Jinja compiles the templates it imports once, and every
            # worker inherits them instead of compiling them again.
            render(self.pages[0])
            self.pool = ForkPool(self.pages[1:], render, self.workers)
        else:
            self.finish()  # rendered here, at the moment the workers would have started

    def touches(self, writer, name: str) -> bool:
        """Whether a write to `name` would meet a kept page (an override): then wait first."""
        return bool(self.paths) and sanitised_join(writer.output_path, name) in self.paths

    def finish(self) -> None:
        """Wait for the workers (or render here), then signal each page as Pelican would."""
        self.closed = True
        pages, self.pages, self.paths = self.pages, [], set()
        pool, self.pool = self.pool, None
        for index, page in enumerate(pages):
            if pool is None:
                render(page)
            elif index > 0:  # the first one was rendered before the fork
                try:
                    pool.result(index - 1)
                except WorkerCrashed as crashed:
                    _stop(crashed)
            logger.info('Writing "%s"', page.path)
            signals.content_written.send(page.path, context=page.localcontext)
        if pool is not None:
            pool.close()


def _stop(crashed: WorkerCrashed) -> None:
    from ..data.loader import display_path

    post = display_path(Path(crashed.job.source))
    sys.stderr.write(
        f"{post}: Schreiben der Seite abgebrochen ({crashed.status}). "
        "Die Website wurde nicht vollständig gebaut; bauen Sie erneut, und wenn der Fehler "
        "bleibt, mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die Ursache zu sehen.\n"
    )
    raise SystemExit(1) from crashed
