"""A post page's own names in its key (preview/pages.py, SharedReads): its editions'
addresses (`alternates`, a tuple of texts) and its output file key it by their text itself,
without a digest made for each of the thousand pages. No site is built."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from regional_showcase.preview.pages import PageDigest, SharedReads, template_reads

PAGE = "{% for lang, url in alternates %}{{ url }}{% endfor %}{{ alternates[0][1] }}"
HERE = (("de", "/aktuelles/eins/"), ("en", "/en/news/one/"))


def test_a_pages_editions_addresses_key_it_by_their_text(monkeypatch):
    template = Environment(loader=DictLoader({"p.html": PAGE})).get_template("p.html")
    reads = template_reads(template)
    shared = SharedReads(PageDigest())

    def key(alternates) -> str:
        return shared.key(template, reads, {}, {"alternates": alternates, "output_file": "e"})

    def refused(self, value):
        raise AssertionError(f"digested: {value!r}")

    with monkeypatch.context() as patched:
        patched.setattr(PageDigest, "of", refused)
        first = key(HERE)
        assert key(tuple(tuple(pair) for pair in HERE)) == first  # the same, another object
        assert key((HERE[0], ("en", "/en/news/other/"))) != first
        assert key((("en", "/en/news/one/"), HERE[0])) != first  # alternates[0] moved
        assert key(HERE[:1]) != first
        assert key((HERE[0], HERE[0])) != first
    # Anything but texts is digested as any value is (a Markup is not a text).
    assert key((("de", Markup("/aktuelles/eins/")), HERE[1])) != first
    with monkeypatch.context() as patched:
        patched.setattr(PageDigest, "of", refused)
        with pytest.raises(AssertionError, match="digested"):
            key((("de", Markup("/aktuelles/eins/")), HERE[1]))


def test_a_plain_value_is_digested_as_text_without_a_lookup(monkeypatch):
    """PageDigest.of gives a text, number, truth value or None by its repr at once (a post's
    key asks for a few each); a subclass (Markup) goes the long way, with the same texts."""
    digest = PageDigest()
    expected = {value: PageDigest()._of(value) for value in ("Allgäu", 3, 2.5, True, None, b"x")}

    def refused(self, value):
        raise AssertionError(f"looked up: {value!r}")

    monkeypatch.setattr(PageDigest, "_of", refused)
    assert {value: digest.of(value) for value in expected} == expected
    with pytest.raises(AssertionError, match="looked up"):
        digest.of(Markup("Allgäu"))
