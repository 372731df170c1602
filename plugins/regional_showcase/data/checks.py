"""One entry point for every input rule: the build and `showcase check` both call it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..events.loader import EventList, load_events
from ..preview.memo import PreviewMemo, file_key, files_key, tree_stat
from . import unsaved
from .comparison import load_comparison
from .comparison_model import Comparison
from .content_files import content_problems
from .content_rules import page_text_problems
from .feed_ids import feed_id_problems
from .image_files import IMAGE_DIR
from .kept_addresses import KeptAddresses, kept_addresses
from .links import tracking_problems
from .loader import display_path, load_site_data
from .model import SiteData
from .operator_pages import PageNeeds, fact_problems, page_needs
from .photo_formats import heif_problems
from .post_body import BodyRules
from .post_translations import PostLanguage, post_language, translation_problems
from .posts import PostInfo, check_page_bodies, check_post, check_posts, post_files
from .problems import Problem, ValidationFailed
from .published_files import published_file_problems
from .site_rules import region_problems, site_rules
from .star_links import star_link_file_problems
from .text_files import UnusableText, read_text

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings


def page_problems(settings: ShowcaseSettings) -> list[Problem]:
    """Rules for the pages (Über das Projekt, Impressum …): links without tracking."""
    problems: list[Problem] = []
    for folder in settings.page_paths:
        for path in unsaved.files_under(settings.content_path / folder):
            if path.suffix != ".md":
                continue
            try:
                text = read_text(path, display_path(path))
            except UnusableText:
                continue  # content_problems reports the encoding, once
            problems += tracking_problems(text, display_path(path))
            problems += page_text_problems(text, display_path(path))
    # The operator's facts: an unknown one always, a missing one where the site goes live.
    pages = page_needs_of(settings)
    problems += fact_problems(pages, settings.operator, required=settings.operator_required)
    return problems


def page_needs_of(settings: ShowcaseSettings) -> list[PageNeeds]:
    """What every page asks of the operator (operator_pages.py), for the check and the report."""
    folders = [folder for folder in settings.page_dirs if folder.is_dir()]
    return page_needs([path for folder in folders for path in post_files(folder)], display_path)


@dataclass(frozen=True)
class CheckedInput:
    """Everything editors wrote, checked: the region data and the events."""

    site: SiteData
    events: EventList
    # The comparison of the regions by language (comparison.py); empty without the file.
    comparisons: dict[str, Comparison] = field(default_factory=dict, hash=False)
    # What asks for confirmation and stops nothing (a date years ahead): problems.WARNING.
    warnings: list[Problem] = field(default_factory=list, hash=False)
    # The redirects to write and the pages online now (kept_addresses.py).
    kept: KeptAddresses = field(default_factory=KeptAddresses, hash=False)


def check_input(
    settings: ShowcaseSettings,
    hints: list[Problem] | None = None,
    *,
    bodies: bool = True,
    memo: PreviewMemo | None = None,
) -> CheckedInput:
    """Validate the region data, every post and every event; raise ValidationFailed listing
    all problems.

    `showcase check` calls exactly this, so the command and the build share their rules.
    `hints` receives what the region pages still lack (not errors; see completeness.py).
    The build passes bodies=False: its reader applies the body rules to the very parse it
    renders, so no post is parsed twice (see reader.py and ShowcaseGenerator). Event texts
    are always checked here: the events generator renders them without Pelican's reader.
    `memo` (the preview's, staff/preview_memo.py) reuses the region data and the checks of
    the posts whose files did not change since the last preview build.
    """
    # Posts can only be checked against valid data, so data problems come alone.
    editions = settings.languages[1:]
    try:
        if memo is None:
            site = load_site_data(settings.data, settings.region_texts, hints, editions)
        else:
            site = _remembered_site_data(memo, settings, hints, editions)
    except ValidationFailed as failed:
        # A region removed while its text stays: name the posts and events using it too.
        raise ValidationFailed([*failed.problems, *region_problems(settings)]) from None
    # Bodies are parsed with the build's own Markdown settings, so both see the same tree.
    rules = BodyRules(settings.content_path, settings.markdown, settings.site_url)
    posts = post_files(settings.news_dir)
    infos: list[PostInfo] = []
    if memo is None:
        problems = check_posts(
            posts, site, settings.content_path, rules, bodies=bodies, infos=infos
        )
        language_of = None
    else:
        keys = {path: file_key(path) for path in posts}
        problems = _remembered_post_checks(memo, settings, keys, site, rules, bodies, infos)
        language_of = _remembered_languages(memo, settings, keys)
    if editions:
        problems += translation_problems(posts, settings.lang, settings.languages, language_of)
    problems += feed_id_problems(posts, settings.feed_id_domain, settings.lang)
    pages = [
        path for folder in settings.page_dirs if folder.is_dir() for path in post_files(folder)
    ]
    if bodies:
        problems += check_page_bodies(pages, rules)
    problems += page_problems(settings)
    # Deep links to starke-regionen.de only to pages known to exist (star_links.py).
    data_files = sorted(settings.data.parent.glob("*.yaml"))
    # As the web editor's save would leave them (unsaved.py): a post it deletes is not read.
    markdown = [p for p in unsaved.files_under(settings.content_path) if p.suffix == ".md"]
    texts = [*data_files, *markdown]
    problems += star_link_file_problems(texts, display_path)
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
    # Links between posts and pages, dates, regions in use: across files, never remembered.
    across = site_rules(settings, site, infos, events)
    problems += across.problems
    # Every address once published still leads somewhere (kept_addresses.py).
    kept = kept_addresses(settings, site, infos, events)
    problems += kept.problems
    # Pelican copies these files as they are, following links: only real pictures and linked
    # PDFs may be among them.
    problems += published_file_problems(settings)
    # The iPhone's HEIC photos: a JPEG is asked for (photo_formats.py says why).
    problems += heif_problems(settings.content_path, {IMAGE_DIR, *settings.static_paths})
    comparisons: dict[str, Comparison] = {}
    if settings.comparison is not None:
        try:
            comparisons = load_comparison(settings.comparison, site, settings.languages)
        except ValidationFailed as failed:
            problems += failed.problems
    if problems:
        raise ValidationFailed(problems, across.warnings)
    return CheckedInput(site, events, comparisons, across.warnings, kept)


def _remembered_site_data(
    memo: PreviewMemo, settings: ShowcaseSettings, hints: list[Problem] | None, editions: tuple
) -> SiteData:
    """load_site_data, kept while regions.yaml and the region texts stay the same; the hints
    it found are handed out again with it."""
    texts = settings.region_texts
    text_files = (
        sorted(p for p in texts.rglob("*") if p.is_file()) if texts and texts.is_dir() else []
    )
    key = (files_key([settings.data, *text_files]), settings.data, texts, editions, hints is None)

    def load() -> tuple[SiteData, list[Problem]]:
        found: list[Problem] | None = None if hints is None else []
        return load_site_data(settings.data, texts, found, editions), list(found or [])

    site, found = memo.get("site-data", key, load)
    if hints is not None:
        hints += found
    return site


def _remembered_post_checks(
    memo: PreviewMemo,
    settings: ShowcaseSettings,
    keys: dict[Path, tuple],
    site: SiteData,
    rules: BodyRules,
    bodies: bool,
    infos: list[PostInfo] | None = None,
) -> list[Problem]:
    """check_posts, with each post's own check kept while its file, the region data and the
    pictures it may point to stay the same; the slugs are compared across all posts anew,
    and `infos` receives every post's PostInfo for the rules across posts (site_rules.py)."""
    # A post's check sees the region data (one object while unchanged, so compared at once)
    # and whether the pictures it names exist.
    pictures = tree_stat(settings.content_path, skip=settings.news_dir)
    slots = set()
    checked = {}
    posts = list(keys)
    for path in posts:
        slot = ("post-check", str(path))
        slots.add(slot)
        key = (keys[path], pictures, bodies, site)
        checked[path] = memo.get(
            slot,
            key,
            lambda p=path: check_post(p, site, settings.content_path, rules, bodies=bodies),
        )
    memo.keep_only("post-check", slots)  # deleted and renamed posts leave
    return check_posts(
        posts, site, settings.content_path, rules, bodies=bodies, checked=checked, infos=infos
    )


def _remembered_languages(
    memo: PreviewMemo, settings: ShowcaseSettings, keys: dict[Path, tuple]
) -> Callable[[Path], PostLanguage | None]:
    """post_language of each post, kept while its file stays the same."""
    lang = settings.lang
    memo.keep_only("post-language", {("post-language", str(path)) for path in keys})

    def language_of(path: Path) -> PostLanguage | None:
        slot = ("post-language", str(path))
        return memo.get(slot, (keys[path], lang), lambda: post_language(path, lang))

    return language_of


def load_and_check(
    settings: ShowcaseSettings, hints: list[Problem] | None = None, *, bodies: bool = True
) -> SiteData:
    """The region data after every check of `check_input`."""
    return check_input(settings, hints, bodies=bodies).site
