"""The press generator: /presse/, a page per release, the facts sheet, the feeds, /en/press/.

It runs after the main generator, which checked every input (the releases among them,
content_types/registry.py) and built each language's page context.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from ..content_types.registry import INPUT_KEY, checked_items
from ..feeds import FEED_KINDS
from ..markup import render_markdown
from ..preview.changed_sources import ONLINE
from ..settings import showcase_settings
from ..writer import write_text_file
from .feed import press_feed, press_feed_path
from .page import press_page

NAME = "press"  # the type's key in the registry (content_type.py)
EDITIONS_KEY = "showcase_editions"  # each further language's page context (generator.py)


class PressGenerator(Generator):
    """Pages and feeds of the press area, in German and (facts, contacts) in English."""

    def generate_context(self):
        self.showcase = showcase = showcase_settings(self.settings)
        site = self.context[INPUT_KEY].site
        releases = checked_items(self.context, NAME)
        # As with posts: drafts and releases dated later only in the preview; the hourly
        # build publishes a release on its day (published-set.txt counts it then).
        now = dt.datetime.now(ZoneInfo(showcase.timezone)).replace(tzinfo=None)
        self.published = [r for r in releases if r.is_online(now)]
        # Which releases this build put online by its clock: the page keys kept without a
        # walk hold only while the same are (preview/changed_sources.py ONLINE).
        self.context[ONLINE] = tuple(release.source_path for release in self.published)
        self.releases = releases if showcase.preview else self.published
        self.page = page = press_page(showcase, site, self.releases, german=True)
        self.editions = {
            lang: press_page(showcase.edition(lang), site.editions[lang], [], german=False)
            for lang, _ in showcase.editions
            # An edition without its own press address would write over the German page.
            if showcase.edition(lang).overview_url(NAME) != page.url
        }

    def generate_output(self, writer):
        showcase, page = self.showcase, self.page
        write = partial(
            writer.write_file, context=self.context, relative_urls=showcase.relative_urls
        )
        alternates = self._alternates()
        write(
            page.url + "index.html",
            self.get_template("press"),
            press=page,
            url=page.url,
            alternates=alternates,
        )
        write(
            page.facts_url + "index.html",
            self.get_template("press_facts"),
            press=page,
            url=page.facts_url,
            # The English facts stand on /en/press/, whose own twin is /presse/: no pair.
            alternates=(),
        )
        for release in self.releases:
            write(
                page.release_url(release) + "index.html",
                self.get_template("press_release"),
                press=page,
                release=release,
                release_body=render_markdown(release.body),
                url=page.release_url(release),
            )
        urls = {r.slug: page.release_url(r) for r in self.published}
        for kind in FEED_KINDS:
            text = press_feed(showcase, self.published, kind, urls)
            write_text_file(Path(self.output_path), press_feed_path(showcase, kind), text)
        for lang, edition_page in self.editions.items():
            context = self.context[EDITIONS_KEY][lang]
            writer.write_file(
                edition_page.url + "index.html",
                self.get_template("press"),
                context,
                relative_urls=showcase.relative_urls,
                press=edition_page,
                url=edition_page.url,
                alternates=alternates,
            )

    def _alternates(self) -> tuple:
        """The press page in every language: the German one with the releases, the others
        with the facts and the contacts."""
        return (
            (self.showcase.lang, self.page.url),
            *((lang, page.url) for lang, page in self.editions.items()),
        )
