"""A large site's search index in bundles (search_bundles.py): which pages go into which
Pagefind run, so that Pagefind's memory stays that of one bundle."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regional_showcase.search_bundles import Bundle, bundles, html_files, plan, stale_bundles
from regional_showcase.search_index import bundle_limit, pagefind_command

YEARS = {"aktuelles/2019": 40, "aktuelles/2020": 30, "aktuelles/2021": 50, "aktuelles/2022": 20}


def test_the_first_bundle_takes_the_rest_and_the_newest_years_that_fit():
    assert plan(YEARS, rest=25, limit=100) == [
        ["aktuelles/2022", "aktuelles/2021"],  # 25 + 20 + 50 = 95
        ["aktuelles/2020", "aktuelles/2019"],  # 30 + 40
    ]


def test_further_bundles_take_older_years_while_they_fit():
    assert plan(YEARS, rest=10, limit=60) == [
        ["aktuelles/2022"],
        ["aktuelles/2021"],
        ["aktuelles/2020"],
        ["aktuelles/2019"],
    ]
    assert plan(YEARS, rest=10, limit=75) == [
        ["aktuelles/2022"],
        ["aktuelles/2021"],
        ["aktuelles/2020", "aktuelles/2019"],
    ]


def test_a_rest_larger_than_a_bundle_stands_alone_and_a_large_year_too():
    assert plan(YEARS, rest=500, limit=45) == [
        [],
        ["aktuelles/2022"],
        ["aktuelles/2021"],  # 50 > 45: a bundle of its own, not lost
        ["aktuelles/2020"],
        ["aktuelles/2019"],
    ]


PAGE = (
    '<!doctype html><html lang="de"><body><main data-pagefind-body><p>Wort</p></main></body></html>'
)


def site(tmp_path: Path, years: dict[str, int], others: list[str]) -> Path:
    root = tmp_path / "site"
    for folder, count in years.items():
        for number in range(count):
            page = root / folder / f"beitrag-{number}/index.html"
            page.parent.mkdir(parents=True)
            page.write_text(PAGE, encoding="utf-8")
    for name in others:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PAGE, encoding="utf-8")
    return root


OTHERS = ["index.html", "aktuelles/index.html", "aktuelles/seite/2/index.html", "en/index.html"]


def test_a_site_that_fits_is_indexed_in_one_run_over_everything(tmp_path):
    root = site(tmp_path, {"aktuelles/2020": 3}, OTHERS)
    assert html_files(root) == (7, {"aktuelles/2020": 3})
    assert bundles(root, limit=7) == [Bundle("pagefind", None)]


def test_a_large_site_names_each_bundles_files(tmp_path):
    root = site(tmp_path, {"aktuelles/2019": 3, "aktuelles/2020": 3, "aktuelles/2021": 2}, OTHERS)
    (root / "pagefind-2").mkdir()  # left by an earlier build: written again
    (root / "pagefind-3").mkdir()  # left by an earlier build: neither indexed nor kept
    runs = bundles(root, limit=7)
    assert stale_bundles(root, runs) == [root / "pagefind-3"]
    assert runs == [
        Bundle(
            "pagefind",
            "{*.html,aktuelles/*.html,aktuelles/2021/**/*.html,aktuelles/seite/**/*.html,"
            "en/**/*.html}",
        ),
        Bundle("pagefind-2", "{aktuelles/2020/**/*.html,aktuelles/2019/**/*.html}"),
    ]


def test_pagefind_reads_each_html_file_in_exactly_one_bundle(tmp_path):
    # Pagefind's own glob matching decides: its verbose log names the files of each run.
    years = {"aktuelles/2019": 3, "aktuelles/2020": 4, "aktuelles/2021": 2}
    root = site(tmp_path, years, [*OTHERS, "regionen/allgaeu/index.html"])
    seen: list[str] = []
    runs = bundles(root, limit=6)
    assert len(runs) == 3
    for bundle in runs:
        log = subprocess.run(
            [part for part in pagefind_command(root, bundle) if part != "--quiet"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = [line for line in log.splitlines() if line.startswith("Found ")]
        seen.append(found[0])
    total = sum(int(line.split()[1]) for line in seen)
    assert total == sum(1 for _ in root.rglob("*.html")) == 14, seen


def test_the_bundle_size_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "500")
    assert bundle_limit() == 500
    monkeypatch.setenv("SHOWCASE_SEARCH_BUNDLE_PAGES", "viele")
    with pytest.raises(SystemExit) as stopped:
        bundle_limit()
    assert str(stopped.value) == (
        "SHOWCASE_SEARCH_BUNDLE_PAGES='viele': erwartet eine ganze Zahl ab 1 "
        "(HTML-Dateien je Teil des Suchindex; leer = 3000)"
    )
