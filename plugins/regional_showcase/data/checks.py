"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from pathlib import Path

from .links import tracking_problems
from .loader import display_path, load_site_data
from .model import SiteData
from .posts import check_posts, post_files
from .problems import Problem, ValidationFailed


def news_dir(settings: dict) -> Path:
    """The folder that holds the news posts."""
    return Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]


def page_problems(settings: dict) -> list[Problem]:
    """Rules for the pages (Über das Projekt, Impressum …): links without tracking."""
    problems: list[Problem] = []
    for folder in settings.get("PAGE_PATHS", ()):
        for path in sorted((Path(settings["PATH"]) / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            problems += tracking_problems(text, display_path(path))
    return problems


def load_and_check(settings: dict, hints: list[Problem] | None = None) -> SiteData:
    """Validate the region data and every post; raise ValidationFailed listing all problems.

    `showcase check` calls exactly this, so the command and the build share their rules.
    """
    texts = settings.get("SHOWCASE_REGION_TEXTS")
    # Posts can only be checked against valid data, so data problems come alone.
    site = load_site_data(Path(settings["SHOWCASE_DATA"]), Path(texts) if texts else None, hints)
    problems = check_posts(post_files(news_dir(settings)), site, Path(settings["PATH"]))
    problems += page_problems(settings)
    if problems:
        raise ValidationFailed(problems)
    return site
