"""Notes and facts for the operator reach `showcase report`, never a public page; a page that
waits for its content (the sign-language video) is not built and nothing links to it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from regional_showcase.data.completeness import operator_notes, report
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.operator_pages import (
    FACTS,
    fact_problems,
    fill_facts,
    page_needs,
    report_lines,
    waiting_for,
)
from regional_showcase.markup import render_markdown
from regional_showcase.operator_build import hold_back_pages

from sitebuild import ROOT, TEST_OPERATOR

# What readers saw on seven pages before (issue 23): notes meant for the operator.
OPERATOR_WORDS = ("Vom Betreiber", "nicht belegt", "bereitzustellen", "{betreiber:")
PAGES = ROOT / "content" / "pages"


@pytest.fixture(scope="module")
def regions():
    return load_site_data(
        ROOT / "data" / "regions.yaml", ROOT / "content" / "regionen", render=render_markdown
    ).regions


def _page_needs():
    return page_needs(PAGES.rglob("*.md"), lambda path: path.relative_to(ROOT).as_posix())


@pytest.mark.build
def test_no_public_file_shows_an_operator_note_or_placeholder(published):
    public = [
        path
        for suffix in ("*.html", "*.xml", "*.json", "*.txt", "*.ics")
        for path in published.output.rglob(suffix)
        if "pagefind" not in path.parts
    ]
    assert len(public) > 100
    for path in public:
        text = path.read_text(encoding="utf-8")
        found = [word for word in OPERATOR_WORDS if word in text]
        assert not found, (path.relative_to(published.output), found)
    # The statement and the Impressum carry the operator's facts instead.
    statement = published.page("barrierefreiheit/")
    assert f"mailto:{TEST_OPERATOR['email']}" in statement.xpath("//main//a/@href")
    assert TEST_OPERATOR["accessibility_review"] in statement.text_content()


@pytest.mark.build
def test_the_sign_language_page_is_not_built_until_its_video_is_set(published):
    # Not written, not in the sitemap, and no page links to it; the accessibility statement
    # says that the video is missing.
    assert not (published.output / "gebaerdensprache").exists()
    for path in [*published.output.rglob("*.html"), published.output / "sitemap.xml"]:
        assert "/gebaerdensprache" not in path.read_text(encoding="utf-8"), path
    statement = published.page("barrierefreiheit/").text_content()
    assert (
        "Ein Video in Deutscher Gebärdensprache nach Anlage 2 der BITV 2.0 gibt es noch nicht"
        in statement
    )


def test_the_report_lists_each_note_of_a_region(regions):
    notes = {region.slug: operator_notes(region) for region in regions}
    assert (
        "Quelle „Welt, Sonderthema Südwestfalen (Februar 2025)“: Der Beitrag ist als Anzeige "
        "gekennzeichnet. Ersetzen Sie ihn durch eine unabhängige Quelle für die Zahl der "
        "Unternehmen, sobald es eine gibt."
    ) in notes["suedwestfalen"]
    sources = [note.split("“: ")[1].split(".")[0] for note in notes["vorpommern"]]
    assert "Wer das Portal heute betreibt, ist nicht belegt" in sources
    assert (
        "Anschrift und Träger des Greifswalder Welcome Centers sind seit 2019 nicht neu belegt"
    ) in sources
    text = report(regions)
    assert "  Hinweise für den Betreiber (nie öffentlich):" in text
    for region_notes in notes.values():
        for note in region_notes:
            assert f"  - {note}" in text


def test_the_report_lists_the_pages_notes_waiting_pages_and_missing_facts():
    lines = report_lines(_page_needs(), {})
    assert lines[0] == "Seiten (Hinweise für den Betreiber, nie öffentlich)"
    start = lines.index("content/pages/gebaerdensprache.md")
    assert lines[start + 1] == "  - nicht veröffentlicht, bis 'video:' im Kopf gesetzt ist"
    source = (PAGES / "gebaerdensprache.md").read_text(encoding="utf-8").splitlines()
    line = 1 + next(n for n, text in enumerate(source) if text.startswith("note_for_operator:"))
    assert lines[start + 2].startswith(f"  - Hinweis (Zeile {line}): Das Video in Deutscher Gebär")
    assert (
        '  - Angabe SHOWCASE_OPERATOR["accessibility_review"] fehlt: Datum der letzten '
        "Überprüfung der Erklärung zur Barrierefreiheit"
    ) in lines
    for page in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f"content/pages/{page}.md" in lines
    # With every fact given, only the notes and the waiting page are left.
    given = report_lines(_page_needs(), TEST_OPERATOR)
    assert not [line for line in given if line.startswith("  - Angabe ")]
    assert "  - nicht veröffentlicht, bis 'video:' im Kopf gesetzt ist" in given


def test_publishing_refuses_a_page_whose_fact_is_missing(tmp_path):
    page = tmp_path / "kontakt.md"
    page.write_text("Title: Kontakt\n\nSchreiben Sie an {betreiber:email}.\n", encoding="utf-8")
    needs = page_needs([page], lambda path: "content/pages/kontakt.md")
    assert fact_problems(needs, {}, required=False) == []
    assert fact_problems(needs, {"email": "a@example.org"}, required=True) == []
    (problem,) = fact_problems(needs, {}, required=True)
    assert str(problem) == (
        'content/pages/kontakt.md:3: die Angabe SHOWCASE_OPERATOR["email"] fehlt (E-Mail-Adresse '
        "für Anfragen, auch zur Barrierefreiheit): tragen Sie sie in pelicanconf.py ein; ohne sie "
        "wird die Website nicht veröffentlicht"
    )


def test_an_unknown_fact_is_an_error_in_every_build(tmp_path):
    page = tmp_path / "kontakt.md"
    page.write_text("Title: Kontakt\n\nFax: {betreiber:fax}\n", encoding="utf-8")
    needs = page_needs([page], lambda path: "content/pages/kontakt.md")
    (problem,) = fact_problems(needs, {}, required=False)
    assert str(problem) == (
        "content/pages/kontakt.md:3: unbekannte Betreiberangabe '{betreiber:fax}'; möglich: "
        + ", ".join(FACTS)
    )


def test_facts_are_escaped_linked_or_marked_as_a_gap():
    html = "<p>{betreiber:name}, {betreiber:email}, {betreiber:phone}, {betreiber:address}</p>"
    facts = {"name": "A & B <e. V.>", "email": "info@example.org", "phone": "+49 (0)30 12-34"}
    assert fill_facts(html, facts) == (
        "<p>A &amp; B &lt;e. V.&gt;, "
        '<a href="mailto:info@example.org">info@example.org</a>, '
        '<a href="tel:+49301234">+49 (0)30 12-34</a>, '
        '<mark class="operator-gap">fehlt: SHOWCASE_OPERATOR[&#34;address&#34;]</mark></p>'
    )


def test_a_waiting_page_leaves_every_list_and_cannot_be_linked():
    waiting = SimpleNamespace(metadata={"requires": "video"})
    ready = SimpleNamespace(metadata={"requires": "video", "video": "videos/dgs.mp4"})
    plain = SimpleNamespace(metadata={})
    assert (waiting_for(waiting.metadata), waiting_for(ready.metadata)) == (["video"], [])
    pages = [waiting, ready, plain]
    generator = SimpleNamespace(
        pages=pages,
        translations=[],
        hidden_pages=[waiting],
        context={"pages": pages, "generated_content": {"a.md": waiting, "b.md": ready}},
    )
    hold_back_pages(generator)
    assert generator.pages == [ready, plain] and generator.context["pages"] is generator.pages
    assert generator.hidden_pages == []
    assert list(generator.context["generated_content"]) == ["b.md"]


def test_the_real_pages_ask_only_for_known_facts():
    assert fact_problems(_page_needs(), {}, required=False) == []
    asked = {key for page in _page_needs() for _, key in page.facts}
    assert asked == set(FACTS), asked ^ set(FACTS)


def test_no_page_source_keeps_an_old_placeholder():
    for path in Path(PAGES).rglob("*.md"):
        assert "[Vom Betreiber" not in path.read_text(encoding="utf-8"), path
