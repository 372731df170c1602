"""Markdown's inline step, trying only the patterns whose characters a text holds.

Python-Markdown tries every inline pattern (links, code, emphasis, HTML, entities …) on every
piece of text, one call and one regular-expression search each. A post's paragraphs hold
few of them: in the bench corpus the inline step and smarty's second one were 60 % of the
Markdown time, and almost all of their calls found nothing.

Each pattern below cannot match without a certain text in the string it searches: a link
needs "[", an entity "&", smarty's dash "--". Where a string lacks it, the pattern is passed
over exactly as when its search finds nothing (the next pattern, from the string's start).
Markdown's placeholders (STX, "klzzwxh:" or digits, ETX) hold none of these characters, so
a string that lacks one before a pattern is applied still lacks it after. A pattern not
listed here (another extension's, or one of these whose expression has changed) is always
tried; the output is Markdown's own (tests/test_inline_triggers.py).
"""

from __future__ import annotations

from markdown import Markdown, inlinepatterns, util
from markdown.treeprocessors import InlineProcessor

# A pattern's expression -> texts of which every match needs at least one in its string
# (lookaheads included: they search the same string).
_NEEDED: dict[str, tuple[str, ...]] = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    r"\[\^([^\]]*)\]": ("[^",),  # footnotes' FOOTNOTE_RE (a local name there)
    # smarty's dashes and ellipses (smarty.py, expressions written in place)
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


def trigger_inline(md: Markdown) -> None:
    """Put TriggeredInline in place of each of `md`'s inline steps (Markdown's own, smarty's),
    with the same patterns and priority. Call after every extension is registered."""
    for item in list(md.treeprocessors._priority):
        processor = md.treeprocessors[item.name]
        if type(processor) is InlineProcessor:
            triggered = TriggeredInline(md)
            triggered.inlinePatterns = processor.inlinePatterns
            md.treeprocessors.register(triggered, item.name, item.priority)
