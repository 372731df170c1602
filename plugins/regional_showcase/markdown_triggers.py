"""Markdown's block and inline steps, trying only the processors whose characters a text holds.

Python-Markdown tries every block processor (tables, lists, quotes, headings, footnote,
abbreviation and link definitions …) on every block of a post, and every inline pattern
(links, code, emphasis, HTML, entities …) on every piece of text, one call and one
regular-expression search each. A post's paragraphs hold few of them: in the bench corpus
the inline step and smarty's second one were 60 % of the Markdown time, the block parser
another 25 %, and almost all of their calls found nothing.

Each pattern below cannot match without a certain text in the string it searches: a link
needs "[", an entity "&", smarty's dash "--". Where a string lacks it, the pattern is passed
over exactly as when its search finds nothing (the next pattern, from the string's start).
Markdown's placeholders (STX, "klzzwxh:" or digits, ETX) hold none of these characters, so
a string that lacks one before a pattern is applied still lacks it after. Likewise a block
processor is passed over where its test would say no (a table needs "|", a quote ">") or
its run would put the block back untouched (a link definition needs "]:"). A processor or
pattern not listed here (another extension's, or one of these whose expression has
changed) is always tried; the output is Markdown's own (tests/test_markdown_triggers.py).
"""

from __future__ import annotations

import markdown
from markdown import Markdown, blockprocessors, inlinepatterns, util
from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import InlineProcessor

# A pattern's expression (as in Markdown 3.11; another expression is always tried) -> texts
# of which every match needs at least one in its string (lookaheads search it too).
_NEEDED: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # link, reference, short reference
    r"\!\[": ("![",),  # image link and reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    (  # html
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|"""
        r"""[^\s"'=<>]++))?+)*+\s*+/?|"""
        r"!--(?:(?!<!--|-->).)*--|"
        r"[?](?:(?!<[?]|[?]>).)*[?]|"
        r"!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\]"
        r")>)"
    ): ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"  \n": ("  \n",),  # line break
    r"\[\^([^\]]*)\]": ("[^",),  # footnotes' reference
    # smarty's dashes and ellipses
    r"(?<!-)---(?!-)": ("---",),
    r"(?<!-)--(?!-)": ("--",),
    r"(?<!\.)\.{3}(?!\.)": ("...",),
}


def needed_texts(pattern) -> tuple[str, ...] | None:
    """What a string must hold for `pattern` to match in it; None: always try it."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        # Emphasis: its expression is the alternation of its delimiters ("*", "_").
        return tuple(pattern.tokens)
    # The expression Markdown searches with (Pattern.getCompiledRegExp), unless overridden.
    if type(pattern).getCompiledRegExp is not inlinepatterns.Pattern.getCompiledRegExp:
        return None
    compiled = getattr(pattern, "compiled_re", None)
    return _NEEDED.get(getattr(compiled, "pattern", None))


class TriggeredInline(InlineProcessor):
    """Markdown's InlineProcessor, passing over the patterns a string cannot match."""

    def run(self, tree, ancestors=None):
        # Per document: an extension may register patterns between conversions.
        self._needed = [needed_texts(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    # Markdown's private _InlineProcessor__handleInline, with the pass-over added.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, needed = self.inlinePatterns, self._needed
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        while patternIndex < count:
            texts = needed[patternIndex]
            if texts is not None:
                for text in texts:
                    if text in data:
                        break
                else:  # none there: as when its search finds nothing
                    patternIndex += 1
                    start = 0
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


# The Markdown whose private loops (InlineProcessor.__handleInline, BlockParser.parseBlocks)
# are copied below with the pass-over, and whose __applyPattern passes as when a search finds
# nothing: another version, whose loops may differ, converts as Markdown's own.
WRITTEN_FOR = "3.11.3"


def trigger_markdown(md: Markdown) -> None:
    """Pass over block processors and inline patterns a text cannot match in `md`: its block
    parser's loop, and TriggeredInline in place of each inline step (Markdown's own,
    smarty's) with the same patterns and priority. Call after every extension is
    registered. Nothing changes with another Markdown than WRITTEN_FOR."""
    if markdown.__version__ != WRITTEN_FOR:
        return
    _trigger_blocks(md)
    for item in list(md.treeprocessors._priority):
        processor = md.treeprocessors[item.name]
        if type(processor) is InlineProcessor:
            triggered = TriggeredInline(md)
            triggered.inlinePatterns = processor.inlinePatterns
            md.treeprocessors.register(triggered, item.name, item.priority)


# Block processors (by their exact class) whose test says no, or whose run puts the block
# back and says no, on a block without one of these texts: (class, the expression it
# searches with as its attribute holds it, the texts). The expression is compared, so that
# another version of Markdown with another expression is always tried.
_BLOCK_NEEDS = (
    (blockprocessors.BlockQuoteProcessor, "RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    (
        blockprocessors.HashHeaderProcessor,
        "RE",
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
        ("#",),
    ),
    (
        blockprocessors.SetextHeaderProcessor,
        "RE",
        r"^.*?\n(?:=+|-+)[ ]*(\n|$)",
        ("\n=", "\n-"),
    ),
    (blockprocessors.HRProcessor, "SEARCH_RE", blockprocessors.HRProcessor.RE, ("-", "_", "*")),
    # Numbered and bulleted lists: their expressions hold the tab length (below).
    (blockprocessors.OListProcessor, "RE", r"^[ ]{0,%d}\d+\.[ ]+(.*)", (".",)),
    (blockprocessors.UListProcessor, "RE", r"^[ ]{0,%d}[*+-][ ]+(.*)", ("*", "+", "-")),
    # Their test says yes to every block, their run puts back a block they do not match.
    (
        blockprocessors.ReferenceProcessor,
        "RE",
        r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
        r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
        ("]:",),
    ),
    (FootnoteBlockProcessor, "RE", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", ("[^",)),
    (
        AbbrBlockprocessor,
        "RE",
        r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$",
        ("*[",),
    ),
    (DefListProcessor, "RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)", (":",)),
    # A table's header row is split at "|": without one it is one cell, and a table of one
    # column needs a "|" at a row's start or end.
    (TableProcessor, None, None, ("|",)),
)


def needed_block_texts(processor) -> tuple[str, ...] | None:
    """What a block must hold for `processor` to take it; None: always try it."""
    for kind, attribute, expression, texts in _BLOCK_NEEDS:
        if type(processor) is not kind:
            continue
        if attribute is None:
            return texts
        if "%d" in expression:
            expression = expression % (processor.tab_length - 1)
        compiled = getattr(processor, attribute, None)
        return texts if getattr(compiled, "pattern", None) == expression else None
    return None


def _trigger_blocks(md: Markdown) -> None:
    """`md`'s block parser with BlockParser.parseBlocks's loop, passing over a processor
    whose needed texts the block lacks (the processors' order, tests and runs as there)."""
    parser = md.parser
    parse_document = parser.parseDocument
    listed: list[tuple] = []

    def list_processors() -> None:
        listed[:] = [(p, needed_block_texts(p)) for p in parser.blockprocessors]

    def document(lines):
        # Per document: an extension may register processors between conversions.
        list_processors()
        return parse_document(lines)

    def parse_blocks(parent, blocks: list[str]) -> None:
        if not listed:  # a chunk parsed outside a document (footnotes' content)
            list_processors()
        while blocks:
            for processor, texts in listed:
                block = blocks[0]
                if texts is not None:
                    for text in texts:
                        if text in block:
                            break
                    else:
                        continue  # its test or run would say no
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break  # run returns True or None

    parser.parseDocument = document
    parser.parseBlocks = parse_blocks
