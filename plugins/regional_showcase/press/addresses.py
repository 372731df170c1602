"""Every address the press area writes beyond its overview, for the link check and the ledger
(sitewide/site_addresses.py): the facts sheet, the feeds and each release that is not a draft.

Read from the file names and the status line alone: a release with other problems stops the
check by itself, and its address is the one its file name gives either way.
"""

from __future__ import annotations

from ..data.front_matter import split_header
from ..data.paths_shown import display_path
from ..data.posts import status_of
from ..data.text_files import UnusableText, read_text
from ..feeds import FEED_KINDS
from ..settings import ShowcaseSettings
from .feed import press_feed_path
from .loader import release_files
from .page import FACTS_FOLDER, release_url
from .rules import FILE_NAME


def press_addresses(settings: ShowcaseSettings) -> dict[str, str]:
    """presse/fakten/, presse/feed.atom.xml, presse/2022/leitfaden/, … (German only: the
    English press page is an overview), each with the file that makes it ('' for none)."""
    press = settings.overview_url("press")
    found = dict.fromkeys(
        (press + FACTS_FOLDER, *(press_feed_path(settings, kind) for kind in FEED_KINDS)), ""
    )
    for path in release_files(settings.content_path):
        named = FILE_NAME.match(path.stem)
        if named is None or _is_draft(path):
            continue
        found[release_url(press, named.group(1)[:4], named.group(2))] = display_path(path)
    return found


def _is_draft(path) -> bool:
    try:
        text = read_text(path, path.name)
    except UnusableText:
        return False
    status = split_header(text, path.name).fields.get("status", ("published", 0))[0]
    return status_of(status) == "draft"
