"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..events.loader import EventList, load_events
from .loader import load_site_data
from .model import SiteData
from .post_body import BodyRules
from .posts import check_posts, post_files
from .problems import ValidationFailed


def news_dir(settings: dict) -> Path:
    """The folder that holds the news posts."""
    return Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]


@dataclass(frozen=True)
class CheckedInput:
    """Everything editors wrote, checked: the region data and the events."""

    site: SiteData
    events: EventList


def check_input(settings: dict) -> CheckedInput:
    """Validate the region data, every post and every event; raise ValidationFailed listing
    all problems. `showcase check` calls exactly this, so the command and the build share
    their rules."""
    texts = settings.get("SHOWCASE_REGION_TEXTS")
    # Posts can only be checked against valid data, so data problems come alone.
    site = load_site_data(Path(settings["SHOWCASE_DATA"]), Path(texts) if texts else None)
    content_path = Path(settings["PATH"])
    # Bodies are parsed with the build's own Markdown settings, so both see the same tree.
    rules = BodyRules(content_path, settings.get("MARKDOWN"), settings.get("SITEURL", ""))
    problems = check_posts(post_files(news_dir(settings)), site, content_path, rules)
    events = load_events(settings, site, rules)
    problems += events.problems
    if problems:
        raise ValidationFailed(problems)
    return CheckedInput(site, events)


def load_and_check(settings: dict) -> SiteData:
    """The region data after every check of `check_input`."""
    return check_input(settings).site
