"""The redirects file (data/weiterleitungen.yaml): where an address that was once online
leads now, or that its page was removed on purpose.

Links to posts live on in newsletters, Facebook posts and search engines long after a post
was deleted or moved to another year or slug. Staff keep one entry per old address:

    redirects:
      - from: /aktuelles/2021/online-umfrage/
        to: /aktuelles/2022/online-umfrage/
        reason: Datum korrigiert
      - from: /aktuelles/2020/alte-meldung/
        removed: true

`to` must be a page of this build (a redirect to a missing page is a dead link again). A
`from` that is still a page of this build waits: staff may add the redirect before they
delete or move the page (the web editor refuses that without it), and the page wins until
it is gone; until then its `to` may be an address still to come (the moved post's new one). Addresses are written as the browser
shows them after the domain, with a leading and a trailing slash, and only with the
characters slugs have: the same text goes into server configuration (.htaccess, nginx), so
nothing in it can be read as configuration there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from . import unsaved
from .paths_shown import display_path
from .problems import Problem, did_you_mean, one_of
from .text_files import UnusableText, read_text
from .yaml_source import dotted, parse_located

LIST_KEY = "redirects"
FIELDS = ("from", "to", "removed", "reason")
# A page's address: segments of letters, digits, '.', '_', '~', '-', each ending in '/'. No
# '..', no query, no space, no quote.
ADDRESS_RE = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
EXAMPLE = "/aktuelles/2024/meine-meldung/"


@dataclass(frozen=True)
class Redirect:
    """One old address and where it leads: `to` (an address of this build) or removed."""

    source: str  # '/aktuelles/2021/online-umfrage/'
    target: str | None  # None: removed (410 where the host allows it)
    reason: str = ""
    line: int = 0

    @property
    def removed(self) -> bool:
        return self.target is None


@dataclass(frozen=True)
class Redirects:
    """Every valid entry of the redirects file, and the problems of the others."""

    entries: tuple[Redirect, ...] = ()
    problems: tuple[Problem, ...] = ()
    # Entries whose old address is still a page of this build: they take effect once it goes.
    waiting: tuple[Redirect, ...] = ()

    def sources(self) -> frozenset[str]:
        return frozenset(entry.source for entry in self.entries)


def address_problem(value: object) -> str | None:
    """Why `value` is no site address to redirect ('/aktuelles/2024/x/'), or None."""
    if not isinstance(value, str) or not value.strip():
        return f"erwartet eine Adresse wie '{EXAMPLE}'"
    text = value.strip()
    match = re.match(r"^https?://[^/]+(/.*)?$", text)
    if match:
        path = match.group(1) or "/"
        return (
            f"nur die Adresse ohne Domain, mit '/' am Anfang: schreiben Sie '{path}' statt '{text}'"
        )
    if not text.startswith("/"):
        return f"eine Adresse beginnt mit '/': schreiben Sie '/{text}'"
    if "?" in text or "#" in text:
        clean = re.split(r"[?#]", text, maxsplit=1)[0]
        return f"ohne '?' und '#' und was danach kommt: schreiben Sie '{clean}'"
    if not re.fullmatch(r"[A-Za-z0-9._~/-]+", text):
        return (
            f"'{text}' enthält Zeichen, die keine Adresse dieser Website hat: erlaubt sind "
            "a-z, A-Z, 0-9, '-', '_', '.', '~' und '/'"
        )
    if not text.endswith("/"):
        return f"die Adresse einer Seite endet mit '/': schreiben Sie '{text}/'"
    if not ADDRESS_RE.match(text):
        return f"'{text}' ist keine Adresse dieser Website: ohne '..', '.' und '//'"
    return None


def load_redirects(
    path: Path | None,
    current: Collection[str],
    archive_listing: Callable[[str], str | None] | None = None,
) -> Redirects:
    """The entries of the redirects file, each checked against the `current` addresses
    ('/aktuelles/2024/x/', those this build writes). A missing file holds no redirects.
    `archive_listing` (Addresses.archive_listing) names the listing of an archive page
    ('aktuelles/seite/3/'): no redirect may start there."""
    if path is None or not unsaved.is_file(path):
        return Redirects()
    shown = display_path(path)
    try:
        text = read_text(path, shown)
    except UnusableText as error:
        return Redirects(problems=tuple(error.problems))
    located = parse_located(text, shown)
    if located.problems:
        return Redirects(problems=tuple(located.problems))
    data = located.data
    if data is None:
        return Redirects()
    if not isinstance(data, dict) or LIST_KEY not in data:
        return Redirects(
            problems=(
                Problem(
                    shown,
                    1,
                    "",
                    f"erwartet eine Liste unter '{LIST_KEY}:' (eine leere Datei enthält "
                    f"'{LIST_KEY}: []')",
                ),
            )
        )
    problems: list[Problem] = []
    for key in data:
        if key != LIST_KEY:
            problems.append(
                Problem(
                    shown,
                    located.line_of((key,)),
                    str(key),
                    f"unbekanntes Feld{did_you_mean(str(key), [LIST_KEY])}: die Datei enthält "
                    f"nur '{LIST_KEY}:'",
                )
            )
    items = data[LIST_KEY] or []
    if not isinstance(items, list):
        line = located.line_of((LIST_KEY,))
        return Redirects(
            problems=(
                *problems,
                Problem(shown, line, LIST_KEY, "erwartet eine Liste ('- from: …')"),
            )
        )
    entries: list[Redirect] = []
    waiting: list[Redirect] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        path_ = (LIST_KEY, index)
        line = located.line_of(path_)
        entry, entry_problems = _entry(item, path_, line, shown, located, current, seen)
        if entry is not None and archive_listing is not None:
            entry_problems = _archive_problems(entry, archive_listing, path_, shown, located)
            entry = None if entry_problems else entry
        problems += entry_problems
        if entry is not None:
            seen[entry.source] = line
            (waiting if entry.source in current else entries).append(entry)
    return Redirects(tuple(entries), tuple(problems), tuple(waiting))


def _archive_problems(entry, archive_listing, path_, shown, located) -> list[Problem]:
    """A redirect from a listing's archive page (stable_pages.py) is refused: the page comes
    and goes with the posts, and while it is there the redirect's page would replace it
    (its block of posts then on no page the listing links to)."""
    listing = archive_listing(entry.source.lstrip("/"))
    if listing is None:
        return []
    key = (*path_, "from")
    return [
        Problem(
            shown,
            located.line_of(key),
            dotted(key),
            f"'{entry.source}' ist eine Archivseite der Übersicht '/{listing}': Archivseiten "
            "entstehen und vergehen mit den Meldungen, und eine Weiterleitung von hier "
            "ersetzte die Seite, solange es sie gibt (siehe docs/redaktion.md, „Adressen "
            "bleiben erreichbar“); löschen Sie diesen Eintrag",
        )
    ]


def _entry(item, path_, line, shown, located, current, seen) -> tuple[Redirect | None, list]:
    where = dotted(path_)
    if not isinstance(item, dict):
        return None, [Problem(shown, line, where, "erwartet einen Eintrag mit 'from:' und 'to:'")]
    problems: list[Problem] = []

    def refuse(key: str, message: str) -> None:
        problems.append(Problem(shown, located.line_of((*path_, key)), f"{where}.{key}", message))

    for key in item:
        if key not in FIELDS:
            refuse(
                str(key),
                f"unbekanntes Feld{did_you_mean(str(key), FIELDS)} (erlaubt: {one_of(FIELDS)})",
            )
    source = item.get("from")
    if source is None:
        problems.append(
            Problem(shown, line, where, f"'from:' fehlt: die alte Adresse, z. B. '{EXAMPLE}'")
        )
    elif reason := address_problem(source):
        refuse("from", reason)
    else:
        source = source.strip()
        if source in seen:
            refuse(
                "from",
                f"'{source}' hat schon eine Weiterleitung in Zeile {seen[source]}: "
                "löschen Sie einen der beiden Einträge",
            )
    removed = item.get("removed")
    target = item.get("to")
    if isinstance(target, str) and not target.strip():
        target = None  # the web editor writes an empty field as ''
    if removed not in (None, True, False):
        refuse("removed", f"erwartet 'true', gefunden {removed!r}")
    if removed is True and target is not None:
        refuse(
            "to",
            "'to:' und 'removed: true' schließen sich aus: eine entfernte Seite leitet "
            "nirgendwohin weiter; löschen Sie eine der beiden Zeilen",
        )
    elif removed is not True and target is None and not problems:
        # Only when nothing else was wrong: a misspelt 'to' or 'removed' is named above.
        problems.append(
            Problem(
                shown,
                line,
                where,
                "'to:' fehlt: die Seite, auf die die alte Adresse führen "
                "soll (z. B. 'to: /aktuelles/'), oder 'removed: true', wenn sie entfernt "
                "bleibt",
            )
        )
    elif target is not None:
        if reason := address_problem(target):
            refuse("to", reason)
        elif target.strip() not in current and source not in current:
            # A waiting entry's target may not exist yet: a post moved to another year gets
            # its redirect first, then its new date (each one save in the web editor).
            target = target.strip()
            close = did_you_mean(target, sorted(current))
            refuse(
                "to",
                f"'{target}' ist keine Seite dieser Website{close}: eine Weiterleitung "
                "dorthin führte ins Leere",
            )
    if problems:
        return None, problems
    note = item.get("reason")
    return Redirect(source, None if removed is True else target.strip(), str(note or ""), line), []
