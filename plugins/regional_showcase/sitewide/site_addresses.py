"""Every address a build writes, worked out from the inputs and the URL patterns without
building.

The internal-link rule (internal_links.py) looks each link up here, in `showcase check`, in
the build before Pelican reads a post, and in the web editor before it saves: all three must
know the same set, and none of them may wait for a build. So the set is computed from what
decides each address: a post's slug, date and language with ARTICLE_URL/ARTICLE_LANG_URL, a
page's slug with PAGE_URL, the regions and topics of the data with the edition's patterns,
the events, the feeds, the open data and the files Pelican copies (content/images/).
Addresses carry no leading slash: '' is the home page, 'aktuelles/2024/titel/' a post.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..data import unsaved
from ..data.addresses import Addresses
from ..data.front_matter import split_header
from ..data.internal_links import LinkTarget, link_targets, local_links
from ..data.operator_pages import waiting_for
from ..data.paths_shown import display_path
from ..data.posts import POST_SUFFIXES, PostInfo, status_of
from ..data.text_files import UnusableText, read_text
from ..feeds import feeds_for
from ..press.addresses import press_addresses
from ..settings import OVERVIEWS
from ..urls import url_for

if TYPE_CHECKING:
    from ..data.model import SiteData
    from ..events.loader import EventList
    from ..settings import ShowcaseSettings

# What the build writes besides pages (sitemap.py, robots, the 404 page) and the web editor.
FIXED_ADDRESSES = ("404.html", "sitemap.xml", "robots.txt", "admin/")
# The open data downloads below SHOWCASE_DATA_DIR (opendata/downloads.py names them).
OPEN_DATA_FILES = (
    "regions.json",
    "regions.schema.json",
    "regions.geojson",
    "key-figures.csv",
    "datapackage.json",
)


def _format(pattern: str, **values) -> str | None:
    """A Pelican URL pattern filled in; None when it asks for more than is known."""
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def post_address(settings: ShowcaseSettings, info: PostInfo) -> str | None:
    """The address of a post (published or not) from its slug, date and language."""
    if not info.slug or info.date is None:
        return None
    own = not info.lang or info.lang == settings.lang
    pattern = settings.article_url if own else settings.article_lang_url
    return _format(pattern, slug=info.slug, date=info.date, lang=info.lang or settings.lang)


@dataclass(frozen=True)
class PostPlace:
    """What the rules across files take of a post besides its PostInfo: its file as messages
    name it, its address (None: none can be made) and its file below content/."""

    shown: str
    address: str | None
    relative: str


def post_place(settings: ShowcaseSettings, info: PostInfo) -> PostPlace:
    """The post's place, made of its PostInfo and the settings alone."""
    return PostPlace(
        display_path(info.path),
        post_address(settings, info),
        below(info.path, settings.content_path),
    )


@dataclass(frozen=True)
class PageInfo:
    """What decides a page's address, and the links of its text."""

    path: Path
    slug: str
    lang: str
    draft: bool
    links: tuple[LinkTarget, ...] = ()
    body_line: int = 1


def page_infos(settings: ShowcaseSettings) -> list[PageInfo]:
    """Every page (Impressum, Datenschutz, the English pages) with its slug and language."""
    infos = []
    for folder in settings.page_dirs:
        if not folder.is_dir():
            continue
        for path in unsaved.files_under(folder):
            if path.suffix.lower() not in POST_SUFFIXES or path.name.startswith("."):
                continue
            try:
                header = split_header(read_text(path, display_path(path)), str(path))
            except UnusableText:
                continue  # content_problems reports it
            fields = header.fields
            links = tuple(link_targets(header.body) + local_links(header.body))
            slug = fields.get("slug", (path.stem, 0))[0].strip() or path.stem
            lang = fields.get("lang", ("", 0))[0].strip() or settings.lang
            status = status_of(fields.get("status", ("published", 0))[0]) or "published"
            # A page waiting for its content (`requires: video`) is not built either, like a
            # draft (operator_build.py): no link may lead there, and it is not online.
            waiting = waiting_for({name: value for name, (value, _) in fields.items()})
            unbuilt = status == "draft" or bool(waiting)
            infos.append(PageInfo(path, slug, lang, unbuilt, links, header.body_line))
    return infos


def page_address(settings: ShowcaseSettings, page: PageInfo) -> str | None:
    """A page's address from PAGE_URL (PAGE_LANG_URL for another language)."""
    pattern = settings.page_url if page.lang == settings.lang else settings.page_lang_url
    return _format(pattern, slug=page.slug, lang=page.lang)


def _edition_addresses(settings: ShowcaseSettings, site: SiteData) -> set[str]:
    """Home, overviews, region and topic pages and the feeds of every language."""
    found: set[str] = set()
    for lang in settings.languages:
        edition = settings.edition(lang)
        found.add(edition.home_url)
        for name in OVERVIEWS:
            if edition.has_overview(name):
                found.add(edition.overview_url(name))
        for subject in (None, *site.regions, *site.topics):
            found.update(feed.url for feed in feeds_for(edition, subject))
            if subject is not None:
                found.add(url_for(edition, subject))
        found.add(edition.json_feed)
    return found


def _static_files(settings: ShowcaseSettings) -> dict[str, str]:
    """Files Pelican copies as they are (content/images/…): path below content/ -> address."""
    files = {}
    for folder in settings.static_paths:
        root = settings.content_path / folder
        if not root.is_dir():
            continue
        for path in unsaved.files_under(root):
            if not path.name.startswith("."):
                relative = path.relative_to(settings.content_path).as_posix()
                files[relative] = relative
    return files


def site_addresses(
    settings: ShowcaseSettings,
    site: SiteData,
    posts: Iterable[PostInfo],
    events: EventList | None = None,
    pages: Iterable[PageInfo] | None = None,
    place_of: Callable[[PostInfo], PostPlace] | None = None,
) -> Addresses:
    """Every address a build of these inputs writes (see the module's docstring).
    `place_of`: post_place, or the same kept by the PostInfo (remembered_rules.py)."""
    found = _edition_addresses(settings, site)
    found.update(FIXED_ADDRESSES)
    data = settings.data_dir.strip("/")
    found.add(f"{data}/")
    found.update(f"{data}/{name}" for name in OPEN_DATA_FILES)
    found.update(f"{data}/regions/{region.slug}.json" for region in site.regions)
    found.add(settings.events_calendar)
    found.update(settings.region_calendar.format(slug=region.slug) for region in site.regions)
    for event in events.events if events is not None else ():
        if not event.draft:
            found.add(settings.event_url.format(year=event.year, slug=event.slug))
            found.add(settings.event_ics.format(year=event.year, slug=event.slug))
    files = _static_files(settings)
    found.update(files.values())
    drafts: dict[str, str] = {}
    draft_fields: dict[str, tuple[int, str]] = {}
    sources: dict[str, str] = {}
    # The press area's releases, facts sheet and feeds (press/addresses.py).
    for address, source in press_addresses(settings).items():
        found.add(address)
        if source:
            sources[address] = source
    content = settings.content_path
    place_of = partial(post_place, settings) if place_of is None else place_of
    for info in posts:
        place = place_of(info)
        address = place.address
        if address is None:
            continue
        if info.draft:
            drafts[address] = place.shown
            draft_fields[place.shown] = (info.status_line, info.status_field)
            continue
        found.add(address)
        sources[address] = place.shown
        if place.relative:
            files[place.relative] = address
    for page in page_infos(settings) if pages is None else pages:
        address = page_address(settings, page)
        if address is None:
            continue
        if page.draft:
            drafts[address] = display_path(page.path)
            continue
        found.add(address)
        sources[address] = display_path(page.path)
        relative = below(page.path, content)
        if relative:
            files[relative] = address
    prefixes = tuple(
        f"{folder.strip('/')}/"
        for folder in (
            settings.theme_static_dir,
            settings.social_dir,
            settings.illustration_dir,
            "pagefind",
        )
    )
    paginated = frozenset(
        listing
        for lang in settings.languages
        for listing in (
            settings.edition(lang).news_url,
            *(url_for(settings.edition(lang), topic) for topic in site.topics),
        )
    )
    return Addresses(
        frozenset(found),
        prefixes,
        drafts=drafts,
        files=files,
        sources=sources,
        draft_fields=draft_fields,
        paginated=paginated,
    )


def below(path: Path, content: Path) -> str:
    """A file's path below content/ ('news/x.md'), as {filename} links name it; '' outside."""
    # As strings first: called for every post in two rules of every check.
    text, prefix = str(path), os.path.join(str(content), "")
    if text.startswith(prefix) and prefix != "./":
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.relative_to(content).as_posix()
    except ValueError:
        return ""
