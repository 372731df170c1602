"""The parts of the page keys computed once per build and shared by many pages (issue 25,
fifth round): each still changes the key of every page it is part of. A part kept for the
first page, or for the first post, would leave the next one's key as the first's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from jinja2 import DictLoader, Environment
from markupsafe import Markup
from test_kept_post_digests import post

from regional_showcase.build_record import SourceHashes
from regional_showcase.preview.followed_reads import FollowedDigest, KeptPosts, followed_reads
from regional_showcase.preview.pages import (
    KnownReads,
    PageDigest,
    SharedReads,
    read_digest,
    template_reads,
)
from regional_showcase.urls import url_for


def test_the_posts_keys_shared_by_two_digests_are_each_posts_own(tmp_path: Path):
    """A build's two followed digests (with and without related posts) share the posts'
    keys: each post's own, at each depth, as a digest of its own makes it."""
    hashes = SourceHashes()
    first = FollowedDigest(PageDigest(hashes))
    second = FollowedDigest(PageDigest(hashes, related=False), keys_from=first)
    other = post(tmp_path, "zwei.md", body="Anders.", card="zwei.jpg")
    one = post(tmp_path, "eins.md", related=(other,))
    # Depth 1 holds the related post's key.
    assert first.post_key(one, 0) != first.post_key(one, 1)
    for made in (other, one):
        for depth in (0, 1):
            fresh = FollowedDigest(PageDigest()).post_key(made, depth)
            assert second.post_key(made, depth) == fresh
            assert first.post_key(made, depth) == fresh
    assert second.post_key(other, 0) != second.post_key(one, 0)


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str


def test_a_kept_texts_slot_changes_with_what_the_pages_functions_read(tmp_path: Path):
    """One node reaches many posts: its slot is made once per answer of the functions its
    reads hand values to (url_for reads a slug; another function under that name, the
    value whole). Kept for the first page's answers, a page with another function would be
    handed the first page's text."""
    env = Environment(
        loader=DictLoader(
            {"p.html": "{% for p in posts %}{{ url_for(p.showcase.topic) }}{% endfor %}"}
        )
    )
    reads = followed_reads(env.get_template("p.html"), KnownReads())
    assert reads is not None
    kept = FollowedDigest(PageDigest(), KeptPosts(), lambda: "w")
    declared = {"url_for": partial(url_for, None)}  # reads the slug (DECLARED_READS)
    whole = {"url_for": lambda topic: topic.name}  # another function: the topic whole
    for context in (declared, whole, declared):
        topic = Topic("Wirtschaft", "wirtschaft")
        fresh = FollowedDigest(PageDigest())
        made = post(tmp_path, "eins.md")
        made.showcase = replace(made.showcase, topic=topic)
        made = [made]
        assert kept.page(env, {"posts": made, **context}, reads) == fresh.page(
            env, {"posts": made, **context}, reads
        )


def test_a_pages_own_names_come_before_the_contexts():
    """SharedReads reads a page's own names (Pelican's local context: output_file, SITEURL
    with relative URLs) from the page, not from the shared context under the same name."""
    env = Environment(loader=DictLoader({"p.html": "{{ SITEURL }} {{ output_file }}"}))
    template = env.get_template("p.html")
    reads = template_reads(template)
    shared = SharedReads(PageDigest())
    context = {"SITEURL": "https://example.org", "output_file": "index.html"}
    first = shared.key(template, reads, context, {"SITEURL": "..", "output_file": "a/b.html"})
    other = shared.key(template, reads, context, {"SITEURL": ".", "output_file": "a/b.html"})
    assert first != other
    # The context's own value under the name does not reach the page.
    moved = {"SITEURL": "https://example.com", "output_file": "index.html"}
    page = {"SITEURL": "..", "output_file": "a/b.html"}
    assert shared.key(template, reads, moved, page) == first
    # A page's own text digested as any text is (PageDigest.of), a Markup as a Markup.
    assert first.endswith("|" + PageDigest().of("a/b.html"))
    marked = shared.key(template, reads, context, {**page, "output_file": Markup("a/b.html")})
    assert marked.endswith("|" + PageDigest().of(Markup("a/b.html"))) and marked != first


class Listed(dict):
    """A dict of another type: a container still (it may change between two pages)."""


def test_a_list_holding_a_container_of_another_type_is_digested_again():
    """read_digest keeps a list's text while it holds the same items, none of them a
    container; a dict subclass among them is one (the items are checked by type once)."""
    env, digest = Environment(), PageDigest()
    read = ("regions", (), "value")
    inner = Listed(name="Allgäu")
    regions = ["Allgäu", inner]
    first = read_digest(env, {"regions": regions}, read, digest)
    inner["name"] = "Haff"  # changed in place between two pages
    assert read_digest(env, {"regions": regions}, read, digest) != first


class Holder:
    """An object of the context whose list may change between two pages."""

    def __init__(self, items: list) -> None:
        self.items = items


def test_a_pages_name_reuses_its_last_text_only_for_the_same_object_and_no_list_passed():
    """FollowedDigest.page hands a name the text the last page's walk saw when the name
    holds the very same object and that walk passed no list (kept by node): another
    object, or a list changed in place, is walked again."""
    env = Environment(
        loader=DictLoader(
            {"p.html": "{{ site.name }} {{ holder.items|length }} {{ holder.items }}"}
        )
    )
    reads = followed_reads(env.get_template("p.html"), KnownReads())
    assert reads is not None
    followed = FollowedDigest(PageDigest())
    site, holder = Topic("Starke Regionen", "starke-regionen"), Holder(["Allgäu"])

    def key(**context) -> str:
        mine = followed.page(env, context, reads)
        assert mine == FollowedDigest(PageDigest()).page(env, context, reads)
        return mine

    first = key(site=site, holder=holder)
    assert key(site=site, holder=holder) == first
    holder.items.append("Haff")  # the same list, changed between two pages
    second = key(site=site, holder=holder)
    assert second != first
    assert key(site=Topic("Neu", "neu"), holder=holder) != second


def test_a_list_read_by_its_length_below_an_object_is_read_again_for_each_page():
    """A list at the end of a path (its length, its truth) is not kept: the object above
    it is walked again when the list changed in place."""
    env = Environment(loader=DictLoader({"p.html": "{{ holder.items|length }}"}))
    reads = followed_reads(env.get_template("p.html"), KnownReads())
    assert reads is not None
    followed = FollowedDigest(PageDigest())
    holder = Holder(["Allgäu"])
    first = followed.page(env, {"holder": holder}, reads)
    holder.items.append("Haff")
    assert followed.page(env, {"holder": holder}, reads) != first


def test_a_posts_links_are_found_with_its_own_settings_pattern(tmp_path: Path):
    """Pelican's pattern of links to other files is kept per setting: a post whose site
    writes links as <<…>> links by it, after a post of the default pattern."""
    digest = FollowedDigest(PageDigest())
    plain = post(tmp_path, "eins.md")
    assert digest.post_key(plain, 0) is not None
    linking = post(tmp_path, "zwei.md", body='<a href="<<filename>>/eins.md">Eins</a>')
    linking.settings = {**linking.settings, "INTRASITE_LINK_REGEX": "<<(?P<what>.*?)>>"}
    assert digest.post_key(linking, 0) is None


def test_a_dataclass_is_digested_by_its_own_classs_fields():
    """The fields' names are kept per class: another class of the same name (a module
    loaded again) is digested by its own fields."""

    @dataclass(frozen=True)
    class Figure:
        name: str

    digest = PageDigest()
    first = digest.of(Figure("Einwohner"))

    @dataclass(frozen=True)
    class Figure:  # the same name, another class
        name: str
        value: int

    assert digest.of(Figure("Einwohner", 1)) != digest.of(Figure("Einwohner", 2))
    assert digest.of(Figure("Einwohner", 1)) != first


def test_shared_reads_see_a_contexts_container_changed_in_place_between_two_pages():
    """SharedReads keeps a shared container's text while the name holds the very object
    with the very items: an item replaced in place, one added, or a change inside a list
    it holds (not kept then) gives the next page another key."""
    env = Environment(loader=DictLoader({"p.html": "{{ figures }} {{ groups }} {{ output_file }}"}))
    template = env.get_template("p.html")
    reads = template_reads(template)
    shared = SharedReads(PageDigest())
    figures, groups = ["Einwohner", "Fläche"], [["Allgäu"]]
    context = {"figures": figures, "groups": groups}

    def key(page: str) -> str:
        mine = shared.key(template, reads, context, {"output_file": page})
        assert mine == SharedReads(PageDigest()).key(
            template, reads, context, {"output_file": page}
        )
        return mine

    first = key("eins.html")
    assert key("zwei.html") != first  # the page's own name
    assert key("eins.html") == first
    figures[0] = "Betriebe"  # replaced in place, the same length
    second = key("eins.html")
    assert second != first
    groups[0].append("Haff")  # inside a list the shared list holds
    third = key("eins.html")
    assert third != second
    figures.append("Fläche")
    assert key("eins.html") != third
