"""How a file's path appears in messages; imports nothing from the package, so every layer can."""

from __future__ import annotations

import os
from pathlib import Path

# (working folder, path) -> what display_path shows; cleared when it grows large.
_SHOWN: dict[tuple[str, str], str] = {}


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible.

    Called for every post in several rules on every check (15,000 calls at 1,000 posts), so
    it only computes strings, each once per working folder: a path below the working
    directory loses its prefix without relpath (which builds two absolute paths and splits
    both); any other goes to relpath.
    """
    text = os.fspath(path)
    cwd = os.getcwd()
    shown = _SHOWN.get((cwd, text))
    if shown is None:
        if len(_SHOWN) > 100_000:
            _SHOWN.clear()
        shown = _SHOWN[(cwd, text)] = _shown(text, cwd)
    return shown


def _shown(text: str, cwd: str) -> str:
    full = os.path.normpath(text if os.path.isabs(text) else os.path.join(cwd, text))
    if full.startswith(cwd) and full[len(cwd) : len(cwd) + 1] == os.sep and cwd != os.sep:
        relative = full[len(cwd) + 1 :]
    else:
        relative = os.path.relpath(full, cwd)
    return text if relative.startswith("..") else relative
