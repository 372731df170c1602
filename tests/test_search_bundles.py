"""A large site's search index in bundles (search_bundles.py): which pages go into which
Pagefind run, so that Pagefind's memory stays that of one bundle."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regional_showcase.search_bundles import (
    Bundle,
    bundles,
    group_size,
    html_files,
    plan,
    split_pages,
    stale_bundles,
)
from regional_showcase.search_index import bundle_limit, pagefind_command

YEARS = {"aktuelles/2019": 40, "aktuelles/2020": 30, "aktuelles/2021": 50, "aktuelles/2022": 20}


def test_the_first_bundle_takes_the_newest_year_the_others_the_older_from_the_oldest_on():
    # Grouped from the oldest year on: a new year leaves the older groups as they were.
    assert plan(YEARS, limit=75) == [
        ["aktuelles/2022"],
        ["aktuelles/2019", "aktuelles/2020"],  # 40 + 30
        ["aktuelles/2021"],
    ]
    assert plan({**YEARS, "aktuelles/2023": 5}, limit=75)[1:] == [
        ["aktuelles/2019", "aktuelles/2020"],
        ["aktuelles/2021", "aktuelles/2022"],
    ]


def test_a_year_larger_than_a_bundle_stands_alone_and_every_section_of_the_newest_year_leads():
    years = {**YEARS, "presse/2022": 3}
    assert plan(years, limit=45) == [
        ["aktuelles/2022", "presse/2022"],
        ["aktuelles/2019"],
        ["aktuelles/2020"],
        ["aktuelles/2021"],  # 50 > 45: a bundle of its own, not lost
    ]


def test_an_archive_that_fits_into_one_bundle_is_indexed_with_the_rest():
    assert plan(YEARS, limit=3000) == [sorted(YEARS)]  # 140 pages: one run
    assert plan({}, limit=3000) == [[]]


def test_bundles_grow_with_the_archive_so_that_a_search_merges_few_of_them():
    assert group_size(1_000, 3000) == 250
    assert group_size(2_000, 3000) == 500
    assert group_size(20_000, 3000) == 2000
    assert group_size(20_000, 1000) == 1000  # never more pages than the limit
    assert group_size(100, 20) == 20


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


def names(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def test_a_site_that_fits_is_indexed_in_one_run_over_everything(tmp_path):
    root = site(tmp_path, {"aktuelles/2020": 3}, OTHERS)
    assert html_files(names(root)) == (7, {"aktuelles/2020": 3})
    assert bundles(names(root), limit=7) == [Bundle("pagefind", None, ("aktuelles/2020",))]


def test_a_large_site_names_each_bundles_files(tmp_path):
    years = {"aktuelles/2019": 3, "aktuelles/2020": 3, "aktuelles/2021": 2}
    root = site(tmp_path, years, OTHERS)
    runs = bundles(names(root), limit=6)
    # Left by an earlier build in place: pagefind-2 is written again, pagefind-3 goes.
    assert stale_bundles(["en", "pagefind-2", "pagefind-3"], runs) == ["pagefind-3"]
    assert runs == [
        Bundle(
            "pagefind",
            "{*.html,aktuelles/*.html,aktuelles/2021/**/*.html,aktuelles/seite/**/*.html,"
            "en/**/*.html}",
            ("aktuelles/2021",),
        ),
        Bundle(
            "pagefind-2",
            "{aktuelles/2019/**/*.html,aktuelles/2020/**/*.html}",
            ("aktuelles/2019", "aktuelles/2020"),
        ),
    ]


def test_each_page_goes_to_the_bundle_of_its_year_folder_and_every_other_to_the_first(tmp_path):
    years = {"aktuelles/2019": 3, "aktuelles/2020": 3, "aktuelles/2021": 2}
    found = names(site(tmp_path, years, OTHERS))
    runs = bundles(found, limit=6)
    older = [name for name in found if name.startswith(("aktuelles/2019/", "aktuelles/2020/"))]
    assert len(older) == 6
    rest = [name for name in found if name not in older]
    assert split_pages(found, runs) == {"pagefind": rest, "pagefind-2": older}
    # The early runs ask for the further bundles only.
    assert split_pages(found, runs[1:]) == {"pagefind-2": older}


def test_pagefind_reads_each_html_file_in_exactly_one_bundle(tmp_path):
    # Pagefind's own glob matching decides: its verbose log names the files of each run.
    years = {"aktuelles/2019": 3, "aktuelles/2020": 4, "aktuelles/2021": 2}
    root = site(tmp_path, years, [*OTHERS, "regionen/allgaeu/index.html"])
    seen: list[str] = []
    runs = bundles(names(root), limit=4)
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
