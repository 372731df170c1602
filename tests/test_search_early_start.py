"""When `showcase build` starts Pagefind for the archive (search_index.EarlyRuns): as soon as
every post page is written, before the editions' pages, also when the post pages were still
with the workers (they are waited for; then Pagefind runs beside the editions)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from regional_showcase import generator
from regional_showcase.generator import ShowcaseGenerator
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
    )

    def started(sender, **kwargs):
        events.append("pagefind")

    POST_PAGES_WRITTEN.connect(started)
    try:
        with pytest.raises(EditionsBegin):
            ShowcaseGenerator.generate_output(fake, Writer())
    finally:
        POST_PAGES_WRITTEN.disconnect(started)
    assert events == ["pagefind", "edition german"]


@pytest.mark.skipif(not can_fork(), reason="the workers are forked")
def test_post_pages_done_waits_for_the_workers_when_asked(tmp_path: Path):
    owner = SimpleNamespace(output_path=str(tmp_path), _written_files=set())
    owner._overridden_files = set()
    deferred = DeferredPages(2)
    for number in range(4):
        page = tmp_path / f"{number}.html"
        assert deferred.defer_call(owner, page.name, partial(page.write_text, "Seite"))
    deferred.start()  # forks the workers: the pages are theirs now
    writer = SimpleNamespace(deferred=deferred, record=None)
    writer.placed = partial(ShowcaseWriter.placed, writer)
    assert not ShowcaseWriter.post_pages_done(writer)
    assert ShowcaseWriter.post_pages_done(writer, wait=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.html" for n in range(4)]
    assert deferred.pool is None
