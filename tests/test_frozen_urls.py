"""frozen_urls.py: a post's `url` and `save_as` are Pelican's values at freezing, and the
slugs of categories and authors are worked out once per distinct call (`slugify` is a pure
function), the same as Pelican's own."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pelican import urlwrappers
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelicans

from regional_showcase.frozen_urls import freeze_urls, memoize_slugs

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


def test_url_and_save_as_are_pelicans_values_at_freezing(monkeypatch):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["ARTICLE_SAVE_AS"] = "aktuelles/{date:%Y}/{slug}/index.html"
    metadata = {"title": "Wiese", "slug": "wiese", "date": dt.datetime(2024, 5, 1)}
    post = Article("<p>Text</p>", metadata=metadata, settings=settings)
    translation = Article("<p>Text</p>", metadata={**metadata, "slug": "meadow"}, settings=settings)
    post.translations = [translation]
    expected = [(p.url, p.save_as) for p in (post, translation)]
    assert expected[0][1] == "aktuelles/2024/wiese/index.html"
    freeze_urls([post])

    def recomputed(self, key):
        raise AssertionError(f"{key} worked out again")

    monkeypatch.setattr(Article, "get_url_setting", recomputed)
    assert [(p.url, p.save_as) for p in (post, translation)] == expected
    assert isinstance(post, Article) and type(post).__name__ == "Article"
