"""Fingerprinted theme assets: the file name carries a hash of the content.

Hosts may then cache them for a year (`immutable`); a changed stylesheet gets a new name, so
no visitor keeps an old one.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path, PurePosixPath


def fingerprinted_name(static_dir: Path, relative: str) -> str:
    """'css/site.css' -> 'css/site.1a2b3c4d.css', from the file's content."""
    digest = hashlib.sha256((static_dir / relative).read_bytes()).hexdigest()[:10]
    path = PurePosixPath(relative)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


class Assets:
    """Maps theme asset paths to their fingerprinted URLs, and writes those files."""

    def __init__(self, static_dir: Path, output_prefix: str, names: list[str]):
        self.static_dir = static_dir
        self.prefix = output_prefix
        self.names = {name: fingerprinted_name(static_dir, name) for name in names}

    def preview_digest(self) -> tuple:
        """What url() answers from (staff/preview_pages.py)."""
        return (self.prefix, self.names)

    def url(self, relative: str) -> str:
        """URL path (below SITEURL) of a theme asset, fingerprinted where configured."""
        return f"{self.prefix}/{self.names.get(relative, relative)}"

    def write(self, output_path: Path) -> None:
        for name, fingerprinted in self.names.items():
            target = output_path / self.prefix / fingerprinted
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.static_dir / name, target)
