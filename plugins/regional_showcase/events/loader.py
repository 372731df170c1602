"""Reading every event file: one list of events, every problem and every warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..data import unsaved
from ..data.figures import build_date as figures_build_date
from ..data.model import SiteData
from ..data.paths_shown import display_path
from ..data.post_body import BodyRules
from ..data.problems import Problem
from ..environment import read_environment
from .model import Event
from .rules import check_event
from .versions import Version, read_versions

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

SAMPLES_DIR = "beispiele"
VERSIONS_FILE = "versionen.yaml"


@dataclass
class EventList:
    """The events of the site (drafts included; the generator decides what shows)."""

    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # slug -> (times, file) of every event whose recorded version is missing or outdated.
    unrecorded: dict[str, str] = field(default_factory=dict)
    versions: dict[str, Version] = field(default_factory=dict)


def versions_file(settings: ShowcaseSettings) -> Path:
    """content/termine/versionen.yaml, the record of each event's calendar version."""
    return settings.events_path / VERSIONS_FILE


def build_date(settings: ShowcaseSettings) -> dt.date:
    """The day that divides upcoming from past: SHOWCASE_BUILD_DATE (or SOURCE_DATE_EPOCH),
    else today in Berlin.

    A setting, not the clock inside templates: the same input and date build the same bytes.
    """
    # The same day the key figures are aged against (data/figures.py).
    epoch = read_environment().source_date_epoch
    return figures_build_date(settings.build_date, epoch, settings.timezone)


def event_files(settings: ShowcaseSettings) -> list[Path]:
    """Every file below content/termine/ except the version record; the samples folder only
    when SHOWCASE_EVENT_SAMPLES is on (development builds, never `make publish`)."""
    folder = settings.events_path
    if not folder.is_dir():
        return []
    samples = folder / SAMPLES_DIR
    files = []
    for path in unsaved.files_under(folder):
        if path.name.startswith(".") or path == versions_file(settings):
            continue
        if path.is_relative_to(samples) and not settings.event_samples:
            continue
        files.append(path)
    return files


def load_events(
    settings: ShowcaseSettings, site: SiteData, body_rules: BodyRules | None = None
) -> EventList:
    """Check and read every event file; slugs must be unique (they are the calendar UIDs)."""
    record = versions_file(settings)
    versions, problems = read_versions(record, display_path(record))
    result = EventList(problems=problems, versions=versions)
    today = build_date(settings)
    owners: dict[str, str] = {}
    for path in event_files(settings):
        shown = display_path(path)
        checked = check_event(path, shown, site, today, versions, body_rules)
        result.problems += checked.problems
        result.warnings += checked.warnings
        if checked.slug:
            if checked.slug in owners:
                result.problems.append(
                    Problem(
                        shown,
                        1,
                        "slug",
                        f"'{checked.slug}' hat schon {owners[checked.slug]}: der Slug ist die "
                        "feste Kennung im Kalender; geben Sie diesem Termin einen eigenen "
                        "'slug: …'",
                    )
                )
            owners.setdefault(checked.slug, shown)
        if checked.event is not None:
            result.events.append(checked.event)
            if checked.record_stale and checked.times:
                result.unrecorded[checked.slug] = checked.times
    return result
