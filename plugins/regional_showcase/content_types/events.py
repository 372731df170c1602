"""Events (Termine): content/termine/<yyyy>-<mm>-<dd>-<slug>.md, with their pages, .ics files
and calendars written by events/generator.py."""

from __future__ import annotations

from ..cms.config import BODY_WIDGET, REGIONS_WIDGET, SLUG_WIDGET, Collection
from ..events.cms import events_collection
from ..events.loader import event_files, load_events
from .registry import CheckRun, Cms, ContentType, Loaded


def load(run: CheckRun) -> Loaded:
    """Every event checked and read (their texts always: the events generator renders them
    without Pelican's reader); the items are the EventList."""
    events = load_events(run.settings, run.site, run.rules)
    return Loaded(events, events.problems)


def collection(settings, site, lang: str | None = None) -> Collection:
    """Termine (events/cms.py), with the site's own widgets for regions, slug and text."""
    widgets = {"regions": REGIONS_WIDGET, "slug": SLUG_WIDGET, "body": BODY_WIDGET}
    return events_collection(settings, site, widgets)


def _generator() -> type:
    from ..events.generator import EventsGenerator

    return EventsGenerator


EVENTS = ContentType(
    name="events",
    label="Termine",
    folder=lambda settings: settings.events_path,
    files=event_files,
    load=load,
    cms=Cms(collection, per_language=False),
    generator=_generator,
    overview="events",
    watch=lambda settings: (settings.events_path,),
    published="undated",
)
