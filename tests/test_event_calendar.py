"""The .ics output, parsed back with icalendar: UIDs, DTSTAMP, time zones, all-day, SEQUENCE."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from eventfiles import check_text, event_text
from poison import Poison, poisoned

from regional_showcase.events.calendar import calendar_ics, ics_facts
from regional_showcase.events.versions import Version
from regional_showcase.settings import ShowcaseSettings

SETTINGS = ShowcaseSettings.from_pelican(
    {
        "PATH": "content",
        "SHOWCASE_DATA": "data/regions.yaml",
        "FEED_ID_DOMAIN": "starke-regionen.de",
    }
)
UTC = dt.UTC


def url_of(event) -> str:
    return f"https://www.example.org/termine/{event.year}/{event.slug}/"


def ics_of(*events) -> bytes:
    return calendar_ics(SETTINGS, "Test", events, url_of)


def only_event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    (item,) = calendar.walk("VEVENT")
    return item


def test_times_across_both_daylight_saving_changes(tmp_path):
    # 28 March 2027 and 31 October 2027 are the last Sundays of March and October.
    march = check_text(tmp_path, event_text(start="2027-03-28 10:00", end="2027-03-28 16:00"))
    october = check_text(
        tmp_path, event_text(start="2027-10-31 10:00", end="2027-10-31 16:00", slug="oktober")
    )
    data = ics_of(march.event, october.event)
    calendar = icalendar.Calendar.from_ical(data)
    first, second = calendar.walk("VEVENT")
    assert first.decoded("dtstart").astimezone(UTC) == dt.datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert second.decoded("dtstart").astimezone(UTC) == dt.datetime(2027, 10, 31, 9, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Berlin:20270328T100000" in data
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    # The VTIMEZONE itself must place the change right: a reader that trusts it (not its own
    # zone database) gets the same instants.
    berlin = zone.to_tz()
    assert dt.datetime(2027, 3, 28, 10, 0, tzinfo=berlin).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2027, 10, 31, 10, 0, tzinfo=berlin).utcoffset() == dt.timedelta(hours=1)


def test_uid_and_dtstamp_come_from_the_file_not_the_clock(tmp_path):
    event = check_text(tmp_path, event_text(modified="2026-11-20 14:30")).event
    item = only_event(ics_of(event))
    assert str(item["UID"]) == "rueckkehrertag@starke-regionen.de"
    # 14:30 in Berlin in November is 13:30 UTC.
    assert item.decoded("dtstamp") == dt.datetime(2026, 11, 20, 13, 30, tzinfo=UTC)
    assert ics_of(event) == ics_of(event)


def test_uid_stays_when_the_title_changes(tmp_path):
    before = only_event(ics_of(check_text(tmp_path, event_text()).event))
    after = only_event(ics_of(check_text(tmp_path, event_text(title="Heimvorteil 2027")).event))
    assert str(after["SUMMARY"]) == "Heimvorteil 2027"
    assert after["UID"] == before["UID"]


def test_sequence_goes_up_when_the_time_changes(tmp_path):
    recorded = {"rueckkehrertag": Version(0, "2027-03-28T10:00 / 2027-03-28T16:00 Europe/Berlin")}
    before = only_event(ics_of(check_text(tmp_path, event_text(), versions=recorded).event))
    moved = check_text(tmp_path, event_text(end="2027-03-28 17:00"), versions=recorded).event
    after = only_event(ics_of(moved))
    assert before["SEQUENCE"] == 0 and after["SEQUENCE"] == 1
    assert after["UID"] == before["UID"]


def test_all_day_events_use_dates_and_an_exclusive_end(tmp_path):
    fair = check_text(
        tmp_path, event_text(start="2027-03-26", end="2027-03-28", timezone=None)
    ).event
    data = ics_of(fair)
    assert b"DTSTART;VALUE=DATE:20270326" in data
    assert b"DTEND;VALUE=DATE:20270329" in data  # the day after the last day
    one_day = check_text(tmp_path, event_text(start="2027-03-26", end=None, timezone=None)).event
    item = only_event(ics_of(one_day))
    assert item.decoded("dtend") == dt.date(2027, 3, 27)


def test_a_cancelled_event_stays_with_status_cancelled(tmp_path):
    event = check_text(tmp_path, event_text(status="cancelled")).event
    item = only_event(ics_of(event))
    assert item["STATUS"] == "CANCELLED"
    assert str(item["SUMMARY"]) == "Abgesagt: Rückkehrertag"


def test_the_event_carries_place_link_and_organizer(tmp_path):
    event = check_text(tmp_path, event_text(registration="https://www.example.org/anmeldung")).event
    item = only_event(ics_of(event))
    assert str(item["LOCATION"]) == "Stadthalle, Markt 1, 57072 Siegen"
    assert str(item["URL"]) == "https://www.example.org/termine/2027/rueckkehrertag/"
    description = str(item["DESCRIPTION"])
    assert "Anmeldung: https://www.example.org/anmeldung" in description
    assert "Veranstalter: Südwestfalen Agentur GmbH" in description


def test_calendar_names_itself_and_asks_to_be_refreshed(tmp_path):
    calendar = icalendar.Calendar.from_ical(ics_of(check_text(tmp_path, event_text()).event))
    assert str(calendar["X-WR-CALNAME"]) == "Test"
    assert calendar.decoded("refresh-interval") == dt.timedelta(hours=12)
    assert str(calendar["VERSION"]) == "2.0"


def test_an_event_in_another_zone_keeps_it(tmp_path):
    event = check_text(tmp_path, event_text(timezone="Europe/Zurich")).event
    item = only_event(ics_of(event))
    assert b"DTSTART;TZID=Europe/Zurich:20270328T100000" in ics_of(event)
    assert item.decoded("dtstart").astimezone(UTC) == dt.datetime(
        2027, 3, 28, 10, 0, tzinfo=ZoneInfo("Europe/Zurich")
    ).astimezone(UTC)


def test_a_calendar_reads_of_an_event_only_what_its_key_holds(tmp_path):
    """The preview keeps a calendar's bytes by its events' ics_facts (events/generator.py)."""
    event = check_text(tmp_path, event_text(modified="2026-11-20 14:30")).event
    view = poisoned(event, keep=tuple(f.name for f in dataclasses.fields(event)))
    object.__setattr__(view, "regions", Poison())
    object.__setattr__(view, "for_all_regions", Poison())
    object.__setattr__(view, "topic", poisoned(event.topic, keep=("name",)))
    assert ics_of(view) == ics_of(event)
    assert ics_facts(view) == ics_facts(event)


@pytest.mark.parametrize(
    "field",
    [
        {"title": "Heimvorteil 2027"},
        {"start": "2027-03-28 11:00"},
        {"modified": "2026-11-21 14:30"},
        {"status": "cancelled"},
        {"category": "Projekt"},
        {"summary": "Ein anderer Text."},
    ],
    ids=lambda field: next(iter(field)),
)
def test_each_change_a_calendar_shows_changes_its_key(tmp_path, field):
    event = check_text(tmp_path, event_text(modified="2026-11-20 14:30")).event
    changed = check_text(tmp_path, event_text(**{"modified": "2026-11-20 14:30", **field})).event
    assert ics_of(changed) != ics_of(event)
    assert ics_facts(changed) != ics_facts(event)
