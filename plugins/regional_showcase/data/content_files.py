"""Every Markdown file under content/ is a post, a page or a region text, or an error.

Pelican reads only the folders it is told about; a post saved one folder too high, or next
to the images, would appear nowhere while `make check` said OK.
"""

from __future__ import annotations

from pathlib import Path

from .front_matter import split_header
from .loader import display_path
from .problems import Problem
from .text_files import NotUTF8, read_text

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
    for path in sorted(content.rglob("*")):
        if path.suffix.lower() not in MARKDOWN or not path.is_file():
            continue
        if any(part.startswith(".") for part in path.relative_to(content).parts):
            continue
        shown = display_path(path)
        try:
            text = read_text(path, shown)
        except NotUTF8 as error:
            # Posts report their encoding themselves; pages and stray files here.
            if not any(path.is_relative_to(folder) for folder in (news, *others)):
                problems.append(error.problem)
            continue
        if any(path.is_relative_to(home) for home in homes):
            continue
        problems.append(_stray(path, shown, text, content, news, pages))
    return problems


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
