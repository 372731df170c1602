"""The posts' lines kept between a process's builds (changed_sources.post_line, _KEPT_LINES):
after a new or deleted post every post's line is made again, and a post whose line is made
from the same parts and view's fields as in the last build takes that line without its
view's digest. Each test makes a build's line with the kept lines of the build before and
compares it with the line a fresh process makes (nothing kept)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from markupsafe import Markup
from test_build_record import article
from test_charts import region as charts_region
from test_kept_post_digests import PICTURE, view

from regional_showcase.data.model import Topic
from regional_showcase.preview import changed_sources
from regional_showcase.preview.changed_sources import keep_lines, post_line
from regional_showcase.preview.pages import PageDigest


@pytest.fixture(autouse=True)
def fresh_process():
    changed_sources._KEPT_LINES.clear()
    yield
    changed_sources._KEPT_LINES.clear()


class CountingDigest(PageDigest):
    """A build's digest that counts the views it digests."""

    made = 0

    def own(self, view):
        CountingDigest.made += 1
        return super().own(view)


def line(post) -> str:
    """The line of a post in a build (a new digest) after the builds before in this process."""
    digest = CountingDigest()
    return post_line(post, digest.own, digest.header)


def fresh(post) -> str:
    """The line a fresh process makes (nothing kept), leaving the kept lines as they were."""
    held = dict(changed_sources._KEPT_LINES)
    changed_sources._KEPT_LINES.clear()
    try:
        return line(post)
    finally:
        changed_sources._KEPT_LINES.clear()
        changed_sources._KEPT_LINES.update(held)


def built(tmp_path, name: str = "eins.md", **fields):
    """A build's new object of the post, with a new view of these fields."""
    post = article(tmp_path, name)
    post.showcase = replace(view(), **fields)
    return post


def test_a_post_of_the_same_parts_and_view_takes_its_line_without_the_views_digest(tmp_path):
    first = line(built(tmp_path))
    CountingDigest.made = 0
    again = built(tmp_path)  # the next build's objects: a new post, a new view, equal fields
    assert line(again) == first == fresh(again)
    assert CountingDigest.made == 1  # fresh's alone


SAME_REGION = charts_region("allgaeu")
CHANGES = [
    {"social_image": "zwei.jpg"},
    {"has_own_card": False},
    {"author_organisation": "Nord e. V."},
    {"for_all_regions": True},
    {"lead_image": None},
    {"lead_image": replace(PICTURE, alt="Ein anderer Hof")},
    # By type too: the digest tells 1 from 1.0 and True, == does not.
    {"lead_image": replace(PICTURE, width=1.0)},
    {"lead_image": replace(PICTURE, width=True)},
    {"topic": Topic("fachkraefte", "Fachkräfte")},
    {"region_list": (SAME_REGION,)},
    {"region_list": (replace(SAME_REGION, claim="Anders."),)},
    {"region_list": (SAME_REGION, charts_region("haff"))},
]


@pytest.mark.parametrize("changed", CHANGES, ids=repr)
def test_each_field_of_the_view_makes_the_line_again(tmp_path, changed):
    before = line(built(tmp_path, lead_image=replace(PICTURE, width=1)))
    line(built(tmp_path, lead_image=replace(PICTURE, width=1)))
    now = built(tmp_path, **{"lead_image": replace(PICTURE, width=1), **changed})
    assert line(now) == fresh(now) != before


def test_a_float_is_kept_by_its_repr(tmp_path):
    """0.0 == -0.0, but the digest writes each by its repr."""
    line(built(tmp_path, lead_image=replace(PICTURE, width=0.0)))
    now = built(tmp_path, lead_image=replace(PICTURE, width=-0.0))
    assert line(now) == fresh(now)


def test_the_same_regions_keep_the_line_and_new_ones_of_the_same_values_give_it(tmp_path):
    """The region data's objects are one object while their files stay the same: the line
    kept. Loaded again (new objects of the same values), the same line (a region holds a
    dict: digested again)."""
    first = line(built(tmp_path, region_list=(SAME_REGION,)))
    CountingDigest.made = 0
    assert line(built(tmp_path, region_list=(SAME_REGION,))) == first
    assert CountingDigest.made == 0
    assert line(built(tmp_path, region_list=(charts_region("allgaeu"),))) == first


def test_a_list_is_never_taken_for_the_same(tmp_path):
    """A list (or dict) may hold other items by the next build, though it is the same
    object: it is digested again."""
    names = ["Allgäu"]
    line(built(tmp_path, author_organisation=names))
    names.append("Haff")
    now = built(tmp_path, author_organisation=names)
    assert line(now) == fresh(now)


@pytest.mark.parametrize(
    "changed",
    [{"title": "Zwei"}, {"summary": Markup("Anders.")}, {"slug": "woanders"}, {"number": 1.0}],
    ids=repr,
)
def test_the_posts_header_and_address_make_the_line_again(tmp_path, changed):
    post = built(tmp_path)
    line(post)
    now = article(tmp_path, "eins.md", **changed)
    now.showcase = view()
    assert line(now) == fresh(now) != line(post)


def test_related_posts_and_translations_make_the_line_again(tmp_path):
    other = article(tmp_path, "zwei.md")
    line(built(tmp_path))
    related = built(tmp_path, related_posts=(other,))
    assert line(related) == fresh(related)
    translated = built(tmp_path)
    translated.translations = [other]
    assert line(translated) == fresh(translated)


def test_only_the_builds_posts_stay_kept(tmp_path):
    line(built(tmp_path, "eins.md"))
    line(built(tmp_path, "zwei.md"))
    keep_lines({str(tmp_path / "zwei.md")})
    assert set(changed_sources._KEPT_LINES) == {str(tmp_path / "zwei.md")}
