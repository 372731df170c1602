"""Typed, read-only events. No I/O here: loader.py builds them, templates and calendars read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..data.model import Region, Topic

STATUSES = ("published", "draft", "cancelled")
DEFAULT_TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True)
class Place:
    """Where an event takes place: a venue with address and city."""

    name: str
    city: str
    address: str | None = None

    @property
    def postal_code(self) -> str | None:
        """'57072' from '57072 Siegen': German cities are written with their postcode."""
        first, _, rest = self.city.partition(" ")
        return first if first.isdigit() and len(first) == 5 and rest else None

    @property
    def locality(self) -> str:
        """'Siegen' from '57072 Siegen'."""
        return self.city.partition(" ")[2] if self.postal_code else self.city

    @property
    def one_line(self) -> str:
        """'Stadthalle, Markt 1, 57072 Siegen' for calendars and map searches."""
        parts = [self.name, self.address or "", self.city]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Event:
    """One Termin. `start`/`end` are dates for all-day events (end = last day, inclusive)
    and time-zone-aware datetimes otherwise; `end` may be None for a timed event."""

    slug: str
    title: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    timezone: str
    place: Place | None
    online_url: str | None
    regions: tuple[Region, ...]  # RegionName in the lists and the event's page (generator.py)
    for_all_regions: bool
    topic: Topic
    summary: str
    organizer: str
    registration_url: str | None
    status: str
    created: dt.datetime
    modified: dt.datetime | None
    sequence: int
    source: str
    body: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def region_list(self) -> tuple[Region, ...]:
        """The regions, under the name the `region_chips` macro reads from a post's view."""
        return self.regions

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def starts_at(self) -> dt.datetime:
        """The first instant of the event (midnight of the first day when all-day)."""
        if isinstance(self.start, dt.datetime):
            return self.start
        return dt.datetime.combine(self.start, dt.time(), self.zone)

    @property
    def ends_at(self) -> dt.datetime:
        """The instant the event is over: the end, or midnight after the last day."""
        if self.all_day:
            last = self.end or self.start
            return dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), self.zone)
        return self.end or self.start  # type: ignore[return-value]

    @property
    def last_day(self) -> dt.date:
        """The calendar day (local) on which the event ends."""
        if self.all_day:
            return self.end or self.start  # type: ignore[return-value]
        return (self.end or self.start).date()  # type: ignore[union-attr]

    @property
    def stamp(self) -> dt.datetime:
        """When the entry was last written: `modified`, else `date`. Never the build time."""
        return self.modified or self.created

    @property
    def attendance_mode(self) -> str:
        """'offline', 'online' or 'mixed' (a place and a link)."""
        if self.place and self.online_url:
            return "mixed"
        return "online" if self.online_url else "offline"

    def is_upcoming(self, today: dt.date) -> bool:
        """Still to come or running on `today` (the build date)."""
        return self.last_day >= today
