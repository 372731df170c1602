"""The Pagefind search index: the one command line every build path runs.

`make html`, `make publish` (scripts/publish) and `make serve` all index through
`build_search_index`, via `showcase index` or `python -m regional_showcase.search_index`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .atomic_write import write_text
from .environment import EnvironmentProblem, read_environment
from .search_bundles import BUNDLE_PAGES, PRIMARY, Bundle, bundles, stale_bundles

BUNDLE_LIST = f"{PRIMARY}/bundles.json"  # read by theme/static/js/search.js


def pagefind_command(output: Path | str, bundle: Bundle | None = None) -> list[str]:
    """The Pagefind command line (PyPI pagefind-bin, run with this Python) for a built site.

    Pagefind keeps one index per `<html lang>`: German pages are found from /suche/, English
    ones from /en/search/, each page declaring its language. A bundle of a large site reads
    only its files and writes its own folder (search_bundles.py)."""
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(output), "--quiet"]
    if bundle is not None and bundle.folder != PRIMARY:
        command += ["--output-subdir", bundle.folder]
    if bundle is not None and bundle.glob is not None:
        command += ["--glob", bundle.glob]
    return command


def bundle_limit() -> int:
    """HTML files per bundle: SHOWCASE_SEARCH_BUNDLE_PAGES, else BUNDLE_PAGES."""
    try:
        return read_environment().search_bundle_pages or BUNDLE_PAGES
    except EnvironmentProblem as problem:
        raise SystemExit(str(problem)) from None


def build_search_index(output: Path | str, limit: int | None = None) -> int:
    """Index the built site in `output`, bundle by bundle; returns Pagefind's exit status."""
    site = Path(output)
    runs = bundles(site, limit or bundle_limit())
    for stale in stale_bundles(site, runs):
        shutil.rmtree(stale)
    for bundle in runs:
        status = subprocess.run(
            pagefind_command(output, bundle), check=False, stdin=subprocess.DEVNULL
        ).returncode
        if status != 0:
            return status
        sort_entry_languages(site / bundle.folder / "pagefind-entry.json")
    write_bundle_list(site, runs[1:])
    return 0


def write_bundle_list(site: Path, further: list[Bundle]) -> None:
    """The further bundles and their languages, for the search pages to merge (an empty list
    for a site in one bundle: the search page always finds the file)."""
    listed = []
    for bundle in further:
        entry = json.loads((site / bundle.folder / "pagefind-entry.json").read_text("utf-8"))
        listed.append({"path": f"{bundle.folder}/", "languages": sorted(entry["languages"])})
    write_text(site / BUNDLE_LIST, json.dumps({"bundles": listed}, separators=(",", ":")))


def sort_entry_languages(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from
    run to run; sorted, the same site gives the same bytes (the loader reads them by key)."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    write_text(entry, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return build_search_index(args[0] if args else "output")


if __name__ == "__main__":
    sys.exit(main())
