"""What the plugin adds to each post: one typed, read-only view, `article.showcase`.

Pelican's article objects stay Pelican's. Everything the plugin knows about a post (its
regions, its topic, who stands behind it, its pictures, related posts) is worked out here, in
one function without side effects, and handed to the generator, the writer, the feeds and the
templates as a `PostView`. docs/template-context.md lists its fields; a test holds the
templates to that list.
"""

from __future__ import annotations

import itertools
import operator
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
    # Up to three other posts of the same regions nearest in date, newest first (published
    # posts only; _related).
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
    nearest = _Nearest(by_region, RELATED_MEMO)
    RELATED_MEMO.next_build()
    for article, own in fields:
        related = nearest.related(article, own["region_list"])
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
    """The "Ähnliche Meldungen": the RELATED_COUNT other posts of the article's regions nearest
    in date to it (before or after), shown newest first.

    A post of several regions (or for all regions, which is in every region's list) takes
    the nearest of all its regions' posts together, each post once. At the same distance
    the newer post wins, then the one whose source path sorts first; the list shown is
    ordered by date, newest first, then by source path. A post alone in its region, or with
    no region, has none. For the newest post of a region this is its region's newest other
    posts; a new newest post changes only the lists of the few posts nearest to it, not of
    every post of its region (which a rule "the newest posts" did).

    view_posts asks one _Nearest for every post of a build, which keeps the answers
    between a process's builds.
    """
    return _by_date(article, regions, by_region)


class _Nearest:
    """The related posts of one build's posts (_related's rule, worked out by _by_date).

    When every listed post's date and the post's own are naive, or all aware of the very
    same tzinfo object, a post's related posts follow from its regions' lists alone (each
    post's source path and date, in order) and its own date: Python compares and subtracts
    two datetimes of the same tzinfo by their wall clock (across a change to summer time
    too), so equal dates in the key mean the same distances. `memo` (_RelatedMemo) keeps
    them, as places in those lists, from earlier builds of the process for the very same
    lists (working them out anew took view_posts from 13-16 to 31 ms of CPU per build at
    1,000 posts on a loaded machine, against round 8's "newest posts"); a build after an
    edit works out none, after a new post those of its regions' posts. Any other mix of
    dates (equal through UTC, other wall clocks) is worked out anew each time.
    """

    def __init__(self, by_region: Mapping[str, list], memo: _RelatedMemo | None = None) -> None:
        self.by_region = by_region
        self.memo = memo
        self.zone: Any = _MIXED
        self.rows: dict[str, int] = {}  # each region's list as the memo's number for it
        self.indexes: dict[str, dict] = {}  # a list's posts' places, when first asked
        # The memo's part for a post's regions (by the regions' tuple, shared by the posts
        # of the same header value: _Shared, and by their slugs).
        self.lists: dict[int, tuple] = {}
        self.by_slugs: dict[tuple, dict] = {}
        if memo is None:
            return
        dates = {slug: tuple(map(_DATE, listed)) for slug, listed in by_region.items()}
        zones: set[int] = set()  # by identity: tzinfos that are equal are not the same
        for listed in dates.values():
            zones.update(map(id, map(_TZ, listed)))
        if len(zones) != 1:
            return
        self.zone = next(date for listed in dates.values() for date in listed).tzinfo
        memo.zone_is(self.zone)
        for slug, listed in by_region.items():
            self.rows[slug] = memo.row((slug, tuple(map(_PATH, listed)), dates[slug]))

    def related(self, article, regions: Sequence[Region]) -> tuple:
        if self.memo is None or article.date.tzinfo is not self.zone:
            return _by_date(article, regions, self.by_region)
        held = self.lists.get(id(regions))
        if held is None or held[0] is not regions:
            slugs = tuple(region.slug for region in regions)
            answers = self.by_slugs.get(slugs)
            if answers is None:
                rows = tuple(self.rows.get(slug) for slug in slugs)
                answers = self.by_slugs[slugs] = self.memo.lists((slugs, rows))
            held = self.lists[id(regions)] = (regions, answers)
        answers = held[1]
        # The post is in its regions' lists (view_posts): its date is in their key.
        places = answers.get(article.source_path)
        if places is None:
            related = _by_date(article, regions, self.by_region)
            answers[article.source_path] = tuple(self._place(post, regions) for post in related)
            return related
        by_region = self.by_region
        return tuple(by_region[slug][index] for slug, index in places)

    def _place(self, post, regions: Sequence[Region]) -> tuple:
        """A post's (region, index) in the list of one of `regions`, the lists the memo's
        answers are kept by (another region's list may change while these stay)."""
        for region in regions:
            indexes = self.indexes.get(region.slug)
            if indexes is None:
                listed = self.by_region.get(region.slug, ())
                indexes = self.indexes[region.slug] = {
                    id(other): i for i, other in enumerate(listed)
                }
            if id(post) in indexes:
                return region.slug, indexes[id(post)]
        raise LookupError(post.source_path)  # _by_date takes posts of these lists only


class _RelatedMemo:
    """_Nearest's answers of a process's recent builds: per post's regions and their lists
    (each post's wall clock and source path, in order), per post (its path and wall clock)
    its related posts' places in those lists. A region's list is compared once per build
    (`row`: a number per list, never given twice), a post's regions by those numbers: 160
    combinations of regions at 1,000 posts each hashed their lists whole. What no build
    used for KEEP_BUILDS builds is dropped (the German and the English posts each have
    their lists)."""

    KEEP_BUILDS = 4

    def __init__(self) -> None:
        # key -> [the build that last used it, its number or answers]
        self.rows: dict[tuple, list] = {}
        self.held: dict[tuple, list] = {}
        self.numbers = itertools.count()
        self.build = 0
        self.zone: Any = _MIXED

    def zone_is(self, zone: Any) -> None:
        """The tzinfo of a build's dates: the keys compare dates, which is by their wall
        clock only for dates of one tzinfo (another: everything kept is dropped)."""
        if zone is not self.zone:
            self.zone = zone
            self.rows.clear()
            self.held.clear()

    def row(self, key: tuple) -> int:
        held = self.rows.get(key)
        if held is None:
            held = self.rows[key] = [self.build, next(self.numbers)]
        held[0] = self.build
        return held[1]

    def lists(self, key: tuple) -> dict:
        held = self.held.get(key)
        if held is None:
            held = self.held[key] = [self.build, {}]
        held[0] = self.build
        return held[1]

    def next_build(self) -> None:
        self.build += 1
        oldest = self.build - self.KEEP_BUILDS
        for kept in (self.rows, self.held):
            for key in [key for key, held in kept.items() if held[0] < oldest]:
                del kept[key]


# _Nearest.zone when the dates are not all of one tzinfo (or naive).
_MIXED = object()
_DATE = operator.attrgetter("date")
_TZ = operator.attrgetter("tzinfo")
_PATH = operator.attrgetter("source_path")


RELATED_MEMO = _RelatedMemo()


def _by_date(article, regions: Sequence[Region], by_region: Mapping[str, list]) -> tuple:
    """_related's rule, worked out: `by_region`'s lists are sorted by date, newest first;
    each is bisected at the post's date and looked at RELATED_COUNT posts each way (and at
    the posts of the same date as the last one looked at, so that a tie is broken by the
    rule, not by the list's order)."""
    date = article.date
    found: dict[int, Any] = {}
    for region in regions:
        listed = by_region.get(region.slug, ())
        newer = _first_not_newer(listed, date)
        older = newer
        while older < len(listed) and listed[older].date == date:
            older += 1
        for other in listed[newer:older]:
            found[id(other)] = other
        for index in _walk(listed, range(newer - 1, -1, -1)):
            found[id(listed[index])] = listed[index]
        for index in _walk(listed, range(older, len(listed))):
            found[id(listed[index])] = listed[index]
    found.pop(id(article), None)
    nearest = sorted(
        found.values(),
        key=lambda other: (abs(other.date - date), -_stamp(other, date), str(other.source_path)),
    )[:RELATED_COUNT]
    return tuple(sorted(nearest, key=lambda other: (-_stamp(other, date), str(other.source_path))))


def _first_not_newer(listed: Sequence, date) -> int:
    """The index of the first post of a list sorted newest first not newer than `date`."""
    low, high = 0, len(listed)
    while low < high:
        middle = (low + high) // 2
        if listed[middle].date > date:
            low = middle + 1
        else:
            high = middle
    return low


def _walk(listed: Sequence, indexes: range) -> list[int]:
    """The first RELATED_COUNT indexes of `indexes` (away from a post's date), and those
    after them of the same date as the last one."""
    taken: list[int] = []
    for index in indexes:
        if len(taken) >= RELATED_COUNT and listed[index].date != listed[taken[-1]].date:
            break
        taken.append(index)
    return taken


def _stamp(other, date) -> float:
    """A post's date as seconds from `date` (for sorting newer first)."""
    return (other.date - date).total_seconds()
