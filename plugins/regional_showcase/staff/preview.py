"""The fast edit–preview loop of `make serve`: re-render only the post pages that changed.

A post page depends on its own file, on the templates, the region data and on the list of
all posts (related posts, region chips). When none of these changed since the last preview
build and the page is still in the output folder, rendering it again would write the same
bytes, so it is skipped. Listings, region and topic pages and feeds are always rebuilt.
Publish builds never use this: they always render everything from scratch.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..settings import ShowcaseSettings


def _stat_line(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def inputs_fingerprint(settings: ShowcaseSettings, articles: list) -> str:
    """What every post page depends on besides its own file."""
    digest = hashlib.sha256()
    templates = settings.theme / "templates"
    for path in sorted(templates.rglob("*.html")):
        digest.update(_stat_line(path).encode())
    for target in (settings.data, settings.region_texts):
        if target is not None and target.exists():
            files = sorted(target.rglob("*")) if target.is_dir() else [target]
            for path in files:
                digest.update(_stat_line(path).encode())
    for article in articles:
        regions = str(article.metadata.get("regions", ""))
        line = f"{article.url}|{article.title}|{article.date}|{regions}|{article.category}"
        digest.update(line.encode())
    return digest.hexdigest()


class PreviewManifest:
    """Fingerprints of the post pages the last preview build wrote."""

    def __init__(self, file: Path, output_path: Path):
        self.file = file
        self.output_path = output_path
        try:
            self.previous = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def fingerprint(self, inputs: str, source_path: str) -> str:
        return hashlib.sha256(f"{inputs}|{_stat_line(Path(source_path))}".encode()).hexdigest()

    def unchanged(self, name: str, fingerprint: str) -> bool:
        """True when the page was written from the same inputs and is still there."""
        self.current[name] = fingerprint
        return self.previous.get(name) == fingerprint and (self.output_path / name).exists()

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.file.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
