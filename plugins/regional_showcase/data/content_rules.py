"""What makes a post readable, beyond a valid header: a text, headings below the title,
titles and summaries of a readable length, dates that are no year typos, working links.

Each rule takes the parsed post (front_matter.Header and the file's name as messages show
it), not a file walk: `showcase check`, the build and the web editor's check before saving
all call the same functions (check_post, checks.check_input). Warnings (problems.WARNING)
ask for confirmation and stop nothing; errors stop the check, the build and the save.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .front_matter import Header, split_header
from .headings import heading_problems
from .internal_links import LinkTarget, link_targets, local_links, mailto_problems
from .problems import Problem, warning

# Characters of a title and a summary: up to the first number reads well (cards, feeds,
# link previews); above it the editor asks; above the second the post is refused.
TITLE_LIMITS = (90, 150)
SUMMARY_LIMITS = (300, 500)
# Dates further ahead than this many months ask for confirmation: a post waits until its
# date, so '2062' for '2026' would keep it offline for 36 years without a word.
FUTURE_MONTHS = 12
BODY = "Text"
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)


@dataclass(frozen=True)
class TextRules:
    """What the rules found in one post: errors, warnings and the links to resolve later."""

    problems: list[Problem]
    warnings: list[Problem]
    links: tuple[LinkTarget, ...]


def post_text_rules(header: Header, shown: str) -> TextRules:
    """Every rule of this module that needs nothing but the post itself."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    body = header.body
    if not _COMMENT.sub("", body).strip():
        problems.append(
            Problem(
                shown,
                header.body_line,
                BODY,
                "die Meldung hat keinen Text: schreiben Sie unter den Kopf mindestens einen "
                "Absatz (die Kurzfassung erscheint nur in Listen und Feeds)",
            )
        )
    problems += heading_problems(body, shown, header.body_line, BODY)
    for name, limits, noun, advice in (
        ("title", TITLE_LIMITS, "der Titel", "kürzen Sie ihn"),
        ("summary", SUMMARY_LIMITS, "die Kurzfassung", "kürzen Sie sie auf ein bis zwei Sätze"),
    ):
        found = length_problem(header, shown, name, limits, noun, advice)
        if found is not None:
            (warnings if found.is_warning else problems).append(found)
    links = link_targets(body)
    problems += mailto_problems(links, shown, header.body_line, BODY)
    return TextRules(problems, warnings, tuple(links + local_links(body)))


def page_text_problems(text: str, shown: str) -> list[Problem]:
    """A page's text (Impressum, Über das Projekt): headings below its title, e-mail links
    with mailto:. Its links are resolved with the posts' (site_rules.py)."""
    header = split_header(text, shown)
    if header.problems:
        return []  # the page's header check reports them
    problems = heading_problems(header.body, shown, header.body_line, BODY)
    return problems + mailto_problems(link_targets(header.body), shown, header.body_line, BODY)


def length_problem(
    header: Header, shown: str, name: str, limits: tuple[int, int], noun: str, advice: str
) -> Problem | None:
    """A warning above the first limit, an error above the second, else None."""
    value, line = header.fields.get(name, ("", 0))
    length = len(" ".join(value.split()))
    soft, hard = limits
    if length > hard:
        return Problem(
            shown,
            line,
            header.label(name),
            f"{noun} hat {length} Zeichen; erlaubt sind höchstens {hard}: {advice} "
            f"(gut lesbar sind bis {soft})",
        )
    if length > soft:
        return warning(
            shown,
            line,
            header.label(name),
            f"{noun} hat {length} Zeichen; empfohlen sind höchstens {soft}: {advice}, oder "
            "bestätigen Sie die Länge",
        )
    return None


def date_warning(
    date: dt.datetime | dt.date,
    shown: str,
    line: int,
    field: str,
    today: dt.date,
    first_post: dt.date | None = None,
) -> Problem | None:
    """A date more than twelve months ahead, or before the site's first post: a year typo?"""
    day = date.date() if isinstance(date, dt.datetime) else date
    if day > months_after(today, FUTURE_MONTHS):
        return warning(
            shown,
            line,
            field,
            f"das Datum {day:%d.%m.%Y} liegt mehr als {FUTURE_MONTHS} Monate in der Zukunft, "
            "und die Meldung erscheint erst an diesem Tag: stimmt das Jahr? Korrigieren Sie "
            "es, oder bestätigen Sie das Datum",
        )
    if first_post is not None and day < first_post:
        return warning(
            shown,
            line,
            field,
            f"das Datum {day:%d.%m.%Y} liegt vor der ersten Meldung der Website "
            f"({first_post:%d.%m.%Y}): stimmt das Jahr? Korrigieren Sie es, oder bestätigen "
            "Sie das Datum",
        )
    return None


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the 29th of February becomes the 28th)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
