"""Feed entry ids that stay what they were first published as, and are never shared.

A reader (Feedly, Thunderbird, newsboat) knows an entry by its id: a new id is a new entry,
and two entries with one id are one. So the id may not follow anything an editor corrects.

It is taken from the post's file name, `2021-03-01-online-umfrage.md` ->
`tag:<FEED_ID_DOMAIN>,2021-03-01:online-umfrage`. `make post` and the web editor name the
file once, from the day the post was started, and nothing renames it afterwards: correcting
the date, the title or the text leaves it alone (the ids before 2026-12 followed the `date:`
field, so two corrected posts appeared anew in every reader; their file names still carry the
first dates and so give the ids back). Considered and not taken: an `id:` field in the
header, which shows editors a date that looks wrong after a correction and that is copied
along with a post used as a template; and a committed list of ids, which the web editor
cannot extend, so a post made there would keep a date-based id until someone ran the tool.

A translation is a separate entry. Where its file has the name of its original (the English
Welcome Center post), its language goes into the id (`…:en/welcome-center-stettiner-haff`);
translations named otherwise keep the ids they were published with. `showcase check`
refuses any two posts that would still share an id (feed_id_problems).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .front_matter import split_header
from .paths_shown import display_path
from .posts import POST_SUFFIXES, default_slug, parse_date
from .problems import Problem
from .text_files import UnusableText, read_text

_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def entry_id(
    domain: str,
    path: Path | str,
    date: dt.date,
    slug: str,
    lang: str = "",
    translation_key: str = "",
    default_lang: str = "de",
) -> str:
    """The tag: URI of a post's feed entry (RFC 4151), from its file name.

    A file not named `<yyyy>-<mm>-<dd>-<name>.md` falls back to the post's `date` and slug,
    the scheme all ids followed before (such a file comes neither from `make post` nor from
    the web editor).
    """
    day, name = _dated_name(Path(path).stem) or (f"{date:%Y-%m-%d}", slug)
    if lang and lang != default_lang and name == translation_key:
        name = f"{lang}/{name}"
    return f"tag:{domain},{day}:{name}"


def _dated_name(stem: str) -> tuple[str, str] | None:
    match = _DATED_NAME.match(stem)
    if match is None:
        return None
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None  # 2024-13-01: no day a tag: URI may name
    return match.group(1), match.group(2)


@dataclass(frozen=True)
class _Post:
    """What a post's id is made of, as its header says it."""

    path: Path
    date: dt.date
    slug: str
    lang: str
    key: str


def feed_id_problems(paths: Iterable[Path], domain: str, default_lang: str) -> list[Problem]:
    """Posts of either edition that would share a feed entry id: readers would show one.

    The file whose name sorts first keeps the id (its entry may already be in readers); the
    other is told. Two ids can only be equal where the day and name they start from are, and
    a dated file name gives those without reading the file: only the few posts that share
    them with another are read (a site of 20,000 posts is checked in no time).
    """
    bases: dict[tuple[str, str], list[Path]] = {}
    posts: dict[Path, _Post] = {}
    for path in paths:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue  # not a post: the post rules say so
        dated = _dated_name(path.stem)
        if dated is None:
            post = _post(path, default_lang)
            if post is None:
                continue
            posts[path] = post
            dated = (f"{post.date:%Y-%m-%d}", post.slug)
        bases.setdefault(dated, []).append(path)
    problems = []
    for same in bases.values():
        if len(same) < 2:
            continue
        ids: dict[str, Path] = {}
        for path in sorted(same, key=lambda p: (p.name, str(p))):
            post = posts.get(path) or _post(path, default_lang)
            if post is None:
                continue
            found = entry_id(domain, path, post.date, post.slug, post.lang, post.key, default_lang)
            first = ids.setdefault(found, path)
            if first is not path:
                problems.append(
                    Problem(
                        display_path(path),
                        0,
                        "",
                        f"die Feed-Kennung '{found}' hat schon {display_path(first)}: "
                        "Feed-Reader zeigten nur eine der beiden Meldungen; geben Sie dieser "
                        f"Datei einen anderen Namen, z. B. {_renamed(post)}",
                    )
                )
    return problems


def _post(path: Path, default_lang: str) -> _Post | None:
    shown = display_path(path)
    try:
        header = split_header(read_text(path, shown), shown)
    except UnusableText:
        return None  # the post rules report it
    if header.problems:
        return None

    def field(name: str, default: str = "") -> str:
        return str(header.fields.get(name, (default, 0))[0]).strip()

    slug = field("slug", default_slug(path))
    try:
        date = parse_date(field("date"))
    except ValueError:
        return None  # the post rules report the date
    return _Post(path, date, slug, field("lang", default_lang), field("translation_key", slug))


def _renamed(post: _Post) -> str:
    """A file name that gives the post an id of its own (a dated one: the id follows it)."""
    path = post.path
    dated = _dated_name(path.stem)
    if dated is None:
        return f"{post.date:%Y-%m-%d}-{path.stem}{path.suffix}"
    return f"{path.stem}-2{path.suffix}"
