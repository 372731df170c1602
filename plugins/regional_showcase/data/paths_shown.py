"""How a file's path appears in messages; imports nothing from the package, so every layer can."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible.

    Called for every post on every check, so it only computes strings (no resolve()).
    """
    relative = os.path.relpath(path.absolute(), Path.cwd())
    return str(path) if relative.startswith("..") else relative
