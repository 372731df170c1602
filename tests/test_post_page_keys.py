"""A post page's key holds exactly what its templates read besides the post (the region data's
values it shows, their count, the project), the post's view by value and its related posts'
headers and views (writer.py, preview/pages.py): a region-data edit renders the post pages
that show what changed, and each value a page shows renders it when it changes. No site is
built here: tests/test_incremental.py builds and compares with clean builds."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import SimpleNamespace

from jinja2 import DictLoader, Environment
from test_build_record import article, writers  # noqa: F401 (a fixture)

from regional_showcase.data import model
from regional_showcase.press.model import PressRelease
from regional_showcase.press.page import _release_url
from regional_showcase.preview.followed_reads import (
    DECLARED_READS,
    EACH,
    FollowedDigest,
    followed_reads,
)
from regional_showcase.preview.pages import (
    KnownReads,
    PageDigest,
    SharedReads,
    read_digest,
    template_reads,
)
from regional_showcase.urls import illustration_path, url_for
from regional_showcase.writer import FEED_VIEW, SameBytesFile, ShowcaseWriter


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    claim: str = ""


@dataclass(frozen=True)
class Project:
    name: str
    description: str = ""


@dataclass(frozen=True)
class View:
    region_list: tuple
    related_posts: tuple = ()


# Reads only names of build_record.POST_PAGE_NAMES: a narrow post page.
POST_PAGE = (
    "{{ project.name }}: {{ regions|length }} Regionen. {{ article.title }} "
    "({% for r in article.showcase.region_list %}{{ r.name }}{% endfor %}). Siehe auch: "
    "{% for p in article.showcase.related_posts %}{{ p.title }} "
    "{{ p.showcase.region_list[0].name }}{% endfor %}"
)
ALLGAEU, HAFF, EMS = Region("allgaeu", "Allgäu"), Region("haff", "Haff"), Region("ems", "Ems")


def write_post(writer: ShowcaseWriter, post, **values) -> bool:
    """A post page through the take-over; True when taken over, else rendered here."""
    template = Environment(loader=DictLoader({"article.html": POST_PAGE})).get_template(
        "article.html"
    )
    context = {"lang": "de", "project": Project("Starke Regionen"), **values}
    if writer._take_over("eins.html", template, post, context, {"article": post}):
        return True
    text = template.render({**context, "article": post, "output_file": "eins.html"})
    Path(writer.output_path, "eins.html").write_text(text, encoding="utf-8")
    return False


def post_in(tmp_path, regions: tuple, related: tuple = ()):
    post = article(tmp_path, "eins.md")
    post.showcase = View(regions, related)
    return post


def related_in(tmp_path, regions: tuple, its_related: tuple = ()):
    other = article(tmp_path, "zwei.md", title="Zwei")
    other.showcase = View(regions, its_related)
    return other


def test_a_post_page_renders_when_a_region_it_shows_changes_not_when_another_does(
    writers,  # noqa: F811
    tmp_path,
):
    regions = [ALLGAEU, HAFF, EMS]
    assert not write_post(writers(), post_in(tmp_path, (ALLGAEU,)), regions=regions)
    assert write_post(writers(), post_in(tmp_path, (ALLGAEU,)), regions=regions)
    # Another region's claim and name: the page shows neither, only how many regions.
    others = [ALLGAEU, replace(HAFF, name="Stettiner Haff", claim="Neu"), EMS]
    assert write_post(writers(), post_in(tmp_path, (ALLGAEU,)), regions=others)
    # Its own region renamed (the region data whole is no longer in the key).
    renamed = replace(ALLGAEU, name="Westallgäu")
    assert not write_post(writers(), post_in(tmp_path, (renamed,)), regions=others)
    # One region more: "4 Regionen".
    more = [*others, Region("neu", "Neu")]
    assert not write_post(writers(), post_in(tmp_path, (renamed,)), regions=more)
    assert not write_post(
        writers(), post_in(tmp_path, (renamed,)), regions=more, project=Project("Neu")
    )


def test_a_post_page_renders_when_a_related_posts_region_changes_not_its_related_posts(
    writers,  # noqa: F811
    tmp_path,
):
    def page(writer: ShowcaseWriter, related_region: Region, far_title: str) -> bool:
        far = article(tmp_path, "drei.md", title=far_title)
        related = related_in(tmp_path, (related_region,), (far,))
        post = post_in(tmp_path, (ALLGAEU,), (related,))
        return write_post(writer, post, regions=[ALLGAEU, related_region])

    assert not page(writers(), HAFF, "Drei")
    assert page(writers(), HAFF, "Drei")
    # The related post's own related post has a new title: this page does not show it.
    assert page(writers(), HAFF, "Vier")
    # The related post's region renamed: its card on this page shows the name.
    assert not page(writers(), replace(HAFF, name="Stettiner Haff"), "Vier")


def test_a_length_read_counts_only_the_length():
    env = Environment(loader=DictLoader({"l.html": "{{ regions|length }} {{ regions|count }}"}))
    reads = template_reads(env.get_template("l.html"))
    assert ("regions", (), "length") in reads
    assert ("regions", (), "value") not in reads
    digest = PageDigest()
    read = ("regions", (), "length")
    assert read_digest(env, {"regions": [1, 2]}, read, digest) == read_digest(
        env, {"regions": [3, 4]}, read, digest
    )
    assert read_digest(env, {"regions": [1, 2]}, read, digest) != read_digest(
        env, {"regions": [1]}, read, digest
    )
    # Another `length` filter may read more than the length: the value counts.
    env.filters["length"] = lambda value: ",".join(map(str, value))
    assert read_digest(env, {"regions": [1, 2]}, read, digest) != read_digest(
        env, {"regions": [3, 4]}, read, digest
    )


def test_a_compared_value_counts_by_the_comparisons_outcome():
    """The preview's time (`article.date > preview_now`, a new one each build) counts by
    whether the post is still scheduled, not by the time itself."""
    banner = "{% if preview_now and article.date > preview_now %}Geplant{% endif %}"
    env = Environment(loader=DictLoader({"b.html": banner}))
    reads = template_reads(env.get_template("b.html"))
    compared = next(r for r in reads if r[0] == "preview_now" and r[2] != "truth")
    digest = PageDigest()

    def seen(date: int, now: int) -> str:
        post = SimpleNamespace(date=date)
        return read_digest(env, {"article": post, "preview_now": now}, compared, digest)

    assert seen(10, 1) == seen(10, 2)  # still scheduled: the same page
    assert seen(10, 1) != seen(10, 11)  # now live: the banner goes
    assert seen(10, 1) != seen(10, None)  # a comparison that fails renders (and fails)


def test_a_comparison_with_a_name_the_templates_set_counts_the_value():
    """`article` may be a loop's item here, not the context's post: the time counts whole."""
    banner = "{% if article.date > preview_now %}Geplant{% endif %}"
    looped = "{% for article in posts %}{% include 'b.html' %}{% endfor %}"
    env = Environment(loader=DictLoader({"l.html": looped, "b.html": banner}))
    assert any(
        how.startswith("compare") for _, _, how in template_reads(env.get_template("b.html"))
    )
    reads = template_reads(env.get_template("l.html"))
    assert ("preview_now", (), "value") in reads
    assert not any(how.startswith("compare") for _, _, how in reads)


def test_a_read_is_digested_again_for_another_object_or_a_changed_container():
    """read_digest keeps its last answer per read while the name holds the same object."""
    env, digest = Environment(), PageDigest()
    read = ("regions", (), "value")
    regions = [ALLGAEU]
    first = read_digest(env, {"regions": regions}, read, digest)
    regions.append(HAFF)  # the same list, changed between two pages
    assert read_digest(env, {"regions": regions}, read, digest) != first
    assert read_digest(env, {"regions": [ALLGAEU]}, read, digest) == first
    assert read_digest(env, {"regions": ALLGAEU}, read, digest) != first
    absent = read_digest(env, {}, read, digest)
    assert read_digest(env, {"regions": "missing"}, read, digest) != absent
    # A list reached through an object, and one inside a list, changed between two pages.
    holder = SimpleNamespace(items=[ALLGAEU])
    through = ("holder", (("attr", "items"),), "value")
    before = read_digest(env, {"holder": holder}, through, digest)
    holder.items.append(HAFF)
    assert read_digest(env, {"holder": holder}, through, digest) != before
    nested = [[ALLGAEU]]
    before = read_digest(env, {"regions": nested}, read, digest)
    nested[0].append(HAFF)
    assert read_digest(env, {"regions": nested}, read, digest) != before


def test_the_preview_writes_a_file_only_when_its_bytes_change(tmp_path):
    page = tmp_path / "liste.html"
    page.write_text("Allgäu", encoding="utf-8")
    os.utime(page, ns=(1, 1))
    with SameBytesFile(str(page), "utf-8") as file:
        file.write("Allgäu")
    assert page.stat().st_mtime_ns == 1  # left alone
    with SameBytesFile(str(page), "utf-8") as file:
        file.write("Allgäu und Bodensee")
    assert page.read_text(encoding="utf-8") == "Allgäu und Bodensee"
    with SameBytesFile(str(tmp_path / "neu.html"), "utf-8") as file:
        file.write("Neu")
    assert (tmp_path / "neu.html").read_text(encoding="utf-8") == "Neu"


def test_shared_reads_are_digested_again_when_a_name_or_a_container_changes():
    """SharedReads: the context's names once for many pages, each page's own names each
    time; another object under a name, or a container changed in place, counts."""
    env = Environment(
        loader=DictLoader({"p.html": "{{ regions }} {{ project.name }} {{ output_file }}"})
    )
    template = env.get_template("p.html")
    reads = template_reads(template)
    shared = SharedReads(PageDigest())
    regions = [ALLGAEU]
    context = {"regions": regions, "project": Project("Starke Regionen")}
    first = shared.key(template, reads, context, {"output_file": "eins.html"})
    assert shared.key(template, reads, context, {"output_file": "eins.html"}) == first
    assert shared.key(template, reads, context, {"output_file": "zwei.html"}) != first
    regions.append(HAFF)  # the same list, changed between two pages
    second = shared.key(template, reads, context, {"output_file": "eins.html"})
    assert second != first
    context["project"] = Project("Neu")
    assert shared.key(template, reads, context, {"output_file": "eins.html"}) != second


def page_key(writer: ShowcaseWriter, page: str, post, **values) -> str:
    """A post page's key (what its take-over compares) for the template `page` (and
    `macros.html`)."""
    templates = {"article.html": page, "macros.html": MACROS}
    template = Environment(loader=DictLoader(templates)).get_template("article.html")
    context = {"lang": "de", "url_for": partial(url_for, writer.showcase), **values}
    narrow, key = writer._post_page_inputs("eins.html", template, post, context, {"article": post})
    assert narrow
    return key


# As the theme's: a post's regions as chips, each its name linked to its page (url_for).
MACROS = (
    '{% macro chips(subjects) %}{% for s in subjects %}<a href="{{ url_for(s) }}">'
    "{{ s.name }}</a>{% endfor %}{% endmacro %}"
    "{% macro region_chips(view) %}{{ chips(view.region_list) }}{% endmacro %}"
)
CHIPS = (
    '{% from "macros.html" import region_chips with context %}{{ region_chips(article.showcase) }}'
)


def edited_pages(writers, tmp_path, page: str, **values) -> dict[str, bool]:  # noqa: F811
    """Which one-field edits of the post's second region give the page another key."""
    writer = writers()

    def key(region: Region) -> str:
        return page_key(writer, page, post_in(tmp_path, (HAFF, region)), **values)

    base = key(ALLGAEU)
    assert key(ALLGAEU) == base
    rendered = {}
    for field, value in (("claim", "Neu"), ("name", "Westallgäu"), ("slug", "westallgaeu")):
        rendered[field] = key(replace(ALLGAEU, **{field: value})) != base
    return rendered


def test_a_post_page_is_keyed_on_the_region_fields_its_macros_read(writers, tmp_path):  # noqa: F811
    """The theme's chips: a region's name, and its slug through url_for (DECLARED_READS);
    its claim is not shown: a claim edit takes the page over."""
    assert edited_pages(writers, tmp_path, CHIPS) == {
        "claim": False,
        "name": True,
        "slug": True,
    }


def test_a_claim_read_through_a_macros_argument_and_a_loop_renders_the_page(
    writers,  # noqa: F811
    tmp_path,
):
    page = (
        "{% macro claims(view) %}{% for r in view.region_list %}{{ r.claim }}{% endfor %}"
        "{% endmacro %}{% set shown = article.showcase %}{{ claims(shown) }}"
    )
    assert edited_pages(writers, tmp_path, page) == {"claim": True, "name": False, "slug": False}


def test_a_loops_previous_item_counts_the_items_whole(writers, tmp_path):  # noqa: F811
    """`loop.previtem` is an item (also in an included template): the items count whole."""
    shown = "{% if loop.previtem %}{{ loop.previtem.claim }}{% endif %}{{ r.name }}"
    loop = "{% for r in article.showcase.region_list %}{{ loop.index }}"
    page = f"{loop}{shown}{{% endfor %}}"
    whole = {"claim": True, "name": True, "slug": True}
    assert edited_pages(writers, tmp_path, page) == whole
    included = f'{loop}{{% include "i.html" %}}{{% endfor %}}'
    templates = {"p.html": included, "i.html": shown}
    template = Environment(loader=DictLoader(templates)).get_template("p.html")
    regions = ("article", (("attr", "showcase"), ("attr", "region_list")), "value")
    assert regions in followed_reads(template, KnownReads())


def test_a_view_read_as_an_item_renders_the_page(writers, tmp_path):  # noqa: F811
    """`article['showcase']` is Jinja's getattr too: its reads into the view count."""
    item = "{{ article['showcase']['region_list'][1]['claim'] }}"
    assert edited_pages(writers, tmp_path, item) == {"claim": True, "name": False, "slug": False}
    whole = "{% for r in article['showcase'].region_list %}{{ r }}{% endfor %}"
    assert edited_pages(writers, tmp_path, whole)["claim"]


def test_a_method_of_a_shown_text_renders_the_page(writers, tmp_path):  # noqa: F811
    """`r.claim.upper()`: a built-in method answers from the object it is bound to."""
    method = "{% for r in article.showcase.region_list %}{{ r.claim.upper() }}{% endfor %}"
    assert edited_pages(writers, tmp_path, method) == {"claim": True, "name": False, "slug": False}
    assert PageDigest().of("alt".upper) != PageDigest().of("neu".upper)
    assert PageDigest().of(len) == PageDigest().of(len)


def test_what_is_not_followed_counts_the_region_whole(writers, tmp_path):  # noqa: F811
    """A function whose reads are not declared (another one under url_for's name, a helper),
    and a macro called with `*`: the region counts whole, its claim too."""
    whole = {"claim": True, "name": True, "slug": True}
    assert edited_pages(writers, tmp_path, CHIPS, url_for=lambda r: r.slug) == whole
    helper = "{% for r in article.showcase.region_list %}{{ social_image_for(r) }}{% endfor %}"
    assert edited_pages(writers, tmp_path, helper, social_image_for=lambda r: r.slug) == whole
    starred = CHIPS.replace("region_chips(article.showcase)", "region_chips(*[article.showcase])")
    assert edited_pages(writers, tmp_path, starred) == whole


def test_declared_functions_read_only_the_attributes_they_declare():
    """url_for and illustration_path read the region's slug (and its type), the press page's
    release_url a release's date and slug: what a page's key holds of a region or release
    handed to them (followed_reads.DECLARED_READS)."""
    seen: list[str] = []

    def spy_of(kind: type, **values):
        class Spy(kind):
            def __getattribute__(self, name: str):
                seen.append(name)
                return super().__getattribute__(name)

        spy = object.__new__(Spy)
        for name, value in values.items():
            object.__setattr__(spy, name, value)
        return spy

    region = spy_of(model.Region, slug="allgaeu")
    release = spy_of(PressRelease, slug="allgaeu", date=datetime(2022, 5, 1))
    settings = SimpleNamespace(
        region_url="regionen/{slug}/", topic_url="themen/{slug}/", illustration_dir="bilder"
    )
    calls = {
        url_for: (settings, region),
        illustration_path: (settings, region),
        _release_url: ("presse/", release),
    }
    assert set(calls) == set(DECLARED_READS)
    for function, declared in DECLARED_READS.items():
        seen.clear()
        assert "allgaeu" in function(*calls[function])
        assert seen and set(seen) <= set(declared)


def test_followed_reads_resolve_set_with_include_and_loops_to_the_paths_they_hold():
    templates = {
        "p.html": (
            "{% set view = article.showcase %}{% with first = view.region_list[0] %}"
            "{% include 'i.html' %}{% endwith %}"
            "{% for r in view.region_list if r.name %}{{ loop.index }}{% endfor %}"
            "{{ view.region_list|map(attribute='slug')|join(',') }}"
        ),
        "i.html": "{{ first.claim }}",
    }
    template = Environment(loader=DictLoader(templates)).get_template("p.html")
    reads = followed_reads(template, KnownReads())
    regions = ("article", (("attr", "showcase"), ("attr", "region_list")))
    each = (*regions[1], EACH)
    assert (regions[0], (*regions[1], ("item", 0), ("attr", "claim")), "value") in reads
    assert (regions[0], (*each, ("attr", "name")), "truth") in reads
    assert (regions[0], regions[1], "count") in reads
    assert (regions[0], (*each, ("item", "slug")), "value") in reads
    # Nothing reads the regions whole.
    assert not [
        r
        for r in reads
        if r[0] == "article" and r[1] in ((), regions[1][:1], regions[1]) and r[2] == "value"
    ]
    # Included without context: its names are the context's, not the includer's.
    templates["w.html"] = "{% for first in x %}{% include 'i.html' without context %}{% endfor %}"
    reads = followed_reads(
        Environment(loader=DictLoader(templates)).get_template("w.html"), KnownReads()
    )
    assert ("first", (("attr", "claim"),), "value") in reads
    # A scoped block sees the names where its parent renders it: not followed.
    templates["s.html"] = "{% for r in x %}{% block b scoped %}{{ r }}{% endblock %}{% endfor %}"
    assert (
        followed_reads(
            Environment(loader=DictLoader(templates)).get_template("s.html"), KnownReads()
        )
        is None
    )
    # A call block is not followed: nothing is known.
    templates["p.html"] += "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}x{% endcall %}"
    template = Environment(loader=DictLoader(templates)).get_template("p.html")
    assert followed_reads(template, KnownReads()) is None
    # Kept reads cut short in the cache file (fewer reads would take pages over with old
    # text) fail their sum: followed again.
    known = KnownReads()
    template = Environment(loader=DictLoader(templates)).get_template("w.html")
    reads = followed_reads(template, known)
    known.saved["followed:w.html"]["reads"].pop()
    assert followed_reads(template, known) == reads


def test_a_listing_is_keyed_on_the_region_fields_it_shows(writers, tmp_path):  # noqa: F811
    """Post cards show their regions' names (and slugs): a claim edit takes the listing over;
    a page that shows the claims renders."""
    writer = writers()
    cards = (
        '{% from "macros.html" import region_chips with context %}'
        "{% for article in posts %}{{ article.title }}{{ region_chips(article.showcase) }}"
        "{% endfor %}"
    )
    claims = "{% for r in regions %}{{ r.claim }}{% endfor %}"

    def key(name: str, region: Region) -> str:
        templates = {"cards.html": cards, "claims.html": claims, "macros.html": MACROS}
        template = Environment(loader=DictLoader(templates)).get_template(name)
        context = {
            "lang": "de",
            "url_for": partial(url_for, writer.showcase),
            "posts": [post_in(tmp_path, (region,))],
            "regions": [region],
            "output_file": "liste.html",
        }
        return writer.listing_fingerprint(template, context)

    claimed, renamed = replace(ALLGAEU, claim="Neu"), replace(ALLGAEU, name="Westallgäu")
    assert key("cards.html", ALLGAEU) == key("cards.html", claimed) != key("cards.html", renamed)
    assert key("claims.html", ALLGAEU) != key("claims.html", claimed)


class Recorded(SimpleNamespace):
    """A stand-in that notes each attribute read of it in `reads`."""

    def __getattribute__(self, name: str):
        if not name.startswith("__"):
            object.__getattribute__(self, "reads").add(name)
        return object.__getattribute__(self, name)


def test_a_feed_entry_is_keyed_on_what_the_feed_code_reads_of_its_view(
    writers,  # noqa: F811
    tmp_path,
):
    """_add_item_to_the_feed and entry_categories read of a post's view only FEED_VIEW, and of
    its topic and regions their names: a claim edit takes the feed over, a rename does not."""
    reads: set = set()
    region = Recorded(reads=reads, name="Allgäu", slug="allgaeu", claim="Mehr Freiraum")
    view = Recorded(
        reads=reads,
        lead_image=None,
        author_organisation="Allgäu GmbH",
        for_all_regions=False,
        topic=Recorded(reads=reads, name="Fachkräfte", slug="fachkraefte"),
        region_list=(region,),
        related_posts=(),
        social_image="x.jpg",
    )
    post = article(tmp_path, "eins.md", date=datetime(2026, 11, 1, tzinfo=UTC))
    post.showcase = view
    writer = writers()
    post.settings = writer.settings  # entry_id reads the site's language from them
    writer.feed_url = writer.site_url = "https://example.org"
    writer._feed_path = "feed.atom.xml"
    writer._updated = {id(post): post.date}
    feed = writer._create_new_feed("atom", None, {"SITENAME": "Starke Regionen"})
    writer._add_item_to_the_feed(feed, post)
    assert reads and reads <= {*FEED_VIEW, "reads", "name"}

    def key(shown) -> str:
        post.showcase = replace_namespace(view, region_list=(shown,))
        return writer._feed_entry(post)

    claimed = replace_namespace(region, claim="Neu")
    assert key(region) == key(claimed) != key(replace_namespace(region, name="Westallgäu"))
    # The key holds each field FEED_VIEW names, as the feed code reads it.
    post.showcase = view
    unchanged = writer._feed_entry(post)
    changed = {
        "lead_image": "bild.jpg",
        "author_organisation": "Andere GmbH",
        "for_all_regions": True,
        "topic": replace_namespace(view.topic, name="Wohnen"),
        "region_list": (replace_namespace(region, name="Westallgäu"),),
    }
    assert changed.keys() == FEED_VIEW.keys()
    for name, value in changed.items():
        post.showcase = replace_namespace(view, **{name: value})
        assert writer._feed_entry(post) != unchanged, name


def replace_namespace(value: Recorded, **changed) -> Recorded:
    return Recorded(**{**vars(value), **changed})


def test_followed_keys_see_a_container_changed_in_place_between_two_pages():
    """FollowedDigest keeps what a tree reads below an object for the build; a list it
    passes may change between two pages: then the key changes."""
    env = Environment(
        loader=DictLoader(
            {"p.html": "{% for r in regions %}{{ r.name }}{% endfor %}{{ holder.items|length }}"}
        )
    )
    template = env.get_template("p.html")
    reads = followed_reads(template, KnownReads())
    followed = FollowedDigest(PageDigest())
    regions, holder = [ALLGAEU], SimpleNamespace(items=[ALLGAEU])

    def key() -> str:
        return followed.page(env, {"regions": regions, "holder": holder}, reads)

    first = key()
    assert key() == first
    regions.append(HAFF)
    second = key()
    assert second != first
    holder.items.append(HAFF)
    assert key() != second
    regions[1] = EMS  # the same length, another object
    assert key() not in (first, second)


SLICED = "{% for p in posts[:2] %}{{ p.title }}{% endfor %}"
# A slice handed to a macro that shows its posts' regions' claims.
SLICED_CLAIMS = (
    "{% macro claims(shown) %}{% for p in shown %}{% for r in p.showcase.region_list %}"
    "{{ r.claim }}{% endfor %}{% endfor %}{% endmacro %}{{ claims(posts[:2]) }}"
)


def sliced_key(writer: ShowcaseWriter, page: str, posts: list, **values) -> str:
    """A listing's key for the template `page` showing `posts`."""
    template = Environment(loader=DictLoader({"liste.html": page})).get_template("liste.html")
    context = {"lang": "de", "posts": posts, "output_file": "liste.html", **values}
    return writer.listing_fingerprint(template, context)


def sliced_posts(tmp_path, region: Region = ALLGAEU, **titles) -> list:
    """Three posts (a, b, c) in `region`; a title given by the post's name."""
    posts = []
    for name in "abc":
        post = article(tmp_path, f"{name}.md", title=titles.get(name, name.upper()))
        post.showcase = View((region,))
        posts.append(post)
    return posts


def test_a_slices_items_count_by_what_is_read_of_them(writers, tmp_path):  # noqa: F811
    """`posts[:2]` is followed like the list's items: a claim edit keeps the key of a page
    showing their titles, a title in the slice changes it, one outside does not."""
    writer = writers()
    base = sliced_key(writer, SLICED, sliced_posts(tmp_path))
    assert sliced_key(writer, SLICED, sliced_posts(tmp_path)) == base
    claimed = replace(ALLGAEU, claim="Neu")
    assert sliced_key(writer, SLICED, sliced_posts(tmp_path, claimed)) == base
    assert sliced_key(writer, SLICED, sliced_posts(tmp_path, b="Neu")) != base
    assert sliced_key(writer, SLICED, sliced_posts(tmp_path, c="Neu")) == base


def test_which_items_a_slice_takes_changes_its_key(writers, tmp_path):  # noqa: F811
    """Reordered or grown at the front, other posts fall into the slice; with a name as
    its bound, the bound's value counts."""
    writer = writers()
    a, b, c = sliced_posts(tmp_path)
    base = sliced_key(writer, SLICED, [a, b, c])
    assert sliced_key(writer, SLICED, [c, a, b]) != base
    assert sliced_key(writer, SLICED, [b, a, c]) != base
    new = article(tmp_path, "neu.md", title="Neu")
    new.showcase = View((ALLGAEU,))
    assert sliced_key(writer, SLICED, [new, a, b, c]) != base
    assert sliced_key(writer, SLICED, [a, b]) == base  # the same two posts
    named, writer = SLICED.replace("[:2]", "[:shown]"), writers()  # its reads: by name
    two = sliced_key(writer, named, [a, b, c], shown=2)
    assert sliced_key(writer, named, [a, b, c], shown=2) == two
    assert sliced_key(writer, named, [a, b, c], shown=3) != two
    assert sliced_key(writer, named, [a, b, sliced_posts(tmp_path, c="Neu")[2]], shown=2) == two


def test_a_slice_handed_to_a_macro_counts_what_the_macro_reads(writers, tmp_path):  # noqa: F811
    writer = writers()
    base = sliced_key(writer, SLICED_CLAIMS, sliced_posts(tmp_path))
    claimed = replace(ALLGAEU, claim="Neu")
    assert sliced_key(writer, SLICED_CLAIMS, sliced_posts(tmp_path, claimed)) != base
    assert sliced_key(writer, SLICED_CLAIMS, sliced_posts(tmp_path, a="Neu")) == base
    # Of a text, or with a bound the analysis does not name: the value counts whole.
    template = Environment(loader=DictLoader({"p.html": "{{ x[:2] }}{{ posts[a.b:] }}"}))
    reads = followed_reads(template.get_template("p.html"), KnownReads())
    assert ("posts", (), "value") in reads and (
        "x",
        (("slice", "[null, 2, null]"),),
        "value",
    ) in reads
    taken = FollowedDigest(PageDigest())
    env = template
    keys = {
        taken.page(env, {"x": text, "posts": [], "a": SimpleNamespace(b=0)}, reads)
        for text in ("abc", "abd", "abc")
    }
    assert len(keys) == 2
