"""The typed press release: what a checked file under content/presse/ becomes. No I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..data.model import Region

# content/presse/<yyyy>-<mm>-<dd>-<slug>.md: the date opens the name, as with posts.
PRESS_DIR = "presse"


@dataclass(frozen=True)
class PressRelease:
    """One release. `contact` is the region whose press contact the release names."""

    slug: str
    title: str
    date: dt.datetime
    summary: str
    body: str  # Markdown
    regions: tuple[Region, ...]
    for_all_regions: bool
    contact: Region
    source_path: str
    pdf: str | None = None  # below content/, e.g. images/presse/leitfaden.pdf
    image: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    image_licence: str | None = None
    draft: bool = False

    @property
    def region_list(self) -> tuple[Region, ...]:
        """The regions, under the name the region chips read (partials/macros.html)."""
        return self.regions

    def is_online(self, now: dt.datetime) -> bool:
        """Not a draft and its day has come; `now` in the site's time zone, naive like the
        release's date."""
        return not self.draft and self.date.replace(tzinfo=None) <= now
