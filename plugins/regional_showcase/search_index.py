"""The Pagefind search index: the one command line every build path runs.

`make html`, `make publish` (scripts/publish) and `make serve` all index through
`build_search_index`, via `showcase index` or `python -m regional_showcase.search_index`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def pagefind_command(output: Path | str) -> list[str]:
    """The Pagefind command line (PyPI pagefind-bin, run with this Python) for a built site.

    Pagefind keeps one index per `<html lang>`: German pages are found from /suche/, English
    ones from /en/search/, each page declaring its language."""
    return [sys.executable, "-m", "pagefind_bin", "--site", str(output), "--quiet"]


def build_search_index(output: Path | str) -> int:
    """Index the built site in `output`; returns Pagefind's exit status."""
    status = subprocess.run(
        pagefind_command(output), check=False, stdin=subprocess.DEVNULL
    ).returncode
    if status == 0:
        sort_entry_languages(Path(output) / "pagefind" / "pagefind-entry.json")
    return status


def sort_entry_languages(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from
    run to run; sorted, the same site gives the same bytes (the loader reads them by key)."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return build_search_index(args[0] if args else "output")


if __name__ == "__main__":
    sys.exit(main())
