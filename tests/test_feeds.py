"""Site, region and topic feeds parse cleanly and hold exactly the right posts."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from regional_showcase.feeds import distinct_updates

from expectations import post_path, published_posts, region_data
from sitebuild import PUBLISH_URL

DATA = region_data()
POSTS = published_posts()
FEEDS = (
    [("feeds/alle", None)]
    + [(f"feeds/regionen/{r['slug']}", ("region", r["slug"])) for r in DATA["regions"]]
    + [(f"feeds/themen/{t['slug']}", ("topic", t)) for t in DATA["topics"]]
)


def expected_links(selector) -> list[str]:
    if selector is None:
        chosen = POSTS
    elif selector[0] == "region":
        chosen = [p for p in POSTS if selector[1] in p.regions or "alle" in p.regions]
    else:
        topic = selector[1]
        chosen = [p for p in POSTS if p.category in (topic["name"], topic["slug"])]
    return sorted(f"{PUBLISH_URL}/{post_path(p)}" for p in chosen)


def test_there_are_enough_posts_to_mean_something():
    assert len(POSTS) >= 9


@pytest.mark.build
@pytest.mark.parametrize("kind", ["atom", "rss"])
@pytest.mark.parametrize(("path", "selector"), FEEDS, ids=[f[0] for f in FEEDS])
def test_feed_parses_and_holds_exactly_its_posts(published, path, selector, kind):
    parsed = feedparser.parse((published.output / f"{path}.{kind}.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    links = sorted(entry.link for entry in parsed.entries)
    assert links == expected_links(selector)
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("tag:") for i in ids)
    dates = [entry.published_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.link.startswith(PUBLISH_URL)


@pytest.mark.build
def test_site_feed_holds_every_post(published):
    parsed = feedparser.parse((published.output / "feeds/alle.atom.xml").read_bytes())
    assert len(parsed.entries) == len(POSTS)


@pytest.mark.build
def test_entries_carry_topic_regions_and_organisation(published):
    parsed = feedparser.parse((published.output / "feeds/alle.atom.xml").read_bytes())
    topics = {t["name"] for t in DATA["topics"]}
    organisations = {r["organisation"]["name"] for r in DATA["regions"]}
    for entry in parsed.entries:
        terms = {tag.term for tag in entry.tags}
        assert terms & topics, entry.link
        assert entry.author, entry.link
        assert entry.author == DATA["project"]["name"] or any(
            o in entry.author for o in organisations
        )


# ---------- atom:updated, distinct within a feed ----------

BERLIN = dt.timezone(dt.timedelta(hours=2))
MIDNIGHT = dt.datetime(2023, 6, 21, tzinfo=BERLIN)
SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        # Distinct instants stay as they are.
        ([MIDNIGHT + 5 * SECOND, MIDNIGHT], [MIDNIGHT + 5 * SECOND, MIDNIGHT]),
        # Two posts of one day: the one listed first a second later, both on the same day.
        ([MIDNIGHT, MIDNIGHT], [MIDNIGHT + SECOND, MIDNIGHT]),
        ([MIDNIGHT] * 3, [MIDNIGHT + 2 * SECOND, MIDNIGHT + SECOND, MIDNIGHT]),
        # A nudged time that another entry already has moves on to the next free second.
        (
            [MIDNIGHT + SECOND, MIDNIGHT, MIDNIGHT],
            [MIDNIGHT + 2 * SECOND, MIDNIGHT + SECOND, MIDNIGHT],
        ),
        ([], []),
    ],
)
def test_entries_of_one_instant_get_updated_times_a_second_apart_in_feed_order(own, expected):
    assert distinct_updates(own) == expected


@pytest.mark.build
def test_no_two_entries_of_an_atom_feed_share_their_updated_time(published):
    # The shipped posts include two dated 21.06.2023 by the day alone: both stood at midnight.
    feeds = sorted(published.output.glob("feeds/**/*.atom.xml"))
    assert feeds
    for feed in feeds:
        updated = [entry.updated for entry in feedparser.parse(feed.read_bytes()).entries]
        assert len(updated) == len(set(updated)), feed.relative_to(published.output)
