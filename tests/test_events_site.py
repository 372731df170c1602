"""Events in a real publish build: pages, calendars, JSON-LD, sitemap, /feeds/, search, and in
Chromium: Mozilla's ical.js (Thunderbird's parser), axe, the Nu checker and the script that
moves ended events into the archive under a faked clock.

The module reads the shared `sampled` build (conftest): a copy of the project with the sample
events moved out of beispiele/ (so `make publish` includes them) plus one made for the tests
(`eventfiles.MIXED`), built with a fixed SHOWCASE_BUILD_DATE so that upcoming and past are
known.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import icalendar
import pytest
from nuchecker import nu_command

from sitebuild import PUBLISH_URL, ROOT, Build

ICAL_JS = ROOT / "node_modules" / "ical.js" / "dist" / "ical.js"
TEST_PATH = "/__test__/"  # served by the test's route, never a file of the site

# Every test here reads the shared build.
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(sampled) -> Build:
    return sampled


def jsonld(tree) -> dict:
    (data,) = [json.loads(s) for s in tree.xpath("//script[@type='application/ld+json']/text()")]
    return data


# ---------- pages ----------


def test_listing_puts_upcoming_by_month_first_then_the_archive(site):
    page = site.page("termine/")
    months = [h.text_content() for h in page.xpath("//*[@data-events='upcoming']//h3")]
    assert months == [
        "Dezember 2026",
        "Januar 2027",
        "Februar 2027",
        "März 2027",
        "Oktober 2027",
    ]
    upcoming = page.xpath("//*[@data-events='upcoming']//h4/a/text()")
    assert upcoming[0] == "Beispiel: Rückkehrertag zwischen den Jahren"
    past = page.xpath("//*[@data-events='past']//h3/a/text()")
    assert past == [
        "Beispiel: Karrieretag für Schülerinnen und Schüler",
        "Eröffnung des Welcome Centers Stettiner Haff in Pasewalk",
    ]
    assert page.xpath("//script/@src")[0].startswith(f"{PUBLISH_URL}/theme/js/events.")


def test_event_page_has_place_map_link_and_its_own_ics(site):
    page = site.page("termine/2026/beispiel-rueckkehrertag-suedwestfalen-2026/")
    text = " ".join(page.text_content().split())
    assert "Montag, 28. Dezember 2026, 10:00 bis 16:00 Uhr" in text
    (osm,) = page.xpath("//a[starts-with(@href, 'https://www.openstreetmap.org/')]/@href")
    assert osm == (
        "https://www.openstreetmap.org/search?query=Beispielhalle%2C%20Musterstra%C3%9Fe%201"
        "%2C%2057072%20Siegen"
    )
    (ics,) = page.xpath("//a[@download]/@href")
    assert ics.endswith("/beispiel-rueckkehrertag-suedwestfalen-2026.ics")
    item = icalendar.Calendar.from_ical(site.file(ics.removeprefix(PUBLISH_URL + "/")).read_bytes())
    assert str(item.walk("VEVENT")[0]["UID"]) == (
        "beispiel-rueckkehrertag-suedwestfalen-2026@starke-regionen.de"
    )


def test_json_ld_has_every_field_of_an_event(site):
    data = jsonld(site.page("termine/2027/netzwerktreffen-maerz-2027/"))
    assert data["@type"] == "Event"
    assert data["name"] == "Netzwerktreffen in Siegen und online"
    assert data["startDate"] == "2027-03-28T10:00:00+02:00"
    assert data["endDate"] == "2027-03-28T12:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["organizer"] == {"@type": "Organization", "name": "Südwestfalen Agentur"}
    place, online = data["location"]
    assert place == {
        "@type": "Place",
        "name": "Stadthalle",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Markt 1",
            "postalCode": "57072",
            "addressLocality": "Siegen",
            "addressCountry": "DE",
        },
    }
    assert online == {"@type": "VirtualLocation", "url": "https://www.example.org/treffen"}
    assert data["url"] == f"{PUBLISH_URL}/termine/2027/netzwerktreffen-maerz-2027/"
    cancelled = jsonld(site.page("termine/2027/beispiel-grenzgaenger-infoabend-2027/"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    online_only = jsonld(site.page("termine/2027/beispiel-netzwerktreffen-online-2027/"))
    assert online_only["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    all_day = jsonld(site.page("termine/2027/beispiel-jobmesse-ems-achse-2027/"))
    assert (all_day["startDate"], all_day["endDate"]) == ("2027-03-26", "2027-03-28")


def test_home_and_region_pages_show_the_next_events(site):
    home = site.page("")
    titles = home.xpath("//section[@aria-labelledby='naechste-termine']//li//a/text()")
    assert titles == [
        "Beispiel: Rückkehrertag zwischen den Jahren",
        "Beispiel: Infoabend für Grenzgängerinnen und Grenzgänger",
        "Beispiel: Online-Netzwerktreffen der Partnerregionen",
    ]
    region = site.page("regionen/suedwestfalen/")
    titles = region.xpath("//section[@aria-labelledby='termine-region']//li//a/text()")
    # Its own events and the one for every region, in start order.
    assert titles == [
        "Beispiel: Rückkehrertag zwischen den Jahren",
        "Beispiel: Online-Netzwerktreffen der Partnerregionen",
        "Netzwerktreffen in Siegen und online",
    ]
    (subscribe,) = region.xpath(
        "//section[@aria-labelledby='termine-region']//a[starts-with(@href, 'webcal:')]/@href"
    )
    assert subscribe == "webcal://regionen.example.org/termine/regionen/suedwestfalen.ics"


def test_feeds_page_lists_every_calendar_with_webcal_links(site):
    page = site.page("feeds/")
    webcal = page.xpath("//a[starts-with(@href, 'webcal:')]/@href")
    assert webcal[0] == "webcal://regionen.example.org/termine/alle.ics"
    assert len(webcal) == 1 + 7
    for link in webcal:
        assert site.file(link.removeprefix("webcal://regionen.example.org/")).is_file()
    fields = page.xpath("//input[@readonly]/@value")
    assert f"{PUBLISH_URL}/termine/regionen/vorpommern.ics" in fields


def test_event_pages_are_in_the_sitemap_and_the_search_index(site):
    sitemap = site.file("sitemap.xml").read_text(encoding="utf-8")
    for path in ("termine/", "termine/2019/eroeffnung-welcome-center-stettiner-haff-2019/"):
        assert f"<loc>{PUBLISH_URL}/{path}</loc>" in sitemap
    assert ".ics" not in sitemap
    page = site.file("termine/2027/netzwerktreffen-maerz-2027/index.html").read_text()
    assert "data-pagefind-body" in page
    assert "data-pagefind-body" not in site.file("termine/index.html").read_text()


def test_region_calendar_holds_its_events_and_the_ones_for_all(site):
    calendar = icalendar.Calendar.from_ical(site.file("termine/regionen/bodensee.ics").read_bytes())
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == [
        "beispiel-grenzgaenger-infoabend-2027@starke-regionen.de",
        "beispiel-netzwerktreffen-online-2027@starke-regionen.de",
    ]
    cancelled = calendar.walk("VEVENT")[0]
    assert cancelled["STATUS"] == "CANCELLED"
    everything = icalendar.Calendar.from_ical(site.file("termine/alle.ics").read_bytes())
    assert len(everything.walk("VEVENT")) == 8


# ---------- Chromium ----------

PARSE_WITH_ICAL_JS = """
async (url) => {
  const ICAL = window.ICAL;
  const text = await (await fetch(url)).text();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(zone);
  }
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startZone: event.startDate.zone.tzid,
      allDay: event.startDate.isDate,
      endDate: event.endDate.toString(),
      sequence: event.sequence,
      status: component.getFirstPropertyValue('status'),
    };
  });
}
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def serve_test_files(page) -> None:
    """ical.js as an ES module from the site's own origin (the pages' CSP allows only 'self')."""
    loader = 'import ICAL from "./ical.js"; window.ICAL = ICAL;'

    def handle(route):
        name = route.request.url.rsplit("/", 1)[-1]
        body = ICAL_JS.read_bytes() if name == "ical.js" else loader.encode()
        route.fulfill(status=200, body=body, content_type="text/javascript; charset=utf-8")

    page.route(f"**{TEST_PATH}*", handle)


@pytest.mark.browser
def test_calendars_parse_with_mozilla_ical_js_across_daylight_saving(browser, site):
    from test_browser import DESKTOP, visit_page

    assert ICAL_JS.is_file(), f"{ICAL_JS} is missing: run scripts/install-test-deps"
    with visit_page(browser, site.output, "/termine/", width=DESKTOP) as visit:
        serve_test_files(visit.page)
        visit.page.add_script_tag(url=PUBLISH_URL + TEST_PATH + "load-ical.js", type="module")
        visit.page.wait_for_function("() => window.ICAL !== undefined")
        events = visit.page.evaluate(PARSE_WITH_ICAL_JS, "/termine/alle.ics")
        assert not visit.console, visit.console
    by_uid = {e["uid"].split("@")[0]: e for e in events}
    march = by_uid["netzwerktreffen-maerz-2027"]  # last Sunday of March: summer time from 2:00
    assert (march["start"], march["end"]) == (
        "2027-03-28T08:00:00.000Z",
        "2027-03-28T10:00:00.000Z",
    )
    assert march["startZone"] == "Europe/Berlin" and not march["allDay"]
    october = by_uid["beispiel-tag-der-offenen-betriebe-allgaeu-2027"]  # last Sunday of October
    assert october["start"] == "2027-10-31T09:00:00.000Z"
    assert october["end"] == "2027-10-31T16:00:00.000Z"
    winter = by_uid["beispiel-rueckkehrertag-suedwestfalen-2026"]
    assert winter["start"] == "2026-12-28T09:00:00.000Z"
    fair = by_uid["beispiel-jobmesse-ems-achse-2027"]
    assert fair["allDay"] and fair["endDate"] == "2027-03-29"
    cancelled = by_uid["beispiel-grenzgaenger-infoabend-2027"]
    assert cancelled["status"] == "CANCELLED" and cancelled["summary"].startswith("Abgesagt: ")
    assert len(events) == 8


@pytest.mark.browser
@pytest.mark.parametrize(
    "clock, moved",
    [
        ("2026-12-01T12:00:00+01:00", []),
        ("2026-12-28T16:30:00+01:00", ["Beispiel: Rückkehrertag zwischen den Jahren"]),
    ],
)
def test_script_moves_events_that_ended_since_the_build(browser, site, clock, moved):
    from test_browser import MOBILE, Visit, make_handler, page_problems

    context = browser.new_context(viewport={"width": MOBILE, "height": 812}, locale="de-DE")
    try:
        page = context.new_page()
        visit = Visit(page)
        context.route("**/*", make_handler(site.output, visit))
        page.on("pageerror", lambda error: visit.console.append(str(error)))
        page.clock.install(time=dt.datetime.fromisoformat(clock))
        page.goto(PUBLISH_URL + "/termine/", wait_until="load")
        past = page.locator("[data-events='past'] .event-item__title a").all_inner_texts()
        months = page.locator("[data-events='upcoming'] .event-month__title").all_inner_texts()
        headings = page.locator("[data-events='past'] h3").count()
        problems = page_problems(visit, check_overflow=True)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert past == [
        *moved,
        "Beispiel: Karrieretag für Schülerinnen und Schüler",
        "Eröffnung des Welcome Centers Stettiner Haff in Pasewalk",
    ]
    assert headings == len(past)  # moved events get the archive's heading level
    assert ("Dezember 2026" in months) == (not moved)


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/termine/",
        "/termine/2027/netzwerktreffen-maerz-2027/",
        "/termine/2027/beispiel-grenzgaenger-infoabend-2027/",
        # /feeds/ with its calendars: test_browser.py checks it in the published build.
        "/regionen/suedwestfalen/",
    ],
)
def test_events_pages_have_no_axe_violations(browser, site, path):
    from test_browser import DESKTOP, MOBILE, page_problems, show_as, visit_page

    # One load, both widths (test_browser.show_as).
    with visit_page(browser, site.output, path, width=MOBILE) as visit:
        for width in (MOBILE, DESKTOP):
            show_as(visit, width=width, color_scheme="light")
            problems = page_problems(visit, check_overflow=width == MOBILE)
            assert not problems, f"{path} at {width}px:\n" + "\n\n".join(problems)


@pytest.mark.browser
def test_events_pages_have_no_nu_errors(site):
    pages = sorted(site.output.glob("termine/**/index.html"))
    assert len(pages) == 1 + 8  # the listing and every event
    # Pages that show the next events or list the calendars.
    pages += [site.file(p) for p in ("", "feeds/", "regionen/suedwestfalen/")]
    result = subprocess.run(
        nu_command("--format", "json", "--errors-only", *map(str, pages)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert messages == [], "\n".join(
        f"{Path(m.get('url', '')).parent.name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
    )


@pytest.mark.browser
def test_search_finds_an_event_in_chromium(browser, site):
    from test_browser import DESKTOP, visit_page

    with visit_page(browser, site.output, "/suche/?q=Grenzgänger", width=DESKTOP) as visit:
        results = visit.page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert not visit.external and not visit.console, (visit.external, visit.console)
    assert f"{PUBLISH_URL}/termine/2027/beispiel-grenzgaenger-infoabend-2027/" in hrefs
