"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..events.loader import EventList, load_events
from .content_files import content_problems
from .links import tracking_problems
from .loader import display_path, load_site_data
from .model import SiteData
from .post_body import BodyRules
from .posts import check_page_bodies, check_posts, post_files
from .problems import Problem, ValidationFailed
from .text_files import NotUTF8, read_text

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


def page_problems(settings: ShowcaseSettings) -> list[Problem]:
    """Rules for the pages (Über das Projekt, Impressum …): links without tracking."""
    problems: list[Problem] = []
    for folder in settings.page_paths:
        for path in sorted((settings.content_path / folder).rglob("*.md")):
            try:
                text = read_text(path, display_path(path))
            except NotUTF8:
                continue  # content_problems reports the encoding, once
            problems += tracking_problems(text, display_path(path))
    return problems


@dataclass(frozen=True)
class CheckedInput:
    """Everything editors wrote, checked: the region data and the events."""

    site: SiteData
    events: EventList


def check_input(
    settings: ShowcaseSettings, hints: list[Problem] | None = None, *, bodies: bool = True
) -> CheckedInput:
    """Validate the region data, every post and every event; raise ValidationFailed listing
    all problems.

    `showcase check` calls exactly this, so the command and the build share their rules.
    `hints` receives what the region pages still lack (not errors; see completeness.py).
    The build passes bodies=False: its reader applies the body rules to the very parse it
    renders, so no post is parsed twice (see reader.py and ShowcaseGenerator). Event texts
    are always checked here: the events generator renders them without Pelican's reader.
    """
    # Posts can only be checked against valid data, so data problems come alone.
    site = load_site_data(settings.data, settings.region_texts, hints)
    # Bodies are parsed with the build's own Markdown settings, so both see the same tree.
    rules = BodyRules(settings.content_path, settings.markdown, settings.site_url)
    problems = check_posts(
        post_files(settings.news_dir), site, settings.content_path, rules, bodies=bodies
    )
    pages = [
        path for folder in settings.page_dirs if folder.is_dir() for path in post_files(folder)
    ]
    if bodies:
        problems += check_page_bodies(pages, rules)
    problems += page_problems(settings)
    # A Markdown file outside the folders the build reads would appear nowhere.
    problems += content_problems(
        settings.content_path,
        settings.news_dir,
        settings.page_dirs,
        settings.region_texts,
        (settings.events_path,),
    )
    events = load_events(settings, site, rules)
    problems += events.problems
    if problems:
        raise ValidationFailed(problems)
    return CheckedInput(site, events)


def load_and_check(
    settings: ShowcaseSettings, hints: list[Problem] | None = None, *, bodies: bool = True
) -> SiteData:
    """The region data after every check of `check_input`."""
    return check_input(settings, hints, bodies=bodies).site
