"""Pictures drawn at build time: preview cards, region illustrations, the map, charts, image variants."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def place_cached(cached: Path, target: Path) -> None:
    """Put a picture kept in cache/ into the output: a hard link (a fresh build folder takes
    hundreds of cards and variants this way, without copying them), else a copy. The cache
    replaces a file only by renaming a new one over it, so the output's link keeps its bytes."""
    try:
        target.unlink(missing_ok=True)  # a build in place (make serve) writes over the last one
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
