"""The addresses of one build, as the link rules look them up (sitewide/site_addresses.py
works them out from the settings; data/internal_links.py reads them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# PAGINATION_PATTERNS in pelicanconf.py: a listing's archive pages (stable_pages.py: block n).
_PAGINATED = re.compile(r"^(.*?)seite/[1-9][0-9]*/$")


@dataclass(frozen=True)
class Addresses:
    """The addresses of one build, and what a link to a missing one may have meant."""

    pages: frozenset[str]
    # Trees the build fills with generated files (theme assets, search index, pictures):
    # a link below them is taken as it is.
    prefixes: tuple[str, ...] = ()
    # The address a draft post or page would have, and its file: "it is a draft" is a
    # better message than "no such page".
    drafts: dict[str, str] = field(default_factory=dict)
    # A content file (path below content/, e.g. 'pages/impressum.md') and its address: what
    # {filename}/{static} links name.
    files: dict[str, str] = field(default_factory=dict)
    # An address and the file that makes it (posts and pages), for messages.
    sources: dict[str, str] = field(default_factory=dict)
    # A draft post's file -> the line and name of its status field: where it is told who
    # links to it.
    draft_fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Listings split into pages ('aktuelles/' -> 'aktuelles/seite/1/', …): how many there
    # are grows with the posts (and a deleted post may take the newest away), so any number
    # is taken.
    paginated: frozenset[str] = frozenset()

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str):
            return False
        if address in self.pages or address.startswith(self.prefixes):
            return True
        return self.archive_listing(address) is not None

    def archive_listing(self, address: str) -> str | None:
        """The listing ('aktuelles/') of which `address` ('aktuelles/seite/3/') is an archive
        page, whether that page is there now or not; None for any other address."""
        listing = _PAGINATED.match(address)
        return listing.group(1) if listing and listing.group(1) in self.paginated else None
