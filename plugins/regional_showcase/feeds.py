"""Feeds: where they live, what they are called, and entry ids that never change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, Stylesheet
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup
from pelican.utils import sanitised_join, set_date_tzinfo
from pelican.writers import Writer

from .model import Region, Topic
from .preview import PreviewManifest, inputs_fingerprint

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


class ShowcaseWriter(Writer):
    """Pelican's Writer with permanent feed ids, absolute links, authors and categories, and
    in `make serve` the skipping of post pages whose inputs did not change (preview.py)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.preview = None
        if self.settings.get("SHOWCASE_PREVIEW") and self.settings.get("SHOWCASE_INCREMENTAL"):
            cache = Path(self.settings.get("CACHE_PATH") or "cache") / "showcase"
            self.preview = PreviewManifest(cache / "preview-pages.json", Path(output_path))
        self._inputs = None

    def write_file(self, name, template, context, *args, **kwargs):
        content = kwargs.get("article")
        if self.preview is not None and content is not None and name:
            if self._inputs is None:
                posts = list(context.get("articles", [])) + list(context.get("drafts", []))
                self._inputs = inputs_fingerprint(self.settings, posts)
            fingerprint = self.preview.fingerprint(self._inputs, content.source_path)
            if self.preview.unchanged(name, fingerprint):
                # Still counted as written: the sitemap and overwrite checks see it.
                self._written_files.add(sanitised_join(self.output_path, name))
                return
        super().write_file(name, template, context, *args, **kwargs)

    def finish(self) -> None:
        """Called once all pages are written: remember what the preview wrote."""
        if self.preview is not None:
            self.preview.save()

    def _base_url(self) -> str:
        return (self.settings.get("FEED_DOMAIN") or self.site_url).rstrip("/")

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = Rss201rev2Feed if feed_type == "rss" else StyledAtom1Feed
        title = context["SITENAME"] + (f" – {feed_title}" if feed_title else "")
        # Opened in a browser, the feed renders as a readable page instead of raw XML.
        stylesheet = f"{self.site_url}/{self.settings['SHOWCASE_FEED_STYLESHEET']}"
        return feed_class(
            title=Markup(title).striptags(),
            link=self._base_url() + "/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE"),
            language="de",
            feed_guid=feed_id(self.settings, self._feed_path),
            stylesheets=[Stylesheet(stylesheet, mimetype="text/xsl")],
        )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        self._feed_path = path or url or ""
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )

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
        categories = entry_categories(item)
        enclosures = None
        if item.lead_image is not None:
            image = item.lead_image
            enclosures = [
                Enclosure(urljoin(base + "/", image.path), str(image.length), image.mime_type)
            ]
        tz = self.settings.get("TIMEZONE")
        feed.add_item(
            title=item.title,
            link=link,
            unique_id=entry_id(self.settings, item),
            description=description,
            content=content,
            categories=categories,
            enclosures=enclosures,
            author_name=item.author_organisation,
            pubdate=set_date_tzinfo(item.date, tz),
            updateddate=set_date_tzinfo(item.modified, tz) if hasattr(item, "modified") else None,
        )


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


def write_text_file(output_path: Path, relative: str, text: str) -> None:
    """Write a generated text file that is not rendered from a template (JSON feed, robots)."""
    target = output_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
