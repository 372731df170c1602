"""When `showcase build` starts Pagefind for the archive (search_index.EarlyRuns): as soon as
every post page is written, before the editions' pages, also when the post pages were still
with the workers (they are waited for; then Pagefind runs beside the editions)."""

from __future__ import annotations

import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.generators import ArticlesGenerator

from regional_showcase import generator
from regional_showcase.generator import ShowcaseGenerator, announce_post_pages
from regional_showcase.parallel.workers import can_fork
from regional_showcase.parallel.writing import DeferredPages
from regional_showcase.search_index import POST_PAGES_WRITTEN
from regional_showcase.writer import ShowcaseWriter


class EditionsBegin(Exception):
    """Raised by the first edition: the test has seen what came before."""


class Writer:
    """A writer whose post pages are still with the workers until it is asked to wait."""

    def __init__(self):
        self.waited = False

    def post_pages_done(self, wait: bool = False) -> bool:
        self.waited = self.waited or wait
        return self.waited


def test_pagefind_starts_before_the_editions_when_post_pages_were_with_the_workers(monkeypatch):
    events: list[str] = []
    monkeypatch.setattr(generator, "Edition", lambda *args: "german")

    def write_edition(writer, edition):
        events.append(f"edition {edition}")
        raise EditionsBegin

    fake = SimpleNamespace(
        showcase=SimpleNamespace(lang="de"),
        site=None,
        context={"articles": []},
        articles_by_region={},
        articles_by_topic={},
        editions={},
        _keep_long_lived=lambda: None,
        _write_edition=write_edition,
        _post_pages_sent=False,
    )
    fake._post_pages_written = partial(ShowcaseGenerator._post_pages_written, fake)

    def started(sender, **kwargs):
        events.append("pagefind")

    POST_PAGES_WRITTEN.connect(started)
    try:
        with pytest.raises(EditionsBegin):
            ShowcaseGenerator.generate_output(fake, Writer())
    finally:
        POST_PAGES_WRITTEN.disconnect(started)
    assert events == ["pagefind", "edition german"]


def deferred_pages(tmp_path: Path, job) -> DeferredPages:
    """Four pages kept for two forked workers, each written by `job(page)`."""
    owner = SimpleNamespace(output_path=str(tmp_path), _written_files=set())
    owner._overridden_files = set()
    deferred = DeferredPages(2)
    for number in range(4):
        page = tmp_path / f"{number}.html"
        assert deferred.defer_call(owner, page.name, partial(job, page))
    deferred.start()  # forks the workers: the pages are theirs now
    return deferred


def writer_of(deferred: DeferredPages, record=None) -> SimpleNamespace:
    writer = SimpleNamespace(deferred=deferred, record=record)
    writer.placed = partial(ShowcaseWriter.placed, writer)
    return writer


def written(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.glob("*.html"))


def wait_for(flag: Path, page: Path) -> None:
    """A page the workers write once `flag` exists (the first one is written when they are
    forked, by this process: DeferredPages.start)."""
    while page.name != "0.html" and not flag.exists():
        time.sleep(0.005)
    page.write_text("Seite")


@pytest.mark.skipif(not can_fork(), reason="the workers are forked")
def test_a_cold_build_waits_for_the_post_pages_workers(tmp_path: Path):
    deferred = deferred_pages(tmp_path, partial(wait_for, tmp_path / "go"))
    timer = threading.Timer(0.05, (tmp_path / "go").touch)
    timer.start()
    try:
        assert ShowcaseWriter.post_pages_done(writer_of(deferred), wait=True)
        assert written(tmp_path) == ["0.html", "1.html", "2.html", "3.html"]
        assert deferred.pool is None
    finally:
        timer.join()
        deferred.finish()  # the next test forks again: no thread of this one may be left


@pytest.mark.skipif(not can_fork(), reason="the workers are forked")
def test_a_warm_build_takes_the_post_pages_once_the_workers_answered_for_all(tmp_path: Path):
    """After a small change (a build record) nothing waits: the post pages count as written
    once every worker has answered, which the build asks again later."""
    deferred = deferred_pages(tmp_path, partial(wait_for, tmp_path / "go"))
    writer = writer_of(deferred, SimpleNamespace(placed=lambda: None))
    try:
        assert not ShowcaseWriter.post_pages_done(writer, wait=True)  # the workers wait
        (tmp_path / "go").touch()
        deadline = time.monotonic() + 30
        while not deferred.pool.answered() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert ShowcaseWriter.post_pages_done(writer)
        assert written(tmp_path) == ["0.html", "1.html", "2.html", "3.html"]
        assert deferred.pool is None
    finally:
        (tmp_path / "go").touch()
        deferred.finish()


class DoneWriter:
    """A writer of a build that takes pages over, whose post pages are all in place."""

    record = object()

    def write_file(self, *args, **kwargs) -> None:
        pass

    def post_pages_done(self, wait: bool = False) -> bool:
        return True


def test_pagefind_starts_once_pelican_wrote_the_post_pages_before_its_listings():
    """announce_post_pages: POST_PAGES_WRITTEN right after Pelican's generate_articles, not
    after its news listing and the other generators (about 0.07 s sooner after an edited
    post at 1,000 posts), and once per build: generate_output does not send it again."""
    events: list[str] = []
    articles = object.__new__(ArticlesGenerator)
    articles.generate_articles = lambda write: events.append("post pages")
    showcase = object.__new__(ShowcaseGenerator)
    showcase._post_pages_sent = False

    def started(sender, **kwargs):
        events.append("pagefind")

    POST_PAGES_WRITTEN.connect(started)
    try:
        announce_post_pages([articles, showcase])
        writer = DoneWriter()
        articles.generate_articles(partial(writer.write_file, relative_urls=False))
        events.append("listings")
        assert showcase._post_pages_written(writer)  # generate_output's question
    finally:
        POST_PAGES_WRITTEN.disconnect(started)
    assert events == ["post pages", "pagefind", "listings"]


def test_a_warm_build_renders_its_few_post_pages_at_once_for_pagefind(tmp_path: Path):
    """After a small change the one or two post pages to render are rendered when the
    build asks whether the post pages are written (here, as the workers' start would), not
    later at the first page written after them: Pagefind for the archive can start."""
    owner = SimpleNamespace(output_path=str(tmp_path), _written_files=set())
    owner._overridden_files = set()
    deferred = DeferredPages(2)
    page = tmp_path / "0.html"
    assert deferred.defer_call(owner, page.name, partial(page.write_text, "Seite"))
    writer = SimpleNamespace(deferred=deferred, record=object(), placed=lambda: None)
    assert ShowcaseWriter.post_pages_done(writer, wait=True)
    assert written(tmp_path) == ["0.html"]
    assert deferred.closed and deferred.pool is None
