"""The search index in proportion (search_record.py): a bundle is taken over from the last
complete output only when its pages, Pagefind and its settings are the same and the old
files are still the recorded ones; only new or rewritten HTML files are read."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from regional_showcase import search_index, search_record
from regional_showcase.search_bundles import Bundle
from regional_showcase.search_index import (
    EarlyRuns,
    build_search_index,
    read_only_marked,
    tool_key,
)
from regional_showcase.search_record import Page, SearchRecord, page_facts

MARKED = '<!doctype html><html lang="de"><body><main data-pagefind-body><p>{}</p></main></body>'
LISTING = '<!doctype html><html lang="de"><body><p>{}</p></body></html>'


def write_site(folder: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def fresh_copy(last: Path, fresh: Path) -> Path:
    """What scripts/html leaves before the index: the last output's pages as hard links."""
    shutil.copytree(last, fresh, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*"))
    return fresh


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def clean_index(tmp_path: Path, pages: dict[str, str]) -> dict[str, bytes]:
    """The files of a clean build of `pages` with its search index: what a site whose bundles
    were taken over or indexed again must equal."""
    clean = write_site(tmp_path / "clean", pages)
    assert build_search_index(clean) == 0
    return files_of(clean)


def taken_over(record: Path) -> list[str]:
    return json.loads(record.read_text(encoding="utf-8"))["taken_over"]


PAGES = {"index.html": LISTING.format("Start"), "a/index.html": MARKED.format("Wiese")}


@pytest.mark.build
def test_an_unchanged_bundle_is_taken_over_and_a_changed_old_file_is_indexed_again(tmp_path):
    record = tmp_path / "cache/search-record.json"
    last = write_site(tmp_path / "site", PAGES)
    assert build_search_index(last, record=record) == 0
    fresh = fresh_copy(last, tmp_path / "site.new-1")
    assert build_search_index(fresh, record=record, previous=last) == 0
    assert taken_over(record) == ["pagefind"]
    assert (fresh / "pagefind/pagefind-entry.json").samefile(last / "pagefind/pagefind-entry.json")
    # A file of the last output's bundle no longer the recorded one: Pagefind runs again.
    entry = last / "pagefind/pagefind-entry.json"
    entry.unlink()
    entry.write_text("{}", encoding="utf-8")
    again = fresh_copy(last, tmp_path / "site.new-2")
    assert build_search_index(again, record=record, previous=last) == 0
    assert taken_over(record) == []
    assert files_of(again) == clean_index(tmp_path, PAGES)


@pytest.mark.build
def test_the_last_bundle_is_checked_by_the_linking_process_not_read_here(tmp_path, monkeypatch):
    """The build's own process reads none of the last output's bundle files (9 MB at 1,000
    posts, read again in every build: a hard link's change time is always recent); the
    linking process checks what it placed, and a bundle with a file gone is indexed again."""
    record = tmp_path / "cache/search-record.json"
    last = write_site(tmp_path / "site", PAGES)
    assert build_search_index(last, record=record) == 0
    read: list[str] = []
    original = search_record.KnownFiles.value

    def value(self, path, *args, **kwargs):
        read.append(str(path))
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(search_record.KnownFiles, "value", value)
    fresh = fresh_copy(last, tmp_path / "site.new-1")
    assert build_search_index(fresh, record=record, previous=last) == 0
    assert taken_over(record) == ["pagefind"]
    assert not [path for path in read if path.startswith(str(last / "pagefind"))]
    # A file of the last output's bundle gone: Pagefind runs for it after all.
    (fresh / "pagefind/pagefind-entry.json").unlink()
    again = fresh_copy(fresh, tmp_path / "site.new-2")
    assert build_search_index(again, record=record, previous=fresh) == 0
    assert taken_over(record) == []
    assert files_of(again) == clean_index(tmp_path, PAGES)


@pytest.mark.build
def test_a_changed_marked_page_runs_pagefind_a_changed_listing_does_not(tmp_path):
    record = tmp_path / "search-record.json"
    last = write_site(tmp_path / "site", PAGES)
    build_search_index(last, record=record)
    fresh = write_site(tmp_path / "site.new-1", {**PAGES, "index.html": LISTING.format("Neu")})
    build_search_index(fresh, record=record, previous=last)
    assert taken_over(record) == ["pagefind"]  # the listing is not read by Pagefind
    newer = write_site(tmp_path / "site.new-2", {**PAGES, "a/index.html": MARKED.format("Feld")})
    build_search_index(newer, record=record, previous=fresh)
    assert taken_over(record) == []
    newest = {**PAGES, "a/index.html": MARKED.format("Feld")}
    assert files_of(newer) == clean_index(tmp_path, newest)


def test_pagefinds_configuration_and_variables_change_every_bundles_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = tool_key()
    Path("pagefind.yml").write_text("exclude_selectors: ['nav']\n", encoding="utf-8")
    configured = tool_key()
    assert configured != before
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "de")
    assert tool_key() != configured


def test_a_page_with_the_recorded_identity_is_not_read_again(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", PAGES)
    old = time.time_ns() - 10 * 10**9  # written 10 s ago: not "racily clean"
    for page in site.rglob("*.html"):
        os.utime(page, ns=(old, old))
    record = tmp_path / "search-record.json"
    first = SearchRecord(record, site, None)
    pages = first.read_pages()
    first.save()
    (site / "a/index.html").write_text(MARKED.format("Feld"), encoding="utf-8")
    read: list[bytes] = []
    original = search_record.page_facts
    monkeypatch.setattr(
        search_record, "page_facts", lambda data: read.append(data) or original(data)
    )
    again = SearchRecord(record, site, None).read_pages()
    assert read == [MARKED.format("Feld").encode()]  # the start page is known by its identity
    assert again["index.html"] == pages["index.html"]
    assert again["a/index.html"] != pages["a/index.html"]


def test_the_first_bundle_names_its_marked_pages_only_when_some_page_carries_the_mark():
    first = Bundle("pagefind", None)
    listing = Page("1", marked=False, attribute=False)
    marked = Page("2", marked=True, attribute=True)
    pages = {"index.html": listing, "a/index.html": marked}
    assert read_only_marked(first, pages) == (Bundle("pagefind", "a/index.html"), ["a/index.html"])
    # No page marked: Pagefind indexes every page, so it reads them all.
    assert read_only_marked(first, {"index.html": listing}) == (first, ["index.html"])
    # A name a glob cannot carry: all pages, by folders.
    odd = {"index.html": listing, "a{b}/index.html": marked}
    assert read_only_marked(first, odd) == (first, ["a{b}/index.html", "index.html"])
    further = Bundle("pagefind-2", "aktuelles/2019/**/*.html")
    assert read_only_marked(further, pages) == (further, ["a/index.html", "index.html"])


def test_the_mark_counts_as_an_attribute_only_inside_a_tag():
    assert page_facts(b"<p>&lt;main data-pagefind-body&gt;</p>")[1:] == [True, False]
    assert page_facts(b'<MAIN class="x" DATA-PAGEFIND-BODY>')[1:] == [True, True]
    assert page_facts(b"<main>")[1:] == [False, False]


@pytest.mark.build
def test_an_index_built_in_place_takes_nothing_over_from_itself(tmp_path):
    record = tmp_path / "search-record.json"
    site = write_site(tmp_path / "output", PAGES)
    assert build_search_index(site, record=record, previous=site) == 0
    assert build_search_index(site, record=record, previous=site) == 0
    assert taken_over(record) == []


RELATED = (
    "<main data-pagefind-body><h1>Titel</h1><p>Text</p>"
    '<section class="related" data-pagefind-ignore><h2 id="aehnlich">Ähnliche Meldungen</h2>'
    '<ul><li><a href="/aktuelles/{0}/">{1}</a> <time datetime="{0}">{0}</time></li></ul>'
    "</section></main>"
)


def test_the_related_posts_a_page_lists_do_not_change_what_pagefind_reads():
    one = page_facts(RELATED.format("2019", "Eine Meldung").encode())
    other = page_facts(RELATED.format("2025", "Eine andere").encode())
    assert one == other
    # Text outside the ignored list, a second entry in it, or a picture in it: read again.
    outside = RELATED.format("2019", "Eine Meldung").replace("Text", "Neu")
    assert page_facts(outside.encode()) != one
    longer = RELATED.format("2019", "Eine Meldung").replace("</ul>", "<li><a>Zwei</a></li></ul>")
    assert page_facts(longer.encode()) != one
    for extra in (
        '<img src="bild.jpg" alt="">',
        "<h1>Noch ein Titel</h1>",
        "<p data-pagefind-meta='x'>",
    ):
        with_extra = RELATED.format("{0}", "{1}").replace("</ul>", f"</ul>{extra}")
        assert page_facts(with_extra.format("2019", "A").encode()) != page_facts(
            with_extra.format("2025", "B").encode()
        ), extra


@pytest.mark.build
def test_pagefind_writes_the_same_index_whatever_the_related_list_shows(tmp_path):
    """What search_view leaves out is what Pagefind leaves out (checked again on each
    Pagefind version this project pins)."""
    page = '<!doctype html><html lang="de"><body>{}</body></html>'
    one = write_site(tmp_path / "a", {"x/index.html": page.format(RELATED.format("2019", "Eins"))})
    two = write_site(tmp_path / "b", {"x/index.html": page.format(RELATED.format("2025", "Zwei"))})
    build_search_index(one)
    build_search_index(two)
    assert files_of(one / "pagefind") == files_of(two / "pagefind")


NEWS = (
    '<!doctype html><html lang="de"><body><header><h1>Kopf</h1></header>'
    '<main data-pagefind-body><h1>Allgäu</h1>{0}<img src="/bilder/allgaeu.svg" alt="Allgäu">'
    "<p>Text</p>"
    '<section class="news" data-pagefind-ignore><h2 id="meldungen">Aktuelles</h2><ul>{1}</ul>'
    "</section></main></body></html>"
)
NEWS_CARD = (
    '<li><article class="card"><img src="/bilder/{0}.svg" alt="{1}"><h3><a href="/{0}/">{1}'
    '</a></h3><ul class="chips">{2}</ul><div class="card__summary"><p>{1}.</p></div>'
    "</article></li>"
)


# The same page whose picture stands only in its news cards.
ALONE = NEWS.replace('<img src="/bilder/allgaeu.svg" alt="Allgäu">', "")


def news(cards: list[tuple[str, str, int]], page: str = NEWS, extra: str = "") -> bytes:
    """A region page whose ignored news section shows these cards (picture, title, chips)
    and `extra` after them."""
    shown = "".join(
        NEWS_CARD.format(name, title, '<li><a href="/r/">Region</a></li>' * chips)
        for name, title, chips in cards
    )
    return page.format("", shown + extra).encode()


def test_the_news_cards_a_region_page_shows_do_not_change_what_pagefind_reads():
    """A new post takes a place among a region page's news cards (data-pagefind-ignore):
    Pagefind reads none of them when the page's picture comes before them."""
    one = page_facts(news([("a", "Eine Meldung", 1), ("b", "Zwei", 3)]))
    assert page_facts(news([("c", "Neue Meldung", 2), ("a", "Eine Meldung", 1)])) == one
    assert page_facts(news([("a", "Eine Meldung", 1)])) == one
    # Read again: the picture only in the cards, an h1 or Pagefind's tag in them, an id.
    logo = ALONE.replace("<h1>Kopf</h1>", '<h1>Kopf</h1><img src="/logo.svg" alt="">')
    for page in (ALONE, logo):  # the header's picture is not the marked body's
        assert page_facts(news([("a", "Eine", 1)], page)) != page_facts(
            news([("b", "Zwei", 1)], page)
        )
    for extra in ("<h1>Noch ein Titel</h1>", '<p data-pagefind-meta="x">', '<p id="neu">'):
        assert page_facts(news([("a", "Eine", 1)], extra=extra)) != one, extra


@pytest.mark.build
def test_pagefind_writes_the_same_index_whatever_news_cards_the_region_page_shows(tmp_path):
    """What search_view leaves out of an ignored section with pictures, headings and an id
    is what Pagefind leaves out; its picture, when the page has no other, changes the index."""
    pages = {
        "a": news([("a", "Eine Meldung", 1), ("b", "Zwei", 3)]),
        "b": news([("c", "Neue Meldung", 2)]),
        "c": news([("a", "Eine Meldung", 1)], ALONE),
        "d": news([("c", "Neue Meldung", 1)], ALONE),
    }
    sites = {
        name: write_site(tmp_path / name, {"x/index.html": page.decode()})
        for name, page in pages.items()
    }
    for site in sites.values():
        build_search_index(site)
    assert files_of(sites["a"] / "pagefind") == files_of(sites["b"] / "pagefind")
    assert files_of(sites["c"] / "pagefind") != files_of(sites["d"] / "pagefind")


CARD = (
    '<!doctype html><html lang="de"><head><title>Wiese</title>'
    '<meta property="og:image" content="/bilder/vorschau/{0}.jpg">{1}'
    '<meta name="twitter:image" content="/bilder/vorschau/{0}.jpg">'
    '<script type="application/ld+json">{{"image": ["/bilder/vorschau/{0}.jpg"]}}</script>'
    "</head><body><main data-pagefind-body><h1>Wiese</h1><p>Text</p></main></body></html>"
)


def test_a_preview_card_in_the_head_does_not_change_what_pagefind_reads():
    """A new post takes the preview card of the oldest post that had one: that page's head
    changes (og:image, twitter:image, JSON-LD), which Pagefind does not read."""
    one = page_facts(CARD.format("aktuelles/2023-wiese", "").encode())
    assert page_facts(CARD.format("regionen/bodensee", "").encode()) == one
    # What Pagefind does read of the head (a tag with data-pagefind-*), and the body: read.
    tagged = '<meta data-pagefind-meta="image[content]" content="/{0}.jpg">'
    assert page_facts(CARD.format("a", tagged.format("a")).encode()) != page_facts(
        CARD.format("a", tagged.format("b")).encode()
    )
    assert page_facts(CARD.format("a", "").replace("Text", "Neu").encode()) != one


@pytest.mark.build
def test_pagefind_writes_the_same_index_whatever_preview_card_the_head_names(tmp_path):
    """What search_view leaves out of the head is what Pagefind leaves out; a meta tag it
    is told to read (data-pagefind-meta) changes its index."""
    tagged = '<meta data-pagefind-meta="image[content]" content="/{0}.jpg">'
    sites = {
        name: write_site(tmp_path / name, {"x/index.html": CARD.format(card, extra)})
        for name, card, extra in (
            ("a", "aktuelles/2023-wiese", tagged.format("eins")),
            ("b", "regionen/bodensee", tagged.format("eins")),
            ("c", "regionen/bodensee", tagged.format("zwei")),
        )
    }
    for site in sites.values():
        build_search_index(site)
    assert files_of(sites["a"] / "pagefind") == files_of(sites["b"] / "pagefind")
    assert files_of(sites["b"] / "pagefind") != files_of(sites["c"] / "pagefind")


def test_pages_are_read_again_when_the_code_that_read_them_changed(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", PAGES)
    old = time.time_ns() - 10**9
    for page in site.rglob("*.html"):
        os.utime(page, ns=(old, old))
    record = tmp_path / "search-record.json"
    first = SearchRecord(record, site, None)
    first.read_pages()
    first.save()
    state = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**state, "view": "eine ältere Fassung"}), encoding="utf-8")
    read: list[bytes] = []
    original = search_record.page_facts
    monkeypatch.setattr(
        search_record, "page_facts", lambda data: read.append(data) or original(data)
    )
    SearchRecord(record, site, None).read_pages()
    assert len(read) == 2


ARCHIVE = {
    "index.html": LISTING.format("Start"),
    **{
        f"aktuelles/{year}/{slug}/index.html": MARKED.format(f"{slug} {year}")
        for year in (2020, 2021, 2022)
        for slug in ("wiese", "wald")
    },
}


@pytest.mark.build
def test_an_early_run_is_used_only_for_the_pages_the_finished_site_holds(tmp_path, monkeypatch):
    """`showcase build` starts the archive's bundles while Pelican writes the rest
    (search_index.EarlyRuns): a page written again after that start (here: 2020's) makes
    its bundle run again; the other bundle's early run is taken. Both equal a clean index."""
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "2")
    site = write_site(tmp_path / "site.new-1", ARCHIVE)
    # Written a while ago (taken over): the start's facts of them are kept for the index.
    for page in site.rglob("*.html"):
        os.utime(page, ns=(time.time_ns() - 10**10,) * 2)
    early = EarlyRuns(site, tmp_path / "record.json", None, tmp_path / "site.new-1-1")
    early.start()
    assert sorted(early.runs) == ["pagefind-2", "pagefind-3", "pagefind-4"]  # 2020, 2021, 2022
    changed = site / "aktuelles/2020/wald/index.html"
    changed.write_text(MARKED.format("Moor 2020"), encoding="utf-8")  # the same size
    taken: list[str] = []
    take = early.take
    monkeypatch.setattr(early, "take", lambda *a: take(*a) and not taken.append(a[1].folder))
    assert build_search_index(site, record=tmp_path / "record.json", early=early) == 0
    early.stop(remove=shutil.rmtree)
    assert taken == ["pagefind-3", "pagefind-4"] and not (tmp_path / "site.new-1-1").exists()
    clean = write_site(tmp_path / "clean", {**ARCHIVE, "aktuelles/2020/wald/index.html": ""})
    changed_text = changed.read_text(encoding="utf-8")
    (clean / "aktuelles/2020/wald/index.html").write_text(changed_text, encoding="utf-8")
    assert build_search_index(clean) == 0
    assert files_of(site) == files_of(clean)


@pytest.mark.build
def test_an_early_run_is_not_used_when_its_copies_are_not_the_finished_pages(tmp_path, monkeypatch):
    """What Pagefind read early is checked by the copies' bytes, not by what the pages were
    when the run started: copies that came out otherwise (here: each cut short) are not
    taken, and Pagefind runs on the finished pages."""
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "2")
    cut = search_index.COPY_THEN_INDEX.replace("copy.write(data)", "copy.write(data[:-20])")
    monkeypatch.setattr(search_index, "COPY_THEN_INDEX", cut)
    site = write_site(tmp_path / "site.new-1", ARCHIVE)
    early = EarlyRuns(site, tmp_path / "record.json", None, tmp_path / "site.new-1-1")
    early.start()
    assert sorted(early.runs) == ["pagefind-2", "pagefind-3", "pagefind-4"]
    taken: list[str] = []
    take = early.take
    monkeypatch.setattr(early, "take", lambda *a: take(*a) and not taken.append(a[1].folder))
    assert build_search_index(site, record=tmp_path / "record.json", early=early) == 0
    early.stop(remove=shutil.rmtree)
    assert taken == []
    assert files_of(site) == clean_index(tmp_path, ARCHIVE)


@pytest.mark.build
def test_the_archive_bundles_taken_over_at_the_start_are_linked_then(tmp_path, monkeypatch):
    """A further bundle whose key at the early runs' start is the recorded one is taken over
    then (linked and checked while the build goes on); the index keeps it when its key in
    the finished site is the same, and indexes it again when a page changed since (here:
    2020's, its links removed first). Both equal a clean index."""
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "2")
    record = tmp_path / "record.json"
    last = write_site(tmp_path / "site", ARCHIVE)
    assert build_search_index(last, record=record) == 0
    fresh = fresh_copy(last, tmp_path / "site.new-1")
    early = EarlyRuns(fresh, record, last, tmp_path / "site.new-1-1")
    early.start()
    assert early.runs == {} and sorted(early.taken) == ["pagefind-2", "pagefind-3", "pagefind-4"]
    changed = fresh / "aktuelles/2020/wald/index.html"
    changed.unlink()  # a hard link to the last output's page: a file of its own
    changed.write_text(MARKED.format("Moor 2020"), encoding="utf-8")
    linked_at_end: list[str] = []
    take_over = search_record.SearchRecord.take_over

    def at_end(self, folder, key):
        linked_at_end.append(folder)
        return take_over(self, folder, key)

    monkeypatch.setattr(search_record.SearchRecord, "take_over", at_end)
    assert build_search_index(fresh, record=record, previous=last, early=early) == 0
    early.stop(remove=shutil.rmtree)
    assert "pagefind-3" not in linked_at_end
    assert taken_over(record) == ["pagefind", "pagefind-3", "pagefind-4"]
    clean = write_site(tmp_path / "clean", ARCHIVE)
    (clean / "aktuelles/2020/wald/index.html").write_text(MARKED.format("Moor 2020"), "utf-8")
    assert build_search_index(clean) == 0
    assert files_of(fresh) == files_of(clean)


POST = (
    '<!doctype html>\n<html lang="de">\n<head><title>{0} – Starke Regionen</title>'
    '<meta name="description" content="{0}"></head>\n<body><nav><a href="/">Start</a></nav>'
    '<main id="inhalt" data-pagefind-body><h1>{0}</h1><p>Text über {0}.</p></main>'
    "<footer><p>Impressum</p></footer></body></html>\n"
)


def test_pagefind_view_keeps_the_html_tag_and_the_marked_main_of_a_plain_post_page():
    """A copy for an early run holds what Pagefind reads of a post page (search_index's
    pagefind_view); any page where that is not plain is copied as it is."""
    page = POST.format("Wiese").encode()
    assert search_index.pagefind_view(page) == (
        b'<!doctype html><html lang="de"><head></head><body><main id="inhalt" '
        b"data-pagefind-body><h1>Wiese</h1><p>Text \xc3\xbcber Wiese.</p></main></body></html>"
    )
    for other in (
        page.replace(b"<nav>", b"<nav><h1>Logo</h1>"),  # a title Pagefind might take
        page.replace(b"<footer>", b'<footer><img src="a.png" alt="">'),  # a picture
        page.replace(b"<head>", b'<head><meta data-pagefind-meta="x" content="y">'),
        page.replace(b"<h1>Wiese</h1>", b"<p>Wiese</p>"),  # no title in the element
        page.replace(b"<main id", b"<div id").replace(b"</main>", b"</div>"),  # not <main>
        page.replace(b'<nav><a href="/">', b'<nav><main></main><a href="/">'),  # two <main>
        LISTING.format("Start").encode(),  # no mark
        MARKED.format("Wiese").encode(),  # no <h1>
    ):
        assert search_index.pagefind_view(other) == other


@pytest.mark.build
def test_an_early_run_indexes_what_pagefind_reads_of_the_pages_and_equals_a_clean_index(
    tmp_path, monkeypatch
):
    """The early runs' copies hold only what Pagefind reads of a post page (pagefind_view):
    the runs are taken, and the index equals a clean one of the whole pages."""
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "2")
    pages = {
        "index.html": LISTING.format("Start"),
        **{
            f"aktuelles/{year}/{slug}/index.html": POST.format(f"{slug} {year}")
            for year in (2020, 2021)
            for slug in ("wiese", "wald")
        },
    }
    site = write_site(tmp_path / "site.new-1", pages)
    early = EarlyRuns(site, tmp_path / "record.json", None, tmp_path / "site.new-1-1")
    early.start()
    copies = {folder: run for folder, (_key, _files, run) in early.runs.items()}
    assert sorted(copies) == ["pagefind-2", "pagefind-3"]
    for run in copies.values():
        run.wait()
    copy = tmp_path / "site.new-1-1/pagefind-2/aktuelles/2020/wald/index.html"
    page = (site / "aktuelles/2020/wald/index.html").read_bytes()
    assert copy.read_bytes() == search_index.pagefind_view(page) != page
    taken: list[str] = []
    take = early.take
    monkeypatch.setattr(early, "take", lambda *a: take(*a) and not taken.append(a[1].folder))
    assert build_search_index(site, record=tmp_path / "record.json", early=early) == 0
    early.stop(remove=shutil.rmtree)
    assert taken == ["pagefind-2", "pagefind-3"]
    assert files_of(site) == clean_index(tmp_path, pages)
