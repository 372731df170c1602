"""When `showcase build` starts Pagefind for the archive (search_index.EarlyRuns): as soon as
every post page is written, before the editions' pages, also when the post pages were still
with the workers (they are waited for; then Pagefind runs beside the editions)."""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from regional_showcase import generator, search_index
from regional_showcase.generator import ShowcaseGenerator
from regional_showcase.parallel.workers import can_fork
from regional_showcase.parallel.writing import DeferredPages
from regional_showcase.search_index import POST_PAGES_WRITTEN, EarlyRuns
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
    timer = threading.Timer(0.1, (tmp_path / "go").touch)
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


def test_the_early_runs_index_at_a_lower_priority(tmp_path: Path, monkeypatch):
    """Pagefind for the archive runs beside the build's main process, which must not wait
    for its core: at EARLY_NICENESS (here: a stand-in for Pagefind reports its niceness)."""
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "2")
    site = tmp_path / "site.new-1"
    for year in (2020, 2021, 2022):
        for slug in ("wiese", "wald"):
            page = site / f"aktuelles/{year}/{slug}/index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<html lang="de"><main data-pagefind-body>{slug} {year}</main>')
    report = "import os, sys; open(sys.argv[1] + '.nice', 'w').write(str(os.nice(0)))"
    monkeypatch.setattr(
        search_index,
        "pagefind_command",
        lambda root, bundle: [sys.executable, "-c", report, str(tmp_path / bundle.folder)],
    )
    early = EarlyRuns(site, tmp_path / "record.json", None, tmp_path / "site.new-1-1")
    early.start()
    assert sorted(early.runs) == ["pagefind-2", "pagefind-3"]
    for _key, _files, run in early.runs.values():
        assert run.wait() == 0
    early.stop(remove=shutil.rmtree)
    base = os.nice(0)
    for folder in ("pagefind-2", "pagefind-3"):
        niceness = int((tmp_path / f"{folder}.nice").read_text())
        assert niceness == min(19, base + search_index.EARLY_NICENESS)
