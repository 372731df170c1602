"""The listing pages' path in a warm build (writer.py, preview/followed_reads.py): a paginated
listing's page made from the same inputs is linked like any other listing, not read and
written again; a tree of reads is made once per process; a list whose named items alone are
read is not compared item by item."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, Template
from pelican import signals
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError
from test_build_record import write_listing, writers  # noqa: F401 (a fixture)

from regional_showcase import build_record
from regional_showcase.preview import followed_reads
from regional_showcase.preview.followed_reads import FollowedDigest
from regional_showcase.preview.pages import KnownReads, PageDigest
from regional_showcase.settings import apply_defaults
from regional_showcase.writer import ShowcaseWriter

from expectations import ROOT

LISTING = Template("Block {{ articles_page.block }}: {{ articles_page.object_list|join(',') }}")


def record_writer(output: Path, same: set[str], monkeypatch) -> tuple[ShowcaseWriter, list]:
    """A warm build's writer whose record holds the pages in `same` as made from the same
    inputs (linked: `take_over` says so); the calls it was given, in order."""
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    writer = ShowcaseWriter(str(output), settings)
    calls: list = []

    def take_over(name, key, kind="pages"):
        calls.append(("link", name, kind))
        return name in same

    def take_over_text(name, key):
        calls.append(("text", name))
        return None

    writer.record = SimpleNamespace(
        unkeyed=[],
        take_over_page=take_over,
        take_over_text=take_over_text,
        placed=lambda: [],
        save=lambda: None,
    )
    monkeypatch.setattr(writer, "listing_fingerprint", lambda template, context, *given: "gleich")
    return writer, calls


def test_a_paginated_page_made_from_the_same_inputs_is_linked_not_written(tmp_path, monkeypatch):
    second = "aktuelles/seite/2/index.html"
    writer, calls = record_writer(tmp_path, {second}, monkeypatch)
    announced = []

    def note(path, context):
        announced.append(Path(path).relative_to(tmp_path).as_posix())

    posts = [f"p{n}" for n in range(37)]  # the first page (13 posts), blocks 2 and 1
    signals.content_written.connect(note)
    try:
        writer.write_file(
            "aktuelles/index.html",
            LISTING,
            {"SITEURL": "", "localsiteurl": ""},
            url="aktuelles/",
            articles=posts,
            template_name="index",
        )
    finally:
        signals.content_written.disconnect(note)
    # The record links it (its Linker's process puts the last build's file there): nothing
    # of it read here, nothing written by Pelican's Writer.
    assert ("link", second, "files") in calls
    assert ("text", second) not in calls
    assert not (tmp_path / second).exists()
    # Not even its folder: Pelican's Writer made each page's folder here, linked or not.
    assert not (tmp_path / second).parent.exists()
    # The others were rendered as before; every page announced, as Pelican's Writer does.
    assert (tmp_path / "aktuelles/index.html").read_text(encoding="utf-8").startswith("Block None:")
    assert (tmp_path / "aktuelles/seite/1/index.html").is_file()
    assert announced == [
        "aktuelles/index.html",
        second,
        "aktuelles/seite/1/index.html",
    ]
    # Part of this build as a written page is: a second plain write to it is refused.
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file(second, Template("x"), {"SITEURL": "", "localsiteurl": ""})


PAGES = Template(
    "{{ articles_page.block }}/{{ articles_paginator.num_pages }}:"
    "{{ articles_page.object_list|join(',') }} {{ dates_page.object_list|join(',') }} "
    "{{ articles_previous_page.url if articles_previous_page }} "
    "{{ articles_next_page.url if articles_next_page }} {{ SITEURL }} {{ localsiteurl }} "
    "{{ output_file }} {{ extra }}"
)


def test_a_listing_written_by_the_plugin_is_what_pelicans_writer_writes(tmp_path, monkeypatch):
    """Pelican's Writer's loop (4.12) as the plugin runs it: the same pages, local contexts
    and announcements, two paginated lists and relative addresses."""
    news = {
        "articles": [f"a{n}" for n in range(40)],
        "dates": [f"d{n}" for n in range(40)],
        "template_name": "index",
        "relative_urls": True,
        "extra": "x",
    }
    written = {}
    for kind in ("pelican", "plugin"):
        output = tmp_path / kind
        writer, _ = record_writer(output, set(), monkeypatch)
        if kind == "pelican":
            writer.record = None  # a cold build: Pelican's Writer writes every page
        seen = []

        def note(path, context, output=output, seen=seen):
            keys = ("output_file", "SITEURL", "localsiteurl", "articles_page", "extra")
            shown = [str(context[key]) for key in keys]
            seen.append((Path(path).relative_to(output).as_posix(), *shown))

        signals.content_written.connect(note)
        try:
            context = {"SITEURL": "", "localsiteurl": ""}
            writer.write_file("aktuelles/index.html", PAGES, context, url="aktuelles/", **news)
            writer.finish()
        finally:
            signals.content_written.disconnect(note)
        texts = {
            p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(output.rglob("*.html"))
        }
        written[kind] = (seen, texts, context["localsiteurl"])
    assert written["plugin"] == written["pelican"]
    assert len(written["pelican"][1]) == 3  # 12 a page


READS = (
    ("articles", (("item", 0), ("attr", "title")), "value"),
    ("articles", (("item", -1), ("attr", "title")), "value"),
    ("articles", (), "truth"),
)


@dataclass(frozen=True)
class Post:
    title: str


class CountedList(list):
    """A list that counts how often it is gone through item by item."""

    walks = 0

    def __iter__(self):
        CountedList.walks += 1
        return super().__iter__()


def test_a_tree_of_reads_is_made_once_for_equal_reads_of_two_builds():
    env = Environment()
    context = {"articles": [Post("Eins"), Post("Zwei")]}
    first, second = FollowedDigest(PageDigest()), FollowedDigest(PageDigest())
    key = first.page(env, context, READS)
    # Another build's reads: equal, not the same tuple (as followed_reads gives them).
    again = tuple((name, tuple(steps), how) for name, steps, how in READS)
    assert second.page(env, context, again) == key
    assert second.trees[id(again)][2] is first.trees[id(READS)][2]
    # Other reads, another tree.
    other = ((*READS[0][:2], "truth"),)
    assert FollowedDigest(PageDigest()).page(env, context, other) != key


def test_named_items_of_a_list_are_read_without_going_through_the_list(monkeypatch):
    env = Environment()
    posts = CountedList(Post(f"Meldung {n}") for n in range(1000))
    digest = FollowedDigest(PageDigest())
    CountedList.walks = 0
    key = digest.page(env, {"articles": posts}, READS)
    assert CountedList.walks == 0
    # What the page shows of them still counts: another first title, another key.
    posts[0] = Post("Neu")
    assert digest.page(env, {"articles": posts}, READS) != key
    # A loop through the items goes through them (and keeps the text while they stay).
    each = (("articles", (("each", None), ("attr", "title")), "value"),)
    digest.page(env, {"articles": posts}, each)
    assert CountedList.walks > 0


def test_trees_kept_for_the_process_are_bounded(monkeypatch):
    monkeypatch.setattr(followed_reads, "_TREES", {})
    for number in range(followed_reads._KEPT_TREES + 1):
        followed_reads._tree_of((("name", (("item", number),), "value"),))
    assert len(followed_reads._TREES) <= followed_reads._KEPT_TREES


def test_a_listing_taken_over_is_checked_by_the_linker_and_rendered_when_damaged(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """Linked on its key without hashing the last build's file here; once the Linker's
    process answers that the file lost the bytes written (rewritten with its old time, as
    `cp -p`), the page is rendered into a file of its own with the same local context."""
    template = Environment(loader=DictLoader({"l.html": "{{ shown }}"})).get_template("l.html")
    hashed = []
    digest = build_record.file_digest
    monkeypatch.setattr(
        build_record, "file_digest", lambda path: hashed.append(path) or digest(path)
    )
    assert not write_listing(writers(), template, shown="Eins")
    writer = writers()
    hashed.clear()
    assert write_listing(writer, template, shown="Eins")
    assert hashed == []  # nothing of the last output hashed here
    writer.placed()
    last = tmp_path / "site" / "liste.html"
    assert Path(writer.output_path, "liste.html").stat().st_ino == last.stat().st_ino
    writer = writers()
    last = tmp_path / "site" / "liste.html"
    made = last.stat().st_mtime_ns
    last.write_text("Zwei", encoding="utf-8")
    os.utime(last, ns=(made, made))
    assert write_listing(writer, template, shown="Eins")  # the same inputs: linked
    writer.placed()
    fresh = Path(writer.output_path, "liste.html")
    assert fresh.read_text(encoding="utf-8") == "Eins"
    assert last.read_text(encoding="utf-8") == "Zwei"
    assert writer.record.taken_over == []


@dataclass(frozen=True)
class Place:
    """A stand-in for an object of the region data (a region): its name is read."""

    slug: str
    claim: str
    read: list  # how often its claim was read (not part of what a page shows)

    @property
    def shown(self) -> str:
        self.read.append(1)
        return self.claim


def data_digest(world: list, regions: list) -> FollowedDigest:
    """One build's digest with the region data's texts kept across builds by place: the
    world's key is world[0]."""
    places = {id(region): (region, ("Region", "", n)) for n, region in enumerate(regions)}
    kept = (followed_reads.KEPT_DATA, lambda: world[0], lambda context: places)
    return FollowedDigest(PageDigest(), kept_data=kept)


def test_a_region_is_read_once_while_the_world_is_the_same(monkeypatch):
    monkeypatch.setattr(followed_reads, "_PLACED", frozenset({Place}))
    monkeypatch.setattr(followed_reads, "KEPT_DATA", followed_reads.KeptData())
    env, reads = Environment(), (("region", (("attr", "shown"),), "value"),)
    world, read = ["eins"], []
    first = data_digest(world, [Place("allgaeu", "Heimat", read)])
    key = first.page(env, {"region": Place("allgaeu", "Heimat", read)}, reads)  # not placed
    region = Place("allgaeu", "Heimat", read)
    assert data_digest(world, [region]).page(env, {"region": region}, reads) == key
    assert len(read) == 2
    # The next build: another object at the same place, the same world: not read again.
    region = Place("allgaeu", "Heimat", read)
    assert data_digest(world, [region]).page(env, {"region": region}, reads) == key
    assert len(read) == 2
    # The region data changed (its files are in the world's key): read again, the new claim.
    world[0] = "zwei"
    region = Place("allgaeu", "Zuhause", read)
    assert data_digest(world, [region]).page(env, {"region": region}, reads) != key
    assert len(read) == 3


def test_the_region_datas_world_holds_its_files(writers):  # noqa: F811
    """writer.py's world of the kept region data: the narrow site key and the data's files."""
    writer = writers()
    writer._data = "regions.yaml, erste Fassung"
    first = writer._kept_data_world(lambda: "site")
    writer._data = "regions.yaml, zweite Fassung"
    assert writer._kept_data_world(lambda: "site") != first
    assert writer._kept_data_world(lambda: "other site") != writer._kept_data_world(lambda: "site")


def test_followed_reads_are_made_once_for_the_process_while_their_sources_stay(monkeypatch):
    monkeypatch.setattr(followed_reads, "_FOLLOWED", {})
    runs = []
    run = followed_reads._Analysis.run
    monkeypatch.setattr(
        followed_reads._Analysis, "run", lambda self, name: runs.append(name) or run(self, name)
    )
    templates = {"l.html": "{{ region.name }}"}
    template = Environment(loader=DictLoader(templates)).get_template("l.html")
    first = followed_reads.followed_reads(template, KnownReads())
    known = KnownReads()  # the next build's, whose file lacks the entry (cache/ removed)
    assert followed_reads.followed_reads(template, known) is first
    assert runs == ["l.html"]
    # Its file gets the entry back: a fresh process reads it from there, not followed.
    assert known.changed
    fresh = KnownReads()
    fresh.saved = json.loads(json.dumps(known.saved))
    monkeypatch.setattr(followed_reads, "_FOLLOWED", {})
    assert followed_reads.followed_reads(template, fresh) == first
    assert runs == ["l.html"]
    # Another source: followed again.
    templates["l.html"] = "{{ region.slug }}"
    template = Environment(loader=DictLoader(templates)).get_template("l.html")
    assert followed_reads.followed_reads(template, KnownReads()) == (
        ("region", (("attr", "slug"),), "value"),
    )
    assert runs == ["l.html", "l.html"]


# Two templates that use each other: `a.html` imports a macro of `b.html`, whose other macro
# includes `a.html`; so both have the same sources (template_sources), but not the same reads.
USING_EACH_OTHER = {
    "a.html": "{% from 'b.html' import show %}{{ show(article) }}",
    "b.html": (
        "{% macro show(x) %}{{ x.title }}{% endmacro %}"
        "{% macro other() %}{% include 'a.html' %}{% endmacro %}{{ region.name }}"
    ),
}


def test_followed_reads_are_kept_by_the_templates_name_too(monkeypatch):
    """Kept by the sources alone, `a.html` got what `b.html` reads, without the post's title:
    a page keyed on that is taken over with the old title (a stale page)."""
    monkeypatch.setattr(followed_reads, "_FOLLOWED", {})
    env = Environment(loader=DictLoader(USING_EACH_OTHER))
    known = KnownReads()
    b_reads = followed_reads.followed_reads(env.get_template("b.html"), known)
    assert b_reads == (("region", (("attr", "name"),), "value"),)
    a_reads = followed_reads.followed_reads(env.get_template("a.html"), known)
    assert ("article", (("attr", "title"),), "value") in a_reads
    # And in the file, for a fresh process.
    fresh = KnownReads()
    fresh.saved = json.loads(json.dumps(known.saved))
    monkeypatch.setattr(followed_reads, "_FOLLOWED", {})
    assert followed_reads.followed_reads(env.get_template("a.html"), fresh) == a_reads


def test_templates_that_include_each_other_are_keyed_whole_not_a_crash(monkeypatch):
    """An include behind an `if` that is never true renders; the analysis recursed without
    end (RecursionError stopped the build)."""
    monkeypatch.setattr(followed_reads, "_FOLLOWED", {})
    env = Environment(
        loader=DictLoader(
            {
                "a.html": "{{ article.title }}{% if deep %}{% include 'b.html' %}{% endif %}",
                "b.html": "{% include 'a.html' %}",
            }
        )
    )
    assert followed_reads.followed_reads(env.get_template("a.html"), KnownReads()) is None
