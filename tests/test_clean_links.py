"""No link on the site carries tracking parameters: the footer promises „kein Tracking“.

`showcase check` and the build refuse such links in the data, region texts, posts and
pages, with file, line and the clean link to copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regional_showcase.data.links import (
    links_in_text,
    tracking_message,
    tracking_parameters,
    tracking_problems,
    without_tracking,
)
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import check_post
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.input_check import page_problems
from regional_showcase.markup import render_markdown
from regional_showcase.settings import ShowcaseSettings

from sitebuild import ROOT

FB = "https://www.starke-regionen.de/das-projekt.html?fbclid=IwAR0IFF"


@pytest.mark.parametrize(
    ("url", "found", "clean"),
    [
        (FB, ["fbclid"], "https://www.starke-regionen.de/das-projekt.html"),
        (
            "https://a.de/?utm_source=fb&utm_medium=social",
            ["utm_source", "utm_medium"],
            "https://a.de/",
        ),
        ("https://a.de/x?id=4&gclid=9&page=2", ["gclid"], "https://a.de/x?id=4&page=2"),
        ("https://a.de/?mc_eid=1&mc_cid=2", ["mc_eid", "mc_cid"], "https://a.de/"),
        ("https://a.de/?UTM_Campaign=x", ["UTM_Campaign"], "https://a.de/"),
        ("https://a.de/x.html?nn=73360", [], "https://a.de/x.html?nn=73360"),
        (
            "https://a.de/?tx_news_pi1%5Bnews%5D=76&cHash=9",
            [],
            "https://a.de/?tx_news_pi1%5Bnews%5D=76&cHash=9",
        ),
    ],
)
def test_tracking_parameters_are_found_and_stripped(url, found, clean):
    assert tracking_parameters(url) == found
    assert without_tracking(url) == clean


def test_links_are_found_in_markdown_and_plain_text():
    text = "Siehe [Projekt](https://a.de/p?fbclid=1). Oder https://b.de/c, dann <https://d.de/>."
    assert links_in_text(text) == ["https://a.de/p?fbclid=1", "https://b.de/c", "https://d.de/"]


def test_the_message_names_the_parameters_and_gives_the_clean_link():
    assert tracking_message(FB) == (
        "Link mit Tracking-Parameter 'fbclid': die Website verspricht „kein Tracking“; "
        "tragen Sie den Link ohne ein: https://www.starke-regionen.de/das-projekt.html"
    )
    assert tracking_message("https://a.de/?utm_source=x&gclid=y").startswith(
        "Link mit Tracking-Parametern 'utm_source', 'gclid': "
    )


def test_problems_carry_file_and_line():
    text = "Erste Zeile\n\n[Link](https://a.de/?fbclid=1)\n"
    assert [str(p) for p in tracking_problems(text, "content/pages/x.md")] == [
        "content/pages/x.md:3: Link mit Tracking-Parameter 'fbclid': die Website verspricht "
        "„kein Tracking“; tragen Sie den Link ohne ein: https://a.de/"
    ]


def test_data_with_a_tracking_link_is_refused_with_file_line_and_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")
    clean = "    website: https://www.suedwestfalen.com/\n"
    bad = text.replace(clean, "    website: https://www.suedwestfalen.com/?utm_source=fb\n", 1)
    Path("regions.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path("regions.yaml"), render=render_markdown)
    line = bad.splitlines().index("    website: https://www.suedwestfalen.com/?utm_source=fb") + 1
    assert [str(p) for p in failed.value.problems] == [
        f"regions.yaml:{line}: regions[0].website: Link mit Tracking-Parameter 'utm_source': "
        "die Website verspricht „kein Tracking“; tragen Sie den Link ohne ein: "
        "https://www.suedwestfalen.com/"
    ]


def test_a_region_text_with_a_tracking_link_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("texts").mkdir()
    Path("texts/allgaeu.md").write_text("## Arbeiten\n\n[Jobs](https://j.de/?gclid=5)\n")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(ROOT / "data/regions.yaml", Path("texts"), render=render_markdown)
    assert [str(p) for p in failed.value.problems] == [
        "texts/allgaeu.md:3: Link mit Tracking-Parameter 'gclid': die Website verspricht "
        "„kein Tracking“; tragen Sie den Link ohne ein: https://j.de/"
    ]


def test_a_post_with_a_tracking_link_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = load_site_data(ROOT / "data/regions.yaml", render=render_markdown)
    Path("content/news").mkdir(parents=True)
    post = Path("content/news/2024-03-01-test.md")
    post.write_text(
        "Title: Test\nDate: 2024-03-01 10:00\nCategory: Projekt\nRegions: alle\n"
        "Summary: Kurz.\n\nMehr bei [Nordkurier](https://n.de/a?fbclid=IwAR1).\n",
        encoding="utf-8",
    )
    problems, _ = check_post(post, site, Path("content"))
    assert [str(p) for p in problems] == [
        "content/news/2024-03-01-test.md:7: Link mit Tracking-Parameter 'fbclid': die Website "
        "verspricht „kein Tracking“; tragen Sie den Link ohne ein: https://n.de/a"
    ]


def test_pages_are_checked_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("content/pages").mkdir(parents=True)
    Path("content/pages/ueber.md").write_text("Title: Über\n\n[x](https://a.de/?mc_eid=7)\n")
    settings = ShowcaseSettings.from_pelican(
        {"PATH": "content", "PAGE_PATHS": ["pages"], "SHOWCASE_DATA": "regions.yaml"}
    )
    problems = page_problems(settings)
    assert [str(p) for p in problems] == [
        "content/pages/ueber.md:3: Link mit Tracking-Parameter 'mc_eid': die Website "
        "verspricht „kein Tracking“; tragen Sie den Link ohne ein: https://a.de/"
    ]


def test_the_shipped_content_has_no_tracking_link():
    inputs = [ROOT / "data/regions.yaml", *sorted((ROOT / "content").rglob("*.md"))]
    for path in inputs:
        assert tracking_problems(path.read_text(encoding="utf-8"), str(path)) == [], path
