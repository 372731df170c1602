"""Where event pages and calendars live, from the settings' patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..data.model import Region
from .model import Event

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


def event_url(settings: ShowcaseSettings, event: Event) -> str:
    """'termine/2026/rueckkehrertag-2026/'."""
    return settings.event_url.format(year=event.year, slug=event.slug)


def event_save_as(settings: ShowcaseSettings, event: Event) -> str:
    return settings.event_save_as.format(year=event.year, slug=event.slug)


def event_ics_path(settings: ShowcaseSettings, event: Event) -> str:
    """The event's own .ics ("Zum Kalender hinzufügen"), next to its page."""
    return settings.event_ics.format(year=event.year, slug=event.slug)


def calendar_path(settings: ShowcaseSettings, region: Region | None) -> str:
    """'termine/alle.ics' or 'termine/regionen/<slug>.ics'."""
    if region is None:
        return settings.events_calendar
    return settings.region_calendar.format(slug=region.slug)


@dataclass(frozen=True)
class CalendarFeed:
    """A calendar to subscribe to, as /feeds/ and the event pages list it."""

    title: str
    url: str  # relative to SITEURL
    https: str  # absolute https address, for "subscribe by URL"
    webcal: str  # the same as webcal://, which opens the calendar app

    @classmethod
    def at(cls, title: str, url: str, base: str) -> CalendarFeed:
        absolute = f"{base.rstrip('/')}/{url}"
        host_and_path = absolute.split("://", 1)[-1]
        return cls(title, url, absolute, f"webcal://{host_and_path}")
