"""A region's claim edit and the keys of pages that do not show it (issue 25): what the events'
and the press pages' functions answer from holds no claim, and still holds what they show."""

from __future__ import annotations

import dataclasses
from functools import partial
from types import SimpleNamespace

from eventfiles import SITE, check_text, event_text
from jinja2 import Environment, FileSystemLoader, nodes
from pelican.settings import read_settings

from regional_showcase.content_types.registry import INPUT_KEY
from regional_showcase.events.generator import EventsGenerator
from regional_showcase.events.loader import EventList
from regional_showcase.press.contacts import press_contacts
from regional_showcase.press.loader import load_releases
from regional_showcase.press.page import press_page
from regional_showcase.preview.followed_reads import FollowedDigest, followed_reads
from regional_showcase.preview.pages import KnownReads, PageDigest
from regional_showcase.settings import apply_defaults
from regional_showcase.urls import url_for

from sitebuild import ROOT

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def _edited(site, **fields):
    """The site data with the first region's fields replaced, as a save of regions.yaml."""
    first = dataclasses.replace(site.regions[0], **fields)
    return dataclasses.replace(site, regions=(first, *site.regions[1:]))


def _events_context(tmp_path, site) -> dict:
    return _events_generator(tmp_path, site).context


def _events_generator(tmp_path, site) -> EventsGenerator:
    text = event_text(regions=site.regions[0].slug, start="2099-03-28 10:00")
    event = check_text(tmp_path, text.replace("2027-03-28 16:00", "2099-03-28 16:00")).event
    assert event is not None
    by_slug = {r.slug: r for r in site.regions}
    event = dataclasses.replace(event, regions=tuple(by_slug[r.slug] for r in event.regions))
    generator = object.__new__(EventsGenerator)
    generator.settings = SETTINGS
    items = {"events": EventList(events=[event])}
    generator.context = {INPUT_KEY: SimpleNamespace(items=items), "regions": list(site.regions)}
    generator.generate_context()
    return generator


def _keys(context: dict, names: tuple[str, ...]) -> list[str]:
    digest = PageDigest()
    return [digest.of(context[name]) for name in names]


def test_next_events_and_calendars_are_keyed_without_the_regions_claims(tmp_path):
    names = ("next_events", "calendar_for", "events_upcoming")
    before = _events_context(tmp_path, SITE)
    claimed = _events_context(tmp_path, _edited(SITE, claim="Ein anderer Claim"))
    renamed = _events_context(tmp_path, _edited(SITE, name="Anderer Name"))
    assert _keys(claimed, names) == _keys(before, names)
    # What a list of events shows of a region (its name) still changes the keys.
    assert [a != b for a, b in zip(_keys(renamed, names), _keys(before, names), strict=True)] == [
        True
    ] * 3
    (shown,) = before["next_events"]()
    assert [(r.slug, r.name) for r in shown.regions] == [
        (SITE.regions[0].slug, SITE.regions[0].name)
    ]
    region = SITE.regions[0]
    assert before["calendar_for"](region).url.endswith(f"{region.slug}.ics")


def test_an_events_page_gets_its_regions_by_slug_and_name(tmp_path):
    """event.html shows its regions' names, links and calendar: the event it gets holds
    them as RegionNames, so a claim edit leaves the page's key and a name edit does not."""

    def page_event(site):
        generator = _events_generator(tmp_path, site)
        generator.output_path = str(tmp_path / "output")
        generator.get_template = lambda name: name
        written = []
        writer = SimpleNamespace(write_file=lambda *args, **values: written.append(values))
        generator.generate_output(writer)
        (event,) = [values["event"] for values in written if "event" in values]
        return event

    before = page_event(SITE)
    assert [(r.slug, r.name) for r in before.regions] == [
        (SITE.regions[0].slug, SITE.regions[0].name)
    ]
    claimed = page_event(_edited(SITE, claim="Ein anderer Claim"))
    assert PageDigest().of(claimed) == PageDigest().of(before)
    assert PageDigest().of(page_event(_edited(SITE, name="Anderer Name"))) != PageDigest().of(
        before
    )


def test_the_press_pages_functions_are_keyed_without_the_regions_claims():
    showcase = apply_defaults(SETTINGS)
    releases = load_releases(ROOT / "content", SITE).releases

    def keys(site) -> list[str]:
        page = press_page(showcase, site, releases, german=True)
        return _keys(vars(page), ("release_url", "contacts_of"))

    assert keys(_edited(SITE, claim="Ein anderer Claim")) == keys(SITE)
    page = press_page(showcase, SITE, releases, german=True)
    region = SITE.regions[0]
    assert page.contacts_of(region) == press_contacts(region)
    release = releases[0]
    assert page.release_url(release) == f"presse/{release.date:%Y}/{release.slug}/"


def _name_filters(env: Environment, name: str, seen: set | None = None) -> None:
    """The filters of `name` and the templates it uses, as stand-ins (the theme's own come
    with Pelican): the templates are compiled and followed here, never rendered."""
    seen = set() if seen is None else seen
    seen.add(name)
    tree = env.parse(env.loader.get_source(env, name)[0])
    for used in tree.find_all(nodes.Filter):
        env.filters.setdefault(used.name, str)
    for use in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        if isinstance(use.template, nodes.Const) and use.template.value not in seen:
            _name_filters(env, use.template.value, seen)


def test_the_press_page_is_keyed_on_its_releases_date_and_slug_not_their_regions_claims():
    """press.html hands each release to release_url, which reads its date and slug
    (DECLARED_READS): a claim edit of a region the release holds leaves the page's key (its
    followed reads of the real template, as the writer keys it), a date or slug edit not."""
    env = Environment(
        loader=FileSystemLoader(ROOT / "theme/templates"), extensions=["jinja2.ext.i18n"]
    )
    _name_filters(env, "press.html")
    reads = followed_reads(env.get_template("press.html"), KnownReads())
    assert reads is not None
    showcase = apply_defaults(SETTINGS)

    def key(site, releases, **edit) -> str:
        releases = [dataclasses.replace(releases[0], **edit), *releases[1:]]
        page = press_page(showcase, site, releases, german=True)
        context = {"press": page, "url_for": partial(url_for, showcase)}
        return FollowedDigest(PageDigest()).page(env, context, reads)

    shipped = load_releases(ROOT / "content", SITE).releases
    release = shipped[0]
    regions = tuple(
        dataclasses.replace(r, claim="Ein anderer Claim") if r == release.contact else r
        for r in SITE.regions
    )
    claimed = dataclasses.replace(SITE, regions=regions)
    with_claim = load_releases(ROOT / "content", claimed).releases
    assert with_claim[0].contact.claim == "Ein anderer Claim"
    before = key(SITE, shipped)
    assert key(claimed, with_claim) == before
    assert key(SITE, shipped, slug="anderer-slug") != before
    assert key(SITE, shipped, date=release.date.replace(year=release.date.year - 1)) != before
