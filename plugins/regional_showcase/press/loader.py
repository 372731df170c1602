"""Reading every press release: one list of releases and every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..data import unsaved
from ..data.model import SiteData
from ..data.post_body import BodyRules
from ..data.problems import Problem
from .model import PRESS_DIR, PressRelease
from .rules import check_release


@dataclass
class ReleaseList:
    """The releases of the site, newest first (drafts included; the generator decides)."""

    releases: list[PressRelease] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def press_path(content_path: Path) -> Path:
    """content/presse/, the folder of the releases."""
    return content_path / PRESS_DIR


def release_files(content_path: Path) -> list[Path]:
    """Every file below content/presse/; none is skipped without a word."""
    folder = press_path(content_path)
    if not folder.is_dir():
        return []
    return [p for p in unsaved.files_under(folder) if not p.name.startswith(".")]


def load_releases(
    content_path: Path, site: SiteData, body_rules: BodyRules | None = None
) -> ReleaseList:
    """Check and read every release. The slug follows the date in the file name, so two
    releases can share an address only by sharing a file name: no rule across files needed."""
    rules = body_rules or BodyRules(content_path)
    result = ReleaseList()
    for path in release_files(content_path):
        checked = check_release(path, site, content_path, rules)
        result.problems += checked.problems
        if checked.release is not None:
            result.releases.append(checked.release)
    result.releases.sort(key=lambda r: (r.date.replace(tzinfo=None), r.slug), reverse=True)
    return result
