"""German dates and numbers come out right without any system locale installed."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from regional_showcase.german import date_de, number_de, slugify_de


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2022, 5, 25), "25. Mai 2022"),
        (dt.date(2020, 3, 1), "1. März 2020"),
        (dt.datetime(2019, 12, 31, 23, 59), "31. Dezember 2019"),
    ],
)
def test_date_de(date, text):
    assert date_de(date) == text


@pytest.mark.parametrize(("number", "text"), [(804876, "804.876"), (1.38, "1,38"), (350, "350")])
def test_number_de(number, text):
    assert number_de(number) == text


def test_formatting_does_not_depend_on_the_machine_locale(monkeypatch):
    # A bare CI container: the C locale, in the environment and in the process.
    for name in ("LC_ALL", "LC_TIME", "LC_NUMERIC", "LANG", "LANGUAGE"):
        monkeypatch.setenv(name, "C")
    before = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, "C")
    try:
        assert (date_de(dt.date(2022, 3, 1)), number_de(1234.5)) == ("1. März 2022", "1.234,5")
    finally:
        locale.setlocale(locale.LC_ALL, before)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Grüne Woche 2020: Gemeinsamer Stand", "gruene-woche-2020-gemeinsamer-stand"),
        ("Straße & Fußweg", "strasse-fussweg"),
        ("Öko – Übersicht", "oeko-uebersicht"),
    ],
)
def test_slugs_transliterate_german(title, slug):
    assert slugify_de(title) == slug


@pytest.mark.build
def test_post_pages_show_german_dates(published):
    from expectations import post_path, published_posts

    post = published_posts()[0]
    page = published.page(post_path(post))
    times = [t.text_content().strip() for t in page.iter("time")]
    months = (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    )
    assert times and all(any(m in t for m in months) for t in times), times
