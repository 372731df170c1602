"""The rules for one press release, shared by `showcase check` and the build. Messages in German.

A release is a post with a press contact and an optional PDF: where a rule applies to both, it
is the post rule itself (header, dates, regions, status, slug, text, lead image with credit
and licence), so a release and a post are never judged differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..data.content_files import suffix_problem
from ..data.content_rules import post_text_rules
from ..data.dates import DateError
from ..data.front_matter import Header, split_header
from ..data.links import tracking_problems
from ..data.model import ALL_REGIONS, SiteData
from ..data.paths_shown import display_path
from ..data.placeholders import placeholder_problems
from ..data.post_body import BodyRules
from ..data.posts import (
    POST_SUFFIXES,
    header_field_problems,
    lead_image_problems,
    located_problems,
    parse_date,
    parse_region_list,
    region_problems,
    status_of,
    status_problems,
)
from ..data.problems import Problem, did_you_mean, one_of
from ..data.text_files import UnusableText, read_text
from .model import PRESS_DIR, PressRelease

REQUIRED = ("title", "date", "regions", "contact", "summary")
OPTIONAL = (
    "pdf",
    "image",
    "image_alt",
    "image_credit",
    "image_licence",
    "status",
    "modified",
)
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
# PDFs are published from content/images/ (data/published_files.py checks them by content).
PDF_FOLDER = "images"


@dataclass
class ReleaseCheck:
    """What one file yielded: the release (None when it has problems) and its problems."""

    release: PressRelease | None = None
    problems: list[Problem] = field(default_factory=list)


def check_release(
    path: Path, site: SiteData, content_path: Path, rules: BodyRules | None = None
) -> ReleaseCheck:
    """All problems of one release file; the release itself when there are none."""
    shown = display_path(path)
    if path.suffix.lower() not in POST_SUFFIXES:
        return ReleaseCheck(
            problems=[
                Problem(
                    shown,
                    0,
                    "",
                    f"keine Pressemitteilung: content/{PRESS_DIR}/ nimmt nur Markdown-Dateien "
                    "mit der Endung .md; PDF-Dokumente und Bilder gehören nach content/images/",
                )
            ]
        )
    renamed = suffix_problem(path, shown)
    if renamed:
        return ReleaseCheck(problems=[renamed])
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        return ReleaseCheck(problems=error.problems)
    header = split_header(text, shown)
    problems = list(header.problems) + tracking_problems(text, shown)
    if header.problems:
        return ReleaseCheck(problems=problems)
    problems += name_problems(path, shown)
    problems += list(_field_problems(header, shown, site))
    date, date_problems = _date(header, shown, path)
    problems += date_problems
    rules = rules or BodyRules(content_path)
    problems += list(lead_image_problems(header, shown, content_path, rules.site_url))
    problems += list(_pdf_problems(header, shown, content_path))
    summary = header.fields.get("summary", ("", 0))[0]
    problems += located_problems(
        header,
        shown,
        rules.check(header.body),
        header.body_line,
        rules.check(summary) if summary.strip() else [],
    )
    status = status_of(header.fields.get("status", ("published", 0))[0])
    problems += placeholder_problems(header, shown, draft=status == "draft")
    problems += post_text_rules(header, shown).problems
    if problems:
        return ReleaseCheck(problems=problems)
    return ReleaseCheck(_release(header, path, shown, site, date, status == "draft"))


def name_problems(path: Path, shown: str) -> list[Problem]:
    """The file name is the release's date and slug: 2022-05-25-praxisleitfaden.md."""
    if FILE_NAME.match(path.stem):
        return []
    return [
        Problem(
            shown,
            1,
            "Dateiname",
            f"'{path.name}' passt nicht zum Muster JJJJ-MM-TT-slug.md: benennen Sie die Datei "
            "nach dem Datum der Mitteilung und einem Slug aus a-z, 0-9 und einzelnen "
            "Bindestrichen, z. B. 2022-05-25-praxisleitfaden.md",
        )
    ]


def _field_problems(header: Header, shown: str, site: SiteData) -> Iterable[Problem]:
    fields = header.fields
    yield from header_field_problems(header, shown, REQUIRED + OPTIONAL, REQUIRED)
    if fields.get("regions", ("", 0))[0].strip():
        yield from region_problems(*fields["regions"], header.label("regions"), shown, site)
    slugs = [r.slug for r in site.regions]
    contact, line = fields.get("contact", ("", 0))
    if contact.strip() and contact.strip().lower() not in slugs:
        yield Problem(shown, line, header.label("contact"), contact_message(contact.strip(), slugs))
    yield from status_problems(header, shown)


def contact_message(value: str, slugs: list[str]) -> str:
    """The contact names a region: its press contact comes from data/regions.yaml."""
    hint = did_you_mean(value, slugs) or f" (Regionen sind {one_of(slugs)})"
    return (
        f"unbekannte Region '{value}'{hint}: als Pressekontakt steht der Slug der Region, deren "
        "Kontakt aus data/regions.yaml unter der Mitteilung stehen soll"
    )


def _date(header: Header, shown: str, path: Path):
    value, line = header.fields.get("date", ("", 0))
    if not value.strip():
        return None, []
    try:
        date = parse_date(value)
    except DateError as error:
        return None, [Problem(shown, line, header.label("date"), str(error))]
    named = FILE_NAME.match(path.stem)
    if named and date.strftime("%Y-%m-%d") != named.group(1):
        return None, [
            Problem(
                shown,
                line,
                header.label("date"),
                f"das Datum {date:%d.%m.%Y} passt nicht zum Dateinamen ({named.group(1)}): "
                "gleichen Sie Datum und Dateinamen an, damit die Adresse das Datum trägt",
            )
        ]
    return date, []


def _pdf_problems(header: Header, shown: str, content_path: Path) -> Iterable[Problem]:
    if "pdf" not in header.fields:
        return
    value, line = header.fields["pdf"]
    relative = value.strip().lstrip("/")
    target = content_path / relative
    inside = relative.startswith(f"{PDF_FOLDER}/") and ".." not in Path(relative).parts
    if not (inside and relative.lower().endswith(".pdf") and target.is_file()):
        yield Problem(shown, line, header.label("pdf"), pdf_message(value.strip()))


def pdf_message(value: str) -> str:
    """Where a release's PDF must be, and how to name it."""
    return (
        f"das PDF '{value}' gibt es nicht: legen Sie es unter content/{PDF_FOLDER}/presse/ ab "
        f"und geben Sie den Pfad ab content/ an, z. B. '{PDF_FOLDER}/presse/leitfaden.pdf'"
    )


def _release(
    header: Header, path: Path, shown: str, site: SiteData, date, draft: bool
) -> PressRelease:
    fields = {name: value.strip() for name, (value, _) in header.fields.items()}
    by_slug = {r.slug: r for r in site.regions}
    names = parse_region_list(fields["regions"])
    return PressRelease(
        slug=FILE_NAME.match(path.stem).group(2),
        title=fields["title"],
        date=date,
        summary=fields["summary"],
        body=header.body,
        regions=tuple(by_slug[n] for n in names if n in by_slug),
        for_all_regions=ALL_REGIONS in names,
        contact=by_slug[fields["contact"].lower()],
        source_path=shown,
        pdf=fields.get("pdf", "").lstrip("/") or None,
        image=fields.get("image") or None,
        image_alt=fields.get("image_alt") or None,
        image_credit=fields.get("image_credit") or None,
        image_licence=fields.get("image_licence") or None,
        draft=draft,
    )
