"""The Pagefind search index: the one command line every build path runs.

`make html`, `make publish` (scripts/publish) and `make serve` all index through
`build_search_index`, via `showcase index` or `python -m regional_showcase.search_index`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The site is German; Pagefind would otherwise guess per page and split the index.
DEFAULT_LANGUAGE = "de"


def pagefind_command(output: Path | str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The Pagefind command line (PyPI pagefind-bin, run with this Python) for a built site."""
    return [
        sys.executable,
        "-m",
        "pagefind_bin",
        "--site",
        str(output),
        "--force-language",
        language,
        "--quiet",
    ]


def build_search_index(output: Path | str, language: str = DEFAULT_LANGUAGE) -> int:
    """Index the built site in `output`; returns Pagefind's exit status."""
    return subprocess.run(pagefind_command(output, language), check=False).returncode


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return build_search_index(args[0] if args else "output")


if __name__ == "__main__":
    sys.exit(main())
