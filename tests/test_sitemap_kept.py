"""sitemap.xml kept in a process that builds again: the same rows give the kept text, any
changed input (a page, a date, a language version, the address, an excluded prefix) a new
one, the same as a process that never built before would write."""

from __future__ import annotations

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
