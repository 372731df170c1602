"""Per-post costs of a warm build (issue 25, X7) with the same keys and output as before:
a source file's hash read without a Path object, Pelican's pattern of links to other files
compiled once and searched once, a written page's place below the output folder by strings.
Each is checked against the way it was done before. No site is built here."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from pelican.contents import Article, Page, Static
from pelican.settings import DEFAULT_CONFIG
from test_build_record import article, linking_article, writers  # noqa: F401 (a fixture)
from test_incremental_edges import through_take_over
from test_post_page_keys import ALLGAEU

from regional_showcase import build_record
from regional_showcase.build_record import (
    SourceHashes,
    file_digest,
    linked_text,
    page_fingerprint,
    post_line,
)
from regional_showcase.generator import _below
from regional_showcase.preview.followed_reads import FollowedDigest
from regional_showcase.preview.pages import PageDigest


def test_source_hashes_are_the_digests_of_the_files_the_paths_name(tmp_path, monkeypatch):
    """The same digest as file_digest(Path(…)) (the code before) for the paths a build may
    ask for, and no Path built for them (its cost per post was the point)."""
    folder = tmp_path / "content"
    (folder / "news").mkdir(parents=True)
    (folder / "news" / "eins.md").write_text("Eins.", encoding="utf-8")
    (folder / "zwei.md").write_bytes(b"Zwei.\n")
    monkeypatch.chdir(tmp_path)
    asked = [
        str(folder / "news" / "eins.md"),
        str(folder / "zwei.md"),
        "content/news/eins.md",
        f"{folder}//news/./eins.md",
        f"{folder}/news/../zwei.md",
        str(folder / "fehlt.md"),
        str(folder / "news"),  # a folder: no digest
        folder / "zwei.md",
    ]
    expected = [file_digest(Path(str(path))) for path in asked]
    assert expected[0] == hashlib.sha256(b"Eins.").hexdigest()
    assert expected[-3:-1] == [None, None]

    def no_path(*args):
        raise AssertionError("a Path built for a source file")

    monkeypatch.setattr(build_record, "Path", no_path)
    hashes = SourceHashes()
    assert [hashes.of(path) for path in asked] == expected
    assert [hashes.of(path) for path in asked] == expected  # from what it knows


def _old_linked_text(content) -> str | None:
    """linked_text before: Pelican's pattern compiled and searched at each call."""
    raw = getattr(content, "_content", None)
    if not raw or content._get_intrasite_link_regex().search(raw) is None:
        return None
    return content.get_content(content.get_siteurl())


def _old_page_fingerprint(key, post, hashes, view) -> str:
    versions = [post, *getattr(post, "translations", ())]
    files = "|".join(f"{v.source_path}:{hashes.of(v.source_path)}" for v in versions)
    linked = [text for text in map(_old_linked_text, versions) if text is not None]
    return hashlib.sha256(f"{key}|{files}||{linked!r}|{view}".encode()).hexdigest()


def _posts(folder: Path) -> list:
    """Posts with {filename}, {static} and {attach} links, none, and links written by another
    site's pattern (<<filename>>, with the setting that says so), between the others."""
    settings = {**DEFAULT_CONFIG, "PATH": str(folder)}
    other_pattern = {**settings, "INTRASITE_LINK_REGEX": "<<(?P<what>.*?)>>"}
    picture = Static("", settings=settings, source_path=str(folder / "bild.jpg"))
    picture.override_save_as = "bilder/bild.jpg"
    target = Article(
        "Ziel.",
        metadata={"title": "Ziel", "slug": "ziel"},
        settings=settings,
        source_path=str(folder / "ziel.md"),
    )
    context = {
        "localsiteurl": "",
        "static_content": {"bild.jpg": picture},
        "generated_content": {"ziel.md": target},
        "static_links": set(),
    }
    bodies = [
        ('<a href="{filename}ziel.md">Ziel</a>', settings),
        ('<img src="{static}bild.jpg">', settings),
        ('<a href="{attach}bild.jpg">Bild</a>', settings),
        ("<p>Ohne Links, mit {geschweiften} Klammern und href=ziel.md.</p>", settings),
        ('<a href="<<filename>>/ziel.md">Ziel</a>', other_pattern),
        ('<a href="{filename}ziel.md">nach dem alten Muster</a>', other_pattern),
        ("", settings),
    ]
    posts = []
    for number, (body, chosen) in enumerate(bodies):
        source = folder / f"post{number}.md"
        source.write_text(body or "-", encoding="utf-8")
        metadata = {"title": f"Post {number}", "slug": f"post{number}"}
        kind = Page if number == 3 else Article
        posts.append(
            kind(body, metadata=metadata, settings=chosen, source_path=str(source), context=context)
        )
    return posts


def test_a_posts_links_are_found_as_pelicans_own_pattern_finds_them(tmp_path: Path):
    """The same texts and keys as with the pattern compiled per call, for links by
    {filename}, {static} and {attach}, none, and another setting's pattern (a pattern kept
    regardless of the setting, or another one, finds other links)."""
    posts = _posts(tmp_path)
    linked = [linked_text(post) for post in posts]
    assert linked == [_old_linked_text(post) for post in posts]
    assert [text is not None for text in linked] == [True, True, True, False, True, False, False]
    assert "/ziel.html" in linked[0] and "/ziel.html" in linked[4]
    hashes = SourceHashes()
    for post in posts:
        assert page_fingerprint("k", post, (), hashes, "v") == _old_page_fingerprint(
            "k", post, hashes, "v"
        )


def test_a_page_keyed_by_its_walk_is_not_searched_again_only_where_no_text_links(
    tmp_path: Path,
):
    """The writer passes `unlinked` where the followed reads keyed the post (_own_key found
    no link in it or its translations): then the key is the one a search gives; a post that
    links, or whose translation links, has no such key and is searched."""
    posts = _posts(tmp_path)
    plain, linking = posts[3], posts[0]
    (tmp_path / "en").mkdir()
    translated = _posts(tmp_path / "en")[4]  # links by its own setting's pattern
    plain_with_linking_translation = _posts(tmp_path)[6]
    plain_with_linking_translation.translations = [translated]
    followed = FollowedDigest(PageDigest())
    hashes = SourceHashes()
    for post in (plain, linking, plain_with_linking_translation):
        keyed = followed._own_key(post) is not None
        assert keyed == (post is plain)
        searched = page_fingerprint("k", post, (), hashes, "v")
        assert searched == _old_page_fingerprint("k", post, hashes, "v")
        if keyed:
            assert page_fingerprint("k", post, (), hashes, "v", unlinked=True) == searched
        else:
            assert page_fingerprint("k", post, (), hashes, "v", unlinked=True) != searched
    assert post_line(plain)  # a Page keyed as a post


@dataclass(frozen=True)
class PostView:
    """What the followed reads key of post_view.PostView (_own_key asks for it by name)."""

    region_list: tuple
    related_posts: tuple = ()
    social_image: None = None
    has_own_card: bool = False
    lead_image: None = None


def test_a_taken_over_post_page_searches_its_text_once_and_follows_a_moved_link(
    writers,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
):
    """Through the writer: a post without links is keyed by its walk and not searched
    again (linked_text not asked); a post that links to another file is, and renders again
    when that file's address changes (fails with every page taken as unlinked)."""
    template = Environment(loader=DictLoader({"article.html": VIEW_PAGE})).get_template(
        "article.html"
    )
    asked: list[str] = []
    searched = build_record.linked_text
    monkeypatch.setattr(
        build_record, "linked_text", lambda post: asked.append(post.slug) or searched(post)
    )

    def page(writer, post) -> bool:
        post.showcase = PostView((ALLGAEU,))
        return through_take_over(writer, template, post)

    def linking(slug: str):
        return linking_article(tmp_path, slug)

    assert not page(writers(), article(tmp_path, "eins.md"))
    assert page(writers(), article(tmp_path, "eins.md"))
    assert asked == []
    assert not page(writers(), linking("ziel"))
    assert page(writers(), linking("ziel"))
    assert not page(writers(), linking("umgezogen"))
    assert asked == ["quelle"] * 3


VIEW_PAGE = (
    "{{ article.title }}: {{ article.content }} "
    "({% for r in article.showcase.region_list %}{{ r.name }}{% endfor %})"
)


def _old_below(path: str, output_path: str) -> str:
    return Path(path).relative_to(output_path).as_posix()


@pytest.mark.parametrize(
    ("path", "output_path"),
    [
        ("/site/output.new-1234/news/eins/index.html", "/site/output.new-1234"),
        ("/site/output/index.html", "/site/output"),
        ("/site/output/en/index.html", "/site/output/"),
        ("/site/output/en/index.html", "/site/output/."),
        ("/site/output/en/index.html", "/site//output"),
        ("/site/output/./en/index.html", "/site/output"),
        ("/site/output//en/index.html", "/site/output"),
        ("/site/output/en/./index.html", "/site/output"),
        ("/site/output/en//index.html", "/site/output"),
        ("/site/output/en/.", "/site/output"),
        ("/site/output/en/../index.html", "/site/output"),
        ("/site/output/../output/index.html", "/site/output"),
        ("/site/output/.well-known/index.html", "/site/output"),
        ("/site/output/en/", "/site/output"),
        ("output/news/index.html", "output"),
        ("./output/news/index.html", "output"),
        ("news/index.html", "."),
        ("./news/index.html", "."),
        ("/index.html", "/"),
        ("//index.html", "//"),
        ("/index.html", "//"),
        ("//site/output/index.html", "/site/output"),
        ("/site/output-alt/index.html", "/site/output"),
        ("/site/output", "/site/output"),
        ("/anderswo/index.html", "/site/output"),
    ],
)
def test_a_written_pages_place_below_the_output_folder_is_pathlibs(path, output_path):
    """The same relative path as Path.relative_to for the paths the writers hand over
    (absolute and normalised by sanitised_join) and any other, or the same error."""
    try:
        expected = _old_below(path, output_path)
    except ValueError:
        with pytest.raises(ValueError):
            _below(path, output_path)
    else:
        assert _below(path, output_path) == expected


def test_the_writers_paths_are_below_the_output_folder_by_strings(monkeypatch):
    """The writers' paths (sanitised_join of the output folder and a page's name) take the
    string way, without pathlib."""
    from pelican.utils import sanitised_join

    output = os.path.abspath("output.new-1234")
    names = ["index.html", "news/eins/index.html", "en/regions/allgaeu/index.html"]
    paths = [sanitised_join(output, name) for name in names]
    expected = [_old_below(path, output) for path in paths]
    _below(paths[0], output)  # the folder's own parts, once

    def no_path(*args):
        raise AssertionError("pathlib for a writer's path")

    monkeypatch.setattr("regional_showcase.generator.Path", no_path)
    assert [_below(path, output) for path in paths] == expected == names
