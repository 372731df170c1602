"""The rules across files in a process that checks again (the build server, `make serve`):
the pages' facts, the site's addresses, the site-wide rules and the addresses kept online,
kept in the check's memo (preview/memo.py) while everything they read is the same.

After one edited post the check ran them over all 1,000 posts again (about a third of the
check's time), although an edit of a post's text leaves its PostInfo (slug, date, links with
their lines, regions, warnings) as it was. Each result is keyed by the values it is made
from, never by an object's identity across builds:

- the pages' facts (page_infos): every file under the page folders by path and bytes;
- the addresses (site_addresses): the region data (frozen, one object while its files stay
  the same), every post's PostInfo (frozen, compared by value), the events' source, year,
  slug and draft, the pages' facts, the files under the folders Pelican copies (by path) and
  the press releases (by path and bytes);
- the site-wide rules (site_rules): the addresses' key, and the event files and region texts
  whose links they read (by path and bytes);
- the redirects checked against the pages, the ledger and its problems (checked_redirects):
  the addresses' key, the redirects file and the ledger (by path and bytes); each post's
  address with its date (dated_addresses): the PostInfos. Which of them are online yet is
  asked of the clock in every check (kept_addresses).

The settings, the plugin's code, the working folder and the day (date warnings count from
it) are the memo's scope: when one changes, nothing kept is used. Under the editor's unsaved
files (data/unsaved.py), whose bytes the memo's keys do not see, everything is computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..data import unsaved
from ..press.loader import release_files
from ..preview.memo import files_key
from .kept_addresses import (
    KeptAddresses,
    checked_redirects,
    dated_addresses,
    kept_addresses,
)
from .site_addresses import page_infos, site_addresses
from .site_rules import SiteRules, site_rules

if TYPE_CHECKING:
    from pathlib import Path

    from ..data.model import SiteData
    from ..data.posts import PostInfo
    from ..events.loader import EventList
    from ..preview.memo import PreviewMemo
    from ..settings import ShowcaseSettings


def site_wide(
    settings: ShowcaseSettings,
    site: SiteData,
    infos: list[PostInfo],
    events: EventList | None,
    memo: PreviewMemo | None,
) -> tuple[SiteRules, KeptAddresses]:
    """site_rules and kept_addresses of these inputs (with the pages' facts and the
    addresses both use), from the memo when it holds them for the same inputs (see the
    module docstring). The lists handed out are copies: a caller may extend them."""
    if memo is None or unsaved.overlay():
        pages = page_infos(settings)
        addresses = site_addresses(settings, site, infos, events, pages)
        across = site_rules(settings, site, infos, events, pages=pages, addresses=addresses)
        return across, kept_addresses(settings, site, infos, events, addresses=addresses)
    pages = memo.get("page-infos", page_files_key(settings), lambda: tuple(page_infos(settings)))
    shown_events = (
        None
        if events is None
        else tuple((event.source, event.year, event.slug, event.draft) for event in events.events)
    )
    posts = tuple(infos)
    key = (site, posts, shown_events, pages, _copied_files(settings), _releases(settings))
    addresses = memo.get(
        "site-addresses", key, lambda: site_addresses(settings, site, infos, events, list(pages))
    )
    across = memo.get(
        "site-rules",
        (key, _linking_files(settings)),
        lambda: site_rules(settings, site, infos, events, pages=list(pages), addresses=addresses),
    )
    rules = SiteRules(list(across.problems), list(across.warnings))
    if settings.address_ledger is None and settings.redirects_file is None:
        return rules, KeptAddresses()  # as kept_addresses: nothing to do
    # The clock decides which posts are online yet: asked in every check, of the kept dates.
    checked = memo.get(
        "checked-redirects",
        (key, files_key(_address_files(settings))),
        lambda: checked_redirects(settings, site, addresses, events),
    )
    dated = memo.get("dated-addresses", posts, lambda: dated_addresses(settings, infos))
    kept = kept_addresses(settings, site, infos, events, checked=checked, dated=dated)
    return rules, kept


def _address_files(settings: ShowcaseSettings) -> list[Path]:
    """The redirects file and the address ledger (as the settings name them)."""
    return [file for file in (settings.redirects_file, settings.address_ledger) if file]


def page_files_key(settings: ShowcaseSettings) -> str:
    """Every file under the page folders, by path and bytes (page_infos reads their headers,
    input_check.page_problems their texts)."""
    return files_key(
        path
        for folder in settings.page_dirs
        if folder.is_dir()
        for path in unsaved.files_under(folder)
    )


def _copied_files(settings: ShowcaseSettings) -> tuple[str, ...]:
    """The files under the folders Pelican copies, by path (their addresses are their names)."""
    roots = (settings.content_path / folder for folder in settings.static_paths)
    return tuple(str(path) for root in roots if root.is_dir() for path in unsaved.files_under(root))


def _releases(settings: ShowcaseSettings) -> str:
    """The press releases by path and bytes (press_addresses reads whether each is a draft)."""
    return files_key(release_files(settings.content_path))


def _linking_files(settings: ShowcaseSettings) -> str:
    """The event files and the region texts by path and bytes: site_rules reads their links,
    and which regions they name."""
    folders = (settings.events_path, settings.region_texts)
    return files_key(
        path
        for folder in folders
        if folder is not None and folder.is_dir()
        for path in unsaved.files_under(folder)
    )
