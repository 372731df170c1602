"""Every Markdown file under content/ is a post, a page or a region text, or an error.

Pelican reads only the folders it is told about; a post saved one folder too high, or next
to the images, would appear nowhere while `make check` said OK.
"""

from __future__ import annotations

import os
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
    # Folders as string prefixes: the same answers as Path.is_relative_to for these paths
    # (all built from `content`), at a fraction of its cost for 1,000s of files.
    own, page_folders, home_folders = _prefixes([news, *others]), _prefixes(pages), _prefixes(homes)
    base = _prefixes([content])[0]
    problems = []
    for path in unsaved.files_under(content):
        if unsaved.file_suffix(path).lower() not in MARKDOWN:
            continue
        text_path = str(path)
        # Posts report their own file name and encoding; pages and stray files here. (Asked
        # first: a hidden file is skipped there too, and the posts are most of the files.)
        if text_path.startswith(own):
            continue  # a home of its own, so nothing is left to say here: not even read
        relative = text_path[len(base) :] if text_path.startswith(base) else text_path
        if any(part.startswith(".") for part in relative.split(os.sep)):
            continue
        shown = display_path(path)
        is_page = text_path.startswith(page_folders)
        renamed = suffix_problem(path, shown) if is_page else None
        if renamed:
            problems.append(renamed)
            continue
        try:
            text = read_text(path, shown)
        except UnusableText as error:
            problems += error.problems
            continue
        if text_path.startswith(home_folders):
            continue
        problems.append(_stray(path, shown, text, content, news, pages))
    return problems


def _prefixes(folders: list[Path]) -> tuple[str, ...]:
    """'content/news' -> 'content/news/': what a path below the folder starts with."""
    return tuple(os.path.join(str(folder), "") for folder in folders)


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
