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
- when one of those changes (a new, deleted or edited post), what both are made of per post
  and per link (KeptParts: a post's address and linking text by its PostInfo, its date
  warning by the PostInfo and the day, a link's target by its strings), so that a new post
  costs its own share; the event and region texts' links (other_texts) by the events and
  those files;
- the redirects checked against the pages, the ledger and its problems (checked_redirects):
  the addresses' key, the redirects file and the ledger (by path and bytes); each post's
  address with its date (dated_addresses): the PostInfos. Which of them are online yet is
  asked of the clock in every check (kept_addresses).

The settings, the plugin's code, the working folder and the day (date warnings count from
it) are the memo's scope: when one changes, nothing kept is used. Under the editor's unsaved
files (data/unsaved.py), whose bytes the memo's keys do not see, everything is computed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

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
from .site_rules import SiteParts, SiteRules, other_texts, site_rules

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from ..data.internal_links import InternalTarget, LinkingText
    from ..data.model import SiteData
    from ..data.posts import PostInfo
    from ..data.problems import Problem
    from ..events.loader import EventList
    from ..preview.memo import PreviewMemo
    from ..settings import ShowcaseSettings
    from .site_addresses import PostPlace


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
    # When a post is added, deleted or edited the rules run again, with each post's and
    # each link's share kept (KeptParts): a new post costs its own share.
    parts = KeptParts(settings, memo)
    addresses = memo.get(
        "site-addresses",
        key,
        lambda: site_addresses(settings, site, infos, events, list(pages), parts.place),
    )
    linking = _linking_files(settings)
    across = memo.get(
        "site-rules",
        (key, linking),
        lambda: site_rules(
            settings,
            site,
            infos,
            events,
            pages=list(pages),
            addresses=addresses,
            parts=parts,
            others=memo.get(
                "other-texts", (shown_events, linking), lambda: other_texts(settings, events)
            ),
        ),
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
    dated = memo.get(
        "dated-addresses", posts, lambda: dated_addresses(settings, infos, parts.address)
    )
    kept = kept_addresses(settings, site, infos, events, checked=checked, dated=dated)
    return rules, kept


class KeptParts(SiteParts):
    """SiteParts kept from the last check that used them: a post's place, its linking
    text and its date warning while its PostInfo is equal (the same object, or equal as a
    value: an edited post gets a new one) and, for the warning, the day is the same; a
    link's target by the strings it is made of (internal_target reads nothing else). The
    settings and the working folder (display_path) are the memo's scope. Only the posts and
    links of the last check that used a kind stay (a deleted post's parts leave)."""

    def __init__(self, settings: ShowcaseSettings, memo: PreviewMemo) -> None:
        super().__init__(settings)
        self._memo = memo
        held = memo.slots.get("site-parts")
        self._before: dict[str, dict] = held[1] if held is not None else {}
        # Kinds this check did not use stay as they were.
        self._now: dict[str, dict] = dict(self._before)
        self._started: set[str] = set()

    def _used(self, kind: str) -> tuple[dict, dict]:
        if kind not in self._started:
            self._started.add(kind)
            self._now[kind] = {}
            self._memo.slots["site-parts"] = (None, self._now)
        return self._before.get(kind, {}), self._now[kind]

    def _of_post(self, kind: str, info: PostInfo, day: Any, make: Callable[[], Any]) -> Any:
        """make(), kept by the post's path while its PostInfo and `day` are the same."""
        before, now = self._used(kind)
        held = before.get(info.path)
        if held is None or held[1] != day or not (held[0] is info or held[0] == info):
            held = (info, day, make())
        now[info.path] = held
        return held[2]

    def place(self, info: PostInfo) -> PostPlace:
        return self._of_post("place", info, None, partial(SiteParts.place, self, info))

    def address(self, info: PostInfo) -> str | None:
        """The post's address (post_address), from its kept place."""
        return self.place(info).address

    def text(self, info: PostInfo) -> LinkingText:
        return self._of_post("text", info, None, partial(SiteParts.text, self, info))

    def late(self, info: PostInfo, today: dt.date) -> Problem | None:
        return self._of_post("late", info, today, partial(SiteParts.late, self, info, today))

    def target(self, *arguments) -> InternalTarget | None:
        before, now = self._used("target")
        found = before[arguments] if arguments in before else super().target(*arguments)
        now[arguments] = found
        return found


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
