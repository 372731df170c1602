"""Markdown's block and inline steps passing over processors a text cannot match
(markdown_triggers.py): the HTML is Markdown's own, and the build's reader and the check
use them."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.treeprocessors import InlineProcessor
from pelican.settings import read_settings

from regional_showcase.data.post_body import BodyRules
from regional_showcase.markdown_triggers import (
    WRITTEN_FOR,
    TriggeredInline,
    needed_block_texts,
    needed_texts,
    trigger_markdown,
)
from regional_showcase.reader import ShowcaseMarkdownReader
from regional_showcase.settings import apply_defaults

from expectations import ROOT

# The site's extensions (pelicanconf.py's MARKDOWN), Markdown's defaults besides.
CONFIG = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.smarty"],
    "extension_configs": {"markdown.extensions.smarty": {"smart_quotes": False}},
    "output_format": "html5",
}

# Each pattern with a trigger, alone, nested and next to a placeholder.
SAMPLES = [
    "Ein `Code` und ``zwei ` Ticks`` und \\\\`nicht`",
    "Escaped \\*Stern\\* und \\[Klammer\\] und \\`Tick\\`",
    "[Link](https://example.org/ 'Titel') und [Ref][r] und [r]\n\n[r]: https://example.org/",
    "![Bild](/images/a.jpg) und ![Ref][b] und ![b]\n\n[b]: /images/b.jpg",
    "Fußnote[^1] hier.\n\n[^1]: Der *Text* der Fußnote -- mit Strich...",
    "<https://example.org/> und <info@example.org> und <span>roh</span> <!-- x -->",
    "&amp; &#38; &#x26; &copy; und & allein; A&B",
    "Zeile mit Umbruch  \nzweite Zeile",
    "*em* **strong** ***beides*** _unter_ __doppelt__ a*b*c snake_case_name",
    "Strich -- und Gedanke --- und ---- vier und Punkte... und .... vier",
    "**[fetter Link](https://example.org/) -- mit *em*...**",
    "`Code mit -- und ... und *` danach -- *em*",
    "Ein [Link mit `Code` und &amp;](https://example.org/?a=1&b=2) -- ...",
    "| Kopf | *em* |\n|---|---|\n| a -- b | [l](https://example.org/) |",
    "Begriff\n:   Erklärung mit **fett** -- und ...",
    "*[HTML]: Hyper Text\n\nDas HTML ist *da* -- ...",
    "Text {: .klasse } und\n\n## Titel {: #anker }",
    # Each block processor with a trigger, and blocks next to one another.
    "> Zitat mit *em*\n> zweite Zeile\n\n>> verschachtelt\n\nDanach ein Absatz > mit Zeichen",
    "# Eins\n## Zwei ##\nText\n###### Sechs\n\nKein#Titel",
    "Titel\n=====\n\nUntertitel\n---\n\nText\n-\nund a = b",
    "Text\n\n---\n\n* * *\n\n___\n\n- - -\nDanach",
    "1. eins\n2. zwei\n    * innen\n    * noch\n\n3. drei\n\n1.5 Prozent",
    "* a\n+ b\n- c\n\n    Code -- nicht\n\n- d\n    weiter",
    "[a]: https://example.org/a 'Titel'\n[b]:\n  https://example.org/b\nText [a] [b]",
    "Text mit Fußnote[^x].\n\n[^x]:\n    Eingerückter *Text*\n\n    > Zitat darin",
    "*[ABK]: Abkürzung\n*[ZWEI]:\nDie ABK und ZWEI",
    "Begriff\n: eins\n:   zwei\n\n    mehr\n\nkein: Begriff",
    "| a |\n|---|\n| b |\n\na | b\n--|--\n1 | 2\n\nkein | Tisch",
    'Absatz\n\n\n\n    Code\n\n<div markdown="1">\n# Titel\n\n> Zitat\n</div>',
]


def converters() -> tuple[Markdown, Markdown]:
    """Markdown's own and one with the pass-over, reset before each text (as the reader)."""
    triggered = Markdown(**CONFIG)
    trigger_markdown(triggered)
    return Markdown(**CONFIG), triggered


PLAIN, TRIGGERED = converters()


def html_of(text: str, triggered: bool) -> str:
    return (TRIGGERED if triggered else PLAIN).reset().convert(text)


def test_samples_give_markdowns_html():
    for text in SAMPLES:
        assert html_of(text, True) == html_of(text, False), text


def test_both_inline_steps_are_replaced():
    md = Markdown(**CONFIG)
    trigger_markdown(md)
    assert type(md.treeprocessors["inline"]) is TriggeredInline
    assert type(md.treeprocessors["smarty"]) is TriggeredInline
    assert md.treeprocessors["smarty"].inlinePatterns is not md.inlinePatterns


def test_another_markdown_converts_as_its_own(monkeypatch):
    # The copied loops are Markdown 3.11.3's: an upgrade fails here, so that they are
    # compared with the new version's before WRITTEN_FOR names it.
    assert markdown.__version__ == WRITTEN_FOR
    monkeypatch.setattr(markdown, "__version__", "3.12.0")
    md = Markdown(**CONFIG)
    trigger_markdown(md)
    assert type(md.treeprocessors["inline"]) is InlineProcessor
    assert md.parser.parseBlocks.__func__ is BlockParser.parseBlocks


def test_every_inline_pattern_has_its_trigger():
    # Another Markdown whose expressions differ: those patterns are always tried (still
    # right, slower); this fails so that the listed expressions are checked again.
    md = Markdown(**CONFIG)
    patterns = [*md.inlinePatterns, *md.treeprocessors["smarty"].inlinePatterns]
    assert [p for p in patterns if needed_texts(p) is None] == []


def test_every_listed_block_processor_has_its_trigger():
    # An expression that no longer equals the listed one (another Markdown) loses its
    # trigger: then this fails, and the listed expression is to be checked again.
    md = Markdown(**CONFIG)
    triggered = {
        type(p).__name__ for p in md.parser.blockprocessors if needed_block_texts(p) is not None
    }
    assert triggered == {
        "TableProcessor",
        "HashHeaderProcessor",
        "SetextHeaderProcessor",
        "HRProcessor",
        "OListProcessor",
        "UListProcessor",
        "DefListProcessor",
        "BlockQuoteProcessor",
        "FootnoteBlockProcessor",
        "AbbrBlockprocessor",
        "ReferenceProcessor",
    }


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab `\\*_[]()!<>&#;-.^:/@\n1x|=+", max_size=50))
def test_any_text_gives_markdowns_html(text):
    assert html_of(text, True) == html_of(text, False)


def test_the_builds_reader_and_the_check_use_it():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    reader = ShowcaseMarkdownReader(settings)
    for header, lines in ((True, False), (False, False), (False, True)):
        converter = reader._converter(with_header=header, keep_lines=lines)
        assert type(converter.treeprocessors["inline"]) is TriggeredInline
    check = BodyRules(ROOT / "content", settings["MARKDOWN"])
    assert type(check._md.treeprocessors["inline"]) is TriggeredInline
