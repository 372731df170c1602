"""Every address once published still leads somewhere: the rule across the ledger
(address_ledger.py), the redirects file (redirects.py) and the pages this state of the
content makes (site_addresses.py).

`showcase check`, the build and the web editor's check before a save all run it through
check_input: a post deleted, unpublished, or moved to another year or slug without an entry
in data/weiterleitungen.yaml is refused with the entry to paste.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..data.address_ledger import Ledger, read_ledger, vanished_problems
from ..data.addresses import Addresses
from ..data.paths_shown import display_path
from ..data.posts import PostInfo
from ..data.problems import Problem
from ..data.redirects import Redirects, load_redirects
from ..events.loader import SAMPLES_DIR
from ..urls import url_for
from .site_addresses import page_infos, post_address, site_addresses

if TYPE_CHECKING:
    from ..data.model import SiteData
    from ..events.loader import EventList
    from ..settings import ShowcaseSettings

# Addresses a build writes that are no page to keep: the web editor.
NOT_KEPT = ("/admin/",)


@dataclass(frozen=True)
class KeptAddresses:
    """The redirects to write, the pages a publish build puts online now, and the problems."""

    redirects: Redirects = field(default_factory=Redirects)
    # '/aktuelles/2024/x/' -> what makes it ('content/news/….md', 'Region allgaeu', ''):
    # what `showcase addresses --update` adds to the ledger.
    published: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    ledger: Ledger = field(default_factory=Ledger)


def page_addresses(
    settings: ShowcaseSettings, site: SiteData, addresses: Addresses, events: EventList | None
) -> dict[str, str]:
    """The HTML pages among a build's addresses ('/…/'), each with what makes it."""
    sources = {f"/{address}": source for address, source in addresses.sources.items()}
    for lang in settings.languages:
        edition = settings.edition(lang)
        sources.update({f"/{url_for(edition, r)}": f"Region {r.slug}" for r in site.regions})
        sources.update({f"/{url_for(edition, t)}": f"Thema {t.slug}" for t in site.topics})
    for event in events.events if events is not None else ():
        sources[f"/{settings.event_url.format(year=event.year, slug=event.slug)}"] = event.source
    return {
        f"/{address}": sources.get(f"/{address}", "")
        for address in addresses.pages
        if (address == "" or address.endswith("/")) and f"/{address}" not in NOT_KEPT
    }


def dated_addresses(
    settings: ShowcaseSettings,
    posts: Iterable[PostInfo],
    address_of: Callable[[PostInfo], str | None] | None = None,
) -> tuple[tuple[dt.datetime, str], ...]:
    """Each dated post's address with its date in the site's time zone (for
    _not_yet_online): the posts alone decide it, the moment of the build does not.
    `address_of`: post_address, or the same kept (remembered_rules.py)."""
    zone = ZoneInfo(settings.timezone)
    address_of = partial(post_address, settings) if address_of is None else address_of
    dated = []
    for info in posts:
        if info.date is None:
            continue
        date = info.date if info.date.tzinfo else info.date.replace(tzinfo=zone)
        address = address_of(info)
        if address is not None:
            dated.append((date, f"/{address}"))
    return tuple(dated)


def _not_yet_online(dated: Iterable[tuple[dt.datetime, str]], now: dt.datetime) -> set[str]:
    """Posts dated after `now` (of dated_addresses): a publish build leaves them out until
    their date."""
    return {address for date, address in dated if date > now}


@dataclass(frozen=True)
class CheckedRedirects:
    """What kept_addresses finds before it asks the clock: this build's pages, the redirects
    file checked against them, the ledger, and the problems of the two files."""

    current: dict[str, str]
    redirects: Redirects
    problems: tuple[Problem, ...]
    ledger: Ledger


def checked_redirects(
    settings: ShowcaseSettings, site: SiteData, addresses: Addresses, events: EventList | None
) -> CheckedRedirects:
    """The part of kept_addresses the clock does not decide: it reads the redirects file and
    the ledger, and `addresses`, the region data and the events."""
    current = page_addresses(settings, site, addresses, events)
    redirects = load_redirects(settings.redirects_file, current, addresses.archive_listing)
    shown = display_path(settings.redirects_file) if settings.redirects_file else ""
    problems = [*redirects.problems]
    ledger = read_ledger(settings.address_ledger)
    if settings.address_ledger is not None:
        problems += vanished_problems(ledger, current, redirects.sources(), shown)
    return CheckedRedirects(current, redirects, tuple(problems), ledger)


def kept_addresses(
    settings: ShowcaseSettings,
    site: SiteData,
    posts: list[PostInfo],
    events: EventList | None,
    now: dt.datetime | None = None,
    *,
    addresses: Addresses | None = None,
    checked: CheckedRedirects | None = None,
    dated: tuple[tuple[dt.datetime, str], ...] | None = None,
) -> KeptAddresses:
    """The redirects file checked against this build's pages, and every ledger address that
    vanished without a redirect refused. Nothing to do without the two settings.
    `addresses` is site_addresses' answer when the caller already has it; `checked` and
    `dated` are checked_redirects' and dated_addresses' answers for these inputs when the
    caller kept them (sitewide/remembered_rules.py)."""
    if settings.address_ledger is None and settings.redirects_file is None:
        return KeptAddresses()
    if checked is None:
        if addresses is None:
            addresses = site_addresses(settings, site, posts, events, page_infos(settings))
        checked = checked_redirects(settings, site, addresses, events)
    now = now or dt.datetime.now(ZoneInfo(settings.timezone))
    later = _not_yet_online(dated_addresses(settings, posts) if dated is None else dated, now)
    samples = f"{display_path(settings.events_path / SAMPLES_DIR)}/"
    published = {
        address: source
        for address, source in checked.current.items()
        if address not in later and not source.startswith(samples)
    }
    return KeptAddresses(checked.redirects, published, checked.problems, checked.ledger)
