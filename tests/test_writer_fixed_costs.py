"""The writer's per-page shortcuts of a warm build (round 10, N10): each gives what the code
it replaces gave, and a post page's template key still changes with what its templates read
of the context."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePath

import pytest
from jinja2 import DictLoader, Environment
from pelican.utils import sanitised_join
from test_build_record import writers  # noqa: F401 (a fixture)
from test_changed_sources import Post, first_build, site
from test_changed_sources import build as changed_build

from regional_showcase import writer as writer_module
from regional_showcase.build_record import _suffix

FILE_CALLS = [
    ((), {}),
    ((), {"relative_urls": True}),
    ((), {"paginated": {"articles": [1]}, "template_name": "index", "url": "u", "x": 1}),
    ((), {"override_output": True, "articles": [1], "dates": [2]}),
    ((), {"kwargs": 2}),
    ((True,), {}),
    ((True, None), {"x": 1}),
    ((True,), {"relative_urls": False}),  # twice: bind's TypeError
    ((), {"name": "x"}),
    ((), {"self": 1}),
    ((1, 2, 3, 4, 5, 6), {}),
]
FEED_CALLS = [
    ((), {}),
    (([1], {}), {}),
    (([1], {}, "feeds/a.atom.xml"), {}),
    (([1],), {"context": {}, "path": "p", "feed_type": "rss"}),
    (([1], {}, "p", "u", "rss", True, "Titel"), {}),
    (([1], {}, "p", "u", "rss", True, "Titel", 8), {}),
    (([1], {}), {"path": "p", "unknown": 1}),
    (([1], {}, "p"), {"path": "q"}),
    ((), {"elements": [1], "context": {}, "override_output": True}),
    (([1],), {}),
    ((), {"self": 1, "elements": 1, "context": 2}),
]


def _bound(signature, *args, **kwargs):
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return TypeError
    bound.apply_defaults()
    return dict(bound.arguments)


def _or_error(call):
    try:
        return dict(call())
    except TypeError:
        return TypeError


@pytest.mark.parametrize(("args", "kwargs"), FILE_CALLS)
def test_write_files_arguments_are_those_bind_gives(args, kwargs):
    """_take_over_listing reads Writer.write_file's arguments without Signature.bind: the same
    parameters, defaults and rest, and bind's TypeError for a repeated or extra one."""
    writer = object()
    expected = _bound(writer_module._FILE_PARAMETERS, writer, "n.html", "t", {}, *args, **kwargs)
    found = _or_error(
        lambda: writer_module._file_arguments(writer, "n.html", "t", {}, args, kwargs)
    )
    assert found == expected


@pytest.mark.parametrize(("args", "kwargs"), FEED_CALLS)
def test_write_feeds_arguments_are_those_bind_gives(args, kwargs):
    """write_feed reads Writer.write_feed's arguments without Signature.bind: each parameter,
    however it was passed, its default otherwise, and bind's TypeError."""
    writer = object()
    expected = _bound(writer_module._FEED_PARAMETERS, writer, *args, **kwargs)
    assert _or_error(lambda: writer_module._feed_arguments(writer, args, kwargs)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "aktuelles/seite/2/index.html",
        "./a/../b/index.html",
        "a//b/index.html",
        "feeds/alle.atom.xml",
        "/etc/passwd",
        "../nebenan/index.html",
        "../site.new-00-x/index.html",
    ],
)
def test_an_output_file_is_the_path_sanitised_join_gives(writers, name):  # noqa: F811
    """_output_file: the path Pelican's sanitised_join makes of a page's name, and its error
    for a name outside the output folder."""
    writer = writers()
    try:
        expected = sanitised_join(writer.output_path, name)
    except RuntimeError as error:
        with pytest.raises(RuntimeError, match="break out"):
            writer._output_file(name)
        assert "break out" in str(error)
        return
    assert writer._output_file(name) == expected


def test_a_relative_output_folder_is_joined_as_pelican_joins_it(writers, tmp_path):  # noqa: F811
    writer = writers()
    writer.output_path = os.path.relpath(writer.output_path, tmp_path)
    assert not os.path.isabs(writer.output_path)
    assert writer._output_file("a/index.html") == sanitised_join(writer.output_path, "a/index.html")


@pytest.mark.parametrize(
    "name",
    ["a.md", "A.MD", ".md", "..md", "a.", "a..md", "ohne", "a.b.c", ".", "..", "x.tar.gz", ".x.md"],
)
def test_a_files_suffix_is_the_one_purepath_gives(name):
    """build_record._tree_digest skips posts by suffix without a Path object for each."""
    assert _suffix(name) == PurePath(name).suffix


def test_a_post_pages_template_key_changes_with_the_context_it_reads(writers, tmp_path):  # noqa: F811
    """_post_template_key keeps the digest of the last page's reads besides the post for the
    next page with the same text: a page whose context reads another value gets another key,
    in either order, and the same context the same key again."""
    file = tmp_path / "a.md"
    file.write_text("a", encoding="utf-8")
    a = Post(str(file))
    text = "{{ article.title }} {{ project }} {{ regions|length }}"
    template = Environment(loader=DictLoader({"article.html": text})).get_template("article.html")
    writer = writers()

    def key(project: str, regions: list) -> str:
        context = {"lang": "de", "project": project, "regions": regions, **site(a)}
        made = writer._post_template_key(template, "a.html", context, {"article": a})
        assert made is not None
        return made

    first = key("Starke Regionen", ["Allgäu"])
    assert key("Starke Regionen", ["Allgäu"]) == first
    other = key("Andere Regionen", ["Allgäu"])
    assert other != first
    assert key("Starke Regionen", ["Allgäu", "Bodensee"]) not in (first, other)
    assert key("Starke Regionen", ["Allgäu"]) == first
    assert key("Andere Regionen", ["Allgäu"]) == other
    # Another set of names a page gives itself is another slot of reads, and another key.
    context = {"lang": "de", "project": "Starke Regionen", "regions": ["Allgäu"], **site(a)}
    given = {"article": a, "category": "Fachkräfte"}
    assert writer._post_template_key(template, "a.html", context, given) is not None
    assert writer._own_names.keys() == {("article",), ("article", "category")}


def test_the_same_template_key_from_a_fresh_writer(writers, tmp_path):  # noqa: F811
    """The digest kept for the next page is the one hashing the text gives (a writer that
    made no other key first)."""
    file = tmp_path / "a.md"
    file.write_text("a", encoding="utf-8")
    a = Post(str(file))
    template = Environment(loader=DictLoader({"article.html": "{{ project }}"})).get_template(
        "article.html"
    )
    keys = []
    for project in ("Eins", "Zwei", "Eins"):
        writer = writers()
        context = {"lang": "de", "project": project, **site(a)}
        keys.append(writer._post_template_key(template, "a.html", context, {"article": a}))
    writer = writers()
    for project in ("Eins", "Zwei", "Eins"):
        context = {"lang": "de", "project": project, **site(a)}
        assert writer._post_template_key(template, "a.html", context, {"article": a}) == (
            keys.pop(0)
        )
    assert Path(writer.output_path).is_dir()


EARLIER = time.time_ns() - 10 * 10**9


def test_a_feed_whose_last_output_lost_its_bytes_is_written_after_all(writers, tmp_path):  # noqa: F811
    """A feed is taken over on its key and its last output's bytes checked by the Linker's
    process, as a listing's page: one rewritten in place (`cp -p`: same size, old time) is
    written again by `placed` into a file of its own; the last output keeps its bytes."""
    context = {"SITENAME": "Starke Regionen", "SITEURL": "", "FEED_DOMAIN": "https://example.org"}
    name = "feeds/allgaeu.atom.xml"
    texts = []
    for number in range(3):
        writer = writers()
        if number == 2:
            old = tmp_path / "site" / name
            data = old.read_bytes()
            with open(old, "r+b") as file:
                file.write(b"X" * len(data[:20]))
            os.utime(old, ns=(EARLIER, EARLIER))
        writer.write_feed([], context, name, feed_title="Allgäu")
        assert (writer.record.taken_over == [name]) is (number > 0)
        writer.placed()
        texts.append(Path(writer.output_path, name).read_bytes())
    assert texts[0] == texts[1] == texts[2]
    assert writer.record.taken_over == []
    assert (tmp_path / "site" / name).read_bytes()[:20] == b"X" * 20
    fresh = Path(writer.output_path, name)
    assert fresh.stat().st_ino != (tmp_path / "site" / name).stat().st_ino


def test_a_read_of_a_post_reaches_as_the_post_does(tmp_path):
    """ChangedSources.reach takes a page's own post (a new object for each post page) without
    keeping an answer per post: any read of it reaches when a change reaches the post, a
    bare `defined` never, a post not of the build's always."""
    posts = {name: Post(f"{name}.md") for name in "ad"}
    file, digests, _pages = first_build(tmp_path, posts)
    changes = changed_build(file, site(*posts.values()), {**digests, "a.md": "h-a2"})
    a, d = posts["a"], posts["d"]
    title = (("article", (("attr", "title"),), "value"),)
    whole = (("article", (), "value"),)
    defined = (("article", (), "defined"),)
    truth = (("article", (), "truth"),)
    for reads in (title, whole, truth, (*defined, *title)):
        assert changes.reach(reads, {"article": a}.get), reads
        assert not changes.reach(reads, {"article": d}.get), reads
        assert changes.reach(reads, {"article": Post("z.md")}.get), reads
    assert not changes.reach(defined, {"article": a}.get)
    assert not changes.reach(defined, {"article": Post("z.md")}.get)
    # The answer is this page's post's, not the last page's with the same reads.
    assert [changes.reach(title, {"article": post}.get) for post in (a, d, a, d)] == [
        True,
        False,
        True,
        False,
    ]
