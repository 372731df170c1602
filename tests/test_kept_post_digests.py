"""make serve keeps what a page's reads saw below a post from one save to the next
(followed_reads.KeptPosts): each input of a post's key, changed between two saves, gives the
key a fresh digest gives, and with nothing changed the kept texts are used."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from jinja2 import DictLoader, Environment
from pelican.contents import Content
from test_build_record import article

from regional_showcase.pictures.images import LeadImage
from regional_showcase.post_view import PostView
from regional_showcase.preview.followed_reads import (
    FollowedDigest,
    KeptPosts,
    followed_reads,
)
from regional_showcase.preview.pages import KnownReads, PageDigest

CARDS = (
    "{% for p in posts %}{{ p.title }} {{ p.status }} {{ p.showcase.social_image }} "
    "{{ p.showcase.lead_image.width }}"
    "{% for r in p.showcase.related_posts %}{{ r.title }}{% endfor %}"
    "{% endfor %}"
)
PICTURE = LeadImage("images/hof.jpg", "Ein Hof", 800, 600, 1000, "image/jpeg")


def view(related: tuple = (), card: str = "eins.jpg", picture=PICTURE) -> PostView:
    return PostView(
        topic=None,  # type: ignore[arg-type]
        region_list=(),
        for_all_regions=False,
        author_organisation="Allgäu GmbH",
        social_image=card,
        has_own_card=True,
        lead_image=picture,
        related_posts=related,
    )


class Saves:
    """One `make serve` process: each key() is a new save's build (new objects, a new
    PageDigest) with the kept texts of the saves before."""

    def __init__(self, template: str = CARDS) -> None:
        self.kept = KeptPosts()
        self.env = Environment(loader=DictLoader({"p.html": template}))
        self.reads = followed_reads(self.env.get_template("p.html"), KnownReads())
        assert self.reads is not None

    def key(self, posts: list, world: str = "w", **values) -> tuple[str, str]:
        """The key with the kept texts, and the one a fresh digest gives."""
        kept = FollowedDigest(PageDigest(), self.kept, lambda: world)
        fresh = FollowedDigest(PageDigest())
        context = {"posts": posts, **values}
        return kept.page(self.env, context, self.reads), fresh.page(self.env, context, self.reads)


def post(tmp_path: Path, name: str = "eins.md", body: str = "Text.", **kept) -> object:
    made = article(tmp_path, name, body, title=kept.pop("title", "Eins"))
    made.showcase = view(**kept)
    return made


def recorded_walks(monkeypatch) -> list:
    """The values FollowedDigest walks from now on (a kept text is not walked)."""
    walked = []
    original = FollowedDigest._walk

    def walk(self, env, context, value, *rest):
        walked.append(value)
        return original(self, env, context, value, *rest)

    monkeypatch.setattr(FollowedDigest, "_walk", walk)
    return walked


def test_nothing_changed_uses_the_kept_texts(tmp_path, monkeypatch):
    saves = Saves()
    first = saves.key([post(tmp_path, related=(post(tmp_path, "zwei.md"),))])
    assert first[0] == first[1]
    walked = recorded_walks(monkeypatch)
    kept = FollowedDigest(PageDigest(), saves.kept, lambda: "w")
    posts = [post(tmp_path, related=(post(tmp_path, "zwei.md"),))]
    assert kept.page(saves.env, {"posts": posts}, saves.reads) == first[0]
    assert walked and not any(isinstance(value, Content) for value in walked)


def test_the_files_bytes(tmp_path):
    saves = Saves()
    saves.key([post(tmp_path)])
    Path(tmp_path, "eins.md").write_text("Neu.", encoding="utf-8")
    kept, fresh = saves.key([post(tmp_path, title="Neu")])
    assert kept == fresh


def test_the_status(tmp_path):
    saves = Saves()
    saves.key([post(tmp_path)])
    scheduled = post(tmp_path)
    scheduled.status = "draft"  # the same bytes: a scheduled post before its time
    kept, fresh = saves.key([scheduled])
    assert kept == fresh


def test_the_card_the_other_posts_decide(tmp_path):
    saves = Saves()
    saves.key([post(tmp_path)])
    kept, fresh = saves.key([post(tmp_path, card="allgaeu.jpg")])  # a newer post came
    assert kept == fresh


def test_the_lead_picture(tmp_path):
    saves = Saves()
    saves.key([post(tmp_path)])
    kept, fresh = saves.key([post(tmp_path, picture=replace(PICTURE, width=1200))])
    assert kept == fresh


def test_a_related_posts_file(tmp_path):
    saves = Saves()
    saves.key([post(tmp_path, related=(post(tmp_path, "zwei.md", title="Zwei"),))])
    Path(tmp_path, "zwei.md").write_text("Neu.", encoding="utf-8")
    related = post(tmp_path, "zwei.md", title="Zwei neu")
    kept, fresh = saves.key([post(tmp_path, related=(related,))])
    assert kept == fresh


def test_a_related_posts_related_post_where_the_page_shows_it(tmp_path):
    shown = CARDS.replace("{{ r.title }}", "{{ r.title }}{{ r.showcase.related_posts[0].title }}")
    saves = Saves(shown)

    def posts(far_title: str) -> list:
        far = post(tmp_path, "drei.md", title=far_title)
        return [post(tmp_path, related=(post(tmp_path, "zwei.md", related=(far,)),))]

    saves.key(posts("Drei"))
    Path(tmp_path, "drei.md").write_text("Neu.", encoding="utf-8")
    kept, fresh = saves.key(posts("Drei neu"))
    assert kept == fresh


def test_the_world(tmp_path):
    """Settings, code, templates, region data, the day (writer._kept_posts_world): a title
    that changed with them, not with the post's file."""
    saves = Saves()
    saves.key([post(tmp_path)])
    kept, fresh = saves.key([post(tmp_path, title="Anders")], world="another")
    assert kept == fresh


def test_a_post_linking_to_other_files_is_not_kept(tmp_path):
    saves = Saves()
    linking = post(tmp_path, "links.md", 'Siehe <a href="{filename}/zwei.md">hier</a>.')
    saves.key([linking])
    assert not saves.kept.posts


def test_reads_besides_the_posts_own_and_its_view_are_not_kept(tmp_path):
    saves = Saves("{% for p in posts %}{{ p.content }}{% endfor %}")
    saves.key([post(tmp_path)])
    assert not saves.kept.posts


def test_make_html_keeps_the_texts_in_cache_for_the_next_build(tmp_path, monkeypatch):
    """In cache/ as JSON: another process with the same world uses the texts, another
    world makes them again."""
    file = tmp_path / "cache" / "kept-post-texts.json"
    saves = Saves()
    saves.kept = KeptPosts(file)
    first = saves.key([post(tmp_path, related=(post(tmp_path, "zwei.md"),))])
    saves.kept.save()
    walked = recorded_walks(monkeypatch)
    posts = [post(tmp_path, related=(post(tmp_path, "zwei.md"),))]
    kept = FollowedDigest(PageDigest(), KeptPosts(file), lambda: "w")
    assert kept.page(saves.env, {"posts": posts}, saves.reads) == first[1]
    assert walked and not any(isinstance(value, Content) for value in walked)
    walked.clear()
    other = FollowedDigest(PageDigest(), KeptPosts(file), lambda: "another")
    other.page(saves.env, {"posts": posts}, saves.reads)
    assert any(isinstance(value, Content) for value in walked)


def test_a_damaged_file_of_kept_texts_counts_as_none(tmp_path):
    """Each entry of cache/showcase/kept-post-texts.json is taken only in the shape `save`
    writes; anything else makes every text again instead of stopping the build."""
    file = tmp_path / "kept-post-texts.json"
    good = ["a.md", 0, "k", {"slot": "text"}]
    for damaged in (
        ["a.md", 0, "k", {"slot": 1}],
        ["a.md", "0", "k", {"slot": "text"}],
        ["a.md", 0, None, {"slot": "text"}],
        [1, 0, "k", {"slot": "text"}],
    ):
        saved = {"world": "w", "posts": [good, damaged], "reads": []}
        file.write_text(json.dumps(saved), encoding="utf-8")
        kept = KeptPosts(file)
        kept.enter("w")
        assert kept.posts == {}
    # What the texts read of the region data: [class, field, digest], each a text.
    for reads in (None, [["Region", "name"]], [["Region", "name", 1]], [["Region", 1, "d"]]):
        saved = {"world": "w", "posts": [good], "reads": reads}
        file.write_text(json.dumps(saved), encoding="utf-8")
        kept = KeptPosts(file)
        kept.enter("w")
        assert kept.posts == {}
    file.write_text(json.dumps({"world": "w", "posts": [good], "reads": []}), encoding="utf-8")
    kept = KeptPosts(file)
    kept.enter("w")
    assert kept.posts == {("a.md", 0): ("k", {"slot": "text"})}


def test_a_summary_linking_to_another_post(tmp_path):
    """Pelican resolves the links of a header's formatted fields (the summary) into the
    metadata after reading: the post's file stays the same when the linked post's address
    changes, and a card shows the summary's link."""
    saves = Saves("{% for p in posts %}{{ p.summary }}{% endfor %}")

    def linking(other_slug: str) -> object:
        other = article(tmp_path, "zwei.md", slug=other_slug)
        context = {"localsiteurl": "", "generated_content": {"zwei.md": other}}
        summary = '<a href="{filename}zwei.md">Siehe</a>'
        made = article(tmp_path, "eins.md", summary=summary, context=context)
        made.refresh_metadata_intersite_links()
        made.showcase = view()
        return made

    before = saves.key([linking("zwei")])
    kept, fresh = saves.key([linking("zwei-neu")])
    assert kept == fresh != before[1]


def test_a_slice_of_related_posts_is_kept_unless_its_bound_is_the_contexts(tmp_path):
    """`related_posts[:1]`: the post's text is kept (its related posts are in its key);
    `related_posts[:shown]` takes `shown` from the page's context, which the post's key
    does not hold: not kept, the key is the fresh one's when `shown` changes."""
    related = (post(tmp_path, "zwei.md", title="Zwei"), post(tmp_path, "drei.md", title="Drei"))
    loop = "{% for p in posts %}{% for r in p.showcase.related_posts[BOUND] %}{{ r.title }}"
    constant = Saves(loop.replace("BOUND", ":1") + "{% endfor %}{% endfor %}")
    key = constant.key([post(tmp_path, related=related)])
    assert key[0] == key[1]
    assert any(source.endswith("eins.md") for source, _ in constant.kept.posts)
    named = Saves(loop.replace("BOUND", ":shown") + "{% endfor %}{% endfor %}")
    one = named.key([post(tmp_path, related=related)], shown=1)
    two = named.key([post(tmp_path, related=related)], shown=2)
    assert one[0] == one[1] != two[0] == two[1]
