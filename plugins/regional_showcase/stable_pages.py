"""Stable pagination: which posts each page of a news or topic listing holds.

Pelican counts a listing's pages from the newest post, so one new post moves every post of
every page by one (about 100 news pages rewritten at 1,000 posts, and each said "Seite N von
M"). Here blocks of DEFAULT_PAGINATION posts are counted from the oldest post instead: with P
posts, block 1 holds the oldest 12, block k the posts 12(k-1)+1 … 12k by age. A full block
never changes when a newer post is added. The listing's first page (`aktuelles/`) shows the
newest full block and the unfinished remainder (12 to 23 posts: all posts while there are
fewer than 24, none for an empty listing); the archive pages `aktuelles/seite/N/` hold block
N for N = 1 … F-1 (F full blocks), each page newest first. No post is on two pages and only
an empty listing has an empty page.

So a new newest post rewrites the first page only, except when it completes a block (1 in
12): then the first page, the new archive page and the one before it (its link to newer
posts). A deleted post, or a new one dated before others, rewrites the pages from its block
on. Pelican's DEFAULT_ORPHANS has no place here: an archive page always holds a full block.

The writer gives Pelican's Writer `StablePaginator` in place of Pelican's Paginator (same
constructor, `num_pages` and `page(number)`, number 1 the first page and then the archive
pages from the newest block down), so its loop, the workers and the keys of each page stay
as they are; a page's key covers its posts, its address and those of its neighbours (the
templates read them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from jinja2 import pass_context

from .german import is_month_only
from .translations import SOURCE_LANGUAGE, TEXTS, local_date


@dataclass(frozen=True)
class Span:
    """One page of a listing of `count` posts (newest first): its block (None: the first
    page) and the posts it holds, as indexes [start, stop) into the newest-first list."""

    block: int | None
    start: int
    stop: int


def page_spans(count: int, per_page: int | None) -> tuple[Span, ...]:
    """The pages of a listing of `count` posts, first page first, then the archive pages
    from the newest block (F-1) to the oldest (1). Without a page size (`per_page` 0 or
    None: pagination switched off) one page holds every post."""
    if not per_page:
        return (Span(None, 0, count),)
    # Blocks 1 … F-1 are archive pages; block F and the remainder stay on the first page.
    archived = max(count // per_page - 1, 0)
    first = count - archived * per_page
    spans = [Span(None, 0, first)]
    for block in range(archived, 0, -1):
        start = count - block * per_page
        spans.append(Span(block, start, start + per_page))
    return tuple(spans)


@dataclass(frozen=True)
class StablePage:
    """One page of a listing, as the templates read it: its posts (newest first), its block
    (None on the first page), its address and the dates of its oldest and newest post."""

    object_list: tuple
    block: int | None
    url: str
    save_as: str
    oldest: Any  # the oldest post's date (None on an empty page)
    newest: Any


@dataclass(frozen=True)
class _Rules:
    """PAGINATION_PATTERNS: the first page's (the lowest min_page) and the further
    pages' (the highest) URL and SAVE_AS."""

    first: tuple[str, str]
    further: tuple[str, str]


def _rules(settings: dict) -> _Rules:
    # Pelican's rule for the last page (min_page -1) has no place here: the last page is
    # block 1, which never moves.
    rules = sorted(
        (min_page, url, save_as)
        for min_page, url, save_as in settings["PAGINATION_PATTERNS"]
        if min_page != -1
    )
    return _Rules((rules[0][1], rules[0][2]), (rules[-1][1], rules[-1][2]))


def _address(pattern: str, name: str, url: str, block: int | None) -> str:
    """A page's URL or SAVE_AS from its pattern, formatted as Pelican's Page does."""
    base, extension = os.path.splitext(name)
    folder, file = os.path.split(name)
    base_name = folder if file in ("index.htm", "index.html") else base
    values = {
        "save_as": name,
        "url": url,
        "name": base,
        "base_name": base_name,
        "extension": extension,
        "number": block if block is not None else 1,
    }
    text = pattern.format(**values)
    return text[1:] if text.startswith("/") else text


class StablePaginator:
    """Pelican's Paginator's interface (4.12) over stable pages: Pelican's Writer asks for
    `num_pages` and `page(number)`, 1 the first page."""

    def __init__(self, name, url, object_list, settings, per_page=None) -> None:
        self.name = name
        self.url = url
        self.object_list = object_list
        self.per_page = per_page
        posts = tuple(object_list)
        rules = _rules(settings)
        pages = []
        for span in page_spans(len(posts), per_page):
            shown = posts[span.start : span.stop]
            url_rule, save_rule = rules.first if span.block is None else rules.further
            pages.append(
                StablePage(
                    shown,
                    span.block,
                    _address(url_rule, name, url, span.block),
                    _address(save_rule, name, url, span.block),
                    _date(shown[-1]) if shown else None,
                    _date(shown[0]) if shown else None,
                )
            )
        self.pages = tuple(pages)

    @property
    def num_pages(self) -> int:
        return len(self.pages)

    @property
    def count(self) -> int:
        return len(self.object_list)

    def page(self, number: int) -> StablePage:
        return self.pages[number - 1]

    def preview_digest(self) -> tuple:
        # What a key holding the whole paginator depends on (preview/pages.py).
        return self.pages


def _date(item: Any) -> Any:
    """A post's date; None for anything without one (a paginated list of other things)."""
    return getattr(item, "date", None)


@contextlib.contextmanager
def stable_paginator() -> Iterator[None]:
    """Pelican's Writer.write_file paginates with StablePaginator inside (it looks the name
    up in its module at each call); Pelican's Paginator again after it."""
    import pelican.writers

    before = pelican.writers.Paginator
    pelican.writers.Paginator = StablePaginator
    try:
        yield
    finally:
        pelican.writers.Paginator = before


# The start of a range without what its end says again: '3. März' (bis 20. April 2024),
# '3.' (bis 20. März 2024); the month alone for a month-only date.
_SHORT = {
    "de": {"year": "d. MMMM", "month": "d.", "month_only": "MMMM"},
    "en": {"year": "d MMMM", "month": "d", "month_only": "MMMM"},
}


def date_range(oldest: dt.date, newest: dt.date, lang: str) -> tuple[str, str | None]:
    """A page's dates as its status text names them: (start, end), or (date, None) when
    all its posts share the date as shown; the start's year (and month) only where they
    differ from the end's."""
    end = local_date(newest, lang)
    if local_date(oldest, lang) == end:
        return end, None
    if oldest.year != newest.year:
        return local_date(oldest, lang), end
    short = _SHORT[lang]
    if is_month_only(oldest):
        pattern = short["month_only"]
    elif oldest.month == newest.month and not is_month_only(newest):
        pattern = short["month"]
    else:
        pattern = short["year"]
    locale = TEXTS[lang]["locale"]
    return format_date(dt.date(oldest.year, oldest.month, oldest.day), pattern, locale), end


@pass_context
def page_dates(context, oldest: Any, newest: Any) -> tuple[str, str | None]:
    """Template filter: a listing page's date range in the page's language (date_range),
    `{{ articles_page.oldest|page_dates(articles_page.newest) }}`; ("", None) for an empty
    page. Given the two dates, not the page: a page's key then holds the dates, not every
    value of its posts (their related posts change with each new post)."""
    if oldest is None or newest is None:
        return "", None
    return date_range(oldest, newest, context.get("lang", SOURCE_LANGUAGE))
