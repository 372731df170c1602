"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from pathlib import Path

from .content_files import content_problems
from .loader import load_site_data
from .model import SiteData
from .posts import check_posts, post_files
from .problems import ValidationFailed


def news_dir(settings: dict) -> Path:
    """The folder that holds the news posts."""
    return Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]


def load_and_check(settings: dict) -> SiteData:
    """Validate the region data and every post; raise ValidationFailed listing all problems.

    `showcase check` calls exactly this, so the command and the build share their rules.
    """
    texts = settings.get("SHOWCASE_REGION_TEXTS")
    # Posts can only be checked against valid data, so data problems come alone.
    site = load_site_data(Path(settings["SHOWCASE_DATA"]), Path(texts) if texts else None)
    content = Path(settings["PATH"])
    problems = check_posts(post_files(news_dir(settings)), site, content)
    pages = [content / folder for folder in settings.get("PAGE_PATHS", ())]
    problems += content_problems(content, news_dir(settings), pages, Path(texts) if texts else None)
    if problems:
        raise ValidationFailed(problems)
    return site
