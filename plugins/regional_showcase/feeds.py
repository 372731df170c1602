"""Feeds: where they live, what they are called, ids that never change, JSON Feed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urljoin

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup

from .data.feed_ids import entry_id as post_entry_id
from .data.model import Region, Topic
from .settings import ShowcaseSettings, showcase_settings
from .translations import TEXTS

FEED_KINDS = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
FEED_LABELS = {"atom": "Atom", "rss": "RSS"}


@dataclass(frozen=True)
class Feed:
    kind: str  # atom | rss
    url: str  # relative to SITEURL, e.g. feeds/regionen/allgaeu.atom.xml
    title: str

    @property
    def mime(self) -> str:
        return FEED_KINDS[self.kind]

    @property
    def label(self) -> str:
        return FEED_LABELS[self.kind]


def feed_path(settings: ShowcaseSettings, subject: Region | Topic | None, kind: str) -> str:
    """The path of a feed from the FEED patterns in the settings."""
    if subject is None:
        return settings.site_feed.format(kind=kind)
    pattern = settings.region_feed if isinstance(subject, Region) else settings.topic_feed
    return pattern.format(slug=subject.slug, kind=kind)


def feeds_for(settings: ShowcaseSettings, subject: Region | Topic | None) -> list[Feed]:
    """The Atom and RSS feed of the site, a region or a topic."""
    title = TEXTS[settings.lang]["all_news"] if subject is None else subject.name
    return [Feed(kind, feed_path(settings, subject, kind), title) for kind in FEED_KINDS]


def entry_id(settings: ShowcaseSettings, article) -> str:
    """A tag: URI from FEED_ID_DOMAIN and the post's file name (data/feed_ids.py).

    Pelican derives ids from the host name and the URL, so a new domain or URL scheme makes
    every reader show every entry twice. Neither the title, the date nor the domain the site
    is served from is part of this id.
    """
    # The site's language, also where `settings` are an edition's (the English JSON Feed).
    default_lang = showcase_settings(article.settings).lang
    return post_entry_id(
        settings.feed_id_domain,
        article.source_path,
        article.date,
        article.slug,
        getattr(article, "lang", default_lang),
        article.metadata.get("translation_key", ""),
        default_lang,
    )


def entry_categories(article) -> list[str]:
    """Topic and regions of an entry; a post for every region says so once, not 400 times."""
    view = article.showcase
    everywhere = TEXTS[getattr(article, "lang", "de")]["all_regions"]
    regions = [everywhere] if view.for_all_regions else [r.name for r in view.region_list]
    return [view.topic.name, *regions]


def distinct_updates(instants: list[dt.datetime]) -> list[dt.datetime]:
    """Each entry's atom:updated, given the entries' own instants in feed order: no two equal.

    Posts dated by the day alone all stand at midnight, and feed validators warn about two
    entries with the same atom:updated (a reader may take them for one entry published
    twice). Entries of one instant are set a second apart, the one listed first latest, so
    the times keep the feed's order and the day stays the same."""
    used: set[dt.datetime] = set()
    result = list(instants)
    for index in reversed(range(len(instants))):
        instant = instants[index]
        while instant in used:
            instant += dt.timedelta(seconds=1)
        used.add(instant)
        result[index] = instant
    return result


def feed_id(settings: ShowcaseSettings, path: str) -> str:
    """A permanent id for a whole feed: the domain, a fixed date and the feed's name."""
    name = path.rsplit(".", 2)[0]  # feeds/regionen/allgaeu.atom.xml -> feeds/regionen/allgaeu
    return f"tag:{settings.feed_id_domain},{settings.feed_id_date}:{name}"


class StyledAtom1Feed(Atom1Feed):
    """feedgenerator writes stylesheet instructions for RSS only; Atom readers deserve them too."""

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


def json_feed(settings: ShowcaseSettings, articles: list) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the same ids as the XML feeds."""
    base = settings.absolute_url
    items = []
    for article in articles[: settings.feed_max_items]:
        item = {
            "id": entry_id(settings, article),
            "url": urljoin(base + "/", article.url),
            "title": article.title,
            "summary": _plain(article.summary),
            "date_published": article.date.isoformat(),
            "authors": [{"name": article.showcase.author_organisation}],
            "tags": entry_categories(article),
            "language": getattr(article, "lang", settings.lang),
        }
        if settings.feed_summary_only:
            item["content_text"] = _plain(article.summary)
        else:
            item["content_html"] = article.get_content(base)
        if hasattr(article, "modified"):
            item["date_modified"] = article.modified.isoformat()
        if article.showcase.lead_image is not None:
            item["image"] = urljoin(base + "/", article.showcase.lead_image.path)
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": settings.site_name,
        "home_page_url": base + "/",
        "feed_url": urljoin(base + "/", settings.json_feed),
        "language": settings.lang,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _plain(html: str) -> str:
    return Markup(html).striptags()
