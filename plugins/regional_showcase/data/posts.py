"""The rules every news post must meet, shared by `showcase check` and the build.

Pelican on its own logs a warning and skips a post with a bad header; here every problem is
reported with file, line and a suggestion, and the build stops instead of dropping a post.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import unsaved
from .content_files import suffix_problem
from .content_rules import post_text_rules
from .dates import MONTH_ONLY, DateError
from .dates import parse_date as parse_german_date
from .front_matter import Header, split_header
from .links import tracking_problems
from .model import ALL_REGIONS, SiteData
from .paths_shown import display_path
from .photos import credit_problems
from .placeholders import placeholder_problems
from .post_body import BodyRules, Refusal, image_source_refusals
from .problems import Problem, did_you_mean, field_label, one_of, suggestion
from .text_files import UnusableText, read_text

REQUIRED_FIELDS = ("title", "date", "category", "regions", "summary")
OPTIONAL_FIELDS = (
    "modified",
    "slug",
    "status",
    "image",
    "image_alt",
    # A title picture's credit line, licence and focus (photos.py): credit and licence are
    # required once `image` is set.
    "image_credit",
    "image_licence",
    "image_focus",
)
# A translated post's language and the slug of its German original (post_translations.py);
# written by hand in content/news/<lang>/, so the web editor has no fields for them.
TRANSLATION_FIELDS = ("lang", "translation_key")
# The order in which the web editor writes the keys (it sorts them by its field list, which is
# generated in this order): a post written by anything else in this order opens and saves in
# the editor with a diff of only what was edited.
FIELD_ORDER = (
    "title",
    "date",
    "regions",
    "category",
    "summary",
    "image",
    "image_alt",
    "image_credit",
    "image_licence",
    "image_focus",
    "status",
    "modified",
    "slug",
)
STATUSES = ("published", "draft")
# German words staff may write for a status, and what Pelican calls it.
STATUS_WORDS = {
    "published": "published",
    "veröffentlicht": "published",
    "draft": "draft",
    "entwurf": "draft",
}
POST_SUFFIXES = (".md", ".markdown")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Problems in the body of a post are reported under this name; staff call it the text.
BODY = "Text"


@dataclass(frozen=True)
class PostInfo:
    """What the rules learned about one post that other rules need (slug uniqueness)."""

    path: Path
    slug: str | None
    year: int | None
    slug_field: str = "Slug"  # the slug field's name as this post's header spells it
    date: dt.datetime | None = None
    slug_line: int = 1
    lang: str = ""  # '' for the site's language; a translation's URL has its own prefix
    status: str = "published"
    # Every link target of the text with its line (content_rules.LinkTarget): resolved
    # against all posts at once, since another post's address decides (internal_links.py).
    links: tuple = ()
    # What asks for confirmation but stops nothing (a long title): problems.WARNING.
    warnings: tuple[Problem, ...] = ()
    date_line: int = 1
    date_field: str = "Date"
    body_line: int = 1
    # The region slugs as written (known or not): which files still name a region.
    regions: tuple[str, ...] = ()
    # Where a draft is told who links to it (site_rules.py).
    status_line: int = 1
    status_field: str = "Status"

    @property
    def draft(self) -> bool:
        return self.status == "draft"


def post_files(news_dir: Path) -> list[Path]:
    """Every file under the news folder; none is skipped without a word."""
    return [p for p in unsaved.files_under(news_dir) if not unsaved.file_name(p).startswith(".")]


def default_slug(path: Path) -> str:
    """The slug is fixed at creation: taken from the file name, not from the title."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)


def site_facts_read(site: SiteData) -> tuple:
    """All that check_post reads of the region data: the regions' slugs and the topics' names
    and slugs, in order (the messages list them). A kept check is keyed on exactly this, so an
    edit to a region's texts or figures leaves every post's check in place."""
    return (tuple(r.slug for r in site.regions), tuple((t.name, t.slug) for t in site.topics))


def check_post(
    path: Path,
    site: SiteData,
    content_path: Path,
    rules: BodyRules | None = None,
    *,
    bodies: bool = True,
) -> tuple[list[Problem], PostInfo]:
    """All problems of one post file; `rules` parses the body as the build's Markdown does.

    The build passes bodies=False: its reader applies the body rules while it renders.
    """
    shown = display_path(path)
    if path.suffix.lower() not in POST_SUFFIXES:
        return [
            Problem(
                shown,
                0,
                "",
                "keine Meldung: Meldungen sind Markdown-Dateien mit der Endung .md; "
                "Bilder gehören nach content/images/",
            )
        ], PostInfo(path, None, None)
    renamed = suffix_problem(path, shown)
    if renamed:
        return [renamed], PostInfo(path, None, None)
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        return error.problems, PostInfo(path, None, None)
    header = split_header(text, shown)
    # Header fields (Image sources, summaries) and body alike: no link may track readers.
    problems = list(header.problems) + tracking_problems(text, shown)
    if header.problems:
        return problems, PostInfo(path, None, None)
    problems += _field_problems(header, shown, site)
    dates, date_problems = _parse_dates(header, shown)
    problems += date_problems
    year = dates["date"].year if "date" in dates else None
    slug = header.fields.get("slug", (default_slug(path), 0))[0]
    if not SLUG_RE.match(slug):
        line = header.fields.get("slug", ("", 1))[1]
        problems.append(
            Problem(
                shown,
                line,
                header.label("slug"),
                f"'{slug}' ist kein gültiger Slug: verwenden Sie nur a-z, 0-9 und einzelne "
                "Bindestriche",
            )
        )
    rules = rules or BodyRules(content_path)
    problems += lead_image_problems(header, shown, content_path, rules.site_url)
    if bodies:
        problems += _body_problems(header, shown, rules)
    status = status_of(header.fields.get("status", ("published", 0))[0])
    problems += placeholder_problems(header, shown, draft=status == "draft")
    # A text, headings, lengths, e-mail links; the links are resolved across all posts.
    text_rules = post_text_rules(header, shown)
    problems += text_rules.problems
    slug_line = header.fields.get("slug", ("", 1))[1]
    lang = str(header.fields.get("lang", ("", 0))[0]).strip()
    return problems, PostInfo(
        path,
        slug,
        year,
        header.label("slug"),
        dates.get("date"),
        slug_line,
        lang,
        status or "published",
        text_rules.links,
        tuple(text_rules.warnings),
        header.fields.get("date", ("", 1))[1],
        header.label("date"),
        header.body_line,
        tuple(parse_region_list(header.fields.get("regions", ("", 0))[0])),
        header.fields.get("status", ("", 1))[1],
        header.label("status"),
    )


def status_of(value: str) -> str | None:
    """'Entwurf' -> 'draft', 'veröffentlicht' -> 'published'; None for an unknown word."""
    return STATUS_WORDS.get(value.strip().lower())


def parse_date(value: str) -> dt.datetime:
    """A post's date as staff write it (see dates.py); never guessed month-first.

    `2022-05` is a month-only date (a MonthDate), never the 1st or today's day.
    """
    return parse_german_date(value)


def _parse_dates(header: Header, shown: str) -> tuple[dict[str, dt.datetime], list[Problem]]:
    """Date and Modified, each parsed once; the year is needed for the slug check too."""
    dates, problems = {}, []
    for name in ("date", "modified"):
        value, line = header.fields.get(name, ("", 0))
        if not value.strip():
            continue
        if name == "modified" and MONTH_ONLY.match(value.strip()):
            problems.append(
                Problem(
                    shown,
                    line,
                    field_label(name),
                    f"'{value}' nennt nur den Monat: Modified braucht einen Tag, "
                    "z. B. 2022-05-25 10:00 (nur Date darf JJJJ-MM sein)",
                )
            )
            continue
        try:
            dates[name] = parse_date(value)
        except DateError as error:
            problems.append(Problem(shown, line, header.label(name), str(error)))
    return dates, problems


def _field_problems(header: Header, shown: str, site: SiteData) -> Iterable[Problem]:
    fields = header.fields
    known = REQUIRED_FIELDS + OPTIONAL_FIELDS + TRANSLATION_FIELDS
    yield from header_field_problems(header, shown, known, REQUIRED_FIELDS)
    if fields.get("category", ("", 0))[0].strip():
        value, line = fields["category"]
        if site.topic_named(value) is None:
            names = [t.name for t in site.topics]
            yield Problem(shown, line, header.label("category"), unknown_category(value, names))
    if fields.get("regions", ("", 0))[0].strip():
        yield from region_problems(*fields["regions"], header.label("regions"), shown, site)
    yield from status_problems(header, shown)


def header_field_problems(
    header: Header, shown: str, known: tuple[str, ...], required: tuple[str, ...]
) -> Iterable[Problem]:
    """Fields the header may not have and required ones it lacks (press releases share it)."""
    fields = header.fields
    for name, (_, line) in fields.items():
        if name not in known:
            labels = [field_label(known_name, header.style) for known_name in known]
            yield Problem(
                shown, line, header.label(name), f"unbekanntes Feld{suggestion(name, labels)}"
            )
    for name in required:
        if name not in fields or not fields[name][0].strip():
            line = fields[name][1] if name in fields else 1
            label = header.label(name)
            yield Problem(
                shown,
                line,
                label,
                f"Pflichtfeld fehlt: fügen Sie dem Kopf eine Zeile '{label}: …' hinzu",
            )


def status_problems(header: Header, shown: str) -> Iterable[Problem]:
    """A status word the site does not know."""
    if "status" in header.fields:
        value, line = header.fields["status"]
        if status_of(value) is None:
            words = ("Entwurf", "veröffentlicht")
            yield Problem(
                shown,
                line,
                header.label("status"),
                f"unbekannter Status '{value}'{did_you_mean(value, [*words, *STATUSES])}; "
                f"erlaubt sind {one_of(words)} (oder {one_of(STATUSES)})",
            )


def region_problems(
    value: str, line: int, field: str, shown: str, site: SiteData
) -> Iterable[Problem]:
    """Region slugs the data does not know, and 'alle' beside others."""
    slugs = [r.slug for r in site.regions]
    names = parse_region_list(value)
    if ALL_REGIONS in names and len(names) > 1:
        yield Problem(
            shown,
            line,
            field,
            f"'{ALL_REGIONS}' steht schon für alle Regionen: entfernen Sie die übrigen Slugs",
        )
    for name in names:
        if name != ALL_REGIONS and name not in slugs:
            yield Problem(shown, line, field, unknown_region(name, slugs))


def unknown_region(name: str, slugs: list[str]) -> str:
    """The message for a region slug that does not exist (posts and `new-post` share it)."""
    hint = did_you_mean(name, [*slugs, ALL_REGIONS]) or f" (Regionen sind {one_of(slugs)})"
    return f"unbekannte Region '{name}'{hint}"


def unknown_category(value: str, names: list[str]) -> str:
    """The message for a Category that is no topic (posts and `new-post` share it)."""
    return (
        f"unbekannte Kategorie '{value}'{did_you_mean(value, names)}; erlaubt sind {one_of(names)}"
    )


def parse_region_list(value: str) -> list[str]:
    """'allgaeu, bodensee' or 'allgaeu bodensee' -> ['allgaeu', 'bodensee']."""
    return [part.strip().lower() for part in re.split(r"[,;\s]+", value) if part.strip()]


def _body_problems(header: Header, shown: str, rules: BodyRules) -> list[Problem]:
    lead = header.fields.get("image", ("", 0))[0].strip() or None
    summary = header.fields.get("summary", ("", 0))[0]
    return located_problems(
        header,
        shown,
        rules.check(header.body, lead_image=lead),
        header.body_line,
        rules.check(summary) if summary.strip() else [],
    )


def located_problems(
    header: Header, shown: str, body: list[Refusal], body_line: int, summary: list[Refusal]
) -> list[Problem]:
    """Refusals in a body (its line 1 is the file's `body_line`) and in the summary, as
    problems at their lines in the file. The reader gives them too, from the build's parse."""
    problems = [Problem(shown, body_line + r.line - 1, BODY, r.message) for r in body]
    # The summary is Markdown too (shown on cards and in feeds): the same rules apply.
    line = header.fields.get("summary", ("", 0))[1]
    problems += [Problem(shown, line, header.label("summary"), r.message) for r in summary]
    return problems


def check_page_bodies(paths: Iterable[Path], rules: BodyRules) -> list[Problem]:
    """Pages (Impressum, Datenschutz, …) render like posts: their text follows the same rules."""
    problems: list[Problem] = []
    for path in paths:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        shown = display_path(path)
        try:
            text = read_text(path, shown)
        except UnusableText:
            continue  # content_problems reports the encoding, once
        header = split_header(text, shown)
        problems += header.problems or list(_body_problems(header, shown, rules))
    return problems


def lead_image_problems(
    header: Header, shown: str, content_path: Path, site_url: str
) -> Iterable[Problem]:
    """A title picture's source, description, credit and licence (press releases share it)."""
    if "image" not in header.fields:
        return
    src, line = header.fields["image"]
    for message in image_source_refusals(src.strip(), content_path, site_url):
        yield Problem(shown, line, header.label("image"), message)
    if not header.fields.get("image_alt", ("", 0))[0].strip():
        yield Problem(
            shown,
            line,
            header.label("image_alt"),
            "das Titelbild braucht eine Beschreibung: fügen Sie eine Zeile "
            f"'{header.label('image_alt')}: …' hinzu, die sagt, was das Bild zeigt",
        )
    keys = {"credit": "image_credit", "licence": "image_licence", "focus": "image_focus"}
    values = {key: header.fields[name][0] for key, name in keys.items() if name in header.fields}
    lines = {key: header.fields.get(name, ("", line))[1] for key, name in keys.items()}
    labels = {key: header.label(name) for key, name in keys.items()}
    yield from credit_problems(values, labels, shown, lines)


def check_posts(
    paths: Iterable[Path],
    site: SiteData,
    content_path: Path,
    rules: BodyRules | None = None,
    *,
    bodies: bool = True,
    checked: dict[Path, tuple[list[Problem], PostInfo]] | None = None,
    infos: list[PostInfo] | None = None,
) -> list[Problem]:
    """Problems of every post, plus slugs that two posts of one year and language share (same
    URL; an English post's URL starts with en/, so it may keep its original's slug).

    `checked` holds check_post's results already known (the preview's memo); `infos`, when
    given, receives every post's PostInfo (for the rules across posts, checks.py)."""
    problems: list[Problem] = []
    by_url: dict[tuple[str, int, str], list[PostInfo]] = {}
    rules = rules or BodyRules(content_path)
    for path in paths:
        if checked is not None and path in checked:
            post_problems, info = checked[path]
        else:
            post_problems, info = check_post(path, site, content_path, rules, bodies=bodies)
        problems += post_problems
        if infos is not None:
            infos.append(info)
        if info.slug and info.year:
            by_url.setdefault((info.lang, info.year, info.slug), []).append(info)
    for (_, year, slug), posts in by_url.items():
        problems += duplicate_slug_problems(year, slug, posts)
    return problems


def duplicate_slug_problems(year: int, slug: str, posts: list[PostInfo]) -> Iterable[Problem]:
    """Posts of one year sharing a slug: the oldest keeps the address, each newer one is told.

    The older post is usually the one already online, with links and feed entries pointing
    to it; telling its editor to rename it would break them.
    """
    if len(posts) < 2:
        return
    ordered = sorted(posts, key=lambda p: (p.date.replace(tzinfo=None) if p.date else _FAR, p.path))
    oldest = ordered[0]
    for newer in ordered[1:]:
        yield Problem(
            display_path(newer.path),
            newer.slug_line,
            newer.slug_field,
            f"'{slug}' ist {year} schon die Adresse der älteren Meldung "
            f"{display_path(oldest.path)} (sie behält sie): geben Sie dieser Meldung "
            f"einen eigenen Slug, z. B. '{newer.slug_field}: {slug}-2'",
        )


_FAR = dt.datetime.max
