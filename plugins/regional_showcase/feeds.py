"""Feeds: where they live, what they are called, ids that never change, JSON Feed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup

from .data.model import Region, Topic

FEED_KINDS = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
FEED_LABELS = {"atom": "Atom", "rss": "RSS"}
ALL_REGIONS_LABEL = "Alle Regionen"


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


def feed_path(settings: dict, subject: Region | Topic | None, kind: str) -> str:
    """The path of a feed from the FEED patterns in the settings."""
    if subject is None:
        return settings["SHOWCASE_SITE_FEED"].format(kind=kind)
    key = "SHOWCASE_REGION_FEED" if isinstance(subject, Region) else "SHOWCASE_TOPIC_FEED"
    return settings[key].format(slug=subject.slug, kind=kind)


def feeds_for(settings: dict, subject: Region | Topic | None) -> list[Feed]:
    """The Atom and RSS feed of the site, a region or a topic."""
    title = "Alle Meldungen" if subject is None else subject.name
    return [Feed(kind, feed_path(settings, subject, kind), title) for kind in FEED_KINDS]


def entry_id(settings: dict, article) -> str:
    """A tag: URI from FEED_ID_DOMAIN, the post's date and slug.

    Pelican derives ids from the host name and the URL, so a new domain or URL scheme makes
    every reader show every entry twice. Neither the title nor the domain is part of this id.
    """
    domain = settings["FEED_ID_DOMAIN"]
    return f"tag:{domain},{article.date:%Y-%m-%d}:{article.slug}"


def entry_categories(article) -> list[str]:
    """Topic and regions of an entry; a post for every region says so once, not 400 times."""
    regions = (
        [ALL_REGIONS_LABEL] if article.for_all_regions else [r.name for r in article.region_list]
    )
    return [article.topic.name, *regions]


def feed_id(settings: dict, path: str) -> str:
    """A permanent id for a whole feed: the domain, a fixed date and the feed's name."""
    name = path.rsplit(".", 2)[0]  # feeds/regionen/allgaeu.atom.xml -> feeds/regionen/allgaeu
    return f"tag:{settings['FEED_ID_DOMAIN']},{settings['FEED_ID_DATE']}:{name}"


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


def json_feed(settings: dict, site_title: str, articles: list) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the same ids as the XML feeds."""
    base = (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
    summary_only = settings.get("SHOWCASE_FEED_SUMMARY_ONLY", False)
    items = []
    for article in articles[: settings["FEED_MAX_ITEMS"]]:
        item = {
            "id": entry_id(settings, article),
            "url": urljoin(base + "/", article.url),
            "title": article.title,
            "summary": _plain(article.summary),
            "date_published": article.date.isoformat(),
            "authors": [{"name": article.author_organisation}],
            "tags": entry_categories(article),
            "language": "de",
        }
        if summary_only:
            item["content_text"] = _plain(article.summary)
        else:
            item["content_html"] = article.get_content(base)
        if hasattr(article, "modified"):
            item["date_modified"] = article.modified.isoformat()
        if article.lead_image is not None:
            item["image"] = urljoin(base + "/", article.lead_image.path)
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site_title,
        "home_page_url": base + "/",
        "feed_url": urljoin(base + "/", settings["SHOWCASE_JSON_FEED"]),
        "language": "de",
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _plain(html: str) -> str:
    return Markup(html).striptags()
