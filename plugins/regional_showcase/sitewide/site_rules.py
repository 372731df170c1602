"""The content rules that depend on more than one file: links between posts and pages, the
dates of all posts, the regions still in use. Run again whenever a post, page or address
changes: a post deleted or unpublished changes whether another post's link resolves. What is
made of one post or one link alone (SiteParts) a process that checks again keeps
(remembered_rules.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..data.content_rules import BODY, date_warning
from ..data.front_matter import Header, split_header
from ..data.internal_links import (
    InternalTarget,
    LinkingText,
    internal_link_problems,
    internal_target,
    link_targets,
    local_links,
    mailto_problems,
    site_hosts,
)
from ..data.paths_shown import display_path
from ..data.posts import POST_SUFFIXES, PostInfo, post_files
from ..data.problems import Problem
from ..data.region_usage import data_slugs, region_users, removed_region_problems
from ..data.text_files import UnusableText, read_text
from .site_addresses import (
    PageInfo,
    PostPlace,
    below,
    page_address,
    page_infos,
    post_place,
    site_addresses,
)

if TYPE_CHECKING:
    from ..data.addresses import Addresses
    from ..data.model import SiteData
    from ..events.loader import EventList
    from ..settings import ShowcaseSettings


@dataclass
class SiteRules:
    """Errors and warnings of the rules across files."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def today_of(settings: ShowcaseSettings) -> dt.date:
    """The build date (SHOWCASE_BUILD_DATE), else today in the site's time zone."""
    return settings.build_date or dt.datetime.now(ZoneInfo(settings.timezone)).date()


class SiteParts:
    """The parts of the rules across files that are made of one post or one link each: made
    here every time; a process that checks again keeps them (remembered_rules.py), so that
    a new or deleted post costs its own share, not every post's."""

    def __init__(self, settings: ShowcaseSettings) -> None:
        self.settings = settings

    def place(self, info: PostInfo) -> PostPlace:
        """post_place of the post."""
        return post_place(self.settings, info)

    def text(self, info: PostInfo) -> LinkingText:
        """The post's text as the link rule reads it (a post with links)."""
        return _post_text(self.place(info), info)

    def late(self, info: PostInfo, today: dt.date) -> Problem | None:
        """The post's date warning on `today` (a date before the first post, or ahead)."""
        return _date_warning(self.settings, info, today)

    def target(self, *arguments) -> InternalTarget | None:
        """internal_target of one link."""
        return internal_target(*arguments)


def _post_text(place: PostPlace, info: PostInfo) -> LinkingText:
    return LinkingText(
        place.shown,
        place.address or "",
        place.relative,
        info.draft,
        info.links,
        info.body_line,
        BODY,
    )


def _date_warning(settings: ShowcaseSettings, info: PostInfo, today: dt.date) -> Problem | None:
    if info.date is None:
        return None
    return date_warning(
        info.date,
        display_path(info.path),
        info.date_line,
        info.date_field,
        today,
        settings.first_post_date,
    )


def linking_texts(
    settings: ShowcaseSettings,
    posts: Iterable[PostInfo],
    pages: Iterable[PageInfo],
    parts: SiteParts | None = None,
) -> list[LinkingText]:
    """Posts and pages with the links of their texts, as the link rule reads them."""
    parts = SiteParts(settings) if parts is None else parts
    content = settings.content_path
    found = [(page, page_address(settings, page)) for page in pages if page.links]
    return [parts.text(info) for info in posts if info.links] + [
        LinkingText(
            display_path(text.path),
            address or "",
            below(text.path, content),
            text.draft,
            text.links,
            text.body_line,
            BODY,
        )
        for text, address in found
    ]


def other_texts(settings: ShowcaseSettings, events: EventList | None) -> list[LinkingText]:
    """Event texts and region texts with their links: written by staff like posts, so their
    links must lead somewhere too. Few files, read here (their own checks keep no links)."""
    texts = []
    content = settings.content_path
    urls = {
        event.source: settings.event_url.format(year=event.year, slug=event.slug)
        for event in (events.events if events is not None else ())
    }
    folder = settings.events_path
    for path in post_files(folder) if folder.is_dir() else []:
        header = _header(path)
        if header is None or header.problems:
            continue  # the event's own check reports it
        shown = display_path(path)
        draft = header.fields.get("status", ("", 0))[0].strip().lower() == "draft"
        links = tuple(link_targets(header.body) + local_links(header.body))
        address = urls.get(shown, "")
        texts.append(
            LinkingText(shown, address, below(path, content), draft, links, header.body_line)
        )
    region_texts = settings.region_texts
    for path in (
        sorted(region_texts.rglob("*.md")) if region_texts and region_texts.is_dir() else []
    ):
        lang = settings.lang if path.parent == region_texts else path.parent.name
        if lang not in settings.languages:
            continue  # content_problems reports a stray folder
        try:
            text = read_text(path, display_path(path))
        except UnusableText:
            continue
        address = settings.edition(lang).region_url.format(slug=path.stem)
        links = tuple(link_targets(text) + local_links(text))
        texts.append(
            LinkingText(display_path(path), address, below(path, content), False, links, 1)
        )
    return [text for text in texts if text.links]


def _header(path: Path) -> Header | None:
    if path.suffix.lower() not in POST_SUFFIXES:
        return None
    try:
        return split_header(read_text(path, display_path(path)), display_path(path))
    except UnusableText:
        return None


def own_hosts(settings: ShowcaseSettings) -> tuple[str, ...]:
    """This site's host names: a link written with them is an internal link. Not
    FEED_ID_DOMAIN: it only names the feed ids (the site is not starke-regionen.de)."""
    return site_hosts(settings.site_url, settings.feed_domain)


def site_rules(
    settings: ShowcaseSettings,
    site: SiteData,
    posts: list[PostInfo],
    events: EventList | None,
    *,
    pages: list[PageInfo] | None = None,
    addresses: Addresses | None = None,
    parts: SiteParts | None = None,
    others: list[LinkingText] | None = None,
) -> SiteRules:
    """Links resolve (or are refused with the nearest address), dates are no year typos,
    and no region that left the data is still named. `pages` and `addresses` are the
    caller's when it has them (the input check shares them with kept_addresses); `parts`
    and `others` (other_texts) too, kept in a process that checks again."""
    found = SiteRules()
    parts = SiteParts(settings) if parts is None else parts
    pages = page_infos(settings) if pages is None else pages
    if addresses is None:
        addresses = site_addresses(settings, site, posts, events, pages, parts.place)
    others = other_texts(settings, events) if others is None else others
    texts = linking_texts(settings, posts, pages, parts) + others
    found.problems += internal_link_problems(texts, addresses, own_hosts(settings), parts.target)
    for text in others:  # posts and pages have this rule in their own check
        found.problems += mailto_problems(text.links, text.shown, text.first_line, text.field)
    today = today_of(settings)
    for info in posts:
        found.warnings += info.warnings
        late = parts.late(info, today)
        if late is not None:
            found.warnings.append(late)
    named = {parts.place(info).shown: info.regions for info in posts}
    found.problems += region_problems(settings, [r.slug for r in site.regions], named)
    return found


def region_problems(
    settings: ShowcaseSettings,
    known: list[str] | None = None,
    posts: dict[str, tuple[str, ...]] | None = None,
) -> list[Problem]:
    """Regions gone from the data while files still name them (region_usage.py).

    `known` are the valid data's slugs; None reads them plainly from regions.yaml (the data
    did not validate, maybe because a region text names the removed region). `posts` are
    the regions the posts' check found (file -> slugs); None reads the posts."""
    if known is None:
        known = data_slugs(settings.data)
        if known is None:
            return []
    listed = post_files(settings.news_dir) if posts is None else posts
    users = region_users(listed, settings.events_path, settings.region_texts)
    return removed_region_problems(known, users, display_path(settings.data), settings.region_texts)
