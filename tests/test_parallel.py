"""Parallel reading and writing (plugins/regional_showcase/parallel/): worker processes give
what the serial build gives, and a worker that dies stops the build with the job named."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, Template
from pelican import signals
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

from regional_showcase.parallel import writing
from regional_showcase.parallel.forks import ForkPool, JobFailed, WorkerCrashed
from regional_showcase.parallel.workers import WorkersError, worker_count
from regional_showcase.search_index import sort_entry_languages
from regional_showcase.settings import apply_defaults
from regional_showcase.staff.serve import MemoryBytecodeCache
from regional_showcase.writer import ShowcaseWriter

from expectations import ROOT
from sitebuild import copy_project, run_build, small_project


def square(number: int) -> int:
    return number * number


def test_pool_answers_every_job_with_its_own_result():
    pool = ForkPool(range(25), square, 3)
    # Taken out of order: each answer is the one of the job asked for.
    assert [pool.result(i) for i in reversed(range(25))] == [i * i for i in reversed(range(25))]
    pool.close()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError(f"kaputt: {number}")
    return number


def test_pool_raises_a_jobs_exception_when_its_result_is_taken():
    pool = ForkPool(range(6), fail_on_three, 2)
    assert pool.result(2) == 2
    with pytest.raises(ValueError, match="kaputt: 3"):
        pool.result(3)
    assert pool.result(5) == 5  # the worker went on after the failed job
    pool.close()


class Unpicklable(Exception):
    def __init__(self, a, b):  # pickle calls Unpicklable(message) again: TypeError
        super().__init__(f"{a}{b}")


def raise_unpicklable(number: int) -> int:
    raise Unpicklable("eins", number)


def test_pool_sends_an_exception_that_does_not_travel_as_text():
    pool = ForkPool([7], raise_unpicklable, 2)
    with pytest.raises(JobFailed, match=r"(?s)^7: Traceback.*Unpicklable: eins7"):
        pool.result(0)
    pool.close()


def die_on_four(number: int) -> int:
    if number == 4:
        os._exit(9)  # as a crash in C code would: no exception, no answer
    return number


def test_a_dying_worker_names_the_job_it_died_on_and_nothing_waits():
    pool = ForkPool(range(10), die_on_four, 2)  # worker 0: 0, 2, 4, 6, 8
    assert pool.result(2) == 2
    for index in (4, 6, 8):
        with pytest.raises(WorkerCrashed) as crashed:
            pool.result(index)
        assert crashed.value.job == 4
        assert crashed.value.status == "Arbeitsprozess mit Status 9 beendet"
    assert [pool.result(i) for i in (1, 3, 5, 7, 9)] == [1, 3, 5, 7, 9]
    pool.close()


def warn(number: int) -> int:
    logging.getLogger("regional_showcase.test").warning("Warnung %d", number)
    return number


def test_a_jobs_log_records_appear_in_this_process_when_its_result_is_taken(caplog):
    pool = ForkPool(range(4), warn, 2)
    with caplog.at_level(logging.WARNING):
        assert [pool.result(i) for i in (3, 0)] == [3, 0]
    assert [r.getMessage() for r in caplog.records] == ["Warnung 3", "Warnung 0"]
    assert caplog.records[0].name == "regional_showcase.test"
    pool.close()


def test_worker_count_comes_from_the_environment_then_the_setting(monkeypatch):
    monkeypatch.setenv("SHOWCASE_WORKERS", "3")
    assert worker_count(1) == 3
    monkeypatch.setenv("SHOWCASE_WORKERS", "")
    assert worker_count(1) == 1
    monkeypatch.delenv("SHOWCASE_WORKERS")
    assert worker_count(None) >= 1
    monkeypatch.setenv("SHOWCASE_WORKERS", "zwei")
    with pytest.raises(WorkersError) as wrong:
        worker_count(None)
    assert str(wrong.value) == (
        "SHOWCASE_WORKERS='zwei': erwartet eine ganze Zahl ab 1 (1 = ohne Parallelisierung, "
        "leer = ein Prozess je Kern)"
    )


def test_pagefinds_entry_file_lists_its_languages_in_one_order(tmp_path):
    # Pagefind writes them in hash-map order: two builds of one site differed in this file.
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text(
        '{"version":"1.5.2","languages":{"en":{"page_count":8},"de":{"page_count":32}},'
        '"include_characters":["_","‿"]}',
        encoding="utf-8",
    )
    sort_entry_languages(entry)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"de":{"page_count":32},"en":{"page_count":8}},'
        '"include_characters":["_","‿"]}'
    )


class Post:
    """Just what the writer and the template look at."""

    def __init__(self, number: int):
        self.title = f"Beitrag {number}"
        self.source_path = str(ROOT / f"content/news/beitrag-{number}.md")


def writer_for(output: Path, workers: str, monkeypatch) -> ShowcaseWriter:
    monkeypatch.setenv("SHOWCASE_WORKERS", workers)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    return ShowcaseWriter(str(output), settings)


PAGE = Template("{{ article.title }} in {{ SITEURL }} ({{ output_file }}, {{ blog }})")


def write_posts(writer: ShowcaseWriter, count: int) -> list[str]:
    """Post pages as Pelican's article generator writes them, then a listing; the paths
    `content_written` announced, in order."""
    written = []

    def note(path, context):
        written.append((Path(path).relative_to(writer.output_path).as_posix(), context.get("blog")))

    signals.content_written.connect(note)
    try:
        context = {"SITEURL": "", "localsiteurl": ""}
        for number in range(count):
            writer.write_file(
                f"aktuelles/{number}/index.html",
                PAGE,
                context,
                relative_urls=True,
                article=Post(number),
                category=None,
                override_output=False,
                url=f"aktuelles/{number}/",
                blog=True,
            )
        writer.write_file("index.html", Template("Start"), context, relative_urls=True)
        writer.finish()
    finally:
        signals.content_written.disconnect(note)
    return written


@pytest.mark.parametrize("workers", ["1", "2"])
def test_post_pages_are_written_and_announced_as_by_pelicans_writer(tmp_path, monkeypatch, workers):
    written = write_posts(writer_for(tmp_path, workers, monkeypatch), 5)
    # Every file once, the post pages in the serial order; with workers they are announced
    # when the workers are done, after the listing the main process wrote meanwhile.
    posts = [(f"aktuelles/{n}/index.html", True) for n in range(5)]
    assert [w for w in written if w[1]] == posts
    assert sorted(written) == sorted([*posts, ("index.html", None)])
    assert (tmp_path / "aktuelles/3/index.html").read_text(encoding="utf-8") == (
        "Beitrag 3 in ../.. (aktuelles/3/index.html, True)"
    )


def test_a_post_page_written_twice_is_refused_as_by_pelicans_writer(tmp_path, monkeypatch):
    writer = writer_for(tmp_path, "2", monkeypatch)
    page = {"article": Post(1), "override_output": False, "blog": True}
    writer.write_file("a/index.html", PAGE, {"SITEURL": ""}, **page)
    writer.write_file("b/index.html", PAGE, {"SITEURL": ""}, **page)
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a/index.html", PAGE, {"SITEURL": ""}, **page)
    writer.finish()
    assert (tmp_path / "a/index.html").read_text(
        encoding="utf-8"
    ) == "Beitrag 1 in  (a/index.html, True)"


def test_a_worker_that_dies_while_writing_names_the_post(tmp_path, monkeypatch, capsys):
    render = writing.render

    def die_on_two(page):
        if page.source.endswith("beitrag-2.md"):
            os._exit(5)
        render(page)

    monkeypatch.setattr(writing, "render", die_on_two)
    with pytest.raises(SystemExit) as stopped:
        write_posts(writer_for(tmp_path, "2", monkeypatch), 4)
    assert stopped.value.code == 1
    assert capsys.readouterr().err == (
        "content/news/beitrag-2.md: Schreiben der Seite abgebrochen (Arbeitsprozess mit "
        "Status 5 beendet). Die Website wurde nicht vollständig gebaut; bauen Sie erneut, und "
        "wenn der Fehler bleibt, mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die "
        "Ursache zu sehen.\n"
    )


REGION = Template("{{ region }} in {{ SITEURL }} ({{ output_file }}), Prozess {{ pid() }}")


def write_batch(writer: ShowcaseWriter, regions: str) -> list[str]:
    """Region pages and one feed each inside `batch()`, as the plugin's generator writes
    them; the paths `content_written` announced."""
    written = []

    def note(path, context):
        written.append(Path(path).relative_to(writer.output_path).as_posix())

    signals.content_written.connect(note)
    try:
        context = {
            "SITEURL": "",
            "localsiteurl": "",
            "SITENAME": "Regionen",
            "FEED_DOMAIN": "https://example.org",
            "pid": os.getpid,
        }
        with writer.batch():
            for region in regions:
                writer.write_file(
                    f"regionen/{region}/index.html",
                    REGION,
                    context,
                    relative_urls=True,
                    region=region,
                )
                writer.write_feed([], context, f"feeds/{region}.atom.xml", feed_title=region)
        writer.finish()
    finally:
        signals.content_written.disconnect(note)
    return written


def test_pages_and_feeds_of_a_batch_are_written_by_the_workers_as_serially(tmp_path, monkeypatch):
    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / workers
        written = write_batch(writer_for(out, workers, monkeypatch), "abcde")
        assert written == [f"regionen/{r}/index.html" for r in "abcde"]  # in the serial order
        outputs[workers] = {
            p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }
    serial, parallel = outputs["1"], outputs["2"]
    assert (
        sorted(serial)
        == sorted(parallel)
        == sorted(
            [f"regionen/{r}/index.html" for r in "abcde"] + [f"feeds/{r}.atom.xml" for r in "abcde"]
        )
    )
    own = f"Prozess {os.getpid()}"
    assert serial["regionen/c/index.html"] == f"c in ../.. (regionen/c/index.html), {own}"
    # Apart from the process that rendered them the same pages; the feeds byte for byte.
    assert {k: v.split(", Prozess")[0] for k, v in parallel.items()} == {
        k: v.split(", Prozess")[0] for k, v in serial.items()
    }
    assert sum(own not in text for text in parallel.values() if "Prozess" in text) >= 3


def test_a_process_renders_a_batchs_first_page_itself_only_for_a_new_template(
    tmp_path, monkeypatch
):
    """The first batch with a template renders its first page here (Jinja compiles what it
    imports once, for every worker); a later batch with the same template (the build
    server's next build) leaves every page to the workers. The same files either way."""
    monkeypatch.setattr(writing, "_STARTED_WITH", set())
    page = "{{ region }} ({{ output_file }}), Prozess {{ pid() }}"
    env = Environment(loader=DictLoader({"region.html": page}))
    template = env.get_template("region.html")
    context = {"SITEURL": "", "localsiteurl": "", "pid": os.getpid}
    own = f"Prozess {os.getpid()}"
    texts = []
    for build in ("eins", "zwei"):
        out = tmp_path / build
        writer = SimpleNamespace(
            output_path=str(out), _written_files=set(), _overridden_files=set()
        )
        batch = writing.DeferredPages(2)
        for region in "abcd":
            name = f"regionen/{region}/index.html"
            assert batch.defer(writer, name, template, context, False, {"region": region})
        batch.start()
        batch.finish()
        found = [(out / f"regionen/{r}/index.html").read_text(encoding="utf-8") for r in "abcd"]
        texts.append([text.split(", Prozess")[0] for text in found])
        assert (own in found[0]) == (build == "eins")
        assert not any(own in text for text in found[1:])
    assert texts[0] == texts[1] == [f"{r} (regionen/{r}/index.html)" for r in "abcd"]


def test_a_batched_page_written_twice_is_refused_as_by_pelicans_writer(tmp_path, monkeypatch):
    writer = writer_for(tmp_path, "2", monkeypatch)
    context = {"SITEURL": "", "localsiteurl": "", "pid": os.getpid}
    with pytest.raises(FileOverwriteFailedError), writer.batch():
        writer.write_file("regionen/a/index.html", REGION, context, region="a")
        writer.write_file("regionen/a/index.html", REGION, context, region="b")
    assert (tmp_path / "regionen/a/index.html").read_text(encoding="utf-8").startswith("a in ")


def test_a_worker_that_dies_on_a_batched_page_names_it(tmp_path, monkeypatch, capsys):
    render = writing.render

    def die_on_c(page):
        if page.source == "regionen/c/index.html":
            os._exit(6)
        render(page)

    monkeypatch.setattr(writing, "render", die_on_c)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        write_batch(writer_for(tmp_path / "out", "2", monkeypatch), "abcde")
    assert stopped.value.code == 1
    assert capsys.readouterr().err.startswith(
        "regionen/c/index.html: Schreiben der Seite abgebrochen (Arbeitsprozess mit Status 6 "
        "beendet). Die Website wurde nicht vollständig gebaut;"
    )


# ------------------------------------------------------------------ whole builds


def digest_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def add_generated_posts(project: Path, count: int) -> None:
    """`count` posts from the benchmark's seeded generator (headings, lists, links)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench/corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    data = corpus.load_data(project)
    for post in corpus.make_posts(count, data["regions"], data["topics"], seed=16):
        path = project / "content/news" / corpus.file_name(post)
        path.write_text(corpus.pelican_post(post), encoding="utf-8")


# The parallel publish equals the serial one byte for byte: test_reproducible.py (its one
# build checks another folder, another run and two workers against the shared `published`).


@pytest.mark.build
@pytest.mark.long
def test_a_generated_corpus_builds_the_same_with_one_and_three_workers(tmp_path):
    # Three workers on a 30-post corpus: shares of unequal size, more workers than the two
    # cores here. Two workers, the default on such a machine: test_reproducible.py. The
    # corpus beside three shipped posts (small_project): the shipped ones add no other case.
    project = small_project(tmp_path / "project")
    add_generated_posts(project, 30)
    trees = []
    for workers in ("1", "3"):
        build = run_build(
            project, output=tmp_path / f"out-{workers}", env={"SHOWCASE_WORKERS": workers}
        )
        assert build.returncode == 0, build.log
        trees.append(digest_tree(build.output))
    assert len(trees[0]) > 30
    assert trees[1] == trees[0]


CRASHING_BUILD = """
import os, sys
from regional_showcase.reader import ShowcaseMarkdownReader
convert = ShowcaseMarkdownReader.convert
def crash_on(self, path, data=None):
    if path.endswith("2021-03-01-online-umfrage.md"):
        os._exit(3)  # as a crash in C code would end a worker: no exception, no answer
    return convert(self, path, data)
ShowcaseMarkdownReader.convert = crash_on
from pelican import main
sys.argv = ["pelican", "--fatal", "warnings", "-s", "pelicanconf.py", "-o", sys.argv[1]]
main()
"""


@pytest.mark.build
def test_a_worker_that_dies_stops_the_build_naming_the_post(tmp_path):
    project = copy_project(tmp_path / "project")
    output = tmp_path / "output"
    run = subprocess.run(
        [sys.executable, "-c", CRASHING_BUILD, str(output)],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "SHOWCASE_WORKERS": "2", "COLUMNS": "200"},
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        "content/news/2021-03-01-online-umfrage.md: Lesen abgebrochen (Arbeitsprozess mit "
        "Status 3 beendet). Die Website wurde nicht gebaut; bauen Sie erneut, und wenn der "
        "Fehler bleibt, mit SHOWCASE_WORKERS=1 (ohne Parallelisierung), um die Ursache zu "
        "sehen.\n"
    ) in run.stderr
    # Reading comes before any writing: nothing of a half-built site is left.
    assert not list(output.rglob("*.html"))


def test_the_preview_reuses_compiled_templates_and_compiles_an_edited_one(tmp_path, monkeypatch):
    cache = MemoryBytecodeCache()
    template = tmp_path / "seite.html"
    template.write_text("Hallo {{ name }}", encoding="utf-8")

    def environment() -> Environment:  # a new one per build, as Pelican makes
        return Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)

    assert environment().get_template("seite.html").render(name="Ems") == "Hallo Ems"
    parse = Environment._parse

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "_parse", refuse)
    assert environment().get_template("seite.html").render(name="Haff") == "Hallo Haff"
    monkeypatch.setattr(Environment, "_parse", parse)
    template.write_text("Moin {{ name }}", encoding="utf-8")
    assert environment().get_template("seite.html").render(name="Haff") == "Moin Haff"
