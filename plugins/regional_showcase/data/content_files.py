"""Every Markdown file under content/ is a post, a page or a region text, or an error.

Pelican reads only the folders it is told about; a post saved one folder too high, or next
to the images, would appear nowhere while `make check` said OK.
"""

from __future__ import annotations

from pathlib import Path

from . import unsaved
from .front_matter import split_header
from .paths_shown import display_path
from .problems import Problem
from .text_files import UnusableText, read_text

MARKDOWN = (".md", ".markdown")
# A file with one of these fields was meant as a news post.
_POST_FIELDS = ("date", "regions", "category")


def content_problems(
    content: Path,
    news: Path,
    pages: list[Path],
    region_texts: Path | None,
    others: tuple[Path, ...] = (),
) -> list[Problem]:
    """Markdown files outside the news, page and region-text folders (and `others`, such as
    the events folder, whose files are checked by their own rules); pages not in UTF-8."""
    homes = [news, *pages, *([region_texts] if region_texts else []), *others]
    problems = []
    for path in unsaved.files_under(content):
        if path.suffix.lower() not in MARKDOWN:
            continue
        if any(part.startswith(".") for part in path.relative_to(content).parts):
            continue
        shown = display_path(path)
        # Posts report their own file name and encoding; pages and stray files here.
        own_rules = any(path.is_relative_to(folder) for folder in (news, *others))
        is_page = any(path.is_relative_to(folder) for folder in pages)
        renamed = suffix_problem(path, shown) if is_page else None
        if renamed:
            problems.append(renamed)
            continue
        try:
            text = read_text(path, shown)
        except UnusableText as error:
            if not own_rules:
                problems += error.problems
            continue
        if any(path.is_relative_to(home) for home in homes):
            continue
        problems.append(_stray(path, shown, text, content, news, pages))
    return problems


def suffix_problem(path: Path, shown: str) -> Problem | None:
    """A Markdown file whose ending Pelican does not read ('.MD', '.Markdown'): it matches
    endings letter case and all, so the file would appear nowhere while the check read it."""
    if path.suffix in MARKDOWN or path.suffix.lower() not in MARKDOWN:
        return None
    return Problem(
        shown,
        0,
        "",
        f"die Endung '{path.suffix}' liest die Website nicht, nur '.md' in Kleinbuchstaben: "
        f"benennen Sie {path.name} in {path.stem}.md um",
    )


def _stray(path: Path, shown: str, text: str, content: Path, news: Path, pages: list[Path]):
    fields = split_header(text, shown).fields
    if any(name in fields for name in _POST_FIELDS):
        target, kind = news, "eine Meldung"
    else:
        target, kind = (pages[0] if pages else news), "eine Seite"
    folder = display_path(target) + "/"
    return Problem(
        shown,
        0,
        "",
        f"diese Datei liegt außerhalb der Ordner, die die Website liest, und erschiene "
        f"nirgends: als {kind} gehört sie nach {folder} (verschieben Sie sie nach "
        f"{folder}{path.name})",
    )
