"""The press area as a content type (content_types/registry.py): one declaration, here."""

from __future__ import annotations

from ..content_types.registry import CheckRun, Cms, ContentType, Loaded
from .cms import press_collection
from .loader import load_releases, press_path, release_files


def load(run: CheckRun) -> Loaded:
    """Every release checked and read; the items are the releases, newest first."""
    releases = load_releases(run.settings.content_path, run.site, run.rules)
    return Loaded(releases.releases, releases.problems)


def _generator() -> type:
    from .generator import PressGenerator

    return PressGenerator


PRESS = ContentType(
    name="press",
    label="Pressemitteilungen",
    folder=lambda settings: press_path(settings.content_path),
    files=lambda settings: release_files(settings.content_path),
    load=load,
    cms=Cms(press_collection, per_language=False),
    generator=_generator,
    overview="press",
    watch=lambda settings: (press_path(settings.content_path),),
    published="dated",
)
