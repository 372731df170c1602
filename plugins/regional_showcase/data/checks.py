"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..events.loader import EventList, load_events
from .content_files import content_problems
from .loader import load_site_data
from .model import SiteData
from .post_body import BodyRules
from .posts import check_posts, post_files
from .problems import ValidationFailed

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


@dataclass(frozen=True)
class CheckedInput:
    """Everything editors wrote, checked: the region data and the events."""

    site: SiteData
    events: EventList


def check_input(settings: ShowcaseSettings) -> CheckedInput:
    """Validate the region data, every post and every event; raise ValidationFailed listing
    all problems. `showcase check` calls exactly this, so the command and the build share
    their rules."""
    # Posts can only be checked against valid data, so data problems come alone.
    site = load_site_data(settings.data, settings.region_texts)
    # Bodies are parsed with the build's own Markdown settings, so both see the same tree.
    rules = BodyRules(settings.content_path, settings.markdown, settings.site_url)
    problems = check_posts(post_files(settings.news_dir), site, settings.content_path, rules)
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


def load_and_check(settings: ShowcaseSettings) -> SiteData:
    """The region data after every check of `check_input`."""
    return check_input(settings).site
