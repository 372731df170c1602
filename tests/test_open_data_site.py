"""The open data in the published site: /daten/, its downloads, links and the sitemap.

The files' contents are checked in test_open_data.py by calling the export functions; this
module checks only what a build shows: where the files land, who links to them, and that
the `frictionless` command accepts the package as published.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from lxml import etree

from expectations import region_data
from sitebuild import BIN, PUBLISH_URL

pytestmark = pytest.mark.build

DOWNLOADS = (
    "regions.json",
    "regions.schema.json",
    "regions.geojson",
    "key-figures.csv",
    "datapackage.json",
)


def test_every_build_writes_the_downloads(published):
    folder = published.output / "daten"
    # Precompressed siblings (.gz, .br) aside, as make publish adds them to every file.
    files = [p.name for p in folder.iterdir() if p.is_file() and p.suffix not in (".gz", ".br")]
    # The comparison of the regions (test_comparison.py checks its files).
    comparison = ["vergleich.csv", "vergleich.json"]
    assert sorted(files) == sorted(["index.html", *DOWNLOADS, *comparison])
    slugs = [r["slug"] for r in region_data()["regions"]]
    slices = [p.name for p in (folder / "regions").glob("*.json")]
    assert sorted(slices) == sorted(f"{slug}.json" for slug in slugs)
    document = json.loads((folder / "regions.json").read_text(encoding="utf-8"))
    assert document["url"] == f"{PUBLISH_URL}/daten/regions.json"
    assert document["regions"][0]["page_url"] == f"{PUBLISH_URL}/regionen/{slugs[0]}/"


def test_frictionless_validate_accepts_the_published_package(published):
    result = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", "datapackage.json"],
        cwd=published.output / "daten",
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:3000]
    assert [task["name"] for task in report["tasks"]] == [
        "regions",
        "regions-geojson",
        "key-figures",
    ]


def test_data_page_is_in_the_sitemap_and_the_files_are_not(published):
    tree = etree.parse(str(published.output / "sitemap.xml"))
    locations = tree.xpath(
        "//sm:loc/text()", namespaces={"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    assert f"{PUBLISH_URL}/daten/" in locations
    assert not [loc for loc in locations if loc.endswith((".json", ".geojson", ".csv"))]


def test_each_region_page_links_to_its_slice(published):
    for region in region_data()["regions"]:
        page = published.page(f"regionen/{region['slug']}/")
        target = f"{PUBLISH_URL}/daten/regions/{region['slug']}.json"
        links = page.xpath(f'//main//a[@href="{target}"]')
        assert len(links) == 1, region["slug"]
        assert links[0].get("type") == "application/json"


def test_data_page_shows_licence_attribution_and_every_download(published):
    page = published.page("daten/")
    text = " ".join(page.find(".//main").text_content().split())
    assert "Creative Commons Namensnennung 4.0 International" in text
    assert (
        f"Daten: Starke Regionen (StaR), {PUBLISH_URL}/daten/, lizenziert unter CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/deed.de)"
    ) in text
    hrefs = set(page.xpath("//main//a/@href"))
    assert {f"{PUBLISH_URL}/daten/{name}" for name in DOWNLOADS} <= hrefs
    footer = page.xpath("//footer//a/@href")
    assert f"{PUBLISH_URL}/daten/" in footer


def test_data_page_describes_the_dataset_for_search_engines(published):
    page = published.page("daten/")
    scripts = page.xpath('//script[@type="application/ld+json"]/text()')
    dataset = next(d for d in map(json.loads, scripts) if d.get("@type") == "Dataset")
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/deed.de"
    assert dataset["url"] == f"{PUBLISH_URL}/daten/"
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert urls == [
        f"{PUBLISH_URL}/daten/{name}"
        for name in ("regions.json", "regions.geojson", "key-figures.csv")
    ]
    assert all((published.output / url.removeprefix(PUBLISH_URL + "/")).is_file() for url in urls)
