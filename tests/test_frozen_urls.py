"""frozen_urls.py: a post's `url` and `save_as` are Pelican's values at freezing, not worked
out again on each use (a page asks for them many times, the writer once more)."""

from __future__ import annotations

import copy
import datetime as dt

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from regional_showcase.frozen_urls import freeze_urls


def article(slug: str) -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["ARTICLE_URL"] = "aktuelles/{date:%Y}/{slug}/"
    settings["ARTICLE_SAVE_AS"] = "aktuelles/{date:%Y}/{slug}/index.html"
    metadata = {"title": "Wiese", "slug": slug, "date": dt.datetime(2024, 5, 1)}
    return Article("<p>Text</p>", metadata=metadata, settings=settings)


def test_url_and_save_as_are_pelicans_values_worked_out_once(monkeypatch):
    post, translation = article("wiese"), article("meadow")
    post.translations = [translation]
    expected = [(p.url, p.save_as) for p in (post, translation)]
    assert expected[0] == ("aktuelles/2024/wiese/", "aktuelles/2024/wiese/index.html")
    freeze_urls([post])

    def recomputed(self, key):
        raise AssertionError(f"{key} worked out again")

    monkeypatch.setattr(Article, "get_url_setting", recomputed)
    assert [(p.url, p.save_as) for p in (post, translation)] == expected
    assert type(post).__name__ == "Article" and isinstance(post, Article)
