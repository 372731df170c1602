"""One build's facts of each post, made once for every digest that keys on them
(preview/pages.py PostFacts, PageDigest.header and view_fields): the changed posts' lines
(changed_sources.post_line), the post keys of followed reads (FollowedDigest._own_key) and the
keys of the pages and feeds that show a post (PageDigest.line, files). Each rule's inputs are
still in the key made from the shared facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import Markup
from test_build_record import article, writers  # noqa: F401 (a fixture)
from test_kept_post_digests import PICTURE, view

from regional_showcase.build_record import post_line as build_line
from regional_showcase.preview.changed_sources import post_line
from regional_showcase.preview.followed_reads import VIEW_FIELDS, FollowedDigest
from regional_showcase.preview.pages import PageDigest


def collection_line(post) -> str:
    """The changed posts' line of a post, as the writer makes it (_collection_line)."""
    digest = PageDigest()
    return post_line(post, digest.own, digest.header)


# Header fields that differ only in their type or in one of several values: the same text
# by str() or ==, another page.
HEADERS = [
    {"title": "Zwei"},
    {"summary": "Anders."},
    {"regions": "nord, süd"},
    {"number": 1},
    {"number": True},
    {"number": "1"},
    {"number": 1.0},
    {"summary": Markup("Kurz.")},
    {"tags": ["eins", "zwei"]},
    {"tags": ["zwei", "eins"]},
]


@pytest.mark.parametrize("changed", HEADERS, ids=repr)
def test_a_posts_header_holds_each_field_by_its_type_and_value(tmp_path, changed):
    first = article(tmp_path, "eins.md", number=2, tags=["eins"])
    other = article(tmp_path, "eins.md", **{"number": 2, "tags": ["eins"], **changed})
    first.showcase = other.showcase = view()
    assert PageDigest().header(first) != PageDigest().header(other)
    assert collection_line(first) != collection_line(other)
    assert PageDigest().line(first) != PageDigest().line(other)


def test_a_field_more_or_less_changes_the_header(tmp_path):
    first, more = article(tmp_path, "eins.md"), article(tmp_path, "eins.md", extra="")
    first.showcase = more.showcase = view()
    assert PageDigest().header(first) != PageDigest().header(more)
    assert collection_line(first) != collection_line(more)


def test_the_build_record_line_is_the_same_with_the_shared_header(tmp_path):
    post = article(tmp_path, "eins.md", number=3)
    assert build_line(post) == build_line(post, PageDigest().header(post))


def test_the_digests_of_one_build_share_the_posts_header_line_and_file_not_the_views(
    tmp_path,
    writers,  # noqa: F811
):
    writer = writers()
    with_related, without = writer._page_digest(), writer._page_digest(related=False)
    assert with_related.facts is without.facts
    post = article(tmp_path, "eins.md")
    post.showcase = view()
    header = with_related.header(post)
    line = without.line(post)
    assert header in line
    assert with_related.line(post) is line  # made once for the build
    # A view's digest by `of` may count related posts: each digest its own.
    assert with_related.owns is not without.owns
    assert with_related.fields is not without.fields


def test_a_views_own_digest_is_that_of_its_fields_but_its_related_posts(tmp_path):
    other = article(tmp_path, "zwei.md")
    shown = replace(view(related=(other,)), author_organisation="Nord e. V.")
    digest = PageDigest()
    fields = (
        shown.topic,
        shown.region_list,
        shown.for_all_regions,
        shown.author_organisation,
        shown.social_image,
        shown.has_own_card,
        shown.lead_image,
    )
    assert digest.own(shown) == PageDigest().of(fields)
    assert set(digest.view_fields(shown)) == VIEW_FIELDS


@pytest.mark.parametrize(
    "changed",
    [
        {"social_image": "zwei.jpg"},
        {"has_own_card": False},
        {"lead_image": replace(PICTURE, width=801)},
        {"lead_image": None},
    ],
    ids=repr,
)
def test_a_posts_key_of_followed_reads_holds_its_card_and_lead_picture(tmp_path, changed):
    post = article(tmp_path, "eins.md")
    post.showcase = view()
    again = article(tmp_path, "eins.md")
    again.showcase = replace(view(), **changed)
    # The lines made first, as changed_sources does in a build after a new post: the post
    # key takes the view's fields from there.
    first, second = PageDigest(), PageDigest()
    assert collection_line(post) != collection_line(again)
    post_line(post, first.own, first.header)
    post_line(again, second.own, second.header)
    key = FollowedDigest(first).post_key(post, 0)
    assert key is not None
    assert FollowedDigest(second).post_key(again, 0) != key
    assert FollowedDigest(PageDigest()).post_key(post, 0) == key


def test_other_fields_of_a_view_leave_the_post_key_of_followed_reads(tmp_path: Path):
    """Only the card and the lead picture are the view's part of the key (the other fields
    follow from the post's file and the region data): a view's other fields do not change it."""
    post = article(tmp_path, "eins.md")
    post.showcase = view()
    again = article(tmp_path, "eins.md")
    again.showcase = replace(view(), author_organisation="Nord e. V.")
    key = FollowedDigest(PageDigest()).post_key(post, 0)
    assert FollowedDigest(PageDigest()).post_key(again, 0) == key
