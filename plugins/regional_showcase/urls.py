"""Where the plugin's pages, pictures and feeds live: paths built from the settings' patterns."""

from __future__ import annotations

from .data.model import Region, RegionName, Topic
from .settings import ShowcaseSettings


def url_for(settings: ShowcaseSettings, subject: Region | RegionName | Topic) -> str:
    """Relative URL of a region or topic page."""
    pattern = (
        settings.region_url if isinstance(subject, Region | RegionName) else settings.topic_url
    )
    return pattern.format(slug=subject.slug)


def save_as_for(settings: ShowcaseSettings, subject: Region | Topic) -> str:
    """Output path of a region or topic page."""
    pattern = settings.region_save_as if isinstance(subject, Region) else settings.topic_save_as
    return pattern.format(slug=subject.slug)


def illustration_path(settings: ShowcaseSettings, region: Region | None) -> str:
    """Path of a region's generated landscape illustration (SVG); None: all regions."""
    return f"{settings.illustration_dir}/{region.slug if region else 'alle'}.svg"


def social_path(settings: ShowcaseSettings, subject) -> str:
    """Path of the 1200×630 preview image of the site (None), a region, topic or post."""
    folder = settings.social_dir
    if subject is None:
        return f"{folder}/startseite.jpg"
    if isinstance(subject, Region):
        return f"{folder}/regionen/{subject.slug}.jpg"
    if isinstance(subject, Topic):
        return f"{folder}/themen/{subject.slug}.jpg"
    return f"{folder}/aktuelles/{subject.date:%Y}-{subject.slug}.jpg"
