"""Where search_record finds Pagefind's marks (data-pagefind-body, data-pagefind-ignore) in a
page: trying its patterns only in the tags that hold a mark gives what a search of the whole
page gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regional_showcase.search_record import (
    ATTRIBUTE,
    IGNORED,
    MARK,
    ignored_elements,
    tags_holding,
)

# Pieces of HTML around Pagefind's marks: tags that hold them or not, text about them,
# attributes before and after, tags cut short, capitals.
PIECES = [b"<div", b"<p", b"<pre", b"<DIV", b"<", b">", b" ", b"=", b"/", b"x", b"\n"]
PIECES += [b"data-pagefind-ignore", b"data-pagefind-body", b"DATA-PAGEFIND-BODY"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map(b"".join))
def test_the_marks_are_found_where_the_patterns_alone_find_them(data):
    """search_record tries ATTRIBUTE and IGNORED only in tags that hold the mark: the same
    answers as searching the whole page."""
    lower = data.lower()
    found = any(ATTRIBUTE.match(lower, at) for at in tags_holding(lower, MARK))
    assert found == (ATTRIBUTE.search(lower) is not None)
    spans = [(m.start(), m.end(), m.group(1)) for m in ignored_elements(data)]
    assert spans == [(m.start(), m.end(), m.group(1)) for m in IGNORED.finditer(data)]
