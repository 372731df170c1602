"""Edges of the incremental build's take-over that the reviews doubted (issue 25, fifth round):
each test shows one doubt right or wrong without building a site (tests/test_incremental.py
builds and compares with clean builds)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment
from test_build_record import article, writers  # noqa: F401 (a fixture)
from test_post_page_keys import ALLGAEU, View
from test_reader_cache import read, site  # noqa: F401 (a fixture)

from regional_showcase.markup import post_sanitizer
from regional_showcase.preview.followed_reads import followed_reads
from regional_showcase.preview.pages import KnownReads, template_reads, template_sources
from regional_showcase.writer import ShowcaseWriter

# A theme hook: the partial may be there or not (`ignore missing`).
HOOKED = "{{ article.title }}{% include 'hook.html' ignore missing %}"


def hooked_post(writer: ShowcaseWriter, tmp_path: Path, templates: dict[str, str]) -> bool:
    """The post page through the take-over; True when taken over, else rendered here."""
    template = Environment(loader=DictLoader(templates)).get_template("article.html")
    post = article(tmp_path, "eins.md")
    post.showcase = View((ALLGAEU,))
    if writer._take_over("eins.html", template, post, {"lang": "de"}, {"article": post}):
        return True
    text = template.render({"article": post, "output_file": "eins.html"})
    Path(writer.output_path, "eins.html").write_text(text, encoding="utf-8")
    return False


def test_an_include_ignoring_a_missing_template_keys_the_page_and_its_arrival_renders_it(
    writers,  # noqa: F811
    tmp_path,
):
    """Jinja renders `{% include 'hook.html' ignore missing %}` without hook.html: the keys
    must too, and hook.html added later (or changed, or removed) renders the page again."""
    alone = {"article.html": HOOKED}
    assert not hooked_post(writers(), tmp_path, alone)
    assert hooked_post(writers(), tmp_path, alone)
    hooked = {**alone, "hook.html": "<p>Neu</p>"}
    assert not hooked_post(writers(), tmp_path, hooked)
    assert hooked_post(writers(), tmp_path, hooked)
    assert not hooked_post(writers(), tmp_path, {**alone, "hook.html": "<p>Anders</p>"})
    assert not hooked_post(writers(), tmp_path, alone)


def test_a_missing_template_has_no_reads_and_no_source():
    template = Environment(loader=DictLoader({"p.html": HOOKED})).get_template("p.html")
    assert template_sources(template, KnownReads()) == {"p.html": HOOKED}
    assert ("article", (("attr", "title"),), "value") in template_reads(template)
    assert ("article", (("attr", "title"),), "value") in followed_reads(template, KnownReads())


CAPITALS = (
    "---\nTITLE: Probe\nDATE: 01.12.2026\nSUMMARY: Kurz ![Hof](/images/hof.svg).\n---\n\nText.\n"
)


def test_a_picture_of_a_header_field_written_in_capitals_is_tracked_by_the_reader_cache(
    site,  # noqa: F811
):
    """Header names count in any case (front_matter.py keys them lower-case, as Pelican):
    `SUMMARY:` is a formatted field, its picture is listed with the kept result, and the
    picture changed reads the post again. (A field's <IMG> in capitals cannot reach
    shown_pictures: the sanitizer writes tag names lower-case.)"""
    settings, showcase, post = site
    post.write_text(CAPITALS, encoding="utf-8")
    (_, metadata), hits = read(settings, showcase, post)
    assert hits == 0 and '<img alt="Hof" src="/images/hof.svg"' in metadata["summary"]
    assert read(settings, showcase, post)[1] == 1
    (post.parent.parent / "images/hof.svg").write_text("<svg></svg>", encoding="utf-8")
    assert read(settings, showcase, post)[1] == 0
    shown = post_sanitizer().clean('<p><IMG SRC="/images/hof.svg"></p>')
    assert shown == '<p><img src="/images/hof.svg"></p>'
