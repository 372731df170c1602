"""frozen_urls.py: Pelican's slugs of categories and authors worked out once per distinct
call (`slugify` is a pure function), the same as Pelican's own."""

from __future__ import annotations

import pytest
from pelican import urlwrappers
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelicans

from regional_showcase.frozen_urls import memoize_slugs

CALLS = [
    ("Fachkräfte & Bildung", (), False, False),
    ("Fachkräfte & Bildung", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], False, False),
    ("Fachkräfte & Bildung", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], True, False),
    ("Fachkräfte & Bildung", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], False, True),
    ("<b>Wirtschaft</b> Süd", [["Süd", "sued"]], False, False),
]


def test_a_slug_is_pelicans_and_worked_out_once_per_call(monkeypatch):
    calls: list[str] = []

    def counted(value, regex_subs=(), preserve_case=False, use_unicode=False):
        calls.append(value)
        return pelicans(value, regex_subs, preserve_case, use_unicode)

    monkeypatch.setattr(urlwrappers, "slugify", counted)
    memoize_slugs()
    for value, subs, case, uni in CALLS * 3:
        expected = pelicans(value, regex_subs=subs, preserve_case=case, use_unicode=uni)
        got = urlwrappers.slugify(value, regex_subs=subs, preserve_case=case, use_unicode=uni)
        assert got == expected
    assert len(calls) == len(CALLS)
    category = urlwrappers.Category("Fachkräfte & Bildung", DEFAULT_CONFIG)
    assert category.slug == pelicans(
        "Fachkräfte & Bildung", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )


@pytest.fixture(autouse=True)
def pelicans_own_afterwards(monkeypatch):
    monkeypatch.setattr(urlwrappers, "slugify", urlwrappers.slugify)
