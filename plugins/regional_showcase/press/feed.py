"""The press feeds (/presse/feed.atom.xml and .rss.xml): the published releases, newest first.

Ids follow the site's rule (feeds.py): a tag: URI from FEED_ID_DOMAIN and what never
changes about a release (its date and slug from the file name), not its address.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from feedgenerator import Rss201rev2Feed, Stylesheet
from markupsafe import Markup

from ..feeds import StyledAtom1Feed, distinct_updates, feed_id
from ..markup import render_markdown
from ..settings import ShowcaseSettings
from .model import PressRelease

FEED_NAME = "feed.{kind}.xml"


def press_feed_path(settings: ShowcaseSettings, kind: str) -> str:
    """presse/feed.atom.xml and presse/feed.rss.xml (below the German press page)."""
    return settings.overview_url("press") + FEED_NAME.format(kind=kind)


def release_entry_id(settings: ShowcaseSettings, release: PressRelease) -> str:
    """tag:starke-regionen.de,2022-05-25:presse/praxisleitfaden"""
    return f"tag:{settings.feed_id_domain},{release.date:%Y-%m-%d}:presse/{release.slug}"


def press_feed(
    settings: ShowcaseSettings, releases: list[PressRelease], kind: str, urls: dict[str, str]
) -> str:
    """The feed's XML; `urls` maps a release's slug to its path below the site."""
    base = settings.absolute_url
    path = press_feed_path(settings, kind)
    feed_class = Rss201rev2Feed if kind == "rss" else StyledAtom1Feed
    title = f"{settings.site_name} – Pressemitteilungen"
    description = "Pressemitteilungen des Forschungsvorhabens und seiner Partnerregionen"
    feed = feed_class(
        title=title,
        link=f"{base}/{settings.overview_url('press')}",
        feed_url=f"{base}/{path}",
        description=description,
        subtitle=description,
        language=settings.lang,
        feed_guid=feed_id(settings, path),
        stylesheets=[Stylesheet(f"{base}/{settings.feed_stylesheet}", mimetype="text/xsl")],
    )
    shown = releases[: settings.feed_max_items]
    zone = ZoneInfo(settings.timezone)
    dates = [r.date if r.date.tzinfo else r.date.replace(tzinfo=zone) for r in shown]
    for release, date, updated in zip(shown, dates, distinct_updates(dates), strict=True):
        feed.add_item(
            title=release.title,
            link=f"{base}/{urls[release.slug]}",
            description=Markup(render_markdown(release.summary)).striptags(),
            content=render_markdown(release.body),
            author_name=release.contact.organisation.name,
            pubdate=date,
            updateddate=updated,
            unique_id=release_entry_id(settings, release),
            unique_id_is_permalink=False,
            categories=[r.name for r in release.regions],
        )
    # Without entries feedgenerator would date the feed with the build time.
    fixed = dt.datetime(int(settings.feed_id_date), 1, 1, tzinfo=dt.UTC)
    latest = feed.latest_post_date
    feed.latest_post_date = lambda: latest() if feed.items else fixed
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()
