"""The Pagefind search index: the one command line every build path runs.

`make html`, `make publish` (scripts/publish) and `make serve` all index through
`build_search_index`, via `showcase index` or `python -m regional_showcase.search_index`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENTRY = "pagefind/pagefind-entry.json"


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
        canonical_entry(Path(output) / ENTRY)
    return status


def canonical_entry(entry: Path) -> None:
    """Sort the languages in Pagefind's entry file.

    Pagefind writes them from a hash map, so with German and English pages their order changes
    from run to run, and two builds of the same input would differ in this one file. The
    search script looks languages up by key, so the order means nothing to it."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return build_search_index(args[0] if args else "output")


if __name__ == "__main__":
    sys.exit(main())
