"""iCalendar files (RFC 5545) with the `icalendar` library: one per event, per region, all.

Everything in them comes from the event files, nothing from the clock: UID from the slug,
DTSTAMP from the file's `modified`/`date`, SEQUENCE from the version record. So two builds of
the same input give the same bytes, and calendar apps recognise an event they already have.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from .model import Event

if TYPE_CHECKING:
    import icalendar

    from ..settings import ShowcaseSettings

PRODID = "-//Starke Regionen//Termine//DE"
REFRESH = dt.timedelta(hours=12)  # how often apps should fetch again


def event_uid(settings: ShowcaseSettings, event: Event) -> str:
    """'<slug>@<FEED_ID_DOMAIN>': neither the title, the date nor the site's host is in it."""
    return f"{event.slug}@{settings.feed_id_domain}"


def vevent(settings: ShowcaseSettings, event: Event, page_url: str) -> icalendar.Event:
    """One VEVENT. All-day events get VALUE=DATE and the day after the last day as DTEND."""
    import icalendar  # see calendar_ics

    item = icalendar.Event()
    item.add("uid", event_uid(settings, event))
    item.add("dtstamp", event.stamp.astimezone(dt.UTC))
    item.add("created", event.created.astimezone(dt.UTC))
    if event.modified is not None:
        item.add("last-modified", event.modified.astimezone(dt.UTC))
    item.add("sequence", event.sequence)
    title = f"Abgesagt: {event.title}" if event.cancelled else event.title
    item.add("summary", title)
    item.add("dtstart", event.start)
    if event.all_day:
        item.add("dtend", (event.end or event.start) + dt.timedelta(days=1))
    elif event.end is not None:
        item.add("dtend", event.end)
    if event.place is not None:
        item.add("location", event.place.one_line)
    elif event.online_url:
        item.add("location", f"Online: {event.online_url}")
    description = [Markup(event.summary).striptags()]
    if event.online_url:
        description.append(f"Teilnahme online: {event.online_url}")
    if event.registration_url:
        description.append(f"Anmeldung: {event.registration_url}")
    description.append(f"Veranstalter: {event.organizer}")
    description.append(page_url)
    item.add("description", "\n\n".join(description))
    item.add("url", page_url)
    item.add("categories", [event.topic.name])
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    item.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return item


def ics_facts(event: Event) -> tuple:
    """All that vevent reads of an event: every field but its regions (which calendars hold
    it is the caller's choice), its topic by name only. The preview keeps a calendar's bytes
    while its events' facts, their addresses and its name stay the same."""
    skipped = ("regions", "for_all_regions", "topic")
    own = tuple(getattr(event, f.name) for f in dataclasses.fields(event) if f.name not in skipped)
    return (*own, event.topic.name)


def calendar_ics(settings: ShowcaseSettings, name: str, events: Iterable[Event], url_of) -> bytes:
    """A whole calendar: VTIMEZONE blocks for the zones used, events in start order."""
    # icalendar takes about 40 ms to import: a build that keeps the calendars in cache/
    # (events/generator.py) never needs it.
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # Outlook reads this one
    ordered = sorted(events, key=lambda e: (e.starts_at, e.slug))
    for event in ordered:
        calendar.add_component(vevent(settings, event, url_of(event)))
    if ordered:
        # Only the years the events need: a short VTIMEZONE, the same for the same events.
        first = dt.date(min(e.year for e in ordered), 1, 1)
        last = dt.date(max(e.last_day.year for e in ordered) + 2, 1, 1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        for zone in calendar.walk("VTIMEZONE"):
            _one_rdate_per_line(zone)
    return calendar.to_ical()


def _one_rdate_per_line(zone: icalendar.Timezone) -> None:
    """icalendar lists a zone's changes as one RDATE with many values; ical.js (Thunderbird's
    parser) reads only the first value of each RDATE and so misses every later change to
    summer time. One value per RDATE line is the same in RFC 5545 and right for both."""
    for rule in zone.subcomponents:
        values = rule.get("RDATE")
        if values is None:
            continue
        lists = values if isinstance(values, list) else [values]
        moments = [item.dt for value in lists for item in value.dts]
        del rule["RDATE"]
        for moment in moments:
            rule.add("rdate", moment)
