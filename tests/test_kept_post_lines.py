"""What a process that builds again keeps of each post's view between its builds: the posts'
lines (changed_sources.post_line, _KEPT_LINES; after a new or deleted post every post's line
is made again) and the card digests of the post keys of followed reads
(followed_reads._card_digests). A post whose line or key is made from the same parts and
view's fields as in the last build takes the kept digests without digesting its view. Each
test makes a build's line or key with what the builds before kept and compares it with the
one a fresh process makes (nothing kept)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from markupsafe import Markup
from test_build_record import article
from test_charts import region as charts_region
from test_kept_post_digests import PICTURE, view

from regional_showcase.data.model import Topic
from regional_showcase.preview import changed_sources, followed_reads
from regional_showcase.preview.changed_sources import keep_lines, post_line
from regional_showcase.preview.followed_reads import FollowedDigest
from regional_showcase.preview.pages import PageDigest

KEPT = (changed_sources._KEPT_LINES, followed_reads._KEPT_CARDS)


@pytest.fixture(autouse=True)
def fresh_process():
    for kept in KEPT:
        kept.clear()
    yield
    for kept in KEPT:
        kept.clear()


class CountingDigest(PageDigest):
    """A build's digest that counts the views (and the views' fields) it digests."""

    made = 0
    fields = 0

    def own(self, view):
        CountingDigest.made += 1
        return super().own(view)

    def view_field(self, view, name):
        CountingDigest.fields += 1
        return super().view_field(view, name)


def line(post) -> str:
    """The line of a post in a build (a new digest) after the builds before in this process."""
    digest = CountingDigest()
    return post_line(post, digest.own, digest.header)


def key(post) -> str | None:
    """The post key of followed reads in a build (a new digest) after the builds before."""
    return FollowedDigest(CountingDigest()).post_key(post, 0)


def fresh(make, post):
    """What a fresh process makes of the post (nothing kept), leaving what this one kept as
    it was."""
    held = [dict(kept) for kept in KEPT]
    for kept in KEPT:
        kept.clear()
    try:
        return make(post)
    finally:
        for kept, before in zip(KEPT, held, strict=True):
            kept.clear()
            kept.update(before)


def built(tmp_path, name: str = "eins.md", **fields):
    """A build's new object of the post, with a new view of these fields."""
    post = article(tmp_path, name)
    post.showcase = replace(view(), **fields)
    return post


def test_a_post_of_the_same_parts_and_view_takes_its_line_without_the_views_digest(tmp_path):
    first = line(built(tmp_path))
    CountingDigest.made = 0
    again = built(tmp_path)  # the next build's objects: a new post, a new view, equal fields
    assert line(again) == first == fresh(line, again)
    assert CountingDigest.made == 1  # fresh's alone


SAME_REGION = charts_region("allgaeu")
# The view's fields in a post key of followed reads too (its card and lead picture).
CARD_CHANGES = [
    {"social_image": "zwei.jpg"},
    {"has_own_card": False},
    {"lead_image": None},
    {"lead_image": replace(PICTURE, alt="Ein anderer Hof")},
    # By type too: the digest tells 1 from 1.0 and True, == does not.
    {"lead_image": replace(PICTURE, width=1.0)},
    {"lead_image": replace(PICTURE, width=True)},
]
CHANGES = [
    *CARD_CHANGES,
    {"author_organisation": "Nord e. V."},
    {"for_all_regions": True},
    {"topic": Topic("fachkraefte", "Fachkräfte")},
    {"region_list": (SAME_REGION,)},
    {"region_list": (replace(SAME_REGION, claim="Anders."),)},
    {"region_list": (SAME_REGION, charts_region("haff"))},
]


@pytest.mark.parametrize(
    ("made", "changed"),
    [(line, changed) for changed in CHANGES] + [(key, changed) for changed in CARD_CHANGES],
    ids=lambda value: getattr(value, "__name__", None) or repr(value),
)
def test_each_field_of_the_view_makes_the_line_and_the_post_key_again(tmp_path, made, changed):
    before = made(built(tmp_path, lead_image=replace(PICTURE, width=1)))
    made(built(tmp_path, lead_image=replace(PICTURE, width=1)))
    now = built(tmp_path, **{"lead_image": replace(PICTURE, width=1), **changed})
    assert made(now) == fresh(made, now) != before


@pytest.mark.parametrize("made", [line, key], ids=lambda made: made.__name__)
def test_a_float_is_kept_by_its_repr(tmp_path, made):
    """0.0 == -0.0, but the digest writes each by its repr."""
    made(built(tmp_path, lead_image=replace(PICTURE, width=0.0)))
    now = built(tmp_path, lead_image=replace(PICTURE, width=-0.0))
    assert made(now) == fresh(made, now)


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
    assert line(now) == fresh(line, now)


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
    assert line(now) == fresh(line, now) != line(post)


def test_related_posts_and_translations_make_the_line_again(tmp_path):
    other = article(tmp_path, "zwei.md")
    line(built(tmp_path))
    related = built(tmp_path, related_posts=(other,))
    assert line(related) == fresh(line, related)
    translated = built(tmp_path)
    translated.translations = [other]
    assert line(translated) == fresh(line, translated)


def test_only_the_builds_posts_stay_kept(tmp_path):
    line(built(tmp_path, "eins.md"))
    line(built(tmp_path, "zwei.md"))
    keep_lines({str(tmp_path / "zwei.md")})
    assert set(changed_sources._KEPT_LINES) == {str(tmp_path / "zwei.md")}


def test_a_post_of_the_same_card_takes_its_kept_card_digests(tmp_path):
    first = key(built(tmp_path))
    CountingDigest.fields = 0
    again = built(tmp_path)
    assert key(again) == first == fresh(key, again)
    assert CountingDigest.fields == 3  # fresh_key's alone


def test_a_build_keeps_the_lines_of_its_own_posts_only(tmp_path):
    """ChangedSources.start hands the build's posts to keep_lines: a deleted post's line
    leaves (a long-lived process held every post it ever built)."""
    line(built(tmp_path, "eins.md"))
    kept = built(tmp_path, "zwei.md")
    line(kept)
    context = {"articles": [kept], "drafts": [], "hidden_articles": []}
    changed_sources.ChangedSources(tmp_path / "changes.json").start(
        lambda: "welt", context, {}.get, lambda post: "zeile"
    )
    assert set(changed_sources._KEPT_LINES) == {str(tmp_path / "zwei.md")}
