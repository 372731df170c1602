"""The pages in Leichte Sprache follow its rules (Netzwerk Leichte Sprache, BITV 2.0 § 4).

Read on the built pages, as readers get them: one statement a line, larger type, every hard
word explained where it is first used and again in the word list, one spelling for compound
words, every region named with its own page, and contact details that are the region data's.
"""

from __future__ import annotations

import re

import pytest
from lxml import html
from pelican.settings import read_settings

from regional_showcase.reader import ShowcaseMarkdownReader
from regional_showcase.settings import apply_defaults

from expectations import ROOT, region_data
from sitebuild import PUBLISH_URL

OVERVIEW = "leichte-sprache/"
REGION_PAGE = "leichte-sprache/regionen/{slug}/"
WORD_LIST = "Schwere Wörter"
# A sentence ends with . ! or ? before a space or the end of the line; dots inside
# addresses (www.emsachse.de) and numbers (50.000) are not followed by a space.
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# A compound word split for reading: "Internet·seite" (docs/sprache.md).
MEDIOPUNKT_WORD = re.compile(r"\b(\w+(?:·\w+)+)\b")
BREAK = "\u2029"  # where a <br> stood (a paragraph separator: in no page text)


def slugs() -> list[str]:
    return [region["slug"] for region in region_data()["regions"]]


def easy_pages() -> list[str]:
    return [OVERVIEW, *(REGION_PAGE.format(slug=slug) for slug in slugs())]


def content_of(published, path: str) -> html.HtmlElement:
    root = published.page(path)
    assert "page--leicht" in root.body.get("class", "").split(), path
    return root.xpath("//div[contains(@class, 'page__content')]")[0]


def lines_of(block: html.HtmlElement) -> list[str]:
    """The lines a reader sees in a paragraph, list item or explanation: split at <br>.

    A line break in the HTML source is only a space to the browser; <br> ends a line."""
    for br in block.iter("br"):
        br.tail = BREAK + (br.tail or "")
    # A nested list is its own block.
    text = "".join(
        part if isinstance(part, str) else ""
        for part in block.xpath("./text() | ./*[not(self::ul or self::ol)]//text()")
    )
    return [" ".join(line.split()) for line in text.split(BREAK) if line.strip()]


def test_the_reader_keeps_each_line_of_a_page_in_leichte_sprache(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    reader = ShowcaseMarkdownReader(settings)
    body = "Eine Region ist ein Gebiet.\nIn einer Region gibt es Dörfer.\n"
    easy = tmp_path / "leicht.md"
    easy.write_text(f"---\ntitle: L\nslug: l\nsprache: leicht\n---\n\n{body}", "utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text(f"---\ntitle: P\nslug: p\n---\n\n{body}", "utf-8")
    kept = "<p>Eine Region ist ein Gebiet.<br>\nIn einer Region gibt es Dörfer.</p>"
    # Every other page joins the lines of a paragraph, as Markdown does; the reader's
    # converters are reused, so the order of the files must not matter.
    for _ in range(2):
        assert reader.read(str(easy))[0] == kept
        assert reader.read(str(plain))[0] == kept.replace("<br>", "")


def test_a_sentence_counts_once_however_it_ends():
    """The counter the page test relies on (dots inside addresses and numbers do not count)."""
    assert len(SENTENCE_END.findall("Die Internet·seite ist: www.emsachse.de.")) == 1
    assert len(SENTENCE_END.findall("Mehr als 50.000 Menschen fahren zur Arbeit.")) == 1
    assert len(SENTENCE_END.findall("Sie haben Fragen? Dann fragen Sie uns.")) == 2
    assert len(SENTENCE_END.findall("Die Regionen möchten:")) == 0


@pytest.mark.build
def test_each_line_holds_at_most_one_sentence(published):
    crowded = []
    for path in easy_pages():
        content = content_of(published, path)
        for block in content.iter("p", "li", "dd"):
            crowded += [
                f"{path}: {line}" for line in lines_of(block) if len(SENTENCE_END.findall(line)) > 1
            ]
    assert crowded == []


@pytest.mark.build
def test_the_pages_keep_the_line_breaks_as_written(published):
    """The source has one statement a line; Markdown alone would join them into paragraphs."""
    source = (ROOT / "content/pages/leichte-sprache.md").read_text(encoding="utf-8")
    assert "Eine Region ist ein Gebiet.\nIn einer Region gibt es mehrere Städte und Dörfer." in (
        source.replace("**", "")
    )
    lines = [line for p in content_of(published, OVERVIEW).iter("p") for line in lines_of(p)]
    assert "Eine Region ist ein Gebiet." in lines
    assert "In einer Region gibt es mehrere Städte und Dörfer." in lines


def test_the_type_is_larger_on_these_pages():
    css = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
    rule = re.search(r"\.page--leicht \.prose \{([^}]*)\}", css)
    assert rule, "no rule for .page--leicht .prose"
    size = re.search(r"font-size:\s*([\d.]+)rem", rule.group(1))
    height = re.search(r"line-height:\s*([\d.]+)", rule.group(1))
    assert size and float(size.group(1)) >= 1.25
    assert height and float(height.group(1)) >= 1.7


@pytest.mark.build
def test_every_region_is_named_and_linked_to_its_own_page(published):
    overview = content_of(published, OVERVIEW)
    links = {
        " ".join(a.text_content().split()): a.get("href").split("://", 1)[-1].split("/", 1)[-1]
        for a in overview.iter("a")
    }
    for region in region_data()["regions"]:
        path = REGION_PAGE.format(slug=region["slug"])
        assert links.get(region["name"]) == path, region["name"]
        page = published.page(path)
        assert region["name"] in page.xpath("string(//h1)"), path
        # The region page in standard German is linked from its page in Leichte Sprache.
        hrefs = [a.get("href") for a in content_of(published, path).iter("a")]
        assert any(href.endswith(f"/regionen/{region['slug']}/") for href in hrefs), path


@pytest.mark.build
def test_every_hard_word_is_explained_at_first_use_and_in_the_word_list(published):
    for path in easy_pages():
        content = content_of(published, path)
        headings = [" ".join(h.text_content().split()) for h in content.iter("h2")]
        assert headings[-1] == WORD_LIST, path
        word_list = content.xpath(f"//h2[normalize-space()='{WORD_LIST}']/following-sibling::dl")
        assert word_list, path
        terms = [" ".join(dt.text_content().split()) for dt in word_list[0].iter("dt")]
        assert terms, path
        # First use: the word in bold in the text before the word list, where it is explained.
        marked = {" ".join(s.text_content().split()) for s in content.iter("strong")}
        assert [term for term in terms if term not in marked] == [], path
        for dd in word_list[0].iter("dd"):
            assert dd.text_content().strip(), path


@pytest.mark.build
def test_compound_words_have_one_spelling(published):
    """A word split with the Mediopunkt is never also written joined or with a hyphen, and the
    part after the dot is written small (Internet·seite, not Internet·Seite or Internet-Seite)."""
    text = "\n".join(content_of(published, path).text_content() for path in easy_pages())
    split_words = set(MEDIOPUNKT_WORD.findall(text))
    assert split_words
    capital_after_dot = sorted(w for w in split_words if re.search(r"·[A-ZÄÖÜ]", w))
    assert capital_after_dot == []
    other_spellings = set()
    for word in split_words:
        parts = word.split("·")
        joined = "".join(parts)
        hyphenated = "-".join(parts[:1] + [p.capitalize() for p in parts[1:]])
        for other in (joined, joined.capitalize(), hyphenated, "-".join(parts)):
            if re.search(rf"\b{re.escape(other)}\b", text):
                other_spellings.append(f"{word} / {other}")
    assert sorted(other_spellings) == [], "\n".join(sorted(other_spellings))


@pytest.mark.build
def test_contact_details_are_those_of_the_region_data(published):
    """E-mail, phone and web addresses on a region page in Leichte Sprache are the ones
    regions.yaml gives for that region: a change there shows up here as a failing test."""
    data = {region["slug"]: region for region in region_data()["regions"]}
    stray = []
    for slug in slugs():
        known = repr(data[slug])
        known_digits = re.sub(r"\D", "", known)
        for a in content_of(published, REGION_PAGE.format(slug=slug)).iter("a"):
            href = a.get("href")
            if href.startswith("mailto:"):
                found = href.removeprefix("mailto:") in known
            elif href.startswith("tel:"):
                found = re.sub(r"\D", "", href.removeprefix("tel:")) in known_digits
            elif href.startswith((PUBLISH_URL, "/")):
                continue  # this site's own pages
            else:
                found = href in known
            if not found:
                stray.append(f"{slug}: {href}")
    assert stray == []
