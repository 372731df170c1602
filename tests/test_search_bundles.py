"""A large site's search index in bundles (search_bundles.py): which pages go into which
Pagefind run, so that Pagefind's memory stays that of one bundle."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regional_showcase.search_bundles import (
    LONGEST_GLOB,
    MAX_FURTHER,
    SPLIT_PAGES,
    Bundle,
    archive,
    bundles,
    cut,
    part_of,
    plan,
    split_pages,
    stale_bundles,
)
from regional_showcase.search_index import bundle_limit, pagefind_command


def posts(years: dict[str, int], first: int = 0) -> dict[str, list[str]]:
    """An archive of `count` post pages per year folder, numbered from `first`."""
    return {
        folder: [f"{folder}/beitrag-{n}/index.html" for n in range(first, first + count)]
        for folder, count in years.items()
    }


YEARS = posts({"aktuelles/2019": 40, "aktuelles/2020": 30, "aktuelles/2021": 50})


def test_a_year_is_cut_into_parts_of_a_quarter_bundle_by_its_posts_folders():
    units = cut(YEARS, size=80)  # parts of at most 20 pages: 2, 2 and 3 of them
    assert sorted({unit[0]: unit[2] for unit in units}.items()) == [
        ("aktuelles/2019", 2),
        ("aktuelles/2020", 2),
        ("aktuelles/2021", 3),
    ]
    # Every page in exactly one part, the one part_of names; a post's other files with it.
    for (_, number, parts), names in units.items():
        assert all(part_of(name, parts) == number for name in names)
    assert sorted(n for names in units.values() for n in names) == sorted(
        n for names in YEARS.values() for n in names
    )
    assert part_of("aktuelles/2019/b/index.html", 3) == part_of("aktuelles/2019/b/x.html", 3)
    assert cut(YEARS, size=80, split=False) == {(f, 0, 1): names for f, names in YEARS.items()}


def test_the_first_bundle_holds_no_archive_page_the_others_its_parts_from_the_oldest_year_on():
    groups = plan(YEARS, limit=60)
    assert groups[0] == []
    units = cut(YEARS, size=60)
    assert [unit for group in groups[1:] for unit in group] == sorted(
        units, key=lambda unit: (unit[0][-4:], *unit)
    )
    assert all(sum(len(units[u]) for u in group) <= 60 for group in groups[1:])
    assert len(groups) == 4  # 120 pages in bundles of at most 60, parts of at most 15


def test_a_new_post_or_year_changes_only_bundles_of_the_newest_year():
    def older(groups: list[list[tuple]], newest: str) -> list[list[tuple]]:
        return [group for group in groups if all(unit[0] != newest for unit in group)]

    before = plan(YEARS, limit=60)
    assert len(older(before, "aktuelles/2021")) == 2  # the first bundle and one more
    for added in range(1, 30):
        grown = {
            **YEARS,
            "aktuelles/2021": YEARS["aktuelles/2021"]
            + [f"aktuelles/2021/neu-{n}/index.html" for n in range(added)],
        }
        after = plan(grown, limit=60)
        assert older(after, "aktuelles/2021") == older(before, "aktuelles/2021")
    # A new year leaves every earlier year's bundle as it was.
    after = plan({**YEARS, **posts({"aktuelles/2022": 3})}, limit=60)
    assert older(after, "aktuelles/2022") == before[:-1]  # it joins the last one


def test_an_archive_that_fits_into_one_bundle_is_indexed_with_the_rest():
    small = posts({"aktuelles/2019": 40, "aktuelles/2020": 30})
    assert plan(small, limit=3000) == [[("aktuelles/2019", 0, 1), ("aktuelles/2020", 0, 1)]]
    assert plan({}, limit=3000) == [[]]


def test_bundles_grow_with_the_archive_so_that_a_search_merges_at_most_max_further():
    large = posts({f"aktuelles/{year}": 150 for year in range(2000, 2020)})  # 3,000 pages
    groups = plan(large, limit=3000)
    pages = cut(large, size=SPLIT_PAGES * 4)
    assert len(groups) - 1 <= MAX_FURTHER < len(plan(large, limit=SPLIT_PAGES * 2)) - 1
    assert groups[1:] == plan(large, limit=SPLIT_PAGES * 4)[1:]  # 400 pages a bundle
    assert max(sum(len(pages[u]) for u in group) for group in groups[1:]) <= SPLIT_PAGES * 4
    assert len(plan(large, limit=20)) - 1 >= 3000 // 20  # never more pages than the limit


def test_a_part_is_named_file_by_file_a_whole_year_by_its_folder():
    found = ["index.html", *(n for names in YEARS.values() for n in names)]
    runs = bundles(found, limit=60)
    assert runs[0] == Bundle("pagefind", "{*.html,aktuelles/*.html}")
    whole = [run for run in runs if "aktuelles/2019/**/*.html" in (run.glob or "")]
    years = [unit[0] for unit in whole[0].units]
    assert len(whole) == 1 and years.count("aktuelles/2019") == whole[0].units[0][2] > 1
    parted = next(run for run in runs if "aktuelles/2021/" in run.glob)
    assert "aktuelles/2021/**" not in parted.glob and "/index.html" in parted.glob
    # A year whose names hold a glob's characters stays whole; a glob too long for one
    # argument: no year is cut.
    odd = [name.replace("beitrag", "{beitrag}") for name in YEARS["aktuelles/2020"]]
    assert ("aktuelles/2020", 0, 1) in cut({"aktuelles/2020": odd}, size=60)
    long = [f"aktuelles/2020/{'x' * 3000}-{n}/index.html" for n in range(100)]
    runs = bundles([*found, *long], limit=60)
    assert all(len(run.glob) <= LONGEST_GLOB for run in runs)
    assert all(unit[2] == 1 for run in runs for unit in run.units)


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
    assert archive(names(root)) == posts({"aktuelles/2020": 3})
    assert bundles(names(root), limit=7) == [
        Bundle("pagefind", None, ("aktuelles/2020",), (("aktuelles/2020", 0, 1),))
    ]


def test_a_large_site_names_each_bundles_files(tmp_path):
    years = {"aktuelles/2019": 3, "aktuelles/2020": 3, "aktuelles/2021": 2}
    root = site(tmp_path, years, OTHERS)
    runs = bundles(names(root), limit=6)
    # Left by an earlier build in place: pagefind-2 is written again, one more goes.
    more = f"pagefind-{len(runs) + 1}"
    assert stale_bundles(["en", "pagefind-2", more], runs) == [more]
    assert runs[0] == Bundle(
        "pagefind", "{*.html,aktuelles/*.html,aktuelles/seite/**/*.html,en/**/*.html}"
    )
    assert [run.folder for run in runs[1:]] == [f"pagefind-{n}" for n in range(2, len(runs) + 1)]


def test_each_page_goes_to_the_bundle_of_its_part_and_every_other_to_the_first(tmp_path):
    years = {"aktuelles/2019": 3, "aktuelles/2020": 3, "aktuelles/2021": 2}
    found = names(site(tmp_path, years, OTHERS))
    runs = bundles(found, limit=6)
    split = split_pages(found, runs)
    assert split["pagefind"] == [name for name in found if name in OTHERS]
    for run in runs[1:]:
        own = [(f, part_of(n, parts), parts) for f, _, parts in run.units for n in found]
        held = [
            n
            for n in found
            for f, number, parts in run.units
            if n.startswith(f + "/") and part_of(n, parts) == number
        ]
        assert split[run.folder] == held and own
    assert sorted(n for run in runs[1:] for n in split[run.folder]) == sorted(
        name for name in found if name not in OTHERS
    )
    # The early runs ask for the further bundles only.
    assert split_pages(found, runs[1:]) == {run.folder: split[run.folder] for run in runs[1:]}


@pytest.mark.build  # runs Pagefind in a process of its own
def test_pagefind_reads_each_html_file_in_exactly_one_bundle(tmp_path):
    # Pagefind's own glob matching decides: its verbose log names the files of each run.
    years = {"aktuelles/2019": 3, "aktuelles/2020": 4, "aktuelles/2021": 2}
    root = site(tmp_path, years, [*OTHERS, "regionen/allgaeu/index.html"])
    seen: list[str] = []
    runs = bundles(names(root), limit=4)  # parts of a page or two: some named file by file
    assert len(runs) == 4 and any("beitrag-" in run.glob for run in runs[1:])
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
