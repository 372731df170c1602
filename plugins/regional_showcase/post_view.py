"""What the plugin adds to each post: one typed, read-only view, `article.showcase`.

Pelican's article objects stay Pelican's. Everything the plugin knows about a post (its
regions, its topic, who stands behind it, its pictures, related posts) is worked out here, in
one function without side effects, and handed to the generator, the writer, the feeds and the
templates as a `PostView`. docs/template-context.md lists its fields; a test holds the
templates to that list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data.model import ALL_REGIONS, Region, SiteData, Topic
from .data.posts import parse_region_list
from .pictures.images import LeadImage, lead_image
from .settings import ShowcaseSettings
from .urls import social_path

RELATED_COUNT = 3


@dataclass(frozen=True)
class PostView:
    """A post as the plugin sees it; templates read it as `article.showcase`."""

    topic: Topic
    # Every region for a post tagged `alle`, in data order; else the post's regions.
    region_list: tuple[Region, ...]
    for_all_regions: bool
    # The project for an `alle` post; else the regions' organisations, sorted, comma-joined.
    author_organisation: str
    # Path of the post's 1200×630 preview image: its own card, or its region's (older posts).
    social_image: str
    has_own_card: bool
    lead_image: LeadImage | None
    # Up to three newest other posts of the same regions (published posts only).
    related_posts: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PostViews:
    """The views of one build's posts, and the posts per region and per topic."""

    by_source: Mapping[str, PostView]
    by_region: Mapping[str, list]  # region slug -> posts, newest first (with `alle` posts)
    by_topic: Mapping[str, list]  # topic slug -> posts, newest first

    def of(self, article) -> PostView:
        """The view of a post (or draft) of this build."""
        return self.by_source[article.source_path]


def view_posts(
    articles: Sequence, drafts: Sequence, site: SiteData, settings: ShowcaseSettings
) -> PostViews:
    """Work out the view of every post and draft; reads the posts, changes none of them.

    `articles` are Pelican's published posts, newest first; only the newest
    `social_image_posts` get a preview card of their own.
    """
    own_cards = settings.social_image_posts
    by_source: dict[str, PostView] = {}
    by_region: dict[str, list] = defaultdict(list)
    by_topic: dict[str, list] = defaultdict(list)
    fields: list[tuple[Any, dict]] = []
    shared = _Shared(site)
    for index, article in enumerate(articles):
        own_card = own_cards is None or index < own_cards
        own = _fields(article, site, settings, own_card=own_card, shared=shared)
        fields.append((article, own))
        for region in own["region_list"]:
            by_region[region.slug].append(article)
        by_topic[own["topic"].slug].append(article)
    for draft in drafts:
        own = _fields(draft, site, settings, own_card=False, shared=shared)
        by_source[draft.source_path] = PostView(**own)
    # Each view made once, with its related posts (dataclasses.replace made every post's
    # view a second time).
    for article, own in fields:
        related = _related(article, own["region_list"], by_region)
        by_source[article.source_path] = PostView(**own, related_posts=related)
    return PostViews(by_source, dict(by_region), dict(by_topic))


class _Shared:
    """What posts with the same header value share within one view_posts: the regions and
    their organisations of a `regions` value, the topic of a Category. Most of 1,000 posts
    name one of a few region lists and topics: each worked out once per build (parsing each
    post's list and building `regions_by_slug` for each post was most of the views' time),
    from this build's site data only."""

    def __init__(self, site: SiteData) -> None:
        self.site = site
        self.by_slug = site.regions_by_slug
        self.regions: dict[str, tuple] = {}
        self.topics: dict[str, Topic | None] = {}

    def regions_of(self, value) -> tuple:
        """(regions, everywhere, organisations) of a post's `regions` header value."""
        found = self.regions.get(value)
        if found is None:
            names = parse_region_list(value)
            everywhere = ALL_REGIONS in names
            site = self.site
            regions = tuple(site.regions) if everywhere else tuple(self.by_slug[n] for n in names)
            organisations = sorted({r.organisation.name for r in regions})
            shown = site.project.name if everywhere else ", ".join(organisations)
            found = self.regions[value] = (regions, everywhere, shown)
        return found

    def topic_of(self, category: str) -> Topic | None:
        if category not in self.topics:
            self.topics[category] = self.site.topic_named(category)
        return self.topics[category]


def _fields(
    article,
    site: SiteData,
    settings: ShowcaseSettings,
    *,
    own_card: bool,
    shared: _Shared | None = None,
) -> dict:
    """A post's view's fields but its related posts."""
    if shared is None:
        shared = _Shared(site)
    regions, everywhere, organisation = shared.regions_of(article.metadata["regions"])
    image = article.metadata.get("image")
    if own_card:
        card = social_path(settings, article)
    else:
        # Older posts share the preview card of their first region (or of the site).
        card = social_path(settings, None if everywhere else regions[0])
    return {
        "topic": shared.topic_of(str(article.category)),
        "region_list": regions,
        "for_all_regions": everywhere,
        "author_organisation": organisation,
        "social_image": card,
        "has_own_card": own_card,
        "lead_image": (
            lead_image(
                Path(settings.content_path),
                image,
                article.metadata.get("image_alt", ""),
                settings.cache_dir,
                credit=article.metadata.get("image_credit"),
                licence=article.metadata.get("image_licence"),
                focus=article.metadata.get("image_focus"),
            )
            if image
            else None
        ),
    }


def _related(article, regions: Sequence[Region], by_region: Mapping[str, list]) -> tuple:
    """The newest other posts of the article's regions: bounded work per post."""
    related: list = []
    for region in regions:
        for other in by_region.get(region.slug, []):
            if len(related) >= RELATED_COUNT:
                return tuple(related)
            if other is not article and other not in related:
                related.append(other)
    return tuple(related)
