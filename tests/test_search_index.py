"""The Pagefind index covers posts, regions and the project page; not listings or legal pages."""

from __future__ import annotations

import json

import pytest

from expectations import published_events, published_posts, region_data
from sitebuild import ROOT

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def test_index_is_german_and_counts_exactly_the_marked_pages(published):
    entry = json.loads((published.output / "pagefind/pagefind-entry.json").read_text())
    # One index per language: the English edition's pages are found from /en/search/ only.
    assert sorted(entry["languages"]) == ["de", "en"]
    # Posts, regions (each also in Leichte Sprache), Über das Projekt, Leichte Sprache,
    # published events (Gebärdensprache waits for its video and is not built), press releases.
    regions = len(region_data()["regions"])
    releases = len(list((ROOT / "content/presse").glob("*.md")))
    expected = len(published_posts()) + 2 * regions + 2 + len(published_events()) + releases
    assert entry["languages"]["de"]["page_count"] == expected


def test_only_content_pages_are_marked_for_indexing(published):
    marked = {
        p.relative_to(published.output).as_posix()
        for p in published.output.rglob("*.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8")
    }
    for legal in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f"{legal}/index.html" not in marked
    for page in ("ueber-das-projekt", "leichte-sprache", "leichte-sprache/regionen/allgaeu"):
        assert f"{page}/index.html" in marked
    assert "aktuelles/index.html" not in marked and "index.html" not in marked


def test_search_page_works_without_javascript_by_pointing_elsewhere(published):
    page = published.page("suche/")
    noscript = " ".join(page.xpath("//noscript")[0].text_content().split())
    assert "braucht JavaScript" in noscript
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "'wasm-unsafe-eval'" in csp and "unsafe-inline" not in csp
    scripts = page.xpath("//script/@src")
    assert all(s.startswith("https://regionen.example.org/") for s in scripts)
    assert (published.output / "pagefind/pagefind-ui.js").exists()
