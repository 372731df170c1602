"""The kept post texts (followed_reads.KeptPosts) hold while what they read of the region data
is the same (DataReads): a claim no kept text reads keeps them all, a name a post card reads
makes them again, as does anything read of a region whole. The world of the kept texts
(writer.py) no longer holds the region data."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.contents import Content
from test_build_record import article, writers  # noqa: F401
from test_charts import region as charts_region
from test_kept_post_digests import PICTURE

from regional_showcase.content_types.registry import INPUT_KEY
from regional_showcase.data.model import (
    Funding,
    Organisation,
    Partner,
    Project,
    Region,
    SiteData,
    Topic,
)
from regional_showcase.post_view import PostView
from regional_showcase.preview.followed_reads import (
    VIEW_READS,
    DataReads,
    FollowedDigest,
    KeptPosts,
    followed_reads,
)
from regional_showcase.preview.pages import KnownReads, PageDigest

NAMES = (
    "{% for p in posts %}{% for r in p.showcase.region_list %}{{ r.name }}{% endfor %}{% endfor %}"
)
PROJECT = Project(
    "Starke Regionen", "SR", "https://a.de/", "https://a.de/g", Funding("BMI", "x"),
    Partner("P", "https://p.de/"), None, (), Markup(""),
)  # fmt: skip
TOPIC = Topic("fachkraefte", "Fachkräfte")


def region(slug: str, **fields) -> Region:
    return replace(charts_region(slug), **{"claim": "Gut leben.", **fields})


class Saves:
    """One `make serve` process: each key() is a save's build with new region objects, the
    kept texts of the saves before, and the key a fresh digest gives."""

    def __init__(self, template: str = NAMES) -> None:
        self.kept = KeptPosts()
        self.env = Environment(loader=DictLoader({"p.html": template}))
        self.reads = followed_reads(self.env.get_template("p.html"), KnownReads())
        assert self.reads is not None

    def key(
        self, tmp_path, regions: list, files: str = "data", known: bool = True, **view
    ) -> tuple[str, str]:
        """`files`: the digest of the data's files; `known`: whether the build's data is
        known (else every read counts the files)."""
        site = SiteData(PROJECT, (TOPIC,), tuple(regions))
        posts = [post(tmp_path, "eins.md", (regions[0],), **view), post(tmp_path, "zwei.md", ())]
        data = DataReads(site if known else None, lambda: files, PageDigest())
        kept = FollowedDigest(PageDigest(), self.kept, lambda: "w", data=lambda _: data)
        fresh = FollowedDigest(PageDigest())
        context = {"posts": posts}
        return kept.page(self.env, context, self.reads), fresh.page(self.env, context, self.reads)


def post(tmp_path, name: str, regions: tuple, **view) -> Content:
    made = article(tmp_path, name)
    made.showcase = PostView(
        **{
            "topic": TOPIC,
            "region_list": regions,
            "for_all_regions": not regions,
            "author_organisation": "Org",
            "social_image": "eins.jpg",
            "has_own_card": True,
            "lead_image": PICTURE,
            **view,
        }
    )
    return made


def recorded_walks(monkeypatch) -> list:
    """The values the digest with kept texts walks from now on (not the fresh one's)."""
    walked = []
    original = FollowedDigest._walk

    def walk(self, env, context, value, *rest):
        if self.kept is not None:
            walked.append(value)
        return original(self, env, context, value, *rest)

    monkeypatch.setattr(FollowedDigest, "_walk", walk)
    return walked


def posts_walked(walked: list) -> bool:
    return any(isinstance(value, Content) for value in walked)


def test_a_claim_no_kept_text_reads_keeps_them(tmp_path, monkeypatch):
    saves = Saves()
    first = saves.key(tmp_path, [region("allgaeu"), region("haff")], files="before")
    assert first[0] == first[1]
    walked = recorded_walks(monkeypatch)
    claimed = [region("allgaeu", claim="Neu."), region("haff")]
    kept, fresh = saves.key(tmp_path, claimed, files="after")
    assert kept == fresh == first[0]
    assert not posts_walked(walked)
    assert set(saves.kept.reads) == {("Region", "name"), ("Region", "slug")}


@pytest.mark.parametrize(
    ("template", "changed"),
    [
        (NAMES, {"name": "Westallgäu"}),
        # A kept text that reads the claim, or the region whole.
        (NAMES.replace("r.name", "r.claim"), {"claim": "Neu."}),
        (NAMES.replace("r.name", "r"), {"claim": "Neu."}),
        # Below a field read: the organisation's name.
        (NAMES.replace("r.name", "r.organisation.name"), {"organisation": Organisation(
            "Neu", "e.V.", "Ort", "https://a.de/")}),
    ],
)  # fmt: skip
def test_a_field_a_kept_text_reads_makes_it_again(tmp_path, monkeypatch, template, changed):
    saves = Saves(template)
    saves.key(tmp_path, [region("allgaeu"), region("haff")])
    walked = recorded_walks(monkeypatch)
    kept, fresh = saves.key(tmp_path, [region("allgaeu", **changed), region("haff")])
    assert kept == fresh
    assert posts_walked(walked)


@pytest.mark.parametrize(
    ("template", "view"),
    [
        # A post for all regions: one region more is one more in its list.
        ("{% for p in posts %}{{ p.showcase.region_list|length }}{% endfor %}", {}),
        ("{% for p in posts %}{{ p.showcase.author_organisation }}{% endfor %}", {}),
    ],
)
def test_a_views_field_made_from_the_data_counts_as_the_data_it_is_made_from(
    tmp_path, template, view
):
    saves = Saves(template)
    saves.key(tmp_path, [region("allgaeu")])
    assert saves.kept.reads
    # The data changed, the view's field with it (post_view.py makes it anew in a build).
    kept, fresh = saves.key(
        tmp_path,
        [region("allgaeu", organisation=Organisation("Neu", "e.V.", "Ort", "https://a.de/"))],
        author_organisation="Neu",
    )
    assert kept == fresh
    two = [region("allgaeu"), region("neu")]
    kept, fresh = saves.key(tmp_path, two, region_list=tuple(two))
    assert kept == fresh


def test_every_field_of_a_posts_view_says_what_of_the_data_it_holds():
    assert set(VIEW_READS) == {field.name for field in dataclasses.fields(PostView)}


def test_without_the_builds_data_a_read_counts_the_data_whole(tmp_path, monkeypatch):
    """Without the checked data in the context (or for an object not in it), the files of
    the data decide, as the world did before."""
    saves = Saves()
    saves.key(tmp_path, [region("allgaeu")], files="before", known=False)
    assert ("*", "*") in saves.kept.reads
    walked = recorded_walks(monkeypatch)
    saves.key(tmp_path, [region("allgaeu")], files="before", known=False)
    assert not posts_walked(walked)
    saves.key(tmp_path, [region("allgaeu", claim="Neu.")], files="after", known=False)
    assert posts_walked(walked)


def test_the_builds_data_is_the_checked_data_in_its_context(writers):  # noqa: F811
    site = SiteData(PROJECT, (TOPIC,), (region("allgaeu"),))
    checked = type("Checked", (), {"site": site})()
    data = writers()._kept_posts_data({INPUT_KEY: checked})
    assert data.objects["Region"] == site.regions
    assert data.objects["Project"] == (PROJECT,)


def test_the_world_of_the_kept_texts_holds_no_region_data(writers):  # noqa: F811
    """The region data's files changed: the world is the same (what the texts read of the
    data is theirs, DataReads)."""
    writer = writers()
    writer._data = "one"
    world = writer._kept_posts_build_world()
    writer._data = "another"
    assert writer._kept_posts_build_world() == world
