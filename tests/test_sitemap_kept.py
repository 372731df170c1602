"""sitemap.xml kept in a process that builds again: the same rows give the kept text, any
changed input (a page, a date, a language version, the address, an excluded prefix) a new
one, the same as a process that never built before would write."""

from __future__ import annotations

import random

import pytest

from regional_showcase import sitemap
from regional_showcase.sitemap import sitemap_xml

SITE = "https://example.org"
WRITTEN = ["index.html", "aktuelles/2024/a/index.html", "en/index.html", "entwuerfe/x/index.html"]
LASTMOD = {"aktuelles/2024/a/": "2024-05-01T10:00:00+02:00"}
ALTERNATES = {"": (("de", ""), ("en", "en/")), "en/": (("de", ""), ("en", "en/"))}
ARGS = (SITE, WRITTEN, ("entwuerfe/",), LASTMOD, ALTERNATES)


def fresh(*args) -> str:
    """The sitemap of a process that kept none."""
    sitemap._LAST_SITEMAP.clear()
    return sitemap_xml(*args)


def test_the_same_pages_give_the_kept_text():
    first = fresh(*ARGS)
    assert sitemap_xml(SITE, list(reversed(WRITTEN)), *ARGS[2:]) is first


@pytest.mark.parametrize(
    "changed",
    [
        ("https://example.com", *ARGS[1:]),
        (SITE, [*WRITTEN, "regionen/allgaeu/index.html"], *ARGS[2:]),
        (SITE, WRITTEN, (), LASTMOD, ALTERNATES),
        (SITE, WRITTEN, ("entwuerfe/",), {"aktuelles/2024/a/": "2024-06-01"}, ALTERNATES),
        (SITE, WRITTEN, ("entwuerfe/",), LASTMOD, {**ALTERNATES, "": (("de", ""), ("en", "e/"))}),
    ],
    ids=["address", "page", "excluded", "date", "version"],
)
def test_a_changed_input_makes_the_sitemap_again(changed):
    kept = fresh(*ARGS)
    again = sitemap_xml(*changed)
    assert again != kept
    assert again == fresh(*changed)


def test_the_text_written_by_strings_is_elementtrees():
    """sitemap._written_out writes what ElementTree wrote (_tree_text), byte for byte: 300
    seeded sets of rows with text ElementTree escapes (in an element's text and in an
    attribute), empty dates, one or several language versions; fails with any escape left out."""
    rng = random.Random(25)
    pieces = ["a", "ü", "&", "<", ">", '"', "'", "\r", "\n", "\t", " ", "/", "ß€", "%20", ""]

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))

    for _ in range(300):
        rows = []
        for _ in range(rng.randrange(1, 5)):
            versions = tuple((text() or "de", text()) for _ in range(rng.choice((0, 1, 2, 3))))
            modified = rng.choice((None, "", "2024-05-01T10:00:00+02:00", text()))
            rows.append((text(), modified, versions))
        site = rng.choice((SITE, SITE + "/a&b", 'https://x.org/"q"'))
        assert sitemap._written_out(site, rows) == sitemap._tree_text(site, rows)
    assert fresh(SITE, [], (), {}, {}) == sitemap._tree_text(SITE, [])
