"""Where the plugin's pages, pictures and feeds live: paths built from the settings' patterns."""

from __future__ import annotations

from .data.model import Region, Topic


def url_for(settings: dict, subject: Region | Topic) -> str:
    """Relative URL of a region or topic page."""
    key = "SHOWCASE_REGION_URL" if isinstance(subject, Region) else "SHOWCASE_TOPIC_URL"
    return settings[key].format(slug=subject.slug)


def save_as_for(settings: dict, subject: Region | Topic) -> str:
    key = "SHOWCASE_REGION_SAVE_AS" if isinstance(subject, Region) else "SHOWCASE_TOPIC_SAVE_AS"
    return settings[key].format(slug=subject.slug)


def illustration_path(settings: dict, region: Region | None) -> str:
    """Path of a region's generated landscape illustration (SVG); None: all regions."""
    return f"{settings['SHOWCASE_ILLUSTRATION_DIR']}/{region.slug if region else 'alle'}.svg"


def social_path(settings: dict, subject) -> str:
    """Path of the 1200×630 preview image of the site (None), a region, topic or post."""
    folder = settings["SHOWCASE_SOCIAL_DIR"]
    if subject is None:
        return f"{folder}/startseite.jpg"
    if isinstance(subject, Region):
        return f"{folder}/regionen/{subject.slug}.jpg"
    if isinstance(subject, Topic):
        return f"{folder}/themen/{subject.slug}.jpg"
    return f"{folder}/aktuelles/{subject.date:%Y}-{subject.slug}.jpg"
