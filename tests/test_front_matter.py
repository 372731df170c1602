"""Posts in YAML front matter, as the web editor writes them, meet the same rules.

The rules are called as functions (no build): regions as a YAML list, ISO dates with
milliseconds and an offset, and every shipped post in YAML front matter.
"""

from __future__ import annotations

import datetime as dt

import pytest

from regional_showcase.data.front_matter import split_header
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import (
    FIELD_ORDER,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    check_post,
    parse_date,
)
from regional_showcase.markup import render_markdown

from expectations import ROOT

EDITOR_POST = """---
title: "Grüne Woche: Stand der Regionen"
date: {date}
regions:
  - allgaeu
  - bodensee
category: Standortmarketing
summary: Die Regionen zeigen sich gemeinsam.
slug: gruene-woche-stand-der-regionen
---
Ein Absatz mit Umlauten: äöü ß.
"""


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


@pytest.mark.parametrize(
    "date",
    [
        "2026-11-30T06:36:00.000+01:00",
        '"2026-11-30T06:36:00.000+01:00"',
        "2026-11-30T05:36:00.000Z",
        "2026-11-30 06:36",
        "2026-11-30",
    ],
)
def test_editor_written_posts_pass_the_check(tmp_path, site, date):
    post = tmp_path / "news" / "2026-11-30-gruene-woche-stand-der-regionen.md"
    post.parent.mkdir()
    post.write_text(EDITOR_POST.format(date=date), encoding="utf-8")
    problems, info = check_post(post, site, tmp_path)
    assert problems == []
    assert (info.slug, info.year) == ("gruene-woche-stand-der-regionen", 2026)


def test_regions_as_a_yaml_list_are_the_regions():
    header = split_header(EDITOR_POST.format(date="2026-11-30 06:36"), "x.md")
    assert header.fields["regions"] == ("allgaeu, bodensee", 4)


def test_an_offset_survives_the_header():
    header = split_header(EDITOR_POST.format(date="2026-11-30T06:36:00.000+01:00"), "x.md")
    value = header.fields["date"][0]
    assert parse_date(value) == dt.datetime(2026, 11, 30, 5, 36, tzinfo=dt.UTC)


def test_milliseconds_and_z_are_read():
    assert parse_date("2026-11-30T05:36:00.250Z") == dt.datetime(
        2026, 11, 30, 5, 36, 0, 250000, tzinfo=dt.UTC
    )


def test_every_shipped_post_uses_yaml_front_matter():
    posts = sorted((ROOT / "content/news").glob("*.md"))
    assert posts
    for path in posts:
        assert path.read_text(encoding="utf-8").startswith("---\n"), path.name


def test_an_unknown_region_in_a_yaml_list_is_located(tmp_path, site):
    post = tmp_path / "news" / "2026-11-30-x.md"
    post.parent.mkdir()
    post.write_text(EDITOR_POST.format(date="2026-11-30").replace("  - bodensee", "  - bodense"))
    problems, _ = check_post(post, site, tmp_path)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (4, "regions", "unbekannte Region 'bodense' (meinten Sie 'bodensee'?)")
    ]


def test_field_order_names_every_field_once():
    assert sorted(FIELD_ORDER) == sorted(REQUIRED_FIELDS + OPTIONAL_FIELDS)


def test_shipped_posts_keep_the_editors_key_order():
    for path in sorted((ROOT / "content/news").glob("*.md")):
        keys = list(split_header(path.read_text(encoding="utf-8"), path.name).fields)
        assert keys == [k for k in FIELD_ORDER if k in keys], path.name
