"""What the press templates see: one `PressPage` per language (docs/template-context.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..data.model import Region, RegionName, SiteData
from ..feeds import FEED_KINDS, Feed
from ..settings import ShowcaseSettings
from .contacts import PressContact, press_contacts
from .facts import FactsSheet, facts_sheet
from .feed import press_feed_path
from .model import PressRelease
from .pictures import PressPicture, press_pictures

FACTS_FOLDER = "fakten/"


@dataclass(frozen=True)
class PressPage:
    """The press area of one language. The English one has no releases (they are German)."""

    url: str  # presse/ or en/press/
    facts_url: str  # presse/fakten/; the English facts stand on en/press/ itself
    releases: tuple[PressRelease, ...]
    # Each region by slug and name (all the list shows of it): a Region here would be read
    # whole (the template unpacks the pairs), so each claim edit rendered the page again.
    contacts: tuple[tuple[RegionName, tuple[PressContact, ...]], ...]
    pictures: tuple[PressPicture, ...]
    facts: FactsSheet
    feeds: tuple[Feed, ...]
    # Functions of what they answer from alone, not methods of the whole page: a page's key
    # holds a method's object whole (preview/pages.py), here every region, so each claim
    # edit rendered the press pages again, which show no claim.
    release_url: Callable[[PressRelease], str]  # presse/2022/praxisleitfaden/
    # The press contacts of one region (a release names its region's).
    contacts_of: Callable[[Region], tuple[PressContact, ...]]


def release_url(press_url: str, year: int | str, slug: str) -> str:
    """A release's address: the press page, the year, the slug."""
    return f"{press_url}{year}/{slug}/"


def _release_url(press_url: str, release: PressRelease) -> str:
    # Reads the release's date and slug alone: declared in preview/followed_reads.py's
    # DECLARED_READS, so a page's key holds these, not the release's regions.
    return release_url(press_url, release.date.year, release.slug)


def _contacts_of(
    by_slug: dict[str, tuple[PressContact, ...]], region: Region
) -> tuple[PressContact, ...]:
    return by_slug[region.slug]


def press_page(
    settings: ShowcaseSettings, site: SiteData, releases: list[PressRelease], german: bool
) -> PressPage:
    """The press page of `settings`' language; `site` is that language's data."""
    url = settings.overview_url("press")
    contacts = tuple((RegionName(r.slug, r.name), press_contacts(r)) for r in site.regions)
    return PressPage(
        url=url,
        facts_url=url + FACTS_FOLDER if german else url,
        releases=tuple(releases) if german else (),
        contacts=contacts,
        pictures=press_pictures(settings, site),
        facts=facts_sheet(site),
        feeds=press_feeds(settings) if german else (),
        release_url=partial(_release_url, url),
        contacts_of=partial(_contacts_of, {r.slug: c for r, c in contacts}),
    )


def press_feeds(settings: ShowcaseSettings) -> tuple[Feed, ...]:
    """The press feeds (German only: the releases are written in German), for the press page
    and the list of every feed on /feeds/."""
    return tuple(
        Feed(kind, press_feed_path(settings, kind), "Pressemitteilungen") for kind in FEED_KINDS
    )
