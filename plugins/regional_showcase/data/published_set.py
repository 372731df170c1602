"""What a publish build puts online, as one hash: scheduled builds compare it and skip a
rebuild when nothing went live since the last deployment.

Which files count is each content type's declaration (content_types/registry.py, `published`):
a "dated" entry (a post) is online when it is not a draft and its date has come
(publishconf.py sets WITH_FUTURE_DATES = False); an "undated" one (an event) when it is not a
draft. The caller hands in the candidates, so this module reads files and nothing else.
The publish build writes the hash to `published-set.txt`; `showcase published-set` prints
the hash a build would have now. Different hashes: a scheduled post has come due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from .dates import DateError, parse_date
from .front_matter import split_header
from .posts import POST_SUFFIXES, status_of
from .text_files import UnusableText, read_text

FILE_NAME = "published-set.txt"


def publication_facts(path: Path, dated: bool, shown: str | None = None) -> bool | dt.datetime:
    """What a publish build needs of one candidate file: False when it never goes online (a
    draft, an unusable text, a dated entry without a date it can read), True when it is
    online whenever the build runs, else the date from which it is (naive: in the site's
    time zone). Reads nothing but the file: the input check keeps it in cache/ by the file's
    bytes and `dated` (input_check.py). `shown` names the file as the caller's other rules
    do, so that a header parsed for them is not parsed again (front_matter.parsing_once)."""
    shown = str(path) if shown is None else shown
    try:
        fields = split_header(read_text(path, shown), shown).fields
    except UnusableText:
        return False  # `showcase check` reports it; the build stops on it anyway
    if status_of(fields.get("status", ("published", 0))[0]) == "draft":
        return False
    if not dated:
        return True
    try:
        return parse_date(fields.get("date", ("", 0))[0])
    except DateError:
        return False


def published_files(
    content: Path,
    candidates: Iterable[tuple[Path, bool]],
    now: dt.datetime,
    timezone: str,
    facts: Callable[[Path, bool], bool | dt.datetime] = publication_facts,
) -> list[str]:
    """The candidates a publish build at `now` puts online, as paths below content/; each
    candidate is a file and whether its date decides (registry.published_candidates).
    `facts` (publication_facts, or what the input check kept of it) says what each file is."""
    zone = ZoneInfo(timezone)
    online = []
    # A path below content/ as text without pathlib's relative_to for each (1,000 posts):
    # its text after content/'s and a slash is relative_to's as_posix where "/" separates.
    below = os.path.join(content, "") if os.sep == "/" else None
    for path, dated in candidates:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        fact = facts(path, dated)
        if fact is False:
            continue
        if fact is not True and (fact if fact.tzinfo else fact.replace(tzinfo=zone)) > now:
            continue
        text = os.fspath(path)
        if below is not None and text.startswith(below) and below != "/":
            online.append(text[len(below) :])
        else:
            online.append(path.relative_to(content).as_posix())
    return sorted(online)


def published_set(
    content: Path,
    candidates: Iterable[tuple[Path, bool]],
    now: dt.datetime,
    timezone: str,
    facts: Callable[[Path, bool], bool | dt.datetime] = publication_facts,
) -> str:
    """A stable hash of what is online: the same posts give the same hash on any machine."""
    listing = "\n".join(published_files(content, candidates, now, timezone, facts))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()
