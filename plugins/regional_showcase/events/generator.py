"""The events generator: /termine/, one page and one .ics per event, calendars per region.

It runs before the main generator writes anything, so the home page, the region pages and
/feeds/ can show the next events and calendars, and the sitemap sees the event pages.
"""

from __future__ import annotations

import dataclasses
import sys
from functools import partial
from itertools import groupby
from pathlib import Path

from pelican.generators import Generator

from ..atomic_write import write_bytes
from ..content_types.registry import checked_items
from ..data.model import Region, RegionName
from ..markup import render_markdown
from ..preview.memo import MEMO
from ..settings import showcase_settings
from .calendar import calendar_ics, ics_facts
from .display import month_de
from .loader import EventList, build_date
from .model import Event
from .paths import CalendarFeed, calendar_path, event_ics_path, event_save_as, event_url


class EventsGenerator(Generator):
    """Pages and calendars for the events the checks let through."""

    def generate_context(self):
        self.showcase = showcase = showcase_settings(self.settings)
        # Checked with every other input by the main generator's constructor (input_check.py).
        listing: EventList = checked_items(self.context, "events")
        for warning in listing.warnings:
            # Shown, never fatal: `--fatal warnings` is for Pelican's own log.
            sys.stderr.write(f"{warning}\n")
        self.today = build_date(showcase)
        preview = showcase.preview
        self.shown = [e for e in listing.events if preview or not e.draft]
        self.published = [e for e in listing.events if not e.draft]
        by_start = sorted(self.shown, key=lambda e: (e.starts_at, e.slug))
        # What next_events hands out: the upcoming events with their regions by slug and
        # name, all that a list of events shows of them (partials/event_item.html). The
        # answers hold no more than preview_digest names, so a page showing the next
        # events is not rendered again when a region's claim or key figures change.
        self.upcoming = [listed(e) for e in by_start if e.is_upcoming(self.today)]
        self.past = [listed(e) for e in reversed(by_start) if not e.is_upcoming(self.today)]
        base = showcase.absolute_url
        regions = self.context.get("regions", [])
        self.calendars = {
            None: CalendarFeed.at("Alle Termine", calendar_path(showcase, None), base)
        }
        for region in regions:
            self.calendars[region.slug] = CalendarFeed.at(
                region.name, calendar_path(showcase, region), base
            )
        self.context.update(
            events_upcoming=self.upcoming,
            events_past=self.past,
            events_build_date=self.today,
            next_events=self.next_events,
            event_url=partial(event_url, showcase),
            event_ics=partial(event_ics_path, showcase),
            event_calendars=list(self.calendars.values()),
            # The calendars alone, not the generator: a page's key holds what it answers from.
            calendar_for=partial(calendar_for, self.calendars),
        )

    def preview_digest(self) -> tuple:
        """What next_events answers from (preview/pages.py): the events it hands out."""
        return (self.upcoming, self.showcase.home_events)

    def next_events(self, region: Region | None = None, count: int | None = None) -> list[Event]:
        """The next upcoming events, of one region (with the 'alle' events) or of all; their
        regions by slug and name (listed)."""
        chosen = [e for e in self.upcoming if region is None or _concerns(e, region)]
        return chosen[: count or self.showcase.home_events]

    def generate_output(self, writer):
        showcase = self.showcase
        write = partial(
            writer.write_file, context=self.context, relative_urls=showcase.relative_urls
        )
        months = [(month_de(first), list(group)) for first, group in _by_month(self.upcoming)]
        write(
            showcase.overview_save_as("events"),
            self.get_template("events"),
            upcoming_months=months,
            url=showcase.overview_url("events"),
        )
        base = showcase.absolute_url

        def absolute(event: Event) -> str:
            return f"{base}/{event_url(showcase, event)}"

        output = Path(self.output_path)
        # `make serve` keeps each calendar's bytes while what they show stays the same
        # (ics_facts): an edited post or region changes none (icalendar: 10 ms a calendar).
        # The main generator's constructor entered the memo's scope for this build.
        memo = MEMO if showcase.preview and showcase.incremental else None

        def ics(path: str, name: str, events: list[Event]) -> bytes:
            make = partial(calendar_ics, showcase, name, events, absolute)
            if memo is None:
                return make()
            key = (name, tuple((ics_facts(event), absolute(event)) for event in events))
            return memo.get(("calendar", path), key, make)

        for event in self.shown:
            write(
                event_save_as(showcase, event),
                self.get_template("event"),
                # Its regions by slug and name, all the page shows of them (its chips, its
                # region's calendar): a claim edit leaves its key.
                event=listed(event),
                event_body=render_markdown(event.body) if event.body else "",
                url=event_url(showcase, event),
            )
        site_name = showcase.site_name
        calendars = [(event_ics_path(showcase, e), e.title, [e]) for e in self.shown]
        calendars.append((calendar_path(showcase, None), f"{site_name} – Termine", self.published))
        for region in self.context.get("regions", []):
            shown = [e for e in self.published if _concerns(e, region)]
            name = f"{site_name} – Termine {region.name}"
            calendars.append((calendar_path(showcase, region), name, shown))

        def make_all() -> dict[str, str]:
            # As text for the JSON file; surrogateescape gives back any bytes unchanged.
            return {
                path: ics(path, name, events).decode("utf-8", "surrogateescape")
                for path, name, events in calendars
            }

        # A build into a fresh folder keeps the calendars in cache/ by the kept texts' key
        # (settings, code, the day, the region data, content/termine/: all they show), and
        # then imports no icalendar (events/calendar.py).
        kept = writer.kept_texts() if memo is None and hasattr(writer, "kept_texts") else None
        if kept is not None:
            texts = kept.get("calendars", "", make_all)
            for path, _name, _events in calendars:
                _write_bytes(output, path, texts[path].encode("utf-8", "surrogateescape"))
        else:
            for path, name, events in calendars:
                _write_bytes(output, path, ics(path, name, events))


def calendar_for(calendars: dict, region: Region | None = None) -> CalendarFeed:
    """The calendar of one region, or of all (None): by the region's slug alone."""
    return calendars[region.slug if region else None]


def listed(event: Event) -> Event:
    """The event with its regions by slug and name (RegionName): all a list shows of them."""
    names = tuple(RegionName(region.slug, region.name) for region in event.regions)
    return dataclasses.replace(event, regions=names)


def _concerns(event: Event, region: Region) -> bool:
    return event.for_all_regions or any(r.slug == region.slug for r in event.regions)


def _by_month(events: list[Event]):
    for _key, group in groupby(events, key=lambda e: (e.start.year, e.start.month)):
        items = list(group)
        yield items[0].start, items


def _write_bytes(output: Path, relative: str, data: bytes) -> None:
    target = output / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)
