"""The plugin's settings: read once, typed, checked; a mistake names its key (in German)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from regional_showcase.pictures.palette import PALETTE, SITE_COLOUR, region_colour
from regional_showcase.search_index import pagefind_command, pagefind_executable
from regional_showcase.settings import (
    SETTINGS_KEY,
    SettingsError,
    ShowcaseSettings,
    apply_defaults,
    showcase_settings,
)

MINIMAL = {"PATH": "content", "SHOWCASE_DATA": "data/regions.yaml"}


def read(**overrides) -> ShowcaseSettings:
    return ShowcaseSettings.from_pelican({**MINIMAL, **overrides})


def problems_of(**overrides) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        read(**overrides)
    return caught.value.problems


def test_defaults_fill_what_the_settings_leave_out():
    settings = read()
    assert settings.region_url == "regionen/{slug}/"
    assert settings.home_articles == 6
    assert settings.social_image_posts == 200
    assert settings.fingerprinted_assets == ("css/site.css", "js/search.js", "js/events.js")
    assert settings.news_dir == Path("content/news")
    assert settings.cache_dir == Path("cache/showcase")


def test_the_object_is_read_only():
    with pytest.raises(dataclasses.FrozenInstanceError):
        read().home_articles = 3


def test_every_wrong_setting_is_named_at_once():
    assert problems_of(
        SHOWCASE_HOME_ARTICLES="sechs",
        SHOWCASE_FEED_SUMMARY_ONLY="ja",
        SHOWCASE_REGION_URL="regionen/",
        SHOWCASE_REGION_FEED="feeds/{slug}.xml",
        SHOWCASE_FINGERPRINTED_ASSETS="css/site.css",
    ) == [
        "SHOWCASE_REGION_URL: das Muster 'regionen/' braucht {slug} (Vorgabe: 'regionen/{slug}/')",
        "SHOWCASE_REGION_FEED: das Muster 'feeds/{slug}.xml' braucht {kind} "
        "(Vorgabe: 'feeds/regionen/{slug}.{kind}.xml')",
        "SHOWCASE_HOME_ARTICLES: erwartet eine ganze Zahl ab 0, gefunden 'sechs' (Vorgabe: 6)",
        "SHOWCASE_FEED_SUMMARY_ONLY: erwartet True oder False, gefunden 'ja' (Vorgabe: False)",
        "SHOWCASE_FINGERPRINTED_ASSETS: erwartet eine Liste von Texten, gefunden 'css/site.css' "
        "(Vorgabe: ['css/site.css', 'js/search.js', 'js/events.js'])",
    ]


def test_a_required_setting_that_is_missing_is_named():
    with pytest.raises(SettingsError) as caught:
        ShowcaseSettings.from_pelican({"PATH": "content"})
    assert caught.value.problems == [
        "SHOWCASE_DATA: fehlt (erwartet einen Dateipfad wie 'data/regions.yaml')"
    ]
    assert str(caught.value).startswith("1 Einstellung ist fehlerhaft (pelicanconf.py/")


def test_a_misspelt_setting_is_not_ignored():
    assert problems_of(SHOWCASE_HOME_ARTICLE=3) == [
        "SHOWCASE_HOME_ARTICLE: unbekannte Einstellung (meinten Sie 'SHOWCASE_HOME_ARTICLES'?)"
    ]


def test_a_count_may_be_none_only_where_none_means_something():
    assert read(SHOWCASE_SOCIAL_IMAGE_POSTS=None).social_image_posts is None
    assert problems_of(SHOWCASE_REGION_ARTICLES=True) == [
        "SHOWCASE_REGION_ARTICLES: erwartet eine ganze Zahl ab 0, gefunden True (Vorgabe: 30)"
    ]


def test_absolute_url_is_the_feed_domain_in_development_and_siteurl_in_publish():
    assert read(SITEURL="", FEED_DOMAIN="http://localhost:8000").absolute_url == (
        "http://localhost:8000"
    )
    published = read(SITEURL="https://example.org", FEED_DOMAIN="https://example.org/")
    assert published.absolute_url == "https://example.org"


def test_overview_urls_come_from_one_place():
    settings = read(INDEX_URL="news/", SHOWCASE_OVERVIEW_URLS={"regions": "regions/"})
    assert [settings.overview_url(n) for n in ("regions", "news", "topics", "feeds", "search")] == [
        "regions/",
        "news/",
        "themen/",
        "feeds/",
        "suche/",
    ]
    assert settings.overview_save_as("search") == "suche/index.html"


def test_overview_urls_refuse_unknown_names_and_bad_paths():
    assert problems_of(SHOWCASE_OVERVIEW_URLS={"region": "r/"}) == [
        "SHOWCASE_OVERVIEW_URLS: unbekannte Übersicht 'region' (meinten Sie 'regions'?)"
    ]
    assert problems_of(SHOWCASE_OVERVIEW_URLS={"search": "/suche"}) == [
        "SHOWCASE_OVERVIEW_URLS: search: erwartet einen Pfad wie 'regionen/', gefunden '/suche'"
    ]
    with pytest.raises(ValueError, match="unbekannte Übersicht 'serach' \\(meinten Sie 'search'"):
        read().overview_url("serach")


def test_overview_urls_take_a_language_once_there_is_a_second_edition():
    with pytest.raises(
        ValueError, match=r"keine Ausgabe für die Sprache 'en' \(SHOWCASE_EDITIONS\)"
    ):
        read().overview_url("regions", lang="en")
    english = {"SHOWCASE_OVERVIEW_URLS": {"regions": "en/regions/"}, "SHOWCASE_HOME_URL": "en/"}
    typed = read(SHOWCASE_EDITIONS={"en": english})
    assert typed.languages == ("de", "en")
    assert typed.overview_url("regions", lang="en") == "en/regions/"
    assert typed.overview_url("regions") == "regionen/"
    assert typed.edition("en").overview_url("home") == "en/"
    assert typed.edition("en").lang == "en" and typed.edition("en").editions == ()


def test_the_welcome_page_is_an_overview_only_the_editions_that_set_it_have():
    english = {"SHOWCASE_OVERVIEW_URLS": {"welcome": "en/moving-here/"}}
    typed = read(SHOWCASE_EDITIONS={"en": english})
    assert not typed.has_overview("welcome") and typed.has_overview("news")
    with pytest.raises(ValueError, match="unbekannte Übersicht 'welcome'"):
        typed.overview_url("welcome")
    assert typed.edition("en").has_overview("welcome")
    assert typed.overview_url("welcome", lang="en") == "en/moving-here/"


def test_every_edition_setting_is_checked_with_its_key():
    with pytest.raises(SettingsError) as failed:
        read(
            SHOWCASE_EDITIONS={
                "en": {"SHOWCASE_REGION_URL": "en/regions/", "SHOWCASE_HOME_URLL": ""}
            }
        )
    assert failed.value.problems == [
        "SHOWCASE_EDITIONS['en']: SHOWCASE_HOME_URLL: unbekannte Einstellung "
        "(meinten Sie 'SHOWCASE_HOME_URL'?)",
        "SHOWCASE_EDITIONS['en']: SHOWCASE_REGION_URL: das Muster 'en/regions/' braucht {slug}",
    ]


def test_apply_defaults_stores_the_typed_settings_for_generator_writer_and_templates():
    settings = {**MINIMAL, "SHOWCASE_HOME_ARTICLES": 3}
    typed = apply_defaults(settings)
    assert settings[SETTINGS_KEY] is typed and showcase_settings(settings) is typed
    assert typed.home_articles == 3
    assert "regional_showcase.pictures.images" in settings["MARKDOWN"]["extensions"]


def test_apply_defaults_stops_the_build_with_every_mistake(capsys):
    with pytest.raises(SystemExit) as stopped:
        apply_defaults({**MINIMAL, "SHOWCASE_HOME_ARTICLES": -1})
    assert stopped.value.code == 1
    assert capsys.readouterr().err == (
        "1 Einstellung ist fehlerhaft (pelicanconf.py/publishconf.py):\n"
        "  SHOWCASE_HOME_ARTICLES: erwartet eine ganze Zahl ab 0, gefunden -1 (Vorgabe: 6)\n"
        "Die Website wurde nicht gebaut.\n"
    )


def test_one_pagefind_command_line_for_every_build():
    assert pagefind_command("out") == [str(pagefind_executable()), "--site", "out", "--quiet"]
    assert pagefind_executable().parent.name == "pagefind_bin"  # PyPI's pagefind-bin, pinned
    # `make html` runs scripts/html (a fresh folder swapped into place), `make publish`
    # scripts/publish: both `showcase build` (staff/build.py), which indexes with it.
    for caller in ("scripts/html", "scripts/publish"):
        text = (Path(__file__).resolve().parents[1] / caller).read_text(encoding="utf-8")
        assert "pagefind" not in text and " build " in text.replace('"', "")
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "pagefind_bin" not in makefile and "scripts/html" in makefile


def test_a_region_has_one_colour_everywhere():
    assert region_colour(None) == region_colour(-1) == SITE_COLOUR
    assert region_colour(1) == PALETTE[1]
    assert region_colour(len(PALETTE)) == PALETTE[0]
