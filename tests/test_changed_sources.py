"""Which pages keep the last build's key without a walk (preview/changed_sources.py): each
atom (the world, a post's file, its header, the posts there, the templates, the code) changed
alone walks the pages it reaches again, and only those."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from pelican.contents import Article, Content
from pelican.paginator import Paginator
from test_build_record import writers  # noqa: F401 (a fixture)

from regional_showcase.deferred_saves import deferring, run
from regional_showcase.preview import changed_sources
from regional_showcase.preview.changed_sources import ChangedSources


@dataclass(frozen=True)
class View:
    """A post's view (post_view.PostView): here only its related posts and a region."""

    region: str = "Nord"
    related_posts: tuple = ()


class Post(Article):
    """A post as the writer sees it: a file, an address, a header and a view."""

    # Pelican's properties, set here as plain values
    url = save_as = status = summary = None

    def __init__(self, path: str, title: str = "", related: tuple = ()) -> None:
        self.source_path = path
        self.title = title or path
        self.metadata = {"title": self.title}
        self.url = self.save_as = path.replace(".md", ".html")
        self.status, self.lang, self.template = "published", "de", "article"
        self.settings: dict = {}
        self.translations: list = []
        self.showcase = View(related_posts=related)


@dataclass(frozen=True)
class Place:
    """A stand-in for an object of the region data that lists posts."""

    name: str
    posts: tuple = field(default=())


@dataclass(frozen=True)
class Tally:
    """A stand-in for a value made from the collection that holds no post: a count."""

    name: str
    count: int


class Unknown:
    """A value changed_sources does not know."""


def counted_walks(writer, monkeypatch, walks: list[str]) -> None:
    """The writer notes in `walks` each post page whose inputs it walks (_post_page_inputs)."""
    walk = writer._post_page_inputs
    monkeypatch.setattr(
        writer, "_post_page_inputs", lambda name, *args: walks.append(name) or walk(name, *args)
    )


def site(*posts: Post) -> dict:
    return {"articles": list(posts), "drafts": [], "hidden_articles": []}


def line(post) -> str:
    """As post_line: with the post's related posts (by source path)."""
    related = [other.source_path for other in post.showcase.related_posts]
    return f"{post.url}|{post.metadata}|{post.lang}|{related}"


def build(
    file: Path,
    context: dict,
    digests: dict[str, str],
    world: str = "welt",
    pages: dict | None = None,
) -> ChangedSources:
    """One build's ChangedSources, its pages noted (name -> (key, template key, post)) and
    saved, as the writer does."""
    changes = ChangedSources(file)
    changes.start(lambda: world, context, digests.get, line)
    for name, (key, template, post) in (pages or {}).items():
        changes.note(name, key, template, post)
    with deferring() as held:
        changes.save()
    run(held)
    return changes


def look(file: Path, context: dict, digests: dict[str, str]) -> ChangedSources:
    """A build's ChangedSources, started, not saved."""
    changes = ChangedSources(file)
    changes.start(lambda: "welt", context, digests.get, line)
    return changes


@pytest.fixture
def posts() -> dict[str, Post]:
    """Four posts: b shows a as related, c shows b, d nothing (so c reaches a through b)."""
    a = Post("a.md")
    b = Post("b.md", related=(a,))
    c = Post("c.md", related=(b,))
    d = Post("d.md")
    return {"a": a, "b": b, "c": c, "d": d}


def first_build(tmp_path: Path, posts: dict) -> tuple[Path, dict, dict]:
    file = tmp_path / "page-keys.json"
    digests = {post.source_path: f"h-{name}" for name, post in posts.items()}
    pages = {f"{name}.html": (f"key-{name}", "article|t", post) for name, post in posts.items()}
    pages["index.html"] = ("key-index", "index|t", None)
    build(file, site(*posts.values()), digests, pages=pages)
    return file, digests, pages


def kept(changes: ChangedSources, pages: dict) -> set[str]:
    return {
        name
        for name, (_key, template, post) in pages.items()
        if post is not None and changes.kept(name, template, post) is not None
    }


def test_nothing_changed_keeps_every_key(tmp_path, posts):
    file, digests, pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), digests)
    assert changes.ready and not changes.affected
    assert kept(changes, pages) == {"a.html", "b.html", "c.html", "d.html"}
    assert changes.kept("a.html", "article|t", posts["a"]) == "key-a"
    assert changes.kept("index.html", "index|t") == "key-index"


def test_an_edited_text_walks_the_pages_that_show_the_post_through_related_posts(tmp_path, posts):
    file, digests, pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    assert changes.ready
    # a's own page, b (shows a as related) and c (shows b, which shows a): walked.
    assert kept(changes, pages) == {"d.html"}


def test_a_translation_walks_its_original_and_the_original_its_translation(tmp_path, posts):
    english = Post("a-en.md")
    english.lang = "en"
    posts["a"].translations = [english]
    file, digests, pages = first_build(tmp_path, posts)
    digests["a-en.md"] = "h-en"
    build(file, site(*posts.values()), digests, pages=pages)
    pages["a-en.html"] = ("key-en", "article|t", english)
    build(file, site(*posts.values()), digests, pages=pages)
    changes = look(file, site(*posts.values()), {**digests, "a-en.md": "h-en2"})
    assert changes.ready and "a.md" in changes.affected
    assert kept(changes, pages) == {"d.html"}
    changes = look(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    assert kept(changes, pages) == {"d.html"}


@pytest.mark.parametrize(
    "change",
    ["world", "status", "address", "renamed", "unreadable", "code", "damaged"],
)
def test_any_other_change_walks_every_page(tmp_path, posts, monkeypatch, change):
    file, digests, pages = first_build(tmp_path, posts)
    shown, world = list(posts.values()), "welt"
    if change == "world":  # settings, the day, the theme, the region data, the events
        world = "eine andere welt"
    elif change == "status":  # a post dated later today came online, its file the same
        posts["d"].status = "draft"
    elif change == "address":  # another post's text, a feed may link to the old one
        posts["d"].url = "neu/d.html"
        digests = {**digests, "d.md": "h-d2"}
    elif change == "renamed":  # its old address may be read elsewhere
        posts["d"].source_path = "e.md"
        digests = {**digests, "e.md": "h-d"}
    elif change == "unreadable":
        digests = {**digests, "d.md": None}
    elif change == "code":
        monkeypatch.setattr(changed_sources, "_VERSION", "andere")
    elif change == "damaged":
        file.write_text(json.dumps({"world": 1}), encoding="utf-8")
    changes = build(file, site(*shown), digests, world=world)
    assert not changes.ready
    assert kept(changes, pages) == set()
    assert changes.kept("index.html", "index|t") is None


def test_another_template_walks_the_page(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), digests)
    assert changes.kept("d.html", "article|other sources", posts["d"]) is None
    assert changes.kept("index.html", "index|other sources") is None
    # A page's name made for another post than then (or for a listing then).
    assert changes.kept("d.html", "article|t", posts["c"]) is None
    assert changes.kept("index.html", "index|t", posts["d"]) is None
    assert changes.kept("d.html", "article|t") is None


def test_a_record_without_the_lists_of_posts_keeps_nothing(tmp_path, posts):
    file, digests, pages = first_build(tmp_path, posts)
    changes = build(file, {"articles": list(posts.values())}, digests)
    assert not changes.ready and changes.world is None
    assert kept(changes, pages) == set()


def test_a_listing_is_walked_when_what_it_reads_holds_a_post_a_change_reaches(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    a, d = posts["a"], posts["d"]
    paginator = Paginator("index", "index{number}.html", [d, a], {"DEFAULT_ORPHANS": 0}, 1)
    context = {
        "articles": [d, a],
        "articles_page": paginator.page(1),
        "second": paginator.page(2),
        "place": Place("Nord", (a,)),
        "other": Place("Süd", (d,)),
        "unknown": Unknown(),
        "made": lambda: a,
    }
    page_one = (
        ("articles_page", (("attr", "object_list"), ("each", None), ("attr", "title")), "value"),
    )
    assert not changes.reach(page_one, context.get)  # d only
    page_two = (("second", (("attr", "object_list"), ("each", None), ("attr", "title")), "value"),)
    assert changes.reach(page_two, context.get)
    # A count or truth of the whole list shows no post; its last item's date does.
    assert not changes.reach((("articles", (), "count"), ("articles", (), "truth")), context.get)
    assert changes.reach((("articles", (("item", -1), ("attr", "date")), "value"),), context.get)
    assert not changes.reach((("articles", (("item", 0), ("attr", "date")), "value"),), context.get)
    assert changes.reach((("place", (("attr", "posts"),), "value"),), context.get)
    assert not changes.reach((("other", (), "value"),), context.get)
    assert not changes.reach((("place", (("attr", "name"),), "value"),), context.get)
    assert changes.reach((("made", (), "value"),), context.get)  # a function's closure
    assert changes.reach((("unknown", (("attr", "x"),), "value"),), context.get)
    # A post that is not one of the build's (not in its lists) is not known.
    assert changes.reach((("stray", (), "value"),), {"stray": Post("z.md")}.get)


def test_a_tuple_of_texts_or_of_tuples_of_texts_holds_no_post(tmp_path, posts):
    """A post page's `alternates` (language and address pairs, a new tuple for each page)
    are passed over without a search; a post among them is still found."""
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    read = (("alternates", (), "value"),)
    pairs = (("de", "aktuelles/a/"), ("en", "en/news/a/"), ("x", None, 1, 2.5, True))
    assert not changes.reach(read, {"alternates": pairs}.get)
    assert not changes.reach((("alternates", (("item", 0),), "value"),), {"alternates": pairs}.get)
    for holding in (("de", posts["a"]), ("de", (posts["a"],)), ("de", [posts["a"]])):
        assert changes.reach(read, {"alternates": (*pairs, holding)}.get)


def test_a_value_that_holds_itself_is_searched_through_its_other_parts(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    inner: list = []
    outer = [inner, posts["a"]]
    inner.append(outer)
    # The outer list first: its inner list, searched while the outer one was open, reaches
    # the post through it.
    assert changes.reach((("outer", (), "value"),), {"outer": outer}.get)
    assert changes.reach((("inner", (), "value"),), {"inner": inner}.get)


@dataclass
class Node:
    """An object of the data that holds others, itself among them through them."""

    items: list


def test_an_object_that_holds_itself_is_searched_through_its_other_parts(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    inner = Node([])
    outer = Node([inner, posts["a"]])
    inner.items.append(outer)
    assert changes.reach((("outer", (), "value"),), {"outer": outer}.get)
    assert changes.reach((("inner", (), "value"),), {"inner": inner}.get)
    # Nothing reaches from an object that holds itself: kept as such, all of it.
    other = Node([])
    other.items.append(Node([other, posts["d"]]))
    assert not changes.reach((("other", (), "value"),), {"other": other}.get)
    assert not changes.reach((("inner", (), "value"),), {"inner": other.items[0]}.get)


def test_nothing_changed_searches_nothing(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), digests)
    assert not changes.reach((("unknown", (), "value"),), {"unknown": Unknown()}.get)


def test_posts_of_takes_translations_and_pages_once(posts):
    english = Post("a-en.md")
    posts["a"].translations = [english]
    page = Post("impressum.md")
    context = {**site(posts["a"], posts["b"]), "pages": [page]}
    assert [p.source_path for p in changed_sources.posts_of(context)] == [
        "a.md",
        "a-en.md",
        "b.md",
        "impressum.md",
    ]
    assert changed_sources.posts_of({"articles": [SimpleNamespace()]}) is None
    assert isinstance(english, Content)


def test_the_writer_takes_a_listings_key_over_without_walking_until_a_post_it_shows_changes(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """writer.listing_fingerprint: the last build's key while nothing the page shows changed
    (no walk of its reads), a walk once the text of a post it lists changed; a page that
    does not show that post keeps its key."""
    shown, other = tmp_path / "shown.md", tmp_path / "other.md"
    shown.write_text("eins", encoding="utf-8")
    other.write_text("zwei", encoding="utf-8")
    a, b = Post(str(shown)), Post(str(other))
    env = Environment(
        loader=DictLoader({"l.html": "{% for p in listed %}{{ p.title }}{% endfor %}"})
    )
    template = env.get_template("l.html")
    walks: list[str] = []

    def build() -> dict[str, bool]:
        writer = writers()
        walk = writer._listing_fingerprint
        monkeypatch.setattr(
            writer,
            "_listing_fingerprint",
            lambda template, context: (
                walks.append(context["output_file"]) or walk(template, context)
            ),
        )
        taken = {}
        for name, listed in (("a.html", [a]), ("b.html", [b])):
            context = {"lang": "de", "listed": listed, **site(a, b)}
            taken[name] = writer._take_over_listing(name, template, context, (), {}) is True
            if not taken[name]:
                Path(writer.output_path, name).write_text(template.render(context), "utf-8")
        writer.placed()
        writer._changes.save()
        return taken

    assert build() == {"a.html": False, "b.html": False}
    assert walks == ["a.html", "b.html"]
    walks.clear()
    assert build() == {"a.html": True, "b.html": True}
    assert walks == []  # both keys the last build's
    shown.write_text("eins, geändert", encoding="utf-8")
    assert build() == {"a.html": True, "b.html": True}  # the title it shows is the same
    assert walks == ["a.html"]


def test_the_writer_takes_a_post_pages_key_over_unless_a_post_it_shows_changed(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """writer._take_over: a narrow post page keeps the last build's key without a walk; once
    a post's text changed, its page, the page showing it as related and a page whose other
    reads hold it (d: `regions`, here holding it) are walked again, no other."""
    files = {name: tmp_path / f"{name}.md" for name in "abde"}
    for name, file in files.items():
        file.write_text(name, encoding="utf-8")
    a = Post(str(files["a"]))
    b = Post(str(files["b"]), related=(a,))
    d, e = Post(str(files["d"])), Post(str(files["e"]))
    text = (
        "{{ article.title }}{% for r in article.showcase.related_posts %}{{ r.title }}{% endfor %}"
    )
    text += "{{ regions }}"
    template = Environment(loader=DictLoader({"article.html": text})).get_template("article.html")
    walks: list[str] = []

    def build() -> None:
        writer = writers()
        counted_walks(writer, monkeypatch, walks)
        for post in (a, b, d, e):
            name = Path(post.save_as).name
            context = {"lang": "de", **site(a, b, d, e)}
            given = {"article": post, "regions": [Place("Nord", (a,))] if post is d else []}
            if not writer._take_over(name, template, post, context, given):
                Path(writer.output_path, name).write_text(post.title, "utf-8")
        writer.placed()
        writer._changes.save()

    build()
    assert len(walks) == 4
    walks.clear()
    build()
    assert walks == []
    files["a"].write_text("a, geändert", encoding="utf-8")
    build()
    assert walks == ["a.html", "b.html", "d.html"]


def test_a_list_or_context_that_changes_between_two_pages_is_searched_again(tmp_path, posts):
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    a, d = posts["a"], posts["d"]
    reads = (("listed", (), "value"),)
    listed = [d]
    assert not changes.reach(reads, {"listed": listed}.get)
    listed.append(a)  # the same list, another item
    assert changes.reach(reads, {"listed": listed}.get)
    # A post page's names: its own over the context's, the context's kept while the same.
    reads = (("regions", (), "value"), ("alternates", (), "value"))
    context = {"regions": [Place("Nord")]}
    assert not changes.reach_in(reads, context, {"alternates": ()})
    assert changes.reach_in(reads, context, {"alternates": (a,)})
    context["regions"] = [Place("Nord", (a,))]
    assert changes.reach_in(reads, context, {"alternates": ()})
    assert not changes.reach_in(reads, context, {"alternates": (), "regions": []})
    context["regions"] = [Place("Nord")]
    assert not changes.reach_in(reads, context, {"alternates": ()})
    context["regions"][0] = Place("Nord", (a,))  # the same list, another item
    assert changes.reach_in(reads, context, {"alternates": ()})


def test_a_listing_whose_texts_or_numbers_changed_is_walked(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """A text or number a listing reads by name (made by other code, from a post's text
    say) is not searched for posts: the page keeps its key only while they are the same."""
    env = Environment(loader=DictLoader({"l.html": "{{ teaser }} ({{ count }})"}))
    template = env.get_template("l.html")
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    posts = site(Post(str(tmp_path / "a.md")))
    walks: list[dict] = []

    def build(teaser: str, count: int) -> bool:
        writer = writers()
        walk = writer._listing_fingerprint
        monkeypatch.setattr(
            writer,
            "_listing_fingerprint",
            lambda template, context: walks.append(context) or walk(template, context),
        )
        context = {"lang": "de", "teaser": teaser, "count": count, **posts}
        taken = writer._take_over_listing("l.html", template, context, (), {}) is True
        if not taken:
            Path(writer.output_path, "l.html").write_text(template.render(context), "utf-8")
        writer.placed()
        writer._changes.save()
        return taken

    assert not build("Eins", 1)
    assert build("Eins", 1)
    assert len(walks) == 1
    assert not build("Zwei", 1)
    assert not build("Zwei", 2)
    assert len(walks) == 3


def test_the_key_figures_day_is_part_of_the_world(tmp_path, posts):
    """figures_for ages the figures against the machine's day when no build date is set
    (generator.page_context): another day there is another world, though no file changed."""
    file, digests, pages = first_build(tmp_path, posts)
    context = site(*posts.values())
    before = functools.partial(max, {}, dt.date(2026, 12, 31), 6)
    build(file, {**context, "figures_for": before}, digests, pages=pages)
    same = look(
        file,
        {**context, "figures_for": functools.partial(max, {}, dt.date(2026, 12, 31), 6)},
        digests,
    )
    assert same.ready
    changes = look(
        file,
        {**context, "figures_for": functools.partial(max, {}, dt.date(2027, 1, 1), 6)},
        digests,
    )
    assert not changes.ready


def test_a_new_post_walks_only_the_post_pages_it_reaches_and_every_listing(tmp_path, posts):
    """A new post e shown as related by b (whose line changed so): e's page (none before),
    b's and c's (shows b) walked; a and d keep their keys; a listing is walked (the lists,
    counts and neighbours it reads may be others)."""
    file, digests, pages = first_build(tmp_path, posts)
    e = Post("e.md")
    posts["b"].showcase = View(related_posts=(posts["a"], e))
    changes = build(file, site(*posts.values(), e), {**digests, "e.md": "h-e"})
    assert changes.ready and changes.moved
    assert changes.affected == {"e.md", "b.md", "c.md"}
    assert kept(changes, pages) == {"a.html", "d.html"}
    assert changes.kept("index.html", "index|t") is None


def test_a_deleted_post_walks_the_post_pages_that_showed_it(tmp_path, posts):
    """a deleted: b showed it as related (its line changed), c shows b; d keeps its key,
    and so does a page that shows no post, a listing does not."""
    file, digests, pages = first_build(tmp_path, posts)
    shown = [posts["b"], posts["c"], posts["d"]]
    posts["b"].showcase = View(related_posts=())
    changes = build(file, site(*shown), digests)
    assert changes.ready and changes.moved
    assert changes.affected == {"b.md", "c.md"}
    assert kept(changes, pages) == {"d.html"}
    assert changes.kept("index.html", "index|t") is None


def test_a_deleted_post_no_page_showed_walks_no_post_page(tmp_path, posts):
    """d deleted, shown by no post: every other post page keeps its key (a value its
    templates read besides the post that lost d: test_the_writer_walks_a_post_page_whose_…),
    no listing does."""
    file, digests, pages = first_build(tmp_path, posts)
    changes = build(file, site(posts["a"], posts["b"], posts["c"]), digests)
    assert changes.ready and changes.moved and not changes.affected
    assert kept(changes, pages) == {"a.html", "b.html", "c.html"}
    assert changes.kept("index.html", "index|t") is None


def test_a_changed_header_walks_its_page_and_those_showing_it(tmp_path, posts):
    """A title changed (the file too): a's page and those showing it (b, c), not d."""
    file, digests, pages = first_build(tmp_path, posts)
    posts["a"].metadata["title"] = "Neu"
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    assert changes.ready and changes.moved
    assert kept(changes, pages) == {"d.html"}
    assert changes.kept("index.html", "index|t") is None


def test_the_writer_walks_a_post_page_whose_other_reads_changed_when_a_post_came(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """writer._take_over: after a new post, a narrow post page that no changed post reaches
    keeps its key, unless a value its templates read besides the post changed: a count of a
    region's posts made by other code (which holds no post), a list of posts that lost the
    deleted one (which holds no changed post)."""
    files = {name: tmp_path / f"{name}.md" for name in "abe"}
    for name in "ab":
        files[name].write_text(name, encoding="utf-8")
    a, b, e = (Post(str(files[name])) for name in "abe")
    text = "{{ article.title }}{% for r in regions %}{{ r.name }} ({{ r.count }}){% endfor %}"
    text += "{% for p in pages %}{{ p.title }}{% endfor %}"
    template = Environment(loader=DictLoader({"article.html": text})).get_template("article.html")
    walks: list[str] = []

    def build(posts: tuple, count: int, listed: list) -> None:
        writer = writers()
        counted_walks(writer, monkeypatch, walks)
        for post in posts:
            name = Path(post.save_as).name
            context = {"lang": "de", "regions": [Tally("Nord", count)], **site(*posts)}
            context["pages"] = listed
            if not writer._take_over(name, template, post, context, {"article": post}):
                Path(writer.output_path, name).write_text(post.title, "utf-8")
        writer.placed()
        writer._changes.save()

    build((a, b), 2, [a])
    walks.clear()
    files["e"].write_text("e", encoding="utf-8")
    build((a, b, e), 2, [a])  # e new: only its page walked
    assert walks == ["e.html"]
    walks.clear()
    files["e"].unlink()
    build((a, b), 1, [a])  # e gone, the count another
    assert walks == ["a.html", "b.html"]
    walks.clear()
    files["e"].write_text("e", encoding="utf-8")
    build((a, b, e), 1, [a, e])  # e new and listed: all walked
    assert walks == ["a.html", "b.html", "e.html"]
    walks.clear()
    files["e"].unlink()
    build((a, b), 1, [a])  # e gone from the list
    assert walks == ["a.html", "b.html"]


def test_a_post_page_farther_from_the_change_than_its_key_reaches_keeps_its_key(tmp_path, posts):
    """A post page whose key reaches `depth` related posts' steps (writer._related_depth):
    c shows b, which shows a; a's text changed: c (two steps) keeps its key at depth 1, not
    at 2 or any; a's translation (no step) is walked at depth 0."""
    english = Post("a-en.md")
    posts["a"].translations = [english]
    file, digests, pages = first_build(tmp_path, posts)
    digests["a-en.md"] = "h-en"
    pages["a-en.html"] = ("key-en", "article|t", english)
    build(file, site(*posts.values()), digests, pages=pages)
    changes = look(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    assert changes.distance == {"a.md": 0, "a-en.md": 0, "b.md": 1, "c.md": 2}

    def kept_at(depth):
        return {
            name
            for name, (_key, template, post) in pages.items()
            if post is not None and changes.kept(name, template, post, depth) is not None
        }

    assert kept_at(0) == {"b.html", "c.html", "d.html"}
    assert kept_at(1) == {"c.html", "d.html"}
    assert kept_at(2) == kept_at(None) == {"d.html"}


def test_a_post_pages_key_reaches_as_deep_as_its_reads_key_the_related_posts(writers):  # noqa: F811
    """writer._related_depth: as the followed reads key the post (followed_reads.
    related_depth: a related post's title one step, its related posts' two, the view whole
    two); reads beyond what a post's key holds: their steps through related_posts and two
    more."""
    writer = writers()
    templates = {
        "one.html": "{% for r in article.showcase.related_posts %}{{ r.title }}{% endfor %}",
        "two.html": (
            "{% for r in article.showcase.related_posts %}"
            "{% for s in r.showcase.related_posts %}{{ s.title }}{% endfor %}{% endfor %}"
        ),
        "whole.html": "{{ article.showcase }}",
        "beyond.html": (
            "{% for r in article.showcase.related_posts %}{{ r.something.else }}{% endfor %}"
        ),
    }
    env = Environment(loader=DictLoader(templates))
    depths = {name: writer._related_depth(env.get_template(name)) for name in templates}
    assert depths == {"one.html": 1, "two.html": 2, "whole.html": 2, "beyond.html": 3}


def test_a_listing_is_reached_only_by_posts_as_near_a_change_as_its_reads_key_reaches(
    tmp_path, posts
):
    """e shows c, c shows b, b shows a; a's text changed: a listing that shows posts whole
    (their related posts' headers: two steps) is reached by c, not by e (three steps); one
    whose reads go through the posts' related posts once more is reached by e too."""
    e = Post("e.md", related=(posts["c"],))
    posts["e"] = e
    file, digests, _pages = first_build(tmp_path, posts)
    changes = build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    assert changes.distance["e.md"] == 3
    titles = (("listed", (("each", None), ("attr", "title")), "value"),)
    assert not changes.reach(titles, {"listed": [e, posts["d"]]}.get)
    assert changes.reach(titles, {"listed": [posts["c"]]}.get)
    deeper = (
        ("listed", (("each", None), ("attr", "showcase"), ("attr", "related_posts")), "value"),
    )
    assert changes.reach(deeper, {"listed": [e]}.get)
    assert not changes.reach(titles, {"listed": [e]}.get)  # the answer kept per depth


def test_a_post_page_reading_a_value_that_cannot_be_keyed_is_rendered(
    writers,  # noqa: F811
    tmp_path,
):
    """writer._post_template_key: a value the page's templates read besides the post that
    cannot be keyed (an object of other code) renders the page, build after build (it
    stopped the second build with Unkeyable)."""
    file = tmp_path / "a.md"
    file.write_text("a", encoding="utf-8")
    a = Post(str(file))
    template = Environment(loader=DictLoader({"article.html": "{{ regions }}"})).get_template(
        "article.html"
    )
    for _build in range(3):
        writer = writers()
        context = {"lang": "de", "regions": Unknown(), **site(a)}
        assert not writer._take_over("a.html", template, a, context, {"article": a})
        Path(writer.output_path, "a.html").write_text("a", "utf-8")
        writer.placed()
        writer._changes.save()


def test_a_post_page_comparing_its_post_with_the_context_is_walked_when_that_changed(
    writers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """writer._post_template_key: a comparison of the post's date with a value of the
    context (`preview_now`) counts that value: after a new post, a page keeps its key while
    it is the same, and is walked once it is another."""
    files = {name: tmp_path / f"{name}.md" for name in "ae"}
    files["a"].write_text("a", encoding="utf-8")
    a, e = Post(str(files["a"])), Post(str(files["e"]))
    a.date = e.date = dt.datetime(2026, 1, 1)
    text = "{% if article.date > preview_now %}bald{% endif %}"
    template = Environment(loader=DictLoader({"article.html": text})).get_template("article.html")
    walks: list[str] = []

    def build(posts: tuple, now: dt.datetime) -> None:
        writer = writers()
        counted_walks(writer, monkeypatch, walks)
        for post in posts:
            name = Path(post.save_as).name
            context = {"lang": "de", "preview_now": now, **site(*posts)}
            if not writer._take_over(name, template, post, context, {"article": post}):
                Path(writer.output_path, name).write_text(post.title, "utf-8")
        writer.placed()
        writer._changes.save()

    build((a,), dt.datetime(2025, 1, 1))
    walks.clear()
    files["e"].write_text("e", encoding="utf-8")
    build((a, e), dt.datetime(2025, 1, 1))
    assert walks == ["e.html"]
    walks.clear()
    files["e"].unlink()
    build((a,), dt.datetime(2027, 1, 1))
    assert walks == ["a.html"]
