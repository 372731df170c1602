"""The plugin's Writer: Pelican's, with permanent feed ids, absolute links, authors and
categories in feeds, and in `make serve` no re-rendering of post pages that did not change."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urljoin

from feedgenerator import Enclosure, Rss201rev2Feed, Stylesheet
from markupsafe import Markup
from pelican import signals
from pelican.utils import sanitised_join, set_date_tzinfo
from pelican.writers import Writer

from .feeds import StyledAtom1Feed, entry_categories, entry_id, feed_id
from .settings import showcase_settings
from .staff.preview import PreviewManifest, inputs_fingerprint


class ShowcaseWriter(Writer):
    """Pelican's Writer with permanent feed ids, absolute links, authors and categories, and
    in `make serve` the skipping of post pages whose inputs did not change (preview.py)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.showcase = showcase_settings(self.settings)
        self.preview = None
        if self.showcase.preview and self.showcase.incremental:
            # One manifest per output folder: what it lists is deleted from that folder.
            key = hashlib.sha256(str(Path(output_path).resolve()).encode()).hexdigest()[:12]
            manifest = self.showcase.cache_dir / f"preview-pages-{key}.json"
            self.preview = PreviewManifest(manifest, Path(output_path))
        self._inputs = None

    def write_file(self, name, template, context, *args, **kwargs):
        content = kwargs.get("article")
        if self.preview is not None and content is not None and name:
            if self._inputs is None:
                posts = list(context.get("articles", [])) + list(context.get("drafts", []))
                self._inputs = inputs_fingerprint(self.showcase, posts, self.settings)
            fingerprint = self.preview.fingerprint(self._inputs, content.source_path)
            if self.preview.unchanged(name, fingerprint):
                # The page from the last build is still there and current: tell the
                # sitemap (and any plugin) that it is part of this build, as Pelican would.
                path = sanitised_join(self.output_path, name)
                signals.content_written.send(path, context={**context, **kwargs})
                self.preview.record(name)
                return
        super().write_file(name, template, context, *args, **kwargs)

    def finish(self) -> None:
        """Called once all pages are written: drop what left the site, remember what was written."""
        if self.preview is not None:
            # Every page and feed Pelican's Writer wrote in this build, paginated pages
            # included (it keeps the list to refuse overwrites); kept pages are recorded above.
            output = Path(self.output_path)
            for written in self._written_files:
                self.preview.record(str(Path(written).relative_to(output)))
            self.preview.remove_stale()
            self.preview.save()

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = Rss201rev2Feed if feed_type == "rss" else StyledAtom1Feed
        title = context["SITENAME"] + (f" – {feed_title}" if feed_title else "")
        # Opened in a browser, the feed renders as a readable page instead of raw XML.
        stylesheet = f"{self.site_url}/{self.showcase.feed_stylesheet}"
        return feed_class(
            title=Markup(title).striptags(),
            link=self.showcase.absolute_url + "/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE"),
            language="de",
            feed_guid=feed_id(self.showcase, self._feed_path),
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
        base = self.showcase.absolute_url
        link = urljoin(base + "/", str(item.url))
        summary_only = self.showcase.feed_summary_only
        content = item.get_content(base)
        if isinstance(feed, Rss201rev2Feed):
            # RSS has one element for both; readers show it as the entry's text.
            description, content = (item.summary if summary_only else content), None
        else:
            description, content = item.summary, (None if summary_only else content)
        categories = entry_categories(item)
        enclosures = None
        if item.showcase.lead_image is not None:
            image = item.showcase.lead_image
            enclosures = [
                Enclosure(urljoin(base + "/", image.path), str(image.length), image.mime_type)
            ]
        tz = self.showcase.timezone
        feed.add_item(
            title=item.title,
            link=link,
            unique_id=entry_id(self.showcase, item),
            # The id is a tag: URI, not the entry's address: without this, RSS 2.0 says the
            # guid is a permalink and some readers open it as a link.
            unique_id_is_permalink=False,
            description=description,
            content=content,
            categories=categories,
            enclosures=enclosures,
            author_name=item.showcase.author_organisation,
            pubdate=set_date_tzinfo(item.date, tz),
            updateddate=set_date_tzinfo(item.modified, tz) if hasattr(item, "modified") else None,
        )


def write_text_file(output_path: Path, relative: str, text: str) -> None:
    """Write a generated text file that is not rendered from a template (JSON feed, robots)."""
    target = output_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
