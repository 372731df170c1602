"""Feeds: where they live, what they are called, and entry ids that never change."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from feedgenerator import Rss201rev2Feed
from pelican.utils import set_date_tzinfo
from pelican.writers import Writer

from .model import Region, Topic

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


def feed_id(settings: dict, path: str) -> str:
    """A permanent id for a whole feed: the domain, a fixed date and the feed's name."""
    name = path.rsplit(".", 2)[0]  # feeds/regionen/allgaeu.atom.xml -> feeds/regionen/allgaeu
    return f"tag:{settings['FEED_ID_DOMAIN']},{settings['FEED_ID_DATE']}:{name}"


class ShowcaseWriter(Writer):
    """Pelican's Writer with permanent ids, absolute links, authors and categories."""

    def _base_url(self) -> str:
        return (self.settings.get("FEED_DOMAIN") or self.site_url).rstrip("/")

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed.feed["link"] = self._base_url() + "/"
        feed.feed["id"] = feed_id(self.settings, self._feed_path)
        return feed

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        self._feed_path = path or url or ""
        return super().write_feed(elements, context, path, url, feed_type, override_output,
                                  feed_title)

    def _add_item_to_the_feed(self, feed, item):
        base = self._base_url()
        link = urljoin(base + "/", str(item.url))
        summary_only = self.settings.get("SHOWCASE_FEED_SUMMARY_ONLY", False)
        content = item.get_content(base)
        if isinstance(feed, Rss201rev2Feed):
            # RSS has one element for both; readers show it as the entry's text.
            description, content = (item.summary if summary_only else content), None
        else:
            description, content = item.summary, (None if summary_only else content)
        categories = [item.topic.name] + [region.name for region in item.region_list]
        tz = self.settings.get("TIMEZONE")
        feed.add_item(
            title=item.title,
            link=link,
            unique_id=entry_id(self.settings, item),
            description=description,
            content=content,
            categories=categories,
            author_name=item.author_organisation,
            pubdate=set_date_tzinfo(item.date, tz),
            updateddate=set_date_tzinfo(item.modified, tz) if hasattr(item, "modified") else None,
        )
