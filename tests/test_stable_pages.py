"""Stable pagination (stable_pages.py): which posts each page of a listing holds, its address
and its date range, by calling the rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from jinja2 import Environment, FileSystemLoader
from lxml import etree

from regional_showcase.data.dates import parse_month
from regional_showcase.preview.pages import template_reads
from regional_showcase.stable_pages import StablePaginator, date_range, page_spans
from regional_showcase.translations import local_date

from expectations import ROOT, post_path, published_posts

PER_PAGE = 12
SETTINGS = {
    "PAGINATION_PATTERNS": (
        (1, "{url}", "{save_as}"),
        (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
    )
}


@dataclass(frozen=True)
class Post:
    number: int  # 1 the oldest
    date: dt.date


def posts(count: int, first: int = 1) -> list[Post]:
    """`count` posts newest first, one a day from 1 January 2024 (post `first` the oldest)."""
    made = [
        Post(n, dt.date(2024, 1, 1) + dt.timedelta(days=n)) for n in range(first, first + count)
    ]
    return made[::-1]


def pages(listing: list[Post]) -> list[tuple[int | None, list[int]]]:
    """Each page's block and its posts' numbers, first page first."""
    paginator = StablePaginator("aktuelles/index.html", "aktuelles/", listing, SETTINGS, PER_PAGE)
    return [(page.block, [post.number for post in page.object_list]) for page in paginator.pages]


@pytest.mark.parametrize(
    ("count", "first_page", "blocks"),
    [
        (0, 0, []),
        (1, 1, []),
        (11, 11, []),
        (12, 12, []),
        (13, 13, []),
        (23, 23, []),
        (24, 12, [1]),
        (25, 13, [1]),
        (36, 12, [2, 1]),
        (1000, 1000 - 82 * PER_PAGE, list(range(82, 0, -1))),
    ],
)
def test_pages_hold_each_post_once_newest_first(count, first_page, blocks):
    listing = posts(count)
    made = pages(listing)
    assert [block for block, _ in made] == [None, *blocks]
    assert len(made[0][1]) == first_page
    # Every post once, newest first across the pages; no page empty but an empty listing's.
    assert [n for _, shown in made for n in shown] == [post.number for post in listing]
    assert all(shown for _, shown in made) or count == 0
    for block, shown in made[1:]:
        # Block k holds the posts 12(k-1)+1 … 12k by age.
        assert shown == list(range(PER_PAGE * block, PER_PAGE * (block - 1), -1))


@pytest.mark.parametrize("count", [24, 25, 35, 36, 47, 100, 1000])
def test_a_new_post_keeps_every_archive_page(count):
    before = dict(pages(posts(count))[1:])
    after = dict(pages(posts(count + 1))[1:])
    completes = (count + 1) % PER_PAGE == 0
    # A new newest post changes the first page only; when it completes a block, that
    # block becomes a new archive page, and no other archive page changes.
    assert {b: s for b, s in after.items() if b in before} == before
    assert set(after) - set(before) == ({(count + 1) // PER_PAGE - 1} if completes else set())


@pytest.mark.parametrize(("count", "deleted"), [(36, 20), (100, 50), (1000, 13)])
def test_a_deleted_post_shifts_only_later_blocks(count, deleted):
    listing = posts(count)
    before = dict(pages(listing)[1:])
    after = dict(pages([post for post in listing if post.number != deleted])[1:])
    its_block = (deleted - 1) // PER_PAGE + 1
    assert {b: s for b, s in after.items() if b < its_block} == {
        b: s for b, s in before.items() if b < its_block
    }
    assert all(after.get(b) != before[b] for b in before if b >= its_block)


def test_the_pages_addresses_and_neighbours():
    paginator = StablePaginator("aktuelles/index.html", "aktuelles/", posts(36), SETTINGS, 12)
    assert [(page.url, page.save_as) for page in paginator.pages] == [
        ("aktuelles/", "aktuelles/index.html"),
        ("aktuelles/seite/2/", "aktuelles/seite/2/index.html"),
        ("aktuelles/seite/1/", "aktuelles/seite/1/index.html"),
    ]
    assert paginator.num_pages == 3 and paginator.page(3).block == 1


def test_without_a_page_size_one_page_holds_every_post():
    assert page_spans(30, None) == page_spans(30, 0) == page_spans(30, 30)
    assert [(span.start, span.stop) for span in page_spans(30, None)] == [(0, 30)]


@pytest.mark.parametrize(
    ("oldest", "newest", "lang", "expected"),
    [
        (dt.date(2024, 3, 3), dt.date(2024, 4, 20), "de", ("3. März", "20. April 2024")),
        (dt.date(2024, 3, 3), dt.date(2024, 4, 20), "en", ("3 March", "20 April 2024")),
        (dt.date(2024, 3, 3), dt.date(2024, 3, 20), "de", ("3.", "20. März 2024")),
        (dt.date(2024, 3, 3), dt.date(2024, 3, 20), "en", ("3", "20 March 2024")),
        (dt.date(2023, 12, 3), dt.date(2024, 1, 5), "de", ("3. Dezember 2023", "5. Januar 2024")),
        (dt.date(2024, 3, 3), dt.date(2024, 3, 3), "de", ("3. März 2024", None)),
        (dt.date(2024, 3, 3), dt.date(2024, 3, 3), "en", ("3 March 2024", None)),
    ],
)
def test_date_range(oldest, newest, lang, expected):
    assert date_range(oldest, newest, lang) == expected


def test_month_only_dates_in_a_range():
    month = dt.datetime(2022, 5, 1)
    month_only = parse_month("2022-05")
    assert local_date(month_only, "de") == "Mai 2022"
    assert date_range(month_only, dt.date(2022, 5, 20), "de") == ("Mai", "20. Mai 2022")
    assert date_range(month_only, month_only, "de") == ("Mai 2022", None)
    assert date_range(month, dt.date(2022, 5, 20), "de") == ("1.", "20. Mai 2022")


NAV = "Seiten mit weiteren Meldungen"


def path(href: str) -> str:
    return urlsplit(href).path.lstrip("/")


def listing_page(build, url: str) -> tuple[list[str], list[str], object]:
    """The posts a built listing page shows (their addresses and <time datetime>s, in order)
    and the page."""
    page = build.page(url)
    cards = page.xpath("//*[@aria-labelledby='meldungen']//article[contains(@class, 'card')]")
    links = [path(card.xpath(".//h3/a/@href")[0]) for card in cards]
    times = [card.xpath(".//time/@datetime")[0] for card in cards]
    return links, times, page


@pytest.mark.build
def test_the_news_pages_of_a_build(sampled):
    """The sampled build pages by 5 (DEFAULT_PAGINATION): the shipped posts fill archive
    pages; each holds its block, names its dates and links its neighbours."""
    posts = {post_path(post) for post in published_posts()}
    spans = page_spans(len(posts), 5)
    assert len(spans) >= 3
    urls = ["aktuelles/" if s.block is None else f"aktuelles/seite/{s.block}/" for s in spans]
    shown, titles = [], []
    for number, (span, url) in enumerate(zip(spans, urls, strict=True)):
        links, times, page = listing_page(sampled, url)
        assert len(links) == span.stop - span.start
        shown += links
        titles.append(page.findtext(".//title"))
        dates = [parse_month(time) or dt.datetime.fromisoformat(time) for time in times]
        start, end = date_range(dates[-1], dates[0], "de")
        status = page.xpath("//*[contains(@class, 'pagination__status')]")
        assert {" ".join(p.text_content().split()) for p in status} == {
            f"Meldungen vom {start} bis {end}"
        }
        newer = page.xpath(f"//nav[@aria-label='{NAV}']//a[@rel='prev']/@href")
        older = page.xpath(f"//nav[@aria-label='{NAV}']//a[@rel='next']/@href")
        assert {path(href) for href in newer} == ({urls[number - 1]} if number else set())
        assert {path(href) for href in older} == (
            {urls[number + 1]} if number + 1 < len(urls) else set()
        )
        assert "von" not in page.findtext(".//title")
        # The chronicle's years only on the first page: the first post of a new year
        # rewrites no archive page.
        assert bool(page.xpath("//p[@class='hero__claim']")) == (span.block is None)
    # Every post once, newest first; no block beyond the last archive page.
    assert set(shown) == posts and len(shown) == len(posts)
    assert not (sampled.output / f"aktuelles/seite/{len(spans)}/index.html").exists()
    assert len(set(titles)) == len(titles)
    assert titles[-1].startswith("Aktuelles (Archivseite 1) – ")
    # Only the first page has an English version, in the page and in the sitemap.
    sitemap = etree.fromstring(sampled.file("sitemap.xml").read_bytes())
    spaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    versions = {
        path(url.findtext("s:loc", namespaces=spaces)): len(url.findall("{*}link"))
        for url in sitemap.iterfind("s:url", spaces)
    }
    assert {url: versions[url] for url in urls} == {
        url: 0 if "/seite/" in url else 3 for url in urls
    }


def test_a_listing_page_reads_of_the_collection_only_what_it_shows():
    """A page's key holds what its templates read (preview/pages.py): its posts, its dates
    and its neighbours' addresses, not the whole collection (Pelican's `dates`, the
    paginator) nor its posts' every value (their related posts change with each new post),
    so an archive page is taken over when a newer post comes."""
    import regional_showcase

    env = Environment(
        loader=FileSystemLoader(ROOT / "theme/templates"), extensions=["jinja2.ext.i18n"]
    )
    env.filters.update(regional_showcase.TEMPLATE_FILTERS)
    for name in ("index.html", "topic.html"):
        reads = template_reads(env.get_template(name))
        assert {read[0] for read in reads} & {"dates", "articles_paginator"} == set()
        assert ("articles_page", (), "value") not in reads
        assert ("articles_page", (("attr", "oldest"),), "value") in reads
        assert ("articles_next_page", (("attr", "url"),), "value") in reads
