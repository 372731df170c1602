"""The Pagefind index covers posts, regions and the project page; not listings or legal pages."""

from __future__ import annotations

import json

import pytest

from expectations import published_events, published_posts, region_data

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def test_index_is_german_and_counts_exactly_the_marked_pages(published):
    entry = json.loads((published.output / "pagefind/pagefind-entry.json").read_text())
    # One index per language: the English edition's pages are found from /en/search/ only.
    assert sorted(entry["languages"]) == ["de", "en"]
    # Posts, regions, Über das Projekt, Leichte Sprache, Gebärdensprache, published events.
    expected = len(published_posts()) + len(region_data()["regions"]) + 3 + len(published_events())
    assert entry["languages"]["de"]["page_count"] == expected


def test_only_content_pages_are_marked_for_indexing(published):
    marked = {
        p.relative_to(published.output).as_posix()
        for p in published.output.rglob("*.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8")
    }
    for legal in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f"{legal}/index.html" not in marked
    for page in ("ueber-das-projekt", "leichte-sprache", "gebaerdensprache"):
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


@pytest.mark.parametrize("order", [("en", "de"), ("de", "en")])
def test_the_entry_file_lists_languages_in_one_order_whatever_pagefind_wrote(tmp_path, order):
    # Pagefind writes the languages from a hash map: their order changes between runs.
    from regional_showcase.search_index import canonical_entry

    languages = {lang: {"hash": f"{lang}_1", "wasm": lang, "page_count": 3} for lang in order}
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text(json.dumps({"version": "1.5.2", "languages": languages, "x": ["‿"]}))
    canonical_entry(entry)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"de":{"hash":"de_1","wasm":"de","page_count":3},'
        '"en":{"hash":"en_1","wasm":"en","page_count":3}},"x":["‿"]}'
    )
