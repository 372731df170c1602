"""Whether a post's text links to other files is searched once per text in a process that
builds again (build_record.links_to_files): an unchanged post's copy shares its text with the
last build's, an edited post's text is another and is searched again. No site is built."""

from __future__ import annotations

from test_build_record import article, linking_article

from regional_showcase.build_record import links_to_files, page_fingerprint


def test_an_edited_text_that_gains_a_link_is_searched_again(tmp_path):
    """The same file, first without a link (its answer kept), then edited to link to
    ziel.md: its page's key then follows the linked post's address."""
    plain = article(tmp_path, "quelle.md", body="Kein Link.")
    assert not links_to_files(plain)
    assert not links_to_files(plain)  # the answer kept for this text
    first, moved = linking_article(tmp_path, "ziel"), linking_article(tmp_path, "umgezogen")
    assert first.source_path == plain.source_path
    assert links_to_files(first)
    assert page_fingerprint("k", first) != page_fingerprint("k", moved)
    # A copy sharing the text (the next build's copy of a kept post): the same answer.
    copy = article(tmp_path, "quelle.md", body="Kein Link.")
    copy._content = plain._content
    assert not links_to_files(copy)
